#pragma once

#include "HttpTypes.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <deque>
#include <functional>

// How one account's (or one location's) requests are paced.
struct RateLimitPolicy
{
    enum class Headers { None, HighLevel, LaunchDarkly };

    Headers headers = Headers::None;
    int maxConcurrent = 4;
    int windowMs = 0;      // client-side sliding window; 0 turns it off
    int maxPerWindow = 0;  // learned from X-RateLimit-Max when the server sends it
    int defaultBackoffMs = 10000; // a 429 that says nothing about when to come back
    int maxWaitMs = 60000;

    // HighLevel: 100 requests per 10 s per location (and 200,000 a day).
    static RateLimitPolicy highLevel();
    // LaunchDarkly: unpublished limits per account; low concurrency, pace on the headers.
    static RateLimitPolicy launchDarkly();
};

// What the server last told us about its budget, for the status bar and the dashboard.
struct RateLimitSnapshot
{
    int burstRemaining = -1;
    int burstMax = -1;
    int dailyRemaining = -1;
    int dailyLimit = -1;
    int globalRemaining = -1;
    int routeRemaining = -1;
    qint64 waitCount = 0; // times a request was held back (pacing or 429)
    qint64 waitedMs = 0;  // total time requests spent held back
};

// Schedules requests so that a 429 is the exception: a sliding window of our own sends, the
// server's remaining-budget headers, and waits after a 429 that block every queued request.
class RateLimiter : public QObject
{
    Q_OBJECT

public:
    using Ticket = quint64;

    explicit RateLimiter(const RateLimitPolicy &policy, QObject *parent = nullptr);

    RateLimitPolicy policy() const { return m_policy; }
    void setPolicy(const RateLimitPolicy &policy);

    // Calls start() when the request may be sent. front=true for retries, which keep their turn.
    Ticket enqueue(std::function<void()> start, bool front = false);
    void cancel(Ticket ticket);
    // Every started request must report back exactly once.
    void requestFinished(const HttpResponse &response);

    // After a 429: how long to wait (Retry-After, the reset time, the interval, or a backoff),
    // and holds every queued request back for that long.
    int backOffAfter429(const HttpResponse &response, int attempt);

    RateLimitSnapshot snapshot() const { return m_snapshot; }
    int queuedCount() const { return int(m_queue.size()); }
    int inFlightCount() const { return m_inFlight; }

Q_SIGNALS:
    void snapshotChanged();

private:
    struct Pending
    {
        Ticket ticket;
        std::function<void()> start;
    };

    qint64 now() const { return m_clock.elapsed(); }
    qint64 windowOpensAt(qint64 t);
    void blockUntil(qint64 t);
    void learn(const HttpResponse &response);
    void pump();

    RateLimitPolicy m_policy;
    QElapsedTimer m_clock;
    QTimer m_timer;
    std::deque<Pending> m_queue;
    std::deque<qint64> m_sent; // send times inside the current window
    Ticket m_nextTicket = 1;
    int m_inFlight = 0;
    qint64 m_blockedUntil = 0;
    qint64 m_waitStartedAt = -1;
    RateLimitSnapshot m_snapshot;
};
