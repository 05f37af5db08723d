#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

// flagbridge-cli mapping validate|format as a script sees it: against flagbridge-sandbox started
// as its own process, with the connections from the environment, from saved connections the
// mapping names, or none at all (structure only). Checks the lines, the exit codes and that
// files are rewritten only when they should be.
class tst_CliMapping : public QObject
{
    Q_OBJECT

private:
    QProcess m_sandbox;
    QProcessEnvironment m_env;  // connections from the FLAGBRIDGE_* variables
    QProcessEnvironment m_bare; // no connection at all
    QTemporaryDir m_home;
    QTemporaryDir m_files;

    struct Run
    {
        int exitCode = -1;
        QString out;
        QString err;
    };

    Run cli(const QStringList &args, const QProcessEnvironment &env)
    {
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(qEnvironmentVariable("FLAGBRIDGE_CLI"), args);
        if (!p.waitForFinished(60000))
            qWarning("flagbridge-cli did not finish");
        return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
    }

    Run cli(const QStringList &args) { return cli(args, m_env); }

    QString write(const QString &name, const QByteArray &bytes)
    {
        const QString path = m_files.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qWarning("cannot write %s", qPrintable(path));
        f.write(bytes);
        return path;
    }

    // JSON written with single quotes, which read better in C++ (and keep moc happy).
    static QByteArray json(const char *text)
    {
        QByteArray bytes(text);
        return bytes.replace('\'', '"');
    }

