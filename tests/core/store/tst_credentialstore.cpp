#include "store/CredentialStore.h"

#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;

// The OS keychain, for real: under scripts/test this is GNOME Keyring on a private D-Bus session
// (dbus-run-session + gnome-keyring-daemon --unlock); never a plain-text fallback.
class tst_CredentialStore : public QObject
{
    Q_OBJECT

private:
    CredentialStore m_store{u"FlagBridge-tests"_s};
    QString m_prefix = u"test-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces).left(8);

    CredentialStore::Outcome run(std::function<void(CredentialStore::Done)> start)
    {
        CredentialStore::Outcome result;
        bool done = false;
        start([&](const CredentialStore::Outcome &o) {
            result = o;
            done = true;
        });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(done, 20000); }();
        return result;
    }

private Q_SLOTS:
    void initTestCase()
    {
        // Is there a Secret Service at all? A write tells.
        const auto probe = run([&](auto cb) { m_store.write(m_prefix + u"/probe"_s, u"x"_s, this, cb); });
        if (probe.status == CredentialStore::Status::NoBackend || probe.status == CredentialStore::Status::Failed) {
            if (qEnvironmentVariableIntValue("FLAGBRIDGE_REQUIRE_KEYCHAIN"))
                QFAIL(qPrintable(u"no usable keychain although the test command should have started one: "_s + probe.message));
            QSKIP(qPrintable(u"no keychain here (run the tests with scripts/test, which starts one): "_s + probe.message));
        }
        QVERIFY2(probe.ok(), qPrintable(probe.message));
    }

    void writeReadOverwriteRemove()
    {
        const QString key = CredentialStore::keyFor(m_prefix, u"token"_s);
        QVERIFY(key.contains(m_prefix));
        QVERIFY(run([&](auto cb) { m_store.write(key, u"secret-one"_s, this, cb); }).ok());
        auto read = run([&](auto cb) { m_store.read(key, this, cb); });
        QVERIFY2(read.ok(), qPrintable(read.message));
        QCOMPARE(read.secret, u"secret-one"_s);
        QVERIFY(run([&](auto cb) { m_store.write(key, u"secret-two ünïcødé"_s, this, cb); }).ok());
        QCOMPARE(run([&](auto cb) { m_store.read(key, this, cb); }).secret, u"secret-two ünïcødé"_s);
        QVERIFY(run([&](auto cb) { m_store.remove(key, this, cb); }).ok());
        const auto missing = run([&](auto cb) { m_store.read(key, this, cb); });
        QCOMPARE(missing.status, CredentialStore::Status::NotFound);
        QVERIFY(missing.secret.isEmpty());
        QVERIFY(!missing.message.isEmpty());
        // Removing again is fine: the entry is gone either way.
        QVERIFY(run([&](auto cb) { m_store.remove(key, this, cb); }).ok());
    }

    void jobsRunOneAtATimeInOrder()
    {
        const QString key = CredentialStore::keyFor(m_prefix, u"queued"_s);
        QStringList order;
        for (int i = 0; i < 10; ++i) {
            m_store.write(key, QString::number(i), this, [&order, i](const CredentialStore::Outcome &o) {
                order.append(o.ok() ? QString::number(i) : o.message);
            });
        }
        QString last;
        m_store.read(key, this, [&](const CredentialStore::Outcome &o) { last = o.secret; });
        QVERIFY(m_store.pendingJobs() >= 10);
        QTRY_VERIFY_WITH_TIMEOUT(!last.isEmpty(), 30000);
        QCOMPARE(order, (QStringList{u"0"_s, u"1"_s, u"2"_s, u"3"_s, u"4"_s, u"5"_s, u"6"_s, u"7"_s, u"8"_s, u"9"_s}));
        QCOMPARE(last, u"9"_s);
        run([&](auto cb) { m_store.remove(key, this, cb); });
    }

    void cleanupTestCase()
    {
        run([&](auto cb) { m_store.remove(m_prefix + u"/probe"_s, this, cb); });
    }
};

QTEST_GUILESS_MAIN(tst_CredentialStore)
#include "tst_credentialstore.moc"
