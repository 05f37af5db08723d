#include "SandboxFixture.h"

#include "AppController.h"
#include "MainWindow.h"
#include "connections/ConnectionEditDialog.h"
#include "connections/ConnectionsDialog.h"
#include "contacts/ContactListModel.h"
#include "contacts/ContactsPane.h"

#include "store/ConnectionStore.h"
#include "store/CredentialStore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDirIterator>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTreeWidget>

using namespace Qt::StringLiterals;

// Setting up connections as a user does: type, test, save (the token goes to the keychain and
// nowhere else), open the workspace with them, delete them.
class tst_ConnectionsGui : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;
    std::unique_ptr<SandboxFixture> m_sandbox;
    CredentialStore m_credentials{u"FlagBridge-tests"_s};
    std::unique_ptr<ConnectionStore> m_store;

    ConnectionTester::Report testAndWait(ConnectionEditDialog &dialog)
    {
        QSignalSpy tested(&dialog, &ConnectionEditDialog::tested);
        QTest::mouseClick(dialog.findChild<QPushButton *>(u"test"_s), Qt::LeftButton);
        [&] { QTRY_COMPARE_WITH_TIMEOUT(tested.size(), 1, 20000); }();
        return tested.isEmpty() ? ConnectionTester::Report{} : tested.first().first().value<ConnectionTester::Report>();
    }

    QStringList rows(ConnectionEditDialog &dialog)
    {
        QStringList out;
        auto *checks = dialog.findChild<QTreeWidget *>(u"checks"_s);
        for (int i = 0; i < checks->topLevelItemCount(); ++i)
            out.append(checks->topLevelItem(i)->text(0) + u" = "_s + checks->topLevelItem(i)->text(1) + u" "_s + checks->topLevelItem(i)->text(2));
        return out;
    }

    ConnectionEditDialog *highLevelDialog(const QString &token)
    {
        ConnectionProfile p;
        p.service = ConnectionProfile::Service::HighLevel;
        p.id = ConnectionProfile::newId(p.service);
        p.baseUrl = m_sandbox->ghl.baseUrl;
        auto *dialog = new ConnectionEditDialog(m_store.get(), p, true);
        dialog->findChild<QLineEdit *>(u"name"_s)->setText(u"Main sub-account"_s);
        dialog->findChild<QLineEdit *>(u"locationId"_s)->setText(m_sandbox->ghl.locationId);
        QTest::keyClicks(dialog->findChild<QLineEdit *>(u"token"_s), token);
        return dialog;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        qputenv("XDG_CONFIG_HOME", m_home.filePath(u"config"_s).toUtf8());
        qputenv("FLAGBRIDGE_DATA_DIR", m_home.filePath(u"data"_s).toUtf8());
        QCoreApplication::setOrganizationName(u"FlagBridge-tests"_s);
        QCoreApplication::setApplicationName(u"ConnectionsGui"_s);
        qRegisterMetaType<ConnectionTester::Report>();
        m_sandbox = std::make_unique<SandboxFixture>();
        QVERIFY(m_sandbox->started);
        m_store = std::make_unique<ConnectionStore>(&m_credentials);
        CredentialStore::Outcome probe;
        bool done = false;
        m_credentials.write(u"probe"_s, u"x"_s, this, [&](const CredentialStore::Outcome &o) { probe = o; done = true; });
        QTRY_VERIFY_WITH_TIMEOUT(done, 20000);
        if (!probe.ok()) {
            if (qEnvironmentVariableIntValue("FLAGBRIDGE_REQUIRE_KEYCHAIN"))
                QFAIL(qPrintable(probe.message));
            QSKIP(qPrintable(u"no keychain here (run the tests with scripts/test): "_s + probe.message));
        }
    }

    void testingAGoodTokenReportsEachPermission()
    {
        std::unique_ptr<ConnectionEditDialog> dialog(highLevelDialog(m_sandbox->ghl.token));
        dialog->show();
        const ConnectionTester::Report report = testAndWait(*dialog);
        QVERIFY(report.tokenWorks);
        const QStringList r = rows(*dialog);
        QCOMPARE(r.size(), 6);
        for (const QString &row : r)
            QVERIFY2(row.contains(u" = OK"_s), qPrintable(row));
        QVERIFY2(r.first().contains(u"2,500 contacts"_s) || r.first().contains(u"2500 contacts"_s), qPrintable(r.first()));
    }

    void aReadOnlyTokenSaysWhatItDisables()
    {
        QString readOnly;
        m_sandbox->thread.runInSandbox([&](Sandbox &s) {
            readOnly = s.highLevel()->addToken(m_sandbox->ghl.locationId, {u"contacts.readonly"_s});
        });
        std::unique_ptr<ConnectionEditDialog> dialog(highLevelDialog(readOnly));
        const ConnectionTester::Report report = testAndWait(*dialog);
        QVERIFY(report.tokenWorks);
        const QString all = rows(*dialog).join(u'\n');
        QVERIFY2(all.contains(u"Change contacts (contacts.write) = Missing Without it: tag, task and note edits"_s), qPrintable(all));
        // FLAGBRIDGE_SCREENSHOT_DIR keeps a picture of the dialog, to look at.
        if (const QString dir = qEnvironmentVariable("FLAGBRIDGE_SCREENSHOT_DIR"); !dir.isEmpty()) {
            dialog->show();
            dialog->resize(760, 620);
            QTest::qWait(100);
            dialog->grab().save(dir + u"/connection-test.png"_s);
        }
        QVERIFY2(all.contains(u"User names (users.readonly) = Missing Without it: assignees are shown by id"_s), qPrintable(all));
    }

    void aWrongTokenIsRefusedWithAHint()
    {
        std::unique_ptr<ConnectionEditDialog> dialog(highLevelDialog(u"not-the-token"_s));
        const ConnectionTester::Report report = testAndWait(*dialog);
        QVERIFY(!report.tokenWorks);
        QVERIFY2(dialog->testSummary().contains(u"Private Integration Token"_s), qPrintable(dialog->testSummary()));
    }

    void savingPutsTheTokenInTheKeychainOnly()
    {
        std::unique_ptr<ConnectionEditDialog> dialog(highLevelDialog(m_sandbox->ghl.token));
        QSignalSpy saved(dialog.get(), &ConnectionEditDialog::saved);
        dialog->show();
        QTest::mouseClick(dialog->findChild<QDialogButtonBox *>(u"buttons"_s)->button(QDialogButtonBox::Save), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 20000);
        const auto stored = m_store->find(u"Main sub-account"_s, ConnectionProfile::Service::HighLevel);
        QVERIFY(stored);
        QCOMPARE(stored->locationId, m_sandbox->ghl.locationId);
        QString secret;
        bool done = false;
        m_store->readSecrets(*stored, this, [&](const QHash<QString, QString> &s, const CredentialStore::Outcome &o) {
            QVERIFY(o.ok());
            secret = s.value(ConnectionProfile::kToken);
            done = true;
        });
        QTRY_VERIFY(done);
        QCOMPARE(secret, m_sandbox->ghl.token);
        QDirIterator it(m_home.path(), QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY2(!f.readAll().contains(m_sandbox->ghl.token.toUtf8()), qPrintable(f.fileName()));
        }
    }

    void launchDarklyTestFillsProjectsAndOpensTheWorkspace()
    {
        ConnectionProfile p;
        p.service = ConnectionProfile::Service::LaunchDarkly;
        p.id = ConnectionProfile::newId(p.service);
        p.instance = LaunchDarklyConnection::Instance::Custom;
        p.baseUrl = m_sandbox->ld.baseUrl;
        p.projectKey = u"demo-app"_s;
        p.environmentKey = u"production"_s;
        ConnectionEditDialog dialog(m_store.get(), p, true);
        dialog.findChild<QLineEdit *>(u"name"_s)->setText(u"Sandbox LaunchDarkly"_s);
        QTest::keyClicks(dialog.findChild<QLineEdit *>(u"token"_s), m_sandbox->ld.token);
        const ConnectionTester::Report report = testAndWait(dialog);
        QVERIFY2(report.tokenWorks, qPrintable(report.summary));
        const QString all = rows(dialog).join(u'\n');
        QVERIFY2(all.contains(u"Environment \"production\" = OK"_s), qPrintable(all));
        auto *projects = dialog.findChild<QComboBox *>(u"project"_s);
        QTRY_VERIFY_WITH_TIMEOUT(projects->findData(u"demo-app"_s) >= 0, 10000);
        QSignalSpy saved(&dialog, &ConnectionEditDialog::saved);
        dialog.save();
        QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 20000);

        // Open the workspace with the two saved connections: tokens come from the keychain.
        AppController controller(m_store.get(), {});
        QSignalSpy ready(&controller, &AppController::windowReady);
        controller.openProfiles(m_store->find(u"Main sub-account"_s, ConnectionProfile::Service::HighLevel)->id,
                                m_store->find(u"Sandbox LaunchDarkly"_s, ConnectionProfile::Service::LaunchDarkly)->id);
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(controller.window()->contactsPane()->model()->rowCount() > 0, 20000);
    }

    void deletingAConnectionRemovesItsToken()
    {
        ConnectionsDialog dialog(m_store.get());
        QTRY_COMPARE(dialog.list()->topLevelItemCount(), 2);
        const auto p = m_store->find(u"Main sub-account"_s, ConnectionProfile::Service::HighLevel);
        QVERIFY(p);
        bool done = false;
        m_store->remove(p->id, this, [&](const CredentialStore::Outcome &o) {
            QVERIFY(o.ok());
            done = true;
        });
        QTRY_VERIFY(done);
        QTRY_COMPARE(dialog.list()->topLevelItemCount(), 1);
        CredentialStore::Outcome read;
        done = false;
        m_credentials.read(CredentialStore::keyFor(p->id, ConnectionProfile::kToken), this, [&](const CredentialStore::Outcome &o) {
            read = o;
            done = true;
        });
        QTRY_VERIFY(done);
        QCOMPARE(read.status, CredentialStore::Status::NotFound);
    }

    void cleanupTestCase()
    {
        if (!m_store)
            return;
        for (const ConnectionProfile &p : m_store->profiles()) {
            bool done = false;
            m_store->remove(p.id, this, [&](const CredentialStore::Outcome &) { done = true; });
            QTRY_VERIFY(done);
        }
    }
};

QTEST_MAIN(tst_ConnectionsGui)
#include "tst_connections_gui.moc"
