#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

// flagbridge-cli as a script sees it: against flagbridge-sandbox started as its own process,
// with the connection variables the sandbox prints. Checks output, exit codes and what reached
// the server.
class tst_Cli : public QObject
{
    Q_OBJECT

private:
    QProcess m_sandbox;
    QProcessEnvironment m_env;
    QTemporaryDir m_data;
    QString m_ldBase;

    struct Run
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };

    Run cli(const QStringList &args, const QProcessEnvironment &env)
    {
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(qEnvironmentVariable("FLAGBRIDGE_CLI"), args);
        if (!p.waitForFinished(120000))
            qWarning("flagbridge-cli did not finish");
        return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
    }

    Run cli(const QStringList &args) { return cli(args, m_env); }

    QJsonObject ldStats()
    {
        QNetworkAccessManager nam;
        QNetworkReply *reply = nam.get(QNetworkRequest(QUrl(m_ldBase + u"/_sandbox/stats"_s)));
        [&] { QTRY_VERIFY(reply->isFinished()); }();
        const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
        delete reply;
        return o;
    }

    static QString mappingPath()
    {
        return qEnvironmentVariable("FLAGBRIDGE_SOURCE_DIR") + u"/examples/demo.flagbridge.json"_s;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_data.isValid());
        m_sandbox.start(qEnvironmentVariable("FLAGBRIDGE_SANDBOX_EXE"), {u"--contacts"_s, u"2500"_s, u"--seed"_s, u"42"_s});
        QVERIFY(m_sandbox.waitForStarted());
        m_env = QProcessEnvironment::systemEnvironment();
        m_env.insert(u"FLAGBRIDGE_DATA_DIR"_s, m_data.path());
        int lines = 0;
        QByteArray pending;
        while (lines < 7) {
            QVERIFY2(m_sandbox.waitForReadyRead(20000), "flagbridge-sandbox printed no export lines");
            pending += m_sandbox.readAllStandardOutput();
            while (pending.contains('\n')) {
                const QByteArray line = pending.left(pending.indexOf('\n'));
                pending.remove(0, line.size() + 1);
                QVERIFY2(line.startsWith("export FLAGBRIDGE_"), line.constData());
                const QByteArray assignment = line.mid(7);
                const QString name = QString::fromUtf8(assignment.left(assignment.indexOf('=')));
                const QString value = QString::fromUtf8(assignment.mid(assignment.indexOf('=') + 1));
                m_env.insert(name, value);
                if (name == "FLAGBRIDGE_LD_BASE_URL"_L1)
                    m_ldBase = value;
                ++lines;
            }
        }
    }

    void cleanupTestCase()
    {
        m_sandbox.terminate();
        m_sandbox.waitForFinished(5000);
    }

    void versionAndHelp()
    {
        const Run v = cli({u"--version"_s});
        QCOMPARE(v.exitCode, 0);
        QVERIFY(v.out.startsWith("flagbridge-cli "));
        const Run h = cli({u"--help"_s});
        QCOMPARE(h.exitCode, 0);
        QVERIFY(h.out.contains("sync --mapping FILE"));
    }

    void usageErrorsExitWithOne()
    {
        QCOMPARE(cli({}).exitCode, 1);
        const Run unknown = cli({u"frobnicate"_s});
        QCOMPARE(unknown.exitCode, 1);
        QVERIFY(unknown.err.contains("Unknown command"));
        QCOMPARE(cli({u"contacts"_s, u"get"_s}).exitCode, 1);
        QCOMPARE(cli({u"sync"_s}).exitCode, 1);
    }

    void missingConnectionSaysWhichVariables()
    {
        QProcessEnvironment bare = m_env;
        bare.remove(u"FLAGBRIDGE_GHL_TOKEN"_s);
        const Run r = cli({u"contacts"_s, u"list"_s}, bare);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("FLAGBRIDGE_GHL_TOKEN"), r.err.constData());
    }

    void contactsListAsJson()
    {
        const Run r = cli({u"contacts"_s, u"list"_s, u"--tag"_s, u"vip"_s, u"--json"_s});
        QCOMPARE(r.exitCode, 0);
        const QJsonArray contacts = QJsonDocument::fromJson(r.out).array();
        QVERIFY(contacts.size() > 100);
        for (const QJsonValue &v : contacts) {
            bool vip = false;
            for (const QJsonValue &t : v.toObject().value("tags"_L1).toArray())
                vip |= t.toString().compare(u"vip"_s, Qt::CaseInsensitive) == 0;
            QVERIFY(vip);
        }
        const Run table = cli({u"contacts"_s, u"list"_s, u"--limit"_s, u"3"_s});
        QCOMPARE(table.exitCode, 0);
        QVERIFY2(table.out.contains("3 contact(s) of 2500 matching"), table.out.constData());
    }

    void contactsGetShowsTheContact()
    {
        const Run list = cli({u"contacts"_s, u"list"_s, u"--limit"_s, u"1"_s, u"--json"_s});
        const QString id = QJsonDocument::fromJson(list.out).array().first().toObject().value("id"_L1).toString();
        QVERIFY(!id.isEmpty());
        const Run r = cli({u"contacts"_s, u"get"_s, id});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(id.toUtf8()));
        QVERIFY(r.out.contains("Tasks ("));
        const Run missing = cli({u"contacts"_s, u"get"_s, u"no-such-contact-id"_s});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(missing.err.contains("HighLevel could not load the contact"), missing.err.constData());
    }

    void syncDryRunWritesNothingThenApplyThenNothingToDo()
    {
        const qint64 writesBefore = ldStats().value("writes"_L1).toInteger();
        const Run dry = cli({u"sync"_s, u"--mapping"_s, mappingPath(), u"--dry-run"_s, u"--json"_s});
        QCOMPARE(dry.exitCode, 0);
        const QJsonObject dryReport = QJsonDocument::fromJson(dry.out).object();
        QCOMPARE(dryReport.value("applied"_L1).toBool(), false);
        QCOMPARE(dryReport.value("dryRun"_L1).toBool(), true);
        QCOMPARE(dryReport.value("requests"_L1).toObject().value("writes"_L1).toInt(), 0);
        const int planned = dryReport.value("plan"_L1).toObject().value("added"_L1).toInt();
        QVERIFY(planned > 100);
        QCOMPARE(ldStats().value("writes"_L1).toInteger(), writesBefore);

        const Run apply = cli({u"sync"_s, u"--mapping"_s, mappingPath(), u"--json"_s});
        QCOMPARE(apply.exitCode, 0);
        const QJsonObject report = QJsonDocument::fromJson(apply.out).object();
        QCOMPARE(report.value("applied"_L1).toBool(), true);
        const QJsonObject binding = report.value("bindings"_L1).toArray().first().toObject();
        QCOMPARE(binding.value("name"_L1).toString(), u"VIP contacts"_s);
        QCOMPARE(binding.value("added"_L1).toInt(), planned);
        QCOMPARE(binding.value("removed"_L1).toInt(), 0);
        const QJsonObject requests = report.value("requests"_L1).toObject();
        QCOMPARE(requests.value("writes"_L1).toInt(), 1);
        QCOMPARE(requests.value("reads"_L1).toInt(), 6); // 5 pages of 500 contacts and the segment
        QCOMPARE(requests.value("total"_L1).toInt(), 7);

        const Run again = cli({u"sync"_s, u"--mapping"_s, mappingPath(), u"--json"_s});
        QCOMPARE(again.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(again.out).object().value("requests"_L1).toObject().value("writes"_L1).toInt(), 0);
        QCOMPARE(ldStats().value("writes"_L1).toInteger(), writesBefore + 1);

        const Run members = cli({u"segments"_s, u"show"_s, u"vip-customers"_s, u"--json"_s});
        QCOMPARE(members.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(members.out).object().value("included"_L1).toArray().size(), planned);
    }

    void highLevelSubcommands()
    {
        const Run created = cli({u"contacts"_s, u"create"_s, u"--first-name"_s, u"Ada"_s, u"--email"_s, u"ada+cli@example.com"_s,
                                 u"--tag"_s, u"VIP"_s, u"--field"_s, u"Seats=12"_s, u"--field"_s, u"Interests=AI,Mobile"_s, u"--json"_s});
        QCOMPARE(created.exitCode, 0);
        const QJsonObject contact = QJsonDocument::fromJson(created.out).object();
        const QString id = contact.value("id"_L1).toString();
        QVERIFY(!id.isEmpty());
        QCOMPARE(contact.value("tags"_L1).toArray().first().toString(), u"vip"_s);
        QCOMPARE(contact.value("customFields"_L1).toArray().size(), 2);

        const Run dup = cli({u"contacts"_s, u"duplicate"_s, u"--email"_s, u"ada+cli@example.com"_s, u"--json"_s});
        QCOMPARE(QJsonDocument::fromJson(dup.out).object().value("id"_L1).toString(), id);

        const Run badField = cli({u"contacts"_s, u"create"_s, u"--field"_s, u"Shoe size=44"_s});
        QCOMPARE(badField.exitCode, 1);
        QVERIFY2(badField.err.contains("No custom field named \"Shoe size\""), badField.err.constData());
        const Run company = cli({u"contacts"_s, u"update"_s, id, u"--company"_s, u"X"_s});
        QCOMPARE(company.exitCode, 1);
        QVERIFY(company.err.contains("companyName"));

        const Run task = cli({u"tasks"_s, u"create"_s, id, u"--title"_s, u"Call back"_s, u"--due"_s, u"2027-01-15"_s, u"--json"_s});
        QCOMPARE(task.exitCode, 0);
        const QString taskId = QJsonDocument::fromJson(task.out).object().value("id"_L1).toString();
        QCOMPARE(cli({u"tasks"_s, u"complete"_s, id, taskId}).exitCode, 0);
        const Run tasks = cli({u"tasks"_s, u"list"_s, id, u"--json"_s});
        QCOMPARE(QJsonDocument::fromJson(tasks.out).array().first().toObject().value("completed"_L1).toBool(), true);
        QCOMPARE(cli({u"tasks"_s, u"create"_s, id, u"--title"_s, u"No date"_s}).exitCode, 1);

        QCOMPARE(cli({u"notes"_s, u"create"_s, id, u"--body"_s, u"Met at the fair"_s}).exitCode, 0);
        const Run tags = cli({u"tags"_s, u"add"_s, id, u"Gold"_s, u"--json"_s});
        QVERIFY(QJsonDocument::fromJson(tags.out).object().value("tags"_L1).toArray().contains(u"gold"_s));
        QCOMPARE(cli({u"contacts"_s, u"delete"_s, id}).exitCode, 1); // needs --yes
        QCOMPARE(cli({u"contacts"_s, u"delete"_s, id, u"--yes"_s}).exitCode, 0);
        const Run gone = cli({u"contacts"_s, u"get"_s, id});
        QCOMPARE(gone.exitCode, 2);

        const Run fields = cli({u"custom-fields"_s, u"list"_s, u"--json"_s});
        QCOMPARE(fields.exitCode, 0);
        QVERIFY(QJsonDocument::fromJson(fields.out).array().size() >= 5);
    }

    void badTokenExitsTwoWithTheServersMessage()
    {
        QProcessEnvironment env = m_env;
        env.insert(u"FLAGBRIDGE_LD_TOKEN"_s, u"wrong-token"_s);
        const Run r = cli({u"segments"_s, u"list"_s}, env);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("LaunchDarkly could not list segments: HTTP 401"), r.err.constData());
        QVERIFY(!r.err.contains("wrong-token"));
    }

    void invalidMappingNamesTheProblem()
    {
        QTemporaryDir dir;
        QFile f(dir.filePath(u"broken.flagbridge.json"_s));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"version":2,"connections":{"highlevel":"a","launchdarkly":"b"},"bindings":[{"id":"x","name":"n","kind":"segment","target":{}}]})");
        f.close();
        const Run r = cli({u"sync"_s, u"--mapping"_s, f.fileName()});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("$.bindings[0].target.segment"), r.err.constData());
        const Run missing = cli({u"sync"_s, u"--mapping"_s, dir.filePath(u"nope.json"_s)});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY(missing.err.contains("cannot open"));
    }

    void unreachableServerExitsTwo()
    {
        QProcessEnvironment env = m_env;
        env.insert(u"FLAGBRIDGE_GHL_BASE_URL"_s, u"http://127.0.0.1:9"_s);
        const Run r = cli({u"contacts"_s, u"list"_s}, env);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("could not reach the server"), r.err.constData());
    }

    void demoNeedsNoConnection()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"FLAGBRIDGE_DATA_DIR"_s, m_data.path());
        const Run r = cli({u"--demo"_s, u"segments"_s, u"list"_s}, env);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("vip-customers"));
    }
};

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_cli.moc"
