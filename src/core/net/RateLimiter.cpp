#include "RateLimiter.h"

#include <QRandomGenerator>

#include <algorithm>

namespace {

// Requests reach the server a little after we send them; keep a margin so that our window and
// the server's never disagree by one request.
constexpr qint64 kWindowMarginMs = 60;

int headerInt(const HttpResponse &r, QByteArrayView name, int fallback = -1)
{
    bool ok = false;
    const int v = r.header(name).trimmed().toInt(&ok);
    return ok ? v : fallback;
}

int jitterMs(int maxMs)
{
    return maxMs > 0 ? int(QRandomGenerator::global()->bounded(maxMs)) : 0;
}

} // namespace

RateLimitPolicy RateLimitPolicy::highLevel()
{
    RateLimitPolicy p;
    p.headers = Headers::HighLevel;
    p.maxConcurrent = 6;
    p.windowMs = 10000;
    p.maxPerWindow = 100;
    p.defaultBackoffMs = 10000;
    return p;
}

RateLimitPolicy RateLimitPolicy::launchDarkly()
{
    RateLimitPolicy p;
    p.headers = Headers::LaunchDarkly;
    p.maxConcurrent = 2;
    p.defaultBackoffMs = 10000;
    return p;
}

RateLimiter::RateLimiter(const RateLimitPolicy &policy, QObject *parent)
    : QObject(parent)
    , m_policy(policy)
{
    m_clock.start();
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &RateLimiter::pump);
}

void RateLimiter::setPolicy(const RateLimitPolicy &policy)
{
    m_policy = policy;
    pump();
}

RateLimiter::Ticket RateLimiter::enqueue(std::function<void()> start, bool front)
{
    const Ticket t = m_nextTicket++;
    if (front)
        m_queue.push_front({t, std::move(start)});
    else
        m_queue.push_back({t, std::move(start)});
    // Start on the next turn of the event loop so that callers can connect to the call first.
    QMetaObject::invokeMethod(this, &RateLimiter::pump, Qt::QueuedConnection);
    return t;
}

void RateLimiter::cancel(Ticket ticket)
{
    m_queue.erase(std::remove_if(m_queue.begin(), m_queue.end(),
                                 [ticket](const Pending &p) { return p.ticket == ticket; }),
                  m_queue.end());
}

void RateLimiter::requestFinished(const HttpResponse &response)
{
    m_inFlight = std::max(0, m_inFlight - 1);
    learn(response);
    pump();
}

qint64 RateLimiter::windowOpensAt(qint64 t)
{
    if (m_policy.windowMs <= 0 || m_policy.maxPerWindow <= 0)
        return t;
    const qint64 span = m_policy.windowMs + kWindowMarginMs;
    while (!m_sent.empty() && m_sent.front() <= t - span)
        m_sent.pop_front();
    if (qint64(m_sent.size()) < m_policy.maxPerWindow)
        return t;
    return m_sent[m_sent.size() - size_t(m_policy.maxPerWindow)] + span;
}

void RateLimiter::blockUntil(qint64 t)
{
    m_blockedUntil = std::max(m_blockedUntil, t);
}

