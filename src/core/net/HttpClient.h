#pragma once

#include "ApiCall.h"
#include "HttpExchange.h"
#include "HttpTypes.h"
#include "RateLimiter.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;
class HttpClient;

// One logical request: queued behind the rate limiter, sent, retried where safe, finished once.
class HttpCall : public ApiCall
{
    Q_OBJECT

public:
    const HttpRequest &request() const { return m_request; }
    const HttpResponse &response() const { return m_response; }

private:
    friend class HttpClient;
    HttpCall(HttpClient *client, HttpRequest request);

    void enqueue(bool front);
    void sendNow();
    void onReplyFinished();
    void retryLater(int delayMs);
    void complete(HttpResponse response);
    void doCancel() override;

    QPointer<HttpClient> m_client;
    HttpRequest m_request;
    HttpResponse m_response;
    QPointer<QNetworkReply> m_reply;
    QTimer *m_retryTimer = nullptr;
    RateLimiter::Ticket m_ticket = 0;
    QElapsedTimer m_elapsed;      // whole call, retries included
    QElapsedTimer m_attemptTimer; // this round trip
    QDateTime m_attemptStartedAt;
    int m_attempt = 0;
    int m_transientRetries = 0;
    int m_rateLimitRetries = 0;
    bool m_renewedAuthorization = false;
};

// Speaks HTTP to one service connection: base URL, credentials, version headers, timeouts,
// pacing, retries, error decoding and statistics live here and nowhere else. Lives in one thread
// and owns that thread's QNetworkAccessManager for this connection.
class HttpClient : public QObject
{
    Q_OBJECT

public:
    // Fills the server's message, code and a hint into an error from a non-2xx answer.
    using ErrorDecoder = std::function<void(ApiError &error, const HttpResponse &response)>;

    HttpClient(Service service, const QUrl &baseUrl, QObject *parent = nullptr);
    ~HttpClient() override;

    Service service() const { return m_service; }
    QUrl baseUrl() const { return m_baseUrl; }

    // The full header value: "Bearer <token>" for HighLevel, the raw token for LaunchDarkly.
    // The token inside is registered with SecretRedactor, so that no log line can show it.
    void setAuthorization(const QByteArray &value);
    void setDefaultHeaders(const HeaderList &headers) { m_defaultHeaders = headers; }
    void setErrorDecoder(ErrorDecoder decoder) { m_decoder = std::move(decoder); }
    void setTransferTimeout(int ms) { m_transferTimeoutMs = ms; }
    int transferTimeout() const { return m_transferTimeoutMs; }
    // Retries after a 5xx or a dropped connection (idempotent requests only) and after a 429.
    void setRetryLimits(int transient, int rateLimited);
    void setRetryBaseDelay(int ms) { m_retryBaseDelayMs = ms; }
    // For tokens that expire (OAuth): on a 401 the client asks for a new Authorization once per
    // call, then sends the request again. Concurrent 401s share one renewal. The function gets a
    // callback to call with true once setAuthorization() holds the new token.
    using AuthorizationRenewal = std::function<void(std::function<void(bool renewed)>)>;
    void setAuthorizationRenewal(AuthorizationRenewal renewal) { m_renewal = std::move(renewal); }

    RateLimiter *rateLimiter() const { return m_limiter; }

    HttpCall *send(HttpRequest request);

    RequestCounters counters() const { return m_counters; }
    void resetCounters() { m_counters = {}; }

    // True for https, and for http to a loopback address (the sandbox, tests).
    static bool isAllowedUrl(const QUrl &url);

Q_SIGNALS:
    void exchangeFinished(const HttpExchange &exchange);
    // Every answer as it arrived, before retries: for the request log and contract tests.
    // The request never carries the Authorization header (HttpClient adds it on the wire only).
    void responseReceived(const HttpRequest &request, const HttpResponse &response);

private:
    friend class HttpCall;
    QUrl urlFor(const HttpRequest &request) const;
    void record(const HttpExchange &exchange);
    void renewAuthorization(std::function<void(bool)> done);

    Service m_service;
    QUrl m_baseUrl;
    QByteArray m_authorization;
    HeaderList m_defaultHeaders;
    ErrorDecoder m_decoder;
    int m_transferTimeoutMs = 30000;
    int m_maxTransientRetries = 3;
    int m_maxRateLimitRetries = 8;
    int m_retryBaseDelayMs = 500;
    QNetworkAccessManager *m_nam = nullptr;
    RateLimiter *m_limiter = nullptr;
    RequestCounters m_counters;
    AuthorizationRenewal m_renewal;
    bool m_renewing = false;
    QList<std::function<void(bool)>> m_renewalWaiters;
};
