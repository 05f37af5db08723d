#include "FakeHighLevel.h"
#include "FakeLaunchDarkly.h"
#include "Sandbox.h"
#include "SandboxTestClient.h"

#include <QTest>

using namespace Qt::StringLiterals;

// Every kind of injected fault, through the C++ API and through /_sandbox/faults.
class TestSandboxFaults : public QObject
{
    Q_OBJECT

private:
    Sandbox *m_sandbox = nullptr;

    FakeHighLevel *ghl() const { return m_sandbox->highLevel(); }

    SandboxTestClient client() const
    {
        SandboxTestClient c(m_sandbox->highLevelBaseUrl());
        c.setHeader("Authorization", "Bearer " + m_sandbox->highLevelToken().toLatin1());
        c.setHeader("Version", "2021-07-28");
        return c;
    }

    QString contactPath(int index = 5) const
    {
        return u"/contacts/"_s + ghl()->store().contacts().at(size_t(index)).id;
    }

    QJsonObject searchBody() const
    {
        return QJsonObject { { u"locationId"_s, m_sandbox->locationId() }, { u"pageLimit"_s, 20 } };
    }

    static SandboxFault fault(SandboxFault::Kind kind, const QByteArray &method,
                              const QString &route, int times = 1)
    {
        SandboxFault f;
        f.kind = kind;
        f.method = method;
        f.route = route;
        f.times = times;
        return f;
    }

private Q_SLOTS:
    void initTestCase()
    {
        SandboxOptions options;
        options.contacts = 200;
        options.rateLimits = false;
        m_sandbox = new Sandbox(options, this);
        QVERIFY(m_sandbox->start());
    }

    void init()
    {
        ghl()->clearFaults();
        ghl()->resetStats();
        ghl()->setLatency(0);
        m_sandbox->launchDarkly()->clearFaults();
    }

    void statusFaultsFireTheirNumberOfTimes()
    {
        SandboxFault f = fault(SandboxFault::Kind::Status, "POST", u"/contacts/search"_s, 2);
        f.status = 503;
        ghl()->addFault(f);
        SandboxTestClient c = client();
        for (int i = 0; i < 2; ++i) {
            const TestReply r = c.post(u"/contacts/search"_s, searchBody());
            QCOMPARE(r.status, 503);
            // Gateways answer in HTML.
            QVERIFY(r.header("Content-Type").startsWith("text/html"));
            QVERIFY(!r.isJson());
        }
        QCOMPARE(c.post(u"/contacts/search"_s, searchBody()).status, 200);
        QCOMPARE(c.get(contactPath()).status, 200); // other routes untouched

        SandboxFault json = fault(SandboxFault::Kind::Status, "GET", u"/contacts/{contactId}"_s);
        json.status = 500;
        ghl()->addFault(json);
        TestReply r = c.get(contactPath());
        QCOMPARE(r.status, 500);
        QCOMPARE(r.json().value("statusCode"_L1).toInt(), 500);

        SandboxFault custom = fault(SandboxFault::Kind::Status, QByteArray(), QString());
        custom.status = 502;
        custom.body = R"({"oops":true})";
        ghl()->addFault(custom);
        r = c.get(contactPath());
        QCOMPARE(r.status, 502);
        QCOMPARE(r.json().value("oops"_L1).toBool(), true);

        const SandboxStats stats = ghl()->stats();
        QCOMPARE(stats.faultsFired, 4);
        QCOMPARE(stats.byStatus.value(u"503"_s), 2);
        QCOMPARE(stats.requests, 6);
    }

    void skipLetsTheFirstRequestsThrough()
    {
        SandboxFault f = fault(SandboxFault::Kind::Status, "GET", u"/contacts/{contactId}"_s);
        f.skip = 2;
        f.status = 500;
        ghl()->addFault(f);
        SandboxTestClient c = client();
        QCOMPARE(c.get(contactPath()).status, 200);
        QCOMPARE(c.get(contactPath()).status, 200);
        QCOMPARE(c.get(contactPath()).status, 500);
        QCOMPARE(c.get(contactPath()).status, 200);
    }

