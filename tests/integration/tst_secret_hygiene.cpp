#include "SandboxFixture.h"

#include "common/SecretRedactor.h"
#include "mapping/MappingFile.h"
#include "store/ConnectionStore.h"
#include "store/CredentialStore.h"
#include "store/SyncHistory.h"

#include <QDirIterator>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QMutex>

using namespace Qt::StringLiterals;

namespace {
QMutex s_logMutex;
QStringList s_log;
QtMessageHandler s_chained = nullptr;
void capture(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        QMutexLocker lock(&s_logMutex);
        s_log.append(message);
    }
    if (s_chained)
        s_chained(type, context, message);
}
} // namespace

// Nothing FlagBridge writes contains a token: not the settings, not the local database (ledger,
// history), not a mapping, not an exported report, not a log line. Drives every writer with
// real tokens, then reads back every file in the data and config folders.
class tst_SecretHygiene : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;

    QStringList filesContaining(const QByteArray &needle)
    {
        QStringList hits;
        QDirIterator it(m_home.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            if (f.open(QIODevice::ReadOnly) && f.readAll().contains(needle))
                hits.append(f.fileName());
        }
        return hits;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        // Everything the app writes goes under this folder (QSettings reads XDG_CONFIG_HOME
        // on first use, which is after this point).
        qputenv("XDG_CONFIG_HOME", m_home.filePath(u"config"_s).toUtf8());
        qputenv("FLAGBRIDGE_DATA_DIR", m_home.filePath(u"data"_s).toUtf8());
        QCoreApplication::setOrganizationName(u"FlagBridge-tests"_s);
        QCoreApplication::setApplicationName(u"SecretHygiene"_s);
        QLoggingCategory::setFilterRules(u"flagbridge.*.debug=true"_s);
        // The capture sits where stderr would: behind the redacting handler, as in the apps.
        s_chained = qInstallMessageHandler(capture);
        SecretRedactor::installMessageHandler();
    }

    void noWrittenFileOrLogLineHoldsAToken()
    {
        SandboxFixture f;
        QVERIFY(f.started);
        const QByteArray ghlToken = f.ghl.token.toUtf8();
        const QByteArray ldToken = f.ld.token.toUtf8();

        // 1. Connections: the profile in QSettings, the token in the keychain.
        CredentialStore credentials(u"FlagBridge-tests"_s);
        ConnectionStore store(&credentials);
        ConnectionProfile ghl;
        ghl.id = u"hygiene-ghl"_s;
        ghl.name = u"Hygiene"_s;
        ghl.locationId = f.ghl.locationId;
        ghl.baseUrl = f.ghl.baseUrl;
        CredentialStore::Outcome saved;
        bool done = false;
        store.save(ghl, {{ConnectionProfile::kToken, f.ghl.token}}, this, [&](const CredentialStore::Outcome &o) {
            saved = o;
            done = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(done, 20000);
        if (saved.status == CredentialStore::Status::NoBackend || saved.status == CredentialStore::Status::Failed) {
            if (qEnvironmentVariableIntValue("FLAGBRIDGE_REQUIRE_KEYCHAIN"))
                QFAIL(qPrintable(saved.message));
            QSKIP(qPrintable(u"no keychain here (run the tests with scripts/test): "_s + saved.message));
        }
        QVERIFY2(saved.ok(), qPrintable(saved.message));

        // 2. A sync: ledger and history in the local database (in FLAGBRIDGE_DATA_DIR here).
        LocalDatabase db(LocalDatabase::defaultPath());
        QString error;
        QVERIFY2(db.open(&error), qPrintable(error));
        Mapping m;
        m.name = u"hygiene"_s;
        m.highLevelConnection = ghl.id;
        m.launchDarklyConnection = u"hygiene-ld"_s;
        Binding b;
        b.id = u"vip"_s;
        b.name = u"VIP"_s;
        b.segmentKey = u"vip-customers"_s;
        SelectorPredicate p;
        p.tags = {u"vip"_s};
        b.selector.predicates = {p};
        m.bindings = {b};
        SyncRun run(f.highLevel.get(), f.launchDarkly.get(), &db, m);
        connect(&run, &SyncRun::planned, &run, &SyncRun::apply);
        run.startPlanning();
        QTRY_VERIFY_WITH_TIMEOUT(run.state() == SyncRun::State::Finished, 60000);
        QCOMPARE(run.report().outcome, SyncReport::Outcome::Success);
        QCOMPARE(SyncHistory(&db).entries().size(), 1);

        // 3. A mapping file and an exported report.
        QVERIFY(MappingFile::save(m_home.filePath(u"data/hygiene.flagbridge.json"_s), m, &error));
        QFile report(m_home.filePath(u"data/report.json"_s));
        QVERIFY(report.open(QIODevice::WriteOnly));
        report.write(QJsonDocument(run.report().toJson()).toJson());
        report.close();

        // 4. Failures, whose messages end up on screen and in logs.
        HighLevelConnection refused = f.ghl;
        refused.token = f.ghl.token + u"-revoked"_s;
        HighLevelClient bad(refused);
        auto r = SandboxFixture::wait<Contact>([&](QObject *ctx, Callback<Contact> cb) { bad.getContact(u"x"_s, ctx, cb); });
        QCOMPARE(r.error().httpStatus(), 401);
        QVERIFY(!r.error().message().contains(f.ghl.token));
        qWarning("%s", qPrintable(u"a log line that mentions the token by mistake: "_s + f.ghl.token));

        QVERIFY2(filesContaining(ghlToken).isEmpty(), qPrintable(filesContaining(ghlToken).join(u", "_s)));
        QVERIFY2(filesContaining(ldToken).isEmpty(), qPrintable(filesContaining(ldToken).join(u", "_s)));
        // The scan can find things: the settings file is there and names the profile.
        QVERIFY(!filesContaining("Hygiene").isEmpty());
        {
            QMutexLocker lock(&s_logMutex);
            QVERIFY(!s_log.isEmpty());
            for (const QString &line : std::as_const(s_log)) {
                QVERIFY2(!line.contains(f.ghl.token) && !line.contains(f.ld.token), qPrintable(line));
            }
            QVERIFY(s_log.join(u'\n').contains(u"mentions the token by mistake: ***"_s));
        }
        done = false;
        store.remove(ghl.id, this, [&](const CredentialStore::Outcome &) { done = true; });
        QTRY_VERIFY(done);
    }
};

QTEST_GUILESS_MAIN(tst_SecretHygiene)
#include "tst_secret_hygiene.moc"