void RateLimiter::learn(const HttpResponse &r)
{
    bool changed = false;
    const qint64 t = now();
    if (m_policy.headers == RateLimitPolicy::Headers::HighLevel) {
        const int max = headerInt(r, "X-RateLimit-Max");
        const int interval = headerInt(r, "X-RateLimit-Interval-Milliseconds");
        const int remaining = headerInt(r, "X-RateLimit-Remaining");
        if (max > 0 && max != m_policy.maxPerWindow) {
            m_policy.maxPerWindow = max;
        }
        if (interval > 0)
            m_policy.windowMs = interval;
        if (remaining >= 0) {
            m_snapshot.burstRemaining = remaining;
            m_snapshot.burstMax = max;
            changed = true;
            // The server's count includes requests we do not know about (another app instance
            // on the same location): wait for the oldest of ours to leave the window.
            if (remaining == 0)
                blockUntil(m_sent.empty() ? t + m_policy.windowMs
                                            : m_sent.front() + m_policy.windowMs + kWindowMarginMs);
        }
        const int daily = headerInt(r, "X-RateLimit-Daily-Remaining");
        if (daily >= 0) {
            m_snapshot.dailyRemaining = daily;
            m_snapshot.dailyLimit = headerInt(r, "X-RateLimit-Limit-Daily");
            changed = true;
        }
    } else if (m_policy.headers == RateLimitPolicy::Headers::LaunchDarkly) {
        const int global = headerInt(r, "X-Ratelimit-Global-Remaining");
        const int route = headerInt(r, "X-Ratelimit-Route-Remaining");
        if (global >= 0 || route >= 0) {
            m_snapshot.globalRemaining = global;
            m_snapshot.routeRemaining = route;
            changed = true;
        }
        // The budget left must cover the requests already on the wire, or the next one sent is
        // a 429: wait for the reset instead. A 429 itself is backOffAfter429()'s to judge, which
        // puts Retry-After before the reset time.
        const int left = global >= 0 && route >= 0 ? std::min(global, route) : std::max(global, route);
        if (r.status != 429 && left >= 0 && left <= m_inFlight) {
            const qint64 reset = r.header("X-Ratelimit-Reset").trimmed().toLongLong();
            const qint64 untilReset = reset - QDateTime::currentMSecsSinceEpoch();
            // A reset in the past (clock skew) means "soon", not "never".
            blockUntil(t + std::clamp<qint64>(untilReset, 0, m_policy.maxWaitMs) + jitterMs(100));
        }
    }
    if (changed)
        Q_EMIT snapshotChanged();
}

int RateLimiter::backOffAfter429(const HttpResponse &r, int attempt)
{
    qint64 waitMs = -1;
    const QByteArray retryAfter = r.header("Retry-After").trimmed();
    if (!retryAfter.isEmpty()) {
        bool ok = false;
        const double seconds = retryAfter.toDouble(&ok);
        if (ok) {
            waitMs = qint64(seconds * 1000);
        } else {
            const QDateTime at = QDateTime::fromString(QString::fromLatin1(retryAfter), Qt::RFC2822Date);
            if (at.isValid())
                waitMs = QDateTime::currentDateTimeUtc().msecsTo(at);
        }
    }
    if (waitMs < 0 && !r.header("X-Ratelimit-Reset").isEmpty()) {
        const qint64 reset = r.header("X-Ratelimit-Reset").trimmed().toLongLong();
        waitMs = std::clamp<qint64>(reset - QDateTime::currentMSecsSinceEpoch(), 1000,
                                    m_policy.maxWaitMs)
            + jitterMs(250);
    }
    if (waitMs < 0 && m_policy.headers == RateLimitPolicy::Headers::HighLevel) {
        const int interval = headerInt(r, "X-RateLimit-Interval-Milliseconds", m_policy.windowMs);
        // Our own window tells when the oldest request leaves it; never wait longer than that.
        const qint64 t = now();
        qint64 free = m_sent.empty() ? t + interval : m_sent.front() + interval + kWindowMarginMs;
        waitMs = std::clamp<qint64>(free - t, 250, interval > 0 ? interval : m_policy.defaultBackoffMs);
    }
    if (waitMs < 0) {
        const qint64 backoff = qint64(m_policy.defaultBackoffMs) << std::min(attempt - 1, 4);
        waitMs = std::min<qint64>(backoff, m_policy.maxWaitMs) + jitterMs(500);
    }
    waitMs = std::clamp<qint64>(waitMs, 0, m_policy.maxWaitMs);
    blockUntil(now() + waitMs);
    return int(waitMs);
}

void RateLimiter::pump()
{
    while (!m_queue.empty()) {
        if (m_inFlight >= m_policy.maxConcurrent)
            return;
        const qint64 t = now();
        const qint64 opens = std::max(m_blockedUntil, windowOpensAt(t));
        if (opens > t) {
            if (m_waitStartedAt < 0)
                m_waitStartedAt = t;
            m_timer.start(int(std::min<qint64>(opens - t, m_policy.maxWaitMs)));
            return;
        }
        if (m_waitStartedAt >= 0) {
            m_snapshot.waitCount += 1;
            m_snapshot.waitedMs += t - m_waitStartedAt;
            m_waitStartedAt = -1;
        }
        Pending p = std::move(m_queue.front());
        m_queue.pop_front();
        ++m_inFlight;
        if (m_policy.windowMs > 0 && m_policy.maxPerWindow > 0)
            m_sent.push_back(t);
        p.start();
    }
}