    void rateLimitStormsCarryTheServicesHeaders()
    {
        SandboxFault f = fault(SandboxFault::Kind::RateLimit, "GET", u"/contacts/{contactId}"_s, 3);
        f.retryAfterSeconds = 2;
        ghl()->addFault(f);
        SandboxTestClient c = client();
        for (int i = 0; i < 3; ++i) {
            const TestReply r = c.get(contactPath());
            QCOMPARE(r.status, 429);
            QCOMPARE(r.json().value("message"_L1).toString(), u"Too Many Requests"_s);
            QCOMPARE(r.header("X-RateLimit-Remaining"), QByteArray("0"));
            QCOMPARE(r.header("X-RateLimit-Max"), QByteArray("100"));
            QCOMPARE(r.header("Retry-After"), QByteArray("2"));
        }
        QCOMPARE(c.get(contactPath()).status, 200);
        QCOMPARE(ghl()->stats().rateLimited, 3);

        FakeLaunchDarkly *ld = m_sandbox->launchDarkly();
        ld->addFault(fault(SandboxFault::Kind::RateLimit, "GET", u"/api/v2/projects"_s));
        SandboxTestClient l(m_sandbox->launchDarklyBaseUrl());
        l.setHeader("Authorization", m_sandbox->launchDarklyToken().toLatin1());
        const TestReply r = l.get(u"/api/v2/projects"_s);
        QCOMPARE(r.status, 429);
        QCOMPARE(r.json().value("code"_L1).toString(), u"rate_limited"_s);
        QVERIFY(r.header("X-Ratelimit-Reset").toLongLong()
                > QDateTime::currentMSecsSinceEpoch() - 1000);
        QVERIFY(r.header("Retry-After").isEmpty());
        QCOMPARE(l.get(u"/api/v2/projects"_s).status, 200);
    }

    void malformedJsonIsAnOkStatusOverGarbage()
    {
        ghl()->addFault(fault(SandboxFault::Kind::MalformedJson, "POST", u"/contacts/search"_s));
        const TestReply r = client().post(u"/contacts/search"_s, searchBody());
        QCOMPARE(r.status, 200);
        QCOMPARE(r.error, QNetworkReply::NoError);
        QVERIFY(r.header("Content-Type").startsWith("application/json"));
        QVERIFY(!r.body.isEmpty());
        QVERIFY(!r.isJson());
    }

    void truncatedJsonHasAnHonestLength()
    {
        SandboxTestClient c = client();
        const TestReply whole = c.get(contactPath());
        ghl()->addFault(
            fault(SandboxFault::Kind::TruncatedJson, "GET", u"/contacts/{contactId}"_s));
        const TestReply cut = c.get(contactPath());
        QCOMPARE(cut.status, 200);
        QCOMPARE(cut.error, QNetworkReply::NoError);
        QCOMPARE(cut.header("Content-Length").toInt(), cut.body.size());
        QVERIFY(cut.body.size() < whole.body.size());
        QVERIFY(whole.body.startsWith(cut.body));
        QVERIFY(!cut.isJson());
    }

    void droppedConnectionsGiveNoAnswer()
    {
        // Every time: QNetworkAccessManager resends once on its own when a kept-alive
        // connection closes without an answer.
        ghl()->addFault(
            fault(SandboxFault::Kind::DropConnection, "GET", u"/contacts/{contactId}"_s, -1));
        const TestReply r = client().get(contactPath());
        QCOMPARE(r.status, 0);
        QVERIFY2(r.error == QNetworkReply::RemoteHostClosedError
                     || r.error == QNetworkReply::ConnectionRefusedError
                     || r.error == QNetworkReply::UnknownNetworkError,
                 qPrintable(QString::number(r.error)));
        QVERIFY(ghl()->stats().faultsFired >= 1);
        QCOMPARE(ghl()->stats().byStatus.value(u"dropped"_s), ghl()->stats().faultsFired);
        ghl()->clearFaults();
        QCOMPARE(client().get(contactPath()).status, 200);
    }

    void faultsAfterTheHandlerLoseTheAnswerNotTheWrite()
    {
        SandboxFault f = fault(SandboxFault::Kind::Status, "POST", u"/contacts/{contactId}/tags"_s);
        f.status = 502;
        f.afterHandler = true;
        ghl()->addFault(f);
        const TestReply r
            = client().post(contactPath(7) + u"/tags"_s,
                            QJsonObject { { u"tags"_s, QJsonArray { u"written-anyway"_s } } });
        QCOMPARE(r.status, 502);
        QVERIFY(ghl()->store().contacts().at(7).hasTag(u"written-anyway"_s));
        QCOMPARE(ghl()->stats().writes, 1);

        SandboxFault drop
            = fault(SandboxFault::Kind::DropConnection, "DELETE", u"/contacts/{contactId}/tags"_s);
        drop.afterHandler = true;
        ghl()->addFault(drop);
        client().del(contactPath(7) + u"/tags"_s,
                     QJsonObject { { u"tags"_s, QJsonArray { u"written-anyway"_s } } });
        QVERIFY(!ghl()->store().contacts().at(7).hasTag(u"written-anyway"_s));
    }

