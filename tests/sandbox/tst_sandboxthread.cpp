#include "FakeHighLevel.h"
#include "FakeLaunchDarkly.h"
#include "Sandbox.h"
#include "SandboxTestClient.h"
#include "SandboxThread.h"

#include <QProcess>
#include <QTcpServer>
#include <QTest>

using namespace Qt::StringLiterals;

// Starting and stopping sandboxes: in a worker thread, repeatedly, on fixed ports, and as the
// flagbridge-sandbox executable.
class TestSandboxThread : public QObject
{
    Q_OBJECT

private:
    static TestReply search(const SandboxEndpoints &e)
    {
        SandboxTestClient c(e.highLevelBaseUrl);
        c.setHeader("Authorization", "Bearer " + e.highLevelToken.toLatin1());
        c.setHeader("Version", "2021-07-28");
        return c.post(u"/contacts/search"_s,
                      QJsonObject { { u"locationId"_s, e.locationId }, { u"pageLimit"_s, 5 } });
    }

    static TestReply callerIdentity(const SandboxEndpoints &e)
    {
        SandboxTestClient c(e.launchDarklyBaseUrl);
        c.setHeader("Authorization", e.launchDarklyToken.toLatin1());
        c.setHeader("LD-API-Version", "20240415");
        return c.get(u"/api/v2/caller-identity"_s);
    }

    // A port P with P+1 free as well.
    static quint16 freePortPair()
    {
        for (int attempt = 0; attempt < 50; ++attempt) {
            QTcpServer a;
            if (!a.listen(QHostAddress::LocalHost, 0))
                continue;
            const quint16 p = a.serverPort();
            if (p >= 65535)
                continue;
            QTcpServer b;
            if (b.listen(QHostAddress::LocalHost, quint16(p + 1)))
                return p;
        }
        return 0;
    }

private Q_SLOTS:
    void runsInAWorkerThread()
    {
        SandboxOptions options;
        options.contacts = 300;
        SandboxThread thread(options);
        QString error;
        QVERIFY2(thread.startAndWait(&error), qPrintable(error));
        QVERIFY(thread.isRunning());
        const SandboxEndpoints e = thread.endpoints();
        QVERIFY(e.highLevelToken.startsWith("sandbox-ghl-"_L1));
        QVERIFY(e.launchDarklyToken.startsWith("sandbox-ld-"_L1));
        QCOMPARE(e.launchDarklyProject, u"demo-app"_s);
        QCOMPARE(e.launchDarklyEnvironment, u"production"_s);

        TestReply r = search(e);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value("total"_L1).toInt(), 300);
        QCOMPARE(callerIdentity(e).status, 200);

