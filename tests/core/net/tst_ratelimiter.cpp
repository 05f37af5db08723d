#include "net/RateLimiter.h"

#include <QElapsedTimer>
#include <QTest>

class tst_RateLimiter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void slidingWindowNeverExceedsTheBudget()
    {
        RateLimitPolicy p;
        p.maxConcurrent = 100;
        p.windowMs = 500;
        p.maxPerWindow = 5;
        RateLimiter limiter(p);
        QElapsedTimer clock;
        clock.start();
        QList<qint64> starts;
        for (int i = 0; i < 12; ++i) {
            limiter.enqueue([&] {
                starts.append(clock.elapsed());
                limiter.requestFinished({});
            });
        }
        QTRY_COMPARE_WITH_TIMEOUT(starts.size(), 12, 5000);
        // In any window of 500 ms at most 5 requests started.
        for (int i = 5; i < starts.size(); ++i)
            QVERIFY2(starts.at(i) - starts.at(i - 5) >= 500, qPrintable(QString::number(starts.at(i) - starts.at(i - 5))));
        // And the pacing costs no more than needed: 12 requests take two windows, not more.
        QVERIFY2(starts.last() < 1500, qPrintable(QString::number(starts.last())));
        QVERIFY(limiter.snapshot().waitCount >= 2);
    }

    void concurrencyIsCapped()
    {
        RateLimitPolicy p;
        p.maxConcurrent = 2;
        RateLimiter limiter(p);
        int started = 0;
        for (int i = 0; i < 5; ++i)
            limiter.enqueue([&] { ++started; });
        QTest::qWait(50);
        QCOMPARE(started, 2);
        QCOMPARE(limiter.inFlightCount(), 2);
        limiter.requestFinished({});
        QTRY_COMPARE(started, 3);
    }

    void launchDarklyHeadersPauseUntilReset()
    {
        RateLimiter limiter(RateLimitPolicy::launchDarkly());
        HttpResponse r;
        r.status = 200;
        r.headers = {{"x-ratelimit-route-remaining", "0"},
                     {"X-Ratelimit-Reset", QByteArray::number(QDateTime::currentMSecsSinceEpoch() + 400)}};
        bool first = false;
        limiter.enqueue([&] { first = true; });
        QTRY_VERIFY(first);
        limiter.requestFinished(r);
        QElapsedTimer t;
        t.start();
        bool second = false;
        limiter.enqueue([&] { second = true; });
        QTRY_VERIFY(second);
        QVERIFY2(t.elapsed() >= 300, qPrintable(QString::number(t.elapsed())));
        QCOMPARE(limiter.snapshot().routeRemaining, 0);
    }

    void resetInThePastMeansSoon()
    {
        RateLimiter limiter(RateLimitPolicy::launchDarkly());
        HttpResponse r;
        r.headers = {{"X-Ratelimit-Global-Remaining", "0"},
                     {"X-Ratelimit-Reset", QByteArray::number(QDateTime::currentMSecsSinceEpoch() - 60000)}};
        bool first = false;
        limiter.enqueue([&] { first = true; });
        QTRY_VERIFY(first);
        limiter.requestFinished(r);
        QElapsedTimer t;
        t.start();
        bool second = false;
        limiter.enqueue([&] { second = true; });
        QTRY_VERIFY(second);
        QVERIFY(t.elapsed() < 1000);
    }

    void backOffAfter429_data()
    {
        QTest::addColumn<int>("headers");
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<int>("minMs");
        QTest::addColumn<int>("maxMs");
        QTest::newRow("retry-after seconds") << int(RateLimitPolicy::Headers::LaunchDarkly) << QByteArray("Retry-After") << QByteArray("3") << 3000 << 3000;
        QTest::newRow("reset epoch ms") << int(RateLimitPolicy::Headers::LaunchDarkly) << QByteArray("X-RateLimit-Reset")
                                        << QByteArray::number(QDateTime::currentMSecsSinceEpoch() + 5000) << 4000 << 5300;
        QTest::newRow("reset far away is clamped") << int(RateLimitPolicy::Headers::LaunchDarkly) << QByteArray("X-Ratelimit-Reset")
                                                   << QByteArray::number(QDateTime::currentMSecsSinceEpoch() + 3600000) << 60000 << 60000;
        QTest::newRow("nothing: 10 s") << int(RateLimitPolicy::Headers::LaunchDarkly) << QByteArray("X-Other") << QByteArray("1") << 10000 << 10500;
        QTest::newRow("highlevel interval") << int(RateLimitPolicy::Headers::HighLevel) << QByteArray("X-RateLimit-Interval-Milliseconds")
                                            << QByteArray("10000") << 250 << 10000;
    }

    void backOffAfter429()
    {
        QFETCH(int, headers);
        QFETCH(QByteArray, name);
        QFETCH(QByteArray, value);
        QFETCH(int, minMs);
        QFETCH(int, maxMs);
        RateLimitPolicy p = headers == int(RateLimitPolicy::Headers::HighLevel) ? RateLimitPolicy::highLevel() : RateLimitPolicy::launchDarkly();
        RateLimiter limiter(p);
        HttpResponse r;
        r.status = 429;
        r.headers = {{name, value}};
        const int wait = limiter.backOffAfter429(r, 1);
        QVERIFY2(wait >= minMs && wait <= maxMs, qPrintable(QString::number(wait)));
    }
};

QTEST_GUILESS_MAIN(tst_RateLimiter)
#include "tst_ratelimiter.moc"