    void latencyDelaysTheAnswer()
    {
        SandboxFault f = fault(SandboxFault::Kind::Latency, "GET", u"/contacts/{contactId}"_s);
        f.latencyMs = 300;
        ghl()->addFault(f);
        SandboxTestClient c = client();
        TestReply r = c.get(contactPath());
        QCOMPARE(r.status, 200);
        QVERIFY2(r.elapsedMs >= 290, qPrintable(QString::number(r.elapsedMs)));
        r = c.get(contactPath());
        QVERIFY(r.elapsedMs < 250);

        // Latency for every answer, set over HTTP.
        SandboxTestClient control(m_sandbox->highLevelBaseUrl());
        QCOMPARE(
            control.put(u"/_sandbox/latency"_s, QJsonObject { { u"latencyMs"_s, 150 } }).status,
            200);
        r = c.post(u"/contacts/search"_s, searchBody());
        QCOMPARE(r.status, 200);
        QVERIFY(r.elapsedMs >= 140);
        ghl()->setLatency(0);
    }

    void clientGoneBeforeADelayedAnswer()
    {
        ghl()->setLatency(600);
        SandboxTestClient c = client();
        const TestReply r = c.send("GET", contactPath(), QByteArray(), {}, 100);
        QCOMPARE(r.status, 0);
        QCOMPARE(r.error, QNetworkReply::OperationCanceledError);
        QTest::qWait(700); // the server's timer fires on a closed socket
        ghl()->setLatency(0);
        QCOMPARE(client().get(contactPath()).status, 200);
    }

    void probabilityFollowsTheSeed()
    {
        auto run = [this]() {
            ghl()->clearFaults();
            ghl()->setFaultSeed(1234);
            SandboxFault f
                = fault(SandboxFault::Kind::Status, "GET", u"/contacts/{contactId}"_s, -1);
            f.probability = 0.5;
            f.status = 503;
            ghl()->addFault(f);
            SandboxTestClient c = client();
            QString pattern;
            for (int i = 0; i < 30; ++i)
                pattern += c.get(contactPath()).status == 503 ? u'x' : u'.';
            return pattern;
        };
        const QString first = run();
        QCOMPARE(run(), first);
        const qsizetype failures = first.count(u'x');
        QVERIFY2(failures > 3 && failures < 27, qPrintable(first));
    }

    void faultsOverHttpControl()
    {
        SandboxTestClient control(m_sandbox->highLevelBaseUrl());
        TestReply r = control.post(u"/_sandbox/faults"_s,
                                   QJsonObject { { u"kind"_s, u"status"_s },
                                                 { u"status"_s, 500 },
                                                 { u"method"_s, u"GET"_s },
                                                 { u"route"_s, u"/contacts/{contactId}"_s },
                                                 { u"times"_s, 1 } });
        QCOMPARE(r.status, 201);
        QVERIFY(r.json().value("id"_L1).toInt() > 0);
        QCOMPARE(client().get(contactPath()).status, 500);
        r = control.get(u"/_sandbox/faults"_s);
        QCOMPARE(r.json().value("faults"_L1).toArray().first().toObject().value("fired"_L1).toInt(),
                 1);
        QCOMPARE(control
                     .post(u"/_sandbox/faults"_s,
                           QJsonObject { { u"kind"_s, u"dropConnection"_s }, { u"times"_s, -1 } })
                     .status,
                 201);
        QCOMPARE(control.del(u"/_sandbox/faults"_s).json().value("cleared"_L1).toInt(), 2);
        QCOMPARE(client().get(contactPath()).status, 200);
        QCOMPARE(
            control.post(u"/_sandbox/faults"_s, QJsonObject { { u"kind"_s, u"meteorStrike"_s } })
                .status,
            400);
        QCOMPARE(control
                     .post(u"/_sandbox/faults"_s,
                           QJsonObject { { u"kind"_s, u"status"_s }, { u"colour"_s, u"red"_s } })
                     .status,
                 400);
        // The control routes are never counted.
        QCOMPARE(ghl()->stats().requests, 2);
    }
};

QTEST_GUILESS_MAIN(TestSandboxFaults)
#include "tst_sandboxfaults.moc"