    static QByteArray read(const QString &path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    static QString demoMapping() { return qEnvironmentVariable("FLAGBRIDGE_SOURCE_DIR") + u"/examples/demo.flagbridge.json"_s; }

    // The demo mapping with one binding whose segment, context kind, custom field and tag are
    // not in the sandbox (and a variation named by its value).
    static QByteArray brokenMapping()
    {
        return json("{'version':2,\n"
                    " 'connections':{'highlevel':'demo-highlevel','launchdarkly':'demo-launchdarkly'},\n"
                    " 'launchdarkly':{'project':'demo-app','environment':'production'},\n"
                    " 'bindings':[\n"
                    "  {'id':'a','name':'Gold','kind':'segment','target':{'segment':'gold-customers'},\n"
                    "   'context':{'kind':'ghl-contact','key':'customField','customField':'Account Number'},\n"
                    "   'selector':{'predicates':[{'type':'tags','match':'any','tags':['gold-member']},\n"
                    "                             {'type':'customField','field':'Seats','op':'greaterThan','value':'10'}]}},\n"
                    "  {'id':'b','name':'Checkout','kind':'flag-targets','target':{'flag':'new-checkout','variation':'true'},\n"
                    "   'selector':{'predicates':[{'type':'tags','tags':['vip']}]}}\n"
                    " ]}");
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        QVERIFY(m_files.isValid());
        m_sandbox.start(qEnvironmentVariable("FLAGBRIDGE_SANDBOX_EXE"), {u"--contacts"_s, u"500"_s, u"--seed"_s, u"42"_s});
        QVERIFY(m_sandbox.waitForStarted());
        // Saved connections and the request log go to a home of the test's own.
        QProcessEnvironment base = QProcessEnvironment::systemEnvironment();
        for (const QString &name : base.keys()) {
            if (name.startsWith("FLAGBRIDGE_"_L1) && name != "FLAGBRIDGE_SOURCE_DIR"_L1)
                base.remove(name);
        }
        base.insert(u"HOME"_s, m_home.path());
        base.insert(u"XDG_CONFIG_HOME"_s, m_home.filePath(u"config"_s));
        base.insert(u"XDG_DATA_HOME"_s, m_home.filePath(u"data"_s));
        base.insert(u"FLAGBRIDGE_DATA_DIR"_s, m_home.filePath(u"flagbridge"_s));
        m_bare = base;
        m_env = base;
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
                m_env.insert(QString::fromUtf8(assignment.left(assignment.indexOf('='))),
                             QString::fromUtf8(assignment.mid(assignment.indexOf('=') + 1)));
                ++lines;
            }
        }
    }

    void cleanupTestCase()
    {
        m_sandbox.terminate();
        m_sandbox.waitForFinished(5000);
    }

    void helpNamesTheCommands()
    {
        const Run help = cli({u"--help"_s});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains(u"mapping validate FILE"_s));
        QVERIFY(help.out.contains(u"mapping format FILE [--check]"_s));
    }

    void usageErrors()
    {
        QCOMPARE(cli({u"mapping"_s}).exitCode, 1);
        const Run unknown = cli({u"mapping"_s, u"lint"_s, demoMapping()});
        QCOMPARE(unknown.exitCode, 1);
        QVERIFY2(unknown.err.contains(u"Usage: flagbridge-cli mapping validate FILE"_s), qPrintable(unknown.err));
        QCOMPARE(cli({u"mapping"_s, u"validate"_s}).exitCode, 1);
        QCOMPARE(cli({u"mapping"_s, u"validate"_s, demoMapping(), u"--check"_s}).exitCode, 1);
    }

    void validAgainstTheConnections()
    {
        const Run r = cli({u"mapping"_s, u"validate"_s, demoMapping()});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(u"Checked against the connections"_s), qPrintable(r.out));
        QVERIFY2(r.out.contains(u"project demo-app, environment production"_s), qPrintable(r.out));
        QVERIFY2(r.out.contains(u"demo.flagbridge.json is valid."_s), qPrintable(r.out));
    }

    void structureOnlyWithoutConnections()
    {
        const Run r = cli({u"mapping"_s, u"validate"_s, demoMapping()}, m_bare);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(u"Checked the structure only: no connection is configured"_s), qPrintable(r.out));
        // It says which connections would have been used.
        QVERIFY(r.out.contains(u"\"demo-highlevel\" and \"demo-launchdarkly\""_s));

        // The broken mapping is fine structurally; only the connections know better.
        const QString broken = write(u"broken.flagbridge.json"_s, brokenMapping());
        const Run structural = cli({u"mapping"_s, u"validate"_s, broken}, m_bare);
        QCOMPARE(structural.exitCode, 0);
        QVERIFY(!structural.out.contains(u"gold-customers"_s));
    }

    void eachProblemWithItsPath()
    {
        const QString broken = write(u"broken.flagbridge.json"_s, brokenMapping());
        const Run r = cli({u"mapping"_s, u"validate"_s, broken});
        QCOMPARE(r.exitCode, 1);
        const QStringList lines = r.out.split(u'\n', Qt::SkipEmptyParts);
        auto line = [&lines](const QString &path) {
            for (const QString &l : lines) {
                if (l.startsWith(path + u": "_s))
                    return l;
            }
            return QString();
        };
        QVERIFY2(line(u"$.bindings[0].target.segment"_s).contains(u"The segment \"gold-customers\" does not exist in LaunchDarkly"_s),
                 qPrintable(r.out));
        QVERIFY2(line(u"$.bindings[0].context.kind"_s).contains(u"has no context kind \"ghl-contact\""_s), qPrintable(r.out));
        QVERIFY2(line(u"$.bindings[0].context.customField"_s).contains(u"no custom field named \"Account Number\""_s), qPrintable(r.out));
        QVERIFY2(line(u"$.bindings[0].selector.predicates[0].tags[0]"_s).contains(u": warning: "_s), qPrintable(r.out));
        QVERIFY2(line(u"$.bindings[1].target.variation"_s).contains(u"Name the variation by its id"_s), qPrintable(r.out));
        for (const QString &l : lines) // Seats > 10 is fine
            QVERIFY2(!l.startsWith(u"$.bindings[0].selector.predicates[1]"_s), qPrintable(l));
        QVERIFY2(r.out.contains(u"is not valid: 4 error(s)."_s), qPrintable(r.out));
        QVERIFY2(r.out.contains(u"There are also 1 warning(s)."_s), qPrintable(r.out));

        const Run json = cli({u"mapping"_s, u"validate"_s, broken, u"--json"_s});
        QCOMPARE(json.exitCode, 1);
        const QJsonObject o = QJsonDocument::fromJson(json.out.toUtf8()).object();
        QCOMPARE(o.value("checked"_L1).toString(), u"connections"_s);
        QCOMPARE(o.value("valid"_L1).toBool(true), false);
        const QJsonArray problems = o.value("problems"_L1).toArray();
        QCOMPARE(problems.size(), 5);
        int warnings = 0;
        for (const QJsonValue &p : problems)
            warnings += p.toObject().value("severity"_L1).toString() == "warning"_L1 ? 1 : 0;
        QCOMPARE(warnings, 1);
    }

    void warningsAloneAreValid()
    {
        const QString path = write(u"warning.flagbridge.json"_s, json("{'version':2,\n"
                                                           " 'connections':{'highlevel':'demo-highlevel','launchdarkly':'demo-launchdarkly'},\n"
                                                           " 'bindings':[{'id':'a','name':'Everyone','kind':'segment','target':{'segment':'vip-customers'}}]}"));
        const Run r = cli({u"mapping"_s, u"validate"_s, path});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(u"$.bindings[0].selector: warning: "_s), qPrintable(r.out));
        QVERIFY2(r.out.contains(u"is valid, with 1 warning(s)."_s), qPrintable(r.out));
    }

    void savedConnectionsTheMappingNames()
    {
        // Connections saved under the names the mapping uses (tokens in a file: no keychain here).
        const QString ghlToken = write(u"ghl.token"_s, m_env.value(u"FLAGBRIDGE_GHL_TOKEN"_s).toUtf8());
        const QString ldToken = write(u"ld.token"_s, m_env.value(u"FLAGBRIDGE_LD_TOKEN"_s).toUtf8());
        QProcess add;
        add.setProcessEnvironment(m_bare);
        add.setStandardInputFile(ghlToken);
        add.start(qEnvironmentVariable("FLAGBRIDGE_CLI"),
                  {u"connections"_s, u"add"_s, u"highlevel"_s, u"--name"_s, u"demo-highlevel"_s, u"--location"_s,
                   m_env.value(u"FLAGBRIDGE_GHL_LOCATION"_s), u"--url"_s, m_env.value(u"FLAGBRIDGE_GHL_BASE_URL"_s), u"--unencrypted"_s});
        QVERIFY(add.waitForFinished(30000));
        QVERIFY2(add.exitCode() == 0, add.readAllStandardError().constData());
        add.setStandardInputFile(ldToken);
        add.start(qEnvironmentVariable("FLAGBRIDGE_CLI"),
                  {u"connections"_s, u"add"_s, u"launchdarkly"_s, u"--name"_s, u"demo-launchdarkly"_s, u"--project"_s,
                   m_env.value(u"FLAGBRIDGE_LD_PROJECT"_s), u"--env"_s, m_env.value(u"FLAGBRIDGE_LD_ENV"_s), u"--instance"_s,
                   m_env.value(u"FLAGBRIDGE_LD_BASE_URL"_s), u"--unencrypted"_s});
        QVERIFY(add.waitForFinished(30000));
        QVERIFY2(add.exitCode() == 0, add.readAllStandardError().constData());

        const Run r = cli({u"mapping"_s, u"validate"_s, write(u"broken.flagbridge.json"_s, brokenMapping())}, m_bare);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains(u"Checked against the connections"_s), qPrintable(r.out));
        QVERIFY2(r.out.contains(u"$.bindings[0].target.segment: "_s), qPrintable(r.out));

        QProcess remove;
        remove.setProcessEnvironment(m_bare);
        for (const QString &name : {u"demo-highlevel"_s, u"demo-launchdarkly"_s}) {
            remove.start(qEnvironmentVariable("FLAGBRIDGE_CLI"), {u"connections"_s, u"remove"_s, name});
            QVERIFY(remove.waitForFinished(30000));
            QCOMPARE(remove.exitCode(), 0);
        }
    }

    void refusedTokenIsARemoteError()
    {
        QProcessEnvironment env = m_env;
        env.insert(u"FLAGBRIDGE_LD_TOKEN"_s, u"api-not-a-token"_s);
        const Run r = cli({u"mapping"_s, u"validate"_s, demoMapping()}, env);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(u"Not checked: "_s), qPrintable(r.err));
        QVERIFY2(r.err.contains(u"401"_s), qPrintable(r.err));
        QVERIFY(!r.err.contains(u"api-not-a-token"_s));
    }

    void unreadableFileNamesTheProblem()
    {
        const QString path = write(u"truncated.flagbridge.json"_s, json("{'version':2,'connections':{'highlevel':'a'"));
        const Run r = cli({u"mapping"_s, u"validate"_s, path});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.startsWith(u"$: not valid JSON at line 1"_s), qPrintable(r.out));
        QVERIFY2(r.out.contains(u"Checked the structure only: the file cannot be read as a mapping"_s), qPrintable(r.out));

        const QString wrongType = write(u"wrong-type.flagbridge.json"_s, json("{'version':2,\n"
                                                           " 'connections':{'highlevel':'a','launchdarkly':'b'},\n"
                                                           " 'bindings':[{'id':'x','name':'n','kind':'segment','enabled':'yes','target':{'segment':'s'}}]}"));
        const Run typed = cli({u"mapping"_s, u"validate"_s, wrongType});
        QCOMPARE(typed.exitCode, 1);
        QVERIFY2(typed.out.contains(u"$.bindings[0].enabled: must be true or false"_s), qPrintable(typed.out));

        const Run missing = cli({u"mapping"_s, u"validate"_s, m_files.filePath(u"nope.json"_s)});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY(missing.out.contains(u"cannot open"_s));
    }

    void formatRewritesCanonically()
    {
        // Version 1, keys in any order, one line, and a field this FlagBridge does not know.
        const QByteArray v1 = json("{'bindings':[{'segment':'vip-customers','name':'VIP','kind':'segment','id':'vip',"
                              "'selector':{'predicates':[{'type':'tags','tags':['vip']}]},'reviewer':'ana'}],"
                              "'version':1,'connections':{'launchdarkly':'l','highlevel':'h'}}");
        const QString path = write(u"v1.flagbridge.json"_s, v1);
        const Run check = cli({u"mapping"_s, u"format"_s, path, u"--check"_s}, m_bare);
        QCOMPARE(check.exitCode, 1);
        QCOMPARE(read(path), v1);

        const Run r = cli({u"mapping"_s, u"format"_s, path}, m_bare);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(u"migrated from format 1 to 2"_s), qPrintable(r.out));
        const QByteArray formatted = read(path);
        QVERIFY(formatted != v1);
        const QJsonObject root = QJsonDocument::fromJson(formatted).object();
        QCOMPARE(root.value("version"_L1).toInt(), 2);
        const QJsonObject binding = root.value("bindings"_L1).toArray().first().toObject();
        QCOMPARE(binding.value("target"_L1).toObject().value("segment"_L1).toString(), u"vip-customers"_s);
        QCOMPARE(binding.value("reviewer"_L1).toString(), u"ana"_s); // kept
        // Canonical: indented, keys sorted (QJsonDocument's order).
        QVERIFY(formatted.startsWith("{\n    \"bindings\": [\n"));
        QCOMPARE(formatted, QJsonDocument(root).toJson(QJsonDocument::Indented));

        // A second run finds nothing to do and leaves the file alone.
        const Run again = cli({u"mapping"_s, u"format"_s, path}, m_bare);
        QCOMPARE(again.exitCode, 0);
        QVERIFY2(again.out.contains(u"already in canonical form"_s), qPrintable(again.out));
        QCOMPARE(read(path), formatted);
        QCOMPARE(cli({u"mapping"_s, u"format"_s, path, u"--check"_s}, m_bare).exitCode, 0);
        QCOMPARE(cli({u"mapping"_s, u"format"_s, demoMapping(), u"--check"_s}, m_bare).exitCode, 0);
    }

    void formatNeverTouchesABrokenFile()
    {
        const QByteArray bytes = json("{'version':2,'connections':{'highlevel':'h','launchdarkly':'l'},"
                                 "'bindings':[{'id':'x','name':'n','kind':'segmnt','target':{'segment':'s'}}], 'note': 1}");
        const QString path = write(u"typo.flagbridge.json"_s, bytes);
        const QByteArray before = QCryptographicHash::hash(read(path), QCryptographicHash::Sha256);
        const Run r = cli({u"mapping"_s, u"format"_s, path}, m_bare);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(u"was left unchanged"_s), qPrintable(r.err));
        QVERIFY2(r.err.contains(u"$.bindings[0].kind: "_s), qPrintable(r.err));
        QCOMPARE(QCryptographicHash::hash(read(path), QCryptographicHash::Sha256), before);

        const QString newer = write(u"newer.flagbridge.json"_s, json("{'version':9,'bindings':[]}"));
        const Run future = cli({u"mapping"_s, u"format"_s, newer}, m_bare);
        QCOMPARE(future.exitCode, 1);
        QVERIFY2(future.err.contains(u"$.version: this file was written by a newer FlagBridge"_s), qPrintable(future.err));
        QCOMPARE(read(newer), json("{'version':9,'bindings':[]}"));
    }
};

QTEST_GUILESS_MAIN(tst_CliMapping)
#include "tst_cli_mapping.moc"
