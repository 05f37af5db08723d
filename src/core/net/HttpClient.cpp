#include "HttpClient.h"

#include "common/Logging.h"
#include "common/SecretRedactor.h"
#include "common/Version.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QTimer>

namespace {

const QLoggingCategory &categoryFor(Service s)
{
    return s == Service::HighLevel ? lcGhlNet() : lcLdNet();
}

// The body of a request that must not be sent twice. Qt's HTTP stack silently sends a request
// again when its connection closes before an answer arrives; for a POST that the server had
// already carried out, that makes a second task or note. A body that cannot be rewound makes
// Qt report ContentReSendError instead, and the caller, who knows what the request was, checks
// before trying again.
class OneShotBody : public QIODevice
{
public:
    OneShotBody(const QByteArray &data, QObject *parent)
        : QIODevice(parent)
        , m_data(data)
    {
        open(QIODevice::ReadOnly);
    }

    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override { return m_data.size() - m_position + QIODevice::bytesAvailable(); }
    bool reset() override { return false; }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        const qint64 n = qMin(maxSize, qint64(m_data.size()) - m_position);
        if (n <= 0)
            return m_position >= m_data.size() ? -1 : 0;
        memcpy(data, m_data.constData() + m_position, size_t(n));
        m_position += n;
        return n;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QByteArray m_data;
    qint64 m_position = 0;
};

QByteArray userAgent()
{
    return QByteArrayLiteral("FlagBridge/") + FLAGBRIDGE_VERSION + QByteArrayLiteral(" (Qt ")
        + qVersion() + ')';
}

QByteArray rateLimitSummary(const HttpResponse &r)
{
    QByteArray out;
    for (const auto &h : r.headers) {
        if (h.first.toLower().startsWith("x-ratelimit") || h.first.compare("Retry-After", Qt::CaseInsensitive) == 0) {
            if (!out.isEmpty())
                out += "; ";
            out += h.first + ": " + h.second;
        }
    }
    return out;
}

} // namespace

// ---------------------------------------------------------------------------------------------

HttpCall::HttpCall(HttpClient *client, HttpRequest request)
    : ApiCall(client)
    , m_client(client)
    , m_request(std::move(request))
{
    m_elapsed.start();
}

void HttpCall::enqueue(bool front)
{
    m_ticket = m_client->m_limiter->enqueue([this] { sendNow(); }, front);
}

void HttpCall::sendNow()
{
    m_ticket = 0;
    ++m_attempt;
    HttpClient *c = m_client;
    QNetworkRequest req(c->urlFor(m_request));
    if (!c->m_authorization.isEmpty())
        req.setRawHeader("Authorization", c->m_authorization);
    req.setRawHeader("User-Agent", userAgent());
    req.setRawHeader("Accept", "application/json");
    for (const auto &h : c->m_defaultHeaders)
        req.setRawHeader(h.first, h.second);
    for (const auto &h : m_request.headers)
        req.setRawHeader(h.first, h.second);
    if (!m_request.body.isEmpty() || m_request.method != "GET")
        req.setHeader(QNetworkRequest::ContentTypeHeader, m_request.contentType);
    req.setTransferTimeout(c->m_transferTimeoutMs);
    // The APIs never redirect; following one could hand the token to another host.
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);

    m_attemptStartedAt = QDateTime::currentDateTimeUtc();
    m_attemptTimer.start();
    QNetworkReply *reply = nullptr;
    if (m_request.method == "GET") {
        reply = c->m_nam->get(req);
    } else if (!m_request.idempotent) {
        req.setHeader(QNetworkRequest::ContentLengthHeader, m_request.body.size());
        req.setAttribute(QNetworkRequest::DoNotBufferUploadDataAttribute, true);
        auto *body = new OneShotBody(m_request.body, this);
        reply = c->m_nam->sendCustomRequest(req, m_request.method, body);
        connect(reply, &QObject::destroyed, body, &QObject::deleteLater);
    } else {
        reply = c->m_nam->sendCustomRequest(req, m_request.method, m_request.body);
    }
    m_reply = reply;
    connect(reply, &QNetworkReply::finished, this, &HttpCall::onReplyFinished);
}

