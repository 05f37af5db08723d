#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPair>
#include <QUrl>
#include <memory>

// A real HTTP client for the sandbox tests: QNetworkAccessManager over loopback, waited on with
// QSignalSpy (tests may spin an event loop; product code may not).
struct TestReply
{
    int status = 0;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    bool finished = false;
    qint64 elapsedMs = 0;

    QByteArray header(const QByteArray &name) const;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    bool isJson() const;
};

class SandboxTestClient
{
public:
    explicit SandboxTestClient(const QUrl &baseUrl = QUrl());
    SandboxTestClient(SandboxTestClient &&) = default;
    SandboxTestClient &operator=(SandboxTestClient &&) = default;

    void setBaseUrl(const QUrl &baseUrl) { m_base = baseUrl; }
    // Sent with every request; an empty value removes the header.
    void setHeader(const QByteArray &name, const QByteArray &value);
    void clearHeaders() { m_headers.clear(); }

    // `pathAndQuery` is appended to the base URL as is (already percent-encoded).
    TestReply send(const QByteArray &method, const QString &pathAndQuery,
                   const QByteArray &body = QByteArray(),
                   const QList<QPair<QByteArray, QByteArray>> &extraHeaders = {},
                   int timeoutMs = 10000);
    TestReply get(const QString &pathAndQuery) { return send("GET", pathAndQuery); }
    TestReply post(const QString &pathAndQuery, const QJsonObject &body)
    {
        return send("POST", pathAndQuery, QJsonDocument(body).toJson(QJsonDocument::Compact));
    }
    TestReply put(const QString &pathAndQuery, const QJsonObject &body)
    {
        return send("PUT", pathAndQuery, QJsonDocument(body).toJson(QJsonDocument::Compact));
    }
    TestReply del(const QString &pathAndQuery, const QJsonObject &body = QJsonObject())
    {
        return send("DELETE", pathAndQuery,
                    body.isEmpty() ? QByteArray()
                                   : QJsonDocument(body).toJson(QJsonDocument::Compact));
    }

    QNetworkAccessManager &manager() { return *m_manager; }

private:
    std::unique_ptr<QNetworkAccessManager> m_manager;
    QUrl m_base;
    QList<QPair<QByteArray, QByteArray>> m_headers;
};
