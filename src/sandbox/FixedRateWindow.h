#pragma once

#include <QtGlobal>

// LaunchDarkly's limits: a budget per fixed 10-second window that resets at a moment the server
// announces (X-Ratelimit-Reset, epoch milliseconds). Times are epoch milliseconds.
class FixedRateWindow
{
public:
    FixedRateWindow(int windowMs = 10000, int max = 1000)
        : m_windowMs(windowMs)
        , m_max(max)
    { }

    void configure(int windowMs, int max)
    {
        m_windowMs = windowMs;
        m_max = max;
    }
    int max() const { return m_max; }

    bool tryAcquire(qint64 nowMs)
    {
        roll(nowMs);
        if (m_count >= m_max)
            return false;
        ++m_count;
        return true;
    }
    int remaining(qint64 nowMs)
    {
        roll(nowMs);
        return qMax(0, m_max - m_count);
    }
    qint64 resetAt(qint64 nowMs)
    {
        roll(nowMs);
        return m_start + m_windowMs;
    }
    void reset()
    {
        m_start = 0;
        m_count = 0;
    }

private:
    void roll(qint64 nowMs)
    {
        if (m_start == 0 || nowMs >= m_start + m_windowMs) {
            m_start = nowMs;
            m_count = 0;
        }
    }

    int m_windowMs;
    int m_max;
    qint64 m_start = 0;
    int m_count = 0;
};