void HttpCall::onReplyFinished()
{
    QNetworkReply *reply = m_reply;
    if (!reply)
        return;
    m_reply = nullptr;
    reply->deleteLater();

    HttpResponse r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.headers = reply->rawHeaderPairs();
    if (reply->isOpen())
        r.body = reply->readAll();
    r.attempts = m_attempt;
    r.elapsedMs = m_elapsed.elapsed();

    HttpClient *c = m_client;
    const Service service = c->service();
    const QNetworkReply::NetworkError netError = reply->error();

    HttpExchange ex;
    ex.startedAt = m_attemptStartedAt;
    ex.service = service;
    ex.method = m_request.method;
    ex.path = m_request.path;
    ex.route = m_request.route.isEmpty() ? QString::fromLatin1(m_request.method) + QLatin1Char(' ') + m_request.path
                                         : m_request.route;
    ex.status = r.status;
    ex.durationMs = m_attemptTimer.elapsed();
    ex.attempt = m_attempt;
    ex.write = m_request.isWrite();
    ex.rateLimited = r.status == 429;
    ex.rateLimitHeaders = rateLimitSummary(r);

    c->m_limiter->requestFinished(r);
    Q_EMIT c->responseReceived(m_request, r);

    if (isCancelled()) {
        ex.errorKind = ApiError::Kind::Cancelled;
        c->record(ex);
        r.error = ApiError(ApiError::Kind::Cancelled, service, m_request.operation);
        complete(std::move(r));
        return;
    }

    if (r.status == 0) {
        // No HTTP answer: refused, reset, DNS, TLS, or our transfer timeout fired.
        const bool timedOut = netError == QNetworkReply::OperationCanceledError
            || netError == QNetworkReply::TimeoutError;
        ApiError e(timedOut ? ApiError::Kind::Timeout : ApiError::Kind::Network, service, m_request.operation);
        // A body that cannot be sent twice (see OneShotBody) after the connection closed.
        if (netError == QNetworkReply::ContentReSendError)
            e.setDetail(QCoreApplication::translate("HttpClient", "the connection closed before the answer arrived"));
        else
            e.setDetail(reply->errorString());
        ex.errorKind = e.kind();
        c->record(ex);
        qCInfo(categoryFor(service)).noquote() << m_request.method << m_request.path << "failed:" << reply->errorString();
        if (m_request.idempotent && m_transientRetries < c->m_maxTransientRetries) {
            ++m_transientRetries;
            retryLater(c->m_retryBaseDelayMs << (m_transientRetries - 1));
            return;
        }
        if (!m_request.idempotent) {
            e.setHint(QCoreApplication::translate("HttpClient",
                "The change may or may not have been made; FlagBridge checks before trying again."));
        }
        r.error = e;
        complete(std::move(r));
        return;
    }

    c->record(ex);
    qCDebug(categoryFor(service)).noquote() << m_request.method << m_request.path << r.status << ex.durationMs << "ms";

    if (r.status == 401 && c->m_renewal && !m_renewedAuthorization) {
        // An expired access token: renew it, then try once more with the new one.
        m_renewedAuthorization = true;
        QPointer<HttpCall> self(this);
        c->renewAuthorization([self, r](bool renewed) {
            if (!self || self->isCancelled())
                return;
            if (renewed) {
                self->enqueue(true);
                return;
            }
            HttpResponse failed = r;
            ApiError e(ApiError::Kind::Http, self->m_client->service(), self->m_request.operation);
            e.setHttpStatus(401);
            if (self->m_client->m_decoder)
                self->m_client->m_decoder(e, failed);
            failed.error = e;
            self->complete(std::move(failed));
        });
        return;
    }

    if (r.status == 429) {
        const int wait = c->m_limiter->backOffAfter429(r, m_rateLimitRetries + 1);
        if (m_rateLimitRetries < c->m_maxRateLimitRetries) {
            ++m_rateLimitRetries;
            qCInfo(categoryFor(service)).noquote() << "rate limited on" << m_request.path << "- waiting" << wait << "ms";
            enqueue(true); // the limiter holds every request back until the wait is over
            return;
        }
    } else if (r.status >= 500 && m_request.idempotent && m_transientRetries < c->m_maxTransientRetries) {
        ++m_transientRetries;
        retryLater(c->m_retryBaseDelayMs << (m_transientRetries - 1));
        return;
    }

    if (r.status >= 200 && r.status < 300) {
        complete(std::move(r));
        return;
    }

    ApiError e(ApiError::Kind::Http, service, m_request.operation);
    e.setHttpStatus(r.status);
    if (r.status >= 300 && r.status < 400) {
        e.setDetail(QCoreApplication::translate("HttpClient", "unexpected redirect to %1")
                        .arg(QString::fromUtf8(r.header("Location"))));
    } else {
        e.setDetail(reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString());
        if (c->m_decoder)
            c->m_decoder(e, r);
    }
    if (r.status >= 500 && !m_request.idempotent) {
        e.setHint(QCoreApplication::translate("HttpClient",
            "The change may or may not have been made; FlagBridge checks before trying again."));
    }
    r.error = e;
    complete(std::move(r));
}

