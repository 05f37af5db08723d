#include "store/CredentialStore.h"

#include <QDirIterator>
#include <QTest>

using namespace Qt::StringLiterals;

// No Secret Service at all (a headless Linux box): the user is told plainly, and nothing is
// written anywhere else. CTest runs this with a D-Bus address that leads nowhere.
class tst_CredentialStoreNoBackend : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void saysThereIsNoKeychainAndWritesNothingElsewhere()
    {
        CredentialStore store(u"FlagBridge-tests"_s);
        CredentialStore::Outcome outcome;
        bool done = false;
        store.write(CredentialStore::keyFor(u"nobackend"_s, u"token"_s), u"secret"_s, this, [&](const CredentialStore::Outcome &o) {
            outcome = o;
            done = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(done, 30000);
        QVERIFY(!outcome.ok());
        QVERIFY2(outcome.status == CredentialStore::Status::NoBackend || outcome.status == CredentialStore::Status::Failed,
                 qPrintable(outcome.message));
        QVERIFY2(outcome.message.contains(u"keychain"_s) || outcome.message.contains(u"password store"_s), qPrintable(outcome.message));
        // QtKeychain's own fallback would have written the secret into a settings file.
        const QString config = qEnvironmentVariable("XDG_CONFIG_HOME");
        if (!config.isEmpty()) {
            QDirIterator it(config, QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                QFile f(it.next());
                QVERIFY(f.open(QIODevice::ReadOnly));
                QVERIFY2(!f.readAll().contains("secret"), qPrintable(f.fileName()));
            }
        }
    }
};

QTEST_GUILESS_MAIN(tst_CredentialStoreNoBackend)
#include "tst_credentialstore_nobackend.moc"
