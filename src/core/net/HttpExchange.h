#pragma once

#include "ApiError.h"
#include "Service.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QString>

// One round trip on the wire, as the request log and the statistics see it. No headers that
// could carry a secret: Authorization never leaves HttpClient.
struct HttpExchange
{
    QDateTime startedAt;
    Service service = Service::HighLevel;
    QByteArray method;
    QString path;  // with ids, without the query string
    QString route; // path pattern
    int status = 0; // 0 when no HTTP answer arrived
    ApiError::Kind errorKind = ApiError::Kind::None;
    qint64 durationMs = 0;
    int attempt = 1; // 2 and more are retries
    bool write = false;
    bool rateLimited = false;
    QByteArray rateLimitHeaders; // "X-RateLimit-Remaining: 97; ..." for the log
};

// Counts kept by each HttpClient for reports: "this run made 54 requests, 40 reads, 14 writes".
struct RequestCounters
{
    int total = 0;
    int reads = 0;
    int writes = 0;
    int retries = 0;
    int rateLimited = 0; // 429 answers
    int failures = 0;    // round trips that ended without a 2xx
    QHash<QString, int> byRoute;

    void add(const HttpExchange &e);
    RequestCounters &operator+=(const RequestCounters &other);
    // What happened between `earlier` and now (both taken from the same client).
    RequestCounters since(const RequestCounters &earlier) const;
};