void HttpCall::retryLater(int delayMs)
{
    const int jitter = int(QRandomGenerator::global()->bounded(qMax(1, delayMs / 4)));
    if (!m_retryTimer) {
        m_retryTimer = new QTimer(this);
        m_retryTimer->setSingleShot(true);
        connect(m_retryTimer, &QTimer::timeout, this, [this] { enqueue(true); });
    }
    m_retryTimer->start(delayMs + jitter);
}

void HttpCall::complete(HttpResponse response)
{
    response.attempts = m_attempt;
    response.elapsedMs = m_elapsed.elapsed();
    m_response = std::move(response);
    finish();
}

void HttpCall::doCancel()
{
    if (m_reply) {
        m_reply->abort(); // onReplyFinished reports the cancellation
        return;
    }
    if (m_ticket && m_client)
        m_client->m_limiter->cancel(m_ticket);
    m_ticket = 0;
    if (m_retryTimer)
        m_retryTimer->stop();
    HttpResponse r;
    r.error = ApiError(ApiError::Kind::Cancelled, m_client ? m_client->service() : Service::HighLevel,
                       m_request.operation);
    complete(std::move(r));
}

// ---------------------------------------------------------------------------------------------

HttpClient::HttpClient(Service service, const QUrl &baseUrl, QObject *parent)
    : QObject(parent)
    , m_service(service)
    , m_baseUrl(baseUrl)
    , m_nam(new QNetworkAccessManager(this))
    , m_limiter(new RateLimiter(service == Service::HighLevel ? RateLimitPolicy::highLevel()
                                                              : RateLimitPolicy::launchDarkly(),
                                this))
{
    m_nam->setAutoDeleteReplies(false);
}

HttpClient::~HttpClient() = default;

void HttpClient::setAuthorization(const QByteArray &value)
{
    m_authorization = value;
    const QByteArray token = value.startsWith("Bearer ") ? value.mid(7) : value;
    SecretRedactor::registerSecret(QString::fromUtf8(token));
}

void HttpClient::renewAuthorization(std::function<void(bool)> done)
{
    m_renewalWaiters.append(std::move(done));
    if (m_renewing)
        return;
    m_renewing = true;
    QPointer<HttpClient> self(this);
    m_renewal([self](bool renewed) {
        if (!self)
            return;
        self->m_renewing = false;
        const QList<std::function<void(bool)>> waiters = std::exchange(self->m_renewalWaiters, {});
        for (const auto &w : waiters)
            w(renewed);
    });
}

void HttpClient::setRetryLimits(int transient, int rateLimited)
{
    m_maxTransientRetries = transient;
    m_maxRateLimitRetries = rateLimited;
}

bool HttpClient::isAllowedUrl(const QUrl &url)
{
    if (!url.isValid() || url.host().isEmpty())
        return false;
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("https"))
        return true;
    if (scheme != QLatin1String("http"))
        return false;
    if (url.host().compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(url.host());
    return !address.isNull() && address.isLoopback();
}

QUrl HttpClient::urlFor(const HttpRequest &request) const
{
    QUrl url = m_baseUrl;
    QString base = url.path(request.pathEncoded ? QUrl::FullyEncoded : QUrl::FullyDecoded);
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    url.setPath(base + request.path, request.pathEncoded ? QUrl::TolerantMode : QUrl::DecodedMode);
    if (!request.query.isEmpty()) {
        QByteArray q;
        for (const auto &item : request.query) {
            if (!q.isEmpty())
                q += '&';
            q += QUrl::toPercentEncoding(item.first) + '=' + QUrl::toPercentEncoding(item.second);
        }
        url.setQuery(QString::fromLatin1(q), QUrl::StrictMode);
    }
    return url;
}

HttpCall *HttpClient::send(HttpRequest request)
{
    auto *call = new HttpCall(this, std::move(request));
    const QUrl url = urlFor(call->request());
    if (!isAllowedUrl(url)) {
        ApiError e(ApiError::Kind::InsecureUrl, m_service, call->request().operation);
        e.setHint(QCoreApplication::translate("HttpClient",
            "Use an https:// address; plain http is only allowed to this computer (127.0.0.1)."));
        HttpResponse r;
        r.error = e;
        // Report on the next turn of the event loop, like every other outcome.
        QMetaObject::invokeMethod(call, [call, r] { call->complete(r); }, Qt::QueuedConnection);
        return call;
    }
    call->enqueue(false);
    return call;
}

void HttpClient::record(const HttpExchange &exchange)
{
    m_counters.add(exchange);
    Q_EMIT exchangeFinished(exchange);
}
