#pragma once

#include <QtGlobal>
#include <deque>

// HighLevel's burst limit: at most `max` requests in any `windowMs` span. Times are monotonic
// milliseconds supplied by the caller, so the window is testable and immune to clock changes.
class SlidingRateWindow
{
public:
    SlidingRateWindow(int windowMs = 10000, int max = 100)
        : m_windowMs(windowMs)
        , m_max(max)
    { }

    void configure(int windowMs, int max)
    {
        m_windowMs = windowMs;
        m_max = max;
    }
    int max() const { return m_max; }
    int windowMs() const { return m_windowMs; }

    // Records the request and returns true when it fits the window.
    bool tryAcquire(qint64 nowMs)
    {
        expire(nowMs);
        if (int(m_times.size()) >= m_max)
            return false;
        m_times.push_back(nowMs);
        return true;
    }
    int remaining(qint64 nowMs)
    {
        expire(nowMs);
        return qMax(0, m_max - int(m_times.size()));
    }
    // Until the oldest request in the window leaves it.
    qint64 msUntilSlot(qint64 nowMs)
    {
        expire(nowMs);
        if (int(m_times.size()) < m_max || m_times.empty())
            return 0;
        return m_times.front() + m_windowMs - nowMs;
    }
    void reset() { m_times.clear(); }

private:
    void expire(qint64 nowMs)
    {
        while (!m_times.empty() && m_times.front() + m_windowMs <= nowMs)
            m_times.pop_front();
    }

    int m_windowMs;
    int m_max;
    std::deque<qint64> m_times;
};
