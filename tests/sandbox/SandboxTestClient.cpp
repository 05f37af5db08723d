#include "SandboxTestClient.h"

#include <QElapsedTimer>
#include <QNetworkRequest>
#include <QSignalSpy>

QByteArray TestReply::header(const QByteArray &name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

bool TestReply::isJson() const
{
    QJsonParseError error;
    QJsonDocument::fromJson(body, &error);
    return error.error == QJsonParseError::NoError;
}

SandboxTestClient::SandboxTestClient(const QUrl &baseUrl)
    : m_manager(std::make_unique<QNetworkAccessManager>())
    , m_base(baseUrl)
{ }

void SandboxTestClient::setHeader(const QByteArray &name, const QByteArray &value)
{
    for (qsizetype i = 0; i < m_headers.size(); ++i) {
        if (m_headers.at(i).first.compare(name, Qt::CaseInsensitive) == 0) {
            if (value.isEmpty())
                m_headers.removeAt(i);
            else
                m_headers[i].second = value;
            return;
        }
    }
    if (!value.isEmpty())
        m_headers.append({ name, value });
}

TestReply SandboxTestClient::send(const QByteArray &method, const QString &pathAndQuery,
                                  const QByteArray &body,
                                  const QList<QPair<QByteArray, QByteArray>> &extraHeaders,
                                  int timeoutMs)
{
    const QUrl url
        = QUrl::fromEncoded(m_base.toEncoded(QUrl::StripTrailingSlash) + pathAndQuery.toUtf8());
    QNetworkRequest request(url);
    request.setTransferTimeout(timeoutMs);
    bool hasContentType = false;
    for (const auto &h : m_headers)
        request.setRawHeader(h.first, h.second);
    for (const auto &h : extraHeaders) {
        request.setRawHeader(h.first, h.second);
        hasContentType |= h.first.compare("Content-Type", Qt::CaseInsensitive) == 0;
    }
    for (const auto &h : m_headers)
        hasContentType |= h.first.compare("Content-Type", Qt::CaseInsensitive) == 0;
    if (!body.isEmpty() && !hasContentType)
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));

    QElapsedTimer timer;
    timer.start();
    // sendCustomRequest carries a body for every method, DELETE included.
    QNetworkReply *reply = m_manager->sendCustomRequest(request, method, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    TestReply out;
    out.finished = reply->isFinished() || finished.wait(timeoutMs + 2000);
    out.elapsedMs = timer.elapsed();
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.error = reply->error();
    if (reply->isOpen())
        out.body = reply->readAll();
    out.headers = reply->rawHeaderPairs();
    reply->deleteLater();
    return out;
}
