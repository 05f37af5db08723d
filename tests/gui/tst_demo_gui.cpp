#include "DemoWorkspace.h"
#include "SandboxThread.h"
#include "Sandbox.h"
#include "FakeHighLevel.h"

#include "MainWindow.h"
#include "Workspace.h"
#include "common/MessageBar.h"
#include "contacts/ContactDetailView.h"
#include "contacts/ContactListModel.h"
#include "contacts/ContactsPane.h"
#include "launchdarkly/LaunchDarklyPane.h"
#include "mapping/MappingPane.h"
#include "sync/SyncDialog.h"

#include "ghl/HighLevelClient.h"
#include "mapping/MappingFile.h"
#include "sync/SyncRun.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QStandardPaths>
#include <QTreeWidget>

using namespace Qt::StringLiterals;

// The whole window on the demo workspace, driven as a user would: search, open a contact, add a
// tag, run the demo mapping's sync and see the segment's members.
class tst_DemoGui : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<DemoWorkspace> m_demo;
    std::unique_ptr<Workspace> m_workspace;
    std::unique_ptr<MainWindow> m_window;

    ContactsPane *contacts() const { return m_window->contactsPane(); }

    int vipCount()
    {
        ContactQuery q;
        q.allTags = {u"vip"_s};
        int total = -1;
        QObject ctx;
        m_workspace->highLevel()->searchContacts(q, {}, 1, &ctx, [&](const Result<ContactPage> &r) { total = r.isOk() ? r.value().total : -2; });
        [&] { QTRY_VERIFY(total != -1); }();
        return total;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_demo = std::make_unique<DemoWorkspace>();
        QString error;
        QVERIFY2(m_demo->start(&error), qPrintable(error));
        m_workspace = std::make_unique<Workspace>(m_demo->highLevelConnection(), m_demo->launchDarklyConnection(), m_demo->databasePath());
        m_workspace->setDemo(true);
        QVERIFY2(m_workspace->openDatabase(&error), qPrintable(error));
        m_window = std::make_unique<MainWindow>(m_workspace.get());
        new QAbstractItemModelTester(contacts()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest, this);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void loadsTheFirstPageOfContacts()
    {
        QTRY_COMPARE_WITH_TIMEOUT(contacts()->model()->rowCount(), ContactListModel::kPageSize, 20000);
        QCOMPARE(contacts()->model()->total(), 2500);
        QVERIFY(contacts()->model()->canFetchMore({}) || contacts()->model()->isLoading());
        // Scrolling to the end fetches the next page.
        contacts()->table()->scrollToBottom();
        QTRY_VERIFY_WITH_TIMEOUT(contacts()->model()->rowCount() >= 2 * ContactListModel::kPageSize, 20000);
    }

    void searchNarrowsTheTable()
    {
        QLineEdit *search = contacts()->searchField();
        QTest::keyClicks(search, u"schmidt"_s);
        QTRY_VERIFY_WITH_TIMEOUT(contacts()->model()->total() > 0 && contacts()->model()->total() < 2500, 20000);
        for (int row = 0; row < contacts()->model()->rowCount(); ++row) {
            const Contact &c = contacts()->model()->contactAt(row);
            const QString haystack = (c.displayName() + c.email + c.companyName + c.phone).toLower();
            QVERIFY2(haystack.contains(u"schmidt"_s), qPrintable(haystack));
        }
        search->clear();
        QTRY_COMPARE_WITH_TIMEOUT(contacts()->model()->total(), 2500, 20000);
    }

    void opensAContactWithItsDetails()
    {
        QTRY_VERIFY_WITH_TIMEOUT(contacts()->model()->rowCount() > 10, 20000);
        // Pick a contact that has tasks and notes, as a user scanning the table would.
        QTableView *table = contacts()->table();
        table->setFocus();
        table->selectRow(3);
        ContactDetailView *detail = contacts()->detail();
        const Contact chosen = contacts()->model()->contactAt(3);
        QTRY_COMPARE_WITH_TIMEOUT(detail->contactId(), chosen.id, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!detail->isLoading(), 10000);
        auto *name = detail->findChild<QLabel *>(u"contactName"_s);
        QVERIFY(name);
        QCOMPARE(name->text(), chosen.displayName());
        auto *tasks = detail->findChild<QTreeWidget *>(u"taskList"_s);
        QVERIFY(tasks);
    }

    void addsATagToTheOpenContact()
    {
        ContactDetailView *detail = contacts()->detail();
        const QString id = detail->contactId();
        QVERIFY(!id.isEmpty());
        QTest::keyClicks(detail->tagInput(), u"GUI-Test"_s);
        QTest::keyClick(detail->tagInput(), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(detail->contact().hasTag(u"gui-test"_s), 10000);
        QVERIFY(detail->tagInput()->text().isEmpty());
        const int row = contacts()->model()->rowOf(id);
        QVERIFY(row >= 0);
        QVERIFY(contacts()->model()->contactAt(row).hasTag(u"gui-test"_s));
    }

    void failedTagEditKeepsTheInputAndShowsTheMessage()
    {
        ContactDetailView *detail = contacts()->detail();
        SandboxFault fault;
        fault.kind = SandboxFault::Kind::Status;
        fault.status = 422;
        fault.route = u"/contacts/{contactId}/tags"_s;
        fault.body = R"({"statusCode":422,"message":["tags must be shorter than 100 characters"],"error":"Unprocessable Entity"})";
        m_demo->sandbox()->runInSandbox([fault](Sandbox &s) { s.highLevel()->addFault(fault); });
        QTest::keyClicks(detail->tagInput(), u"rejected-tag"_s);
        QTest::keyClick(detail->tagInput(), Qt::Key_Return);
        MessageBar *bar = m_window->messageBar();
        QTRY_VERIFY_WITH_TIMEOUT(bar->text().contains(u"tags must be shorter than 100 characters"_s), 10000);
        QCOMPARE(detail->tagInput()->text(), u"rejected-tag"_s);
        QVERIFY(!detail->contact().hasTag(u"rejected-tag"_s));
        detail->tagInput()->clear();
        bar->dismiss();
    }

    void demoMappingSyncsTheVipSegment()
    {
        QFile example(qEnvironmentVariable("FLAGBRIDGE_SOURCE_DIR") + u"/examples/demo.flagbridge.json"_s);
        QVERIFY(example.open(QIODevice::ReadOnly));
        const MappingFile::LoadResult loaded = MappingFile::parse(example.readAll());
        QVERIFY(loaded.ok());
        MappingPane *mapping = m_window->mappingPane();
        mapping->setMapping(loaded.mapping, QString());
        m_window->tabs()->setCurrentWidget(mapping);
        QCOMPARE(mapping->bindingList()->count(), 1);
        const int expected = vipCount();
        QVERIFY(expected > 0);
        // The live count under the tag picker shows the same number.
        QTRY_VERIFY_WITH_TIMEOUT(mapping->matchLabel()->text().contains(QString::number(expected)), 10000);

        QTest::mouseClick(mapping->syncButton(), Qt::LeftButton);
        auto *dialog = m_window->findChild<SyncDialog *>();
        QVERIFY(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->run() && dialog->run()->state() == SyncRun::State::Planned, 30000);
        QVERIFY2(dialog->summaryText().contains(u"To add: %1"_s.arg(expected)), qPrintable(dialog->summaryText()));
        QVERIFY(dialog->applyButton()->isEnabled());
        QTest::mouseClick(dialog->applyButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->run()->state() == SyncRun::State::Finished, 30000);
        QCOMPARE(dialog->run()->report().added(), expected);

        // The LaunchDarkly pane shows the segment with its new members.
        LaunchDarklyPane *ld = m_window->launchDarklyPane();
        QTRY_COMPARE_WITH_TIMEOUT(ld->memberList()->count(), expected, 20000);
        dialog->close();
    }
};

QTEST_MAIN(tst_DemoGui)
#include "tst_demo_gui.moc"