        // State and faults of a sandbox in another thread, without racing it.
        thread.runInSandbox([](Sandbox &s) {
            SandboxFault f;
            f.status = 503;
            s.highLevel()->addFault(f);
        });
        QCOMPARE(search(e).status, 503);
        qint64 requests = 0;
        QThread *where = nullptr;
        thread.runInSandbox([&](Sandbox &s) {
            requests = s.highLevel()->stats().requests;
            where = QThread::currentThread();
        });
        QCOMPARE(requests, 2);
        QCOMPARE(where, &thread);
        thread.stop();
        QVERIFY(!thread.isRunning());
        thread.runInSandbox([](Sandbox &) { QFAIL("no sandbox after stop"); });
    }

    void tokensDifferEveryStart()
    {
        SandboxOptions options;
        options.contacts = 10;
        Sandbox a(options), b(options);
        QVERIFY(a.start() && b.start());
        QVERIFY(a.highLevelToken() != b.highLevelToken());
        QVERIFY(a.launchDarklyToken() != b.launchDarklyToken());
        QCOMPARE(a.locationId(), b.locationId()); // the data is the same
        QVERIFY(a.highLevelBaseUrl() != b.highLevelBaseUrl());
    }

    void repeatedCreateAndDestroy()
    {
        SandboxOptions options;
        options.contacts = 50;
        for (int round = 0; round < 3; ++round) {
            {
                Sandbox sandbox(options);
                QVERIFY(sandbox.start());
                QCOMPARE(search(sandbox.endpoints()).status, 200);
            }
            {
                SandboxThread thread(options);
                QVERIFY(thread.startAndWait());
                QCOMPARE(search(thread.endpoints()).status, 200);
            }
        }
    }

    void fixedPortsAreConsecutive()
    {
        const quint16 port = freePortPair();
        QVERIFY(port != 0);
        SandboxOptions options;
        options.contacts = 20;
        options.port = port;
        Sandbox sandbox(options);
        QString error;
        QVERIFY2(sandbox.start(&error), qPrintable(error));
        QCOMPARE(sandbox.highLevelBaseUrl().port(), int(port));
        QCOMPARE(sandbox.launchDarklyBaseUrl().port(), int(port) + 1);
        QCOMPARE(sandbox.highLevelBaseUrl().toString(),
                 u"http://127.0.0.1:"_s + QString::number(port));

        // A second one on the same ports fails with a message, and does not crash.
        Sandbox clash(options);
        QVERIFY(!clash.start(&error));
        QVERIFY(error.contains(QString::number(port)));
    }

    void executablePrintsExportsAndStopsOnSigterm()
    {
        const QString program = QString::fromLocal8Bit(FLAGBRIDGE_SANDBOX_EXECUTABLE);
        QProcess process;
        process.start(
            program, { u"--contacts"_s, u"120"_s, u"--seed"_s, u"7"_s, u"--ghl-limit"_s, u"50"_s });
        QVERIFY(process.waitForStarted());
        QStringList lines;
        QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                     while (process.canReadLine())
                                         lines.append(
                                             QString::fromUtf8(process.readLine()).trimmed());
                                     return lines.size() >= 7;
                                 }()),
                                 15000);
        QCOMPARE(lines.size(), 7);
        QHash<QString, QString> env;
        const QStringList names = { u"FLAGBRIDGE_GHL_BASE_URL"_s, u"FLAGBRIDGE_GHL_TOKEN"_s,
                                    u"FLAGBRIDGE_GHL_LOCATION"_s, u"FLAGBRIDGE_LD_BASE_URL"_s,
                                    u"FLAGBRIDGE_LD_TOKEN"_s,     u"FLAGBRIDGE_LD_PROJECT"_s,
                                    u"FLAGBRIDGE_LD_ENV"_s };
        for (int i = 0; i < 7; ++i) {
            QVERIFY2(lines.at(i).startsWith(u"export "_s + names.at(i) + u'='),
                     qPrintable(lines.at(i)));
            env.insert(names.at(i), lines.at(i).section(u'=', 1));
        }
        QCOMPARE(env.value(u"FLAGBRIDGE_LD_PROJECT"_s), u"demo-app"_s);
        QCOMPARE(env.value(u"FLAGBRIDGE_LD_ENV"_s), u"production"_s);

        SandboxEndpoints e;
        e.highLevelBaseUrl = QUrl(env.value(u"FLAGBRIDGE_GHL_BASE_URL"_s));
        e.highLevelToken = env.value(u"FLAGBRIDGE_GHL_TOKEN"_s);
        e.locationId = env.value(u"FLAGBRIDGE_GHL_LOCATION"_s);
        e.launchDarklyBaseUrl = QUrl(env.value(u"FLAGBRIDGE_LD_BASE_URL"_s));
        e.launchDarklyToken = env.value(u"FLAGBRIDGE_LD_TOKEN"_s);
        TestReply r = search(e);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value("total"_L1).toInt(), 120);
        QCOMPARE(r.header("X-RateLimit-Max"), QByteArray("50"));
        QCOMPARE(callerIdentity(e).status, 200);

        // Another process injects a fault over HTTP.
        SandboxTestClient control(e.highLevelBaseUrl);
        QCOMPARE(control
                     .post(u"/_sandbox/faults"_s,
                           QJsonObject { { u"kind"_s, u"status"_s }, { u"status"_s, 503 } })
                     .status,
                 201);
        QCOMPARE(search(e).status, 503);
        QCOMPARE(control.get(u"/_sandbox/stats"_s).json().value("requests"_L1).toInt(), 2);

        process.terminate(); // SIGTERM
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
        QVERIFY(process.readAllStandardError().contains("Sandbox ready"));
    }

    void executableOptions()
    {
        const QString program = QString::fromLocal8Bit(FLAGBRIDGE_SANDBOX_EXECUTABLE);
        QProcess process;
        process.start(program, { u"--version"_s });
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitCode(), 0);
        QVERIFY(process.readAllStandardOutput().startsWith("flagbridge-sandbox "));

        process.start(program, { u"--help"_s });
        QVERIFY(process.waitForFinished(10000));
        const QByteArray help = process.readAllStandardOutput();
        for (const char *option :
             { "--contacts", "--seed", "--port", "--latency", "--no-rate-limit", "--ghl-limit" })
            QVERIFY2(help.contains(option), option);

        process.start(program, { u"--contacts"_s, u"many"_s });
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitCode(), 2);
        QVERIFY(process.readAllStandardError().contains("--contacts"));
    }
};

QTEST_GUILESS_MAIN(TestSandboxThread)
#include "tst_sandboxthread.moc"
