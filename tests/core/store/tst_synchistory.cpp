#include "store/LocalDatabase.h"
#include "store/SyncHistory.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTimeZone>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

const QDateTime kNow(QDate(2024, 6, 1), QTime(12, 0), QTimeZone::utc());

SyncReport makeReport(const QString &mapping, SyncReport::Outcome outcome, const QDateTime &started, bool dryRun = false)
{
    SyncReport r;
    r.mappingName = mapping;
    r.outcome = outcome;
    r.dryRun = dryRun;
    r.applied = !dryRun && outcome == SyncReport::Outcome::Success;
    r.startedAt = started;
    r.finishedAt = started.addMSecs(2500);
    SyncReport::BindingResult b;
    b.id = u"b1"_s;
    b.name = u"VIP contacts"_s;
    b.target = u"segment vip-customers"_s;
    b.plannedAdds = 40;
    b.plannedRemoves = 2;
    b.skipped = 3;
    if (!dryRun) {
        b.added = 40;
        b.removed = 2;
    }
    if (outcome == SyncReport::Outcome::Partial || outcome == SyncReport::Outcome::Failed) {
        b.failures << u"HTTP 403: token lacks writer role"_s;
        r.error = u"HTTP 403: token lacks writer role"_s;
    }
    r.bindings << b;
    r.highLevelRequests.total = 5;
    r.highLevelRequests.reads = 5;
    r.launchDarklyRequests.total = 2;
    r.launchDarklyRequests.reads = 1;
    r.launchDarklyRequests.writes = 1;
    return r;
}

} // namespace

class tst_SyncHistory : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<LocalDatabase> m_db;

    qint64 record(const SyncReport &r, const QString &path = u"/home/ada/growth.flagbridge.json"_s)
    {
        QString error;
        const qint64 id = SyncHistory(m_db.get()).record(r, path, &error);
        if (id <= 0)
            qWarning("record failed: %s", qPrintable(error));
        return id;
    }

    static QList<qint64> ids(const QList<SyncHistory::Entry> &entries)
    {
        QList<qint64> out;
        for (const SyncHistory::Entry &e : entries)
            out << e.id;
        return out;
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        static int n = 0;
        m_db = std::make_unique<LocalDatabase>(m_dir.filePath(u"history-%1.sqlite"_s.arg(++n)));
        QString error;
        QVERIFY2(m_db->open(&error), qPrintable(error));
    }

    void cleanup() { m_db.reset(); }

    void recordKeepsWhatTheListShows()
    {
        const SyncReport r = makeReport(u"Growth"_s, SyncReport::Outcome::Partial, kNow.addSecs(-60));
        const qint64 id = record(r);
        QVERIFY(id > 0);
        const QList<SyncHistory::Entry> list = SyncHistory(m_db.get()).entries();
        QCOMPARE(list.size(), 1);
        const SyncHistory::Entry &e = list.first();
        QCOMPARE(e.id, id);
        QCOMPARE(e.startedAt, kNow.addSecs(-60));
        QCOMPARE(e.durationMs(), 2500);
        QCOMPARE(e.mappingName, u"Growth"_s);
        QCOMPARE(e.mappingPath, u"/home/ada/growth.flagbridge.json"_s);
        QCOMPARE(e.dryRun, false);
        QCOMPARE(e.outcome, u"partial"_s);
        QCOMPARE(e.added, 40);
        QCOMPARE(e.removed, 2);
        QCOMPARE(e.skipped, 3);
        QCOMPARE(e.requests, 7);
        QCOMPARE(e.error, u"HTTP 403: token lacks writer role"_s);
        QVERIFY(e.reportError.isEmpty());

        const std::optional<SyncHistory::Entry> one = SyncHistory(m_db.get()).entry(id);
        QVERIFY(one);
        const SyncReport back = one->toReport();
        QCOMPARE(back.bindings.size(), 1);
        QCOMPARE(back.bindings.first().failures, QStringList{u"HTTP 403: token lacks writer role"_s});
        QCOMPARE(back.requests().writes, 1);
        QCOMPARE(back.launchDarklyRequests.total, 2);

        const QJsonObject json = e.toJson();
        QCOMPARE(json.value("outcome"_L1).toString(), u"partial"_s);
        QCOMPARE(json.value("durationMs"_L1).toInteger(), 2500);
        QCOMPARE(json.value("startedAt"_L1).toString(), u"2024-06-01T11:59:00.000Z"_s);
    }

    void timesAreStoredInUtcWhateverZoneTheReportUsed()
    {
        const QDateTime berlin = kNow.toTimeZone(QTimeZone(2 * 3600));
        QVERIFY(berlin.isValid());
        record(makeReport(u"Growth"_s, SyncReport::Outcome::Success, berlin));
        QSqlQuery q(m_db->database());
        QVERIFY(q.exec(u"SELECT started_at FROM sync_runs"_s) && q.next());
        QCOMPARE(q.value(0).toString(), u"2024-06-01T12:00:00.000Z"_s);
    }

    void listsNewestFirstWithFiltersAndPages()
    {
        SyncHistory history(m_db.get());
        // Recorded out of order: the list goes by when a run started.
        const qint64 old = record(makeReport(u"Growth"_s, SyncReport::Outcome::Success, kNow.addDays(-40)));
        const qint64 failed = record(makeReport(u"Growth"_s, SyncReport::Outcome::Failed, kNow.addDays(-1)));
        const qint64 dry = record(makeReport(u"Beta testers"_s, SyncReport::Outcome::Success, kNow.addSecs(-3600), true));
        const qint64 partial = record(makeReport(u"Beta testers"_s, SyncReport::Outcome::Partial, kNow.addDays(-3)));
        const qint64 newest = record(makeReport(u"Growth"_s, SyncReport::Outcome::NothingToDo, kNow.addSecs(-60)));

        QCOMPARE(ids(history.entries()), (QList<qint64>{newest, dry, failed, partial, old}));

        SyncHistory::Query q;
        q.mappingName = u"Growth"_s;
        QCOMPARE(ids(history.entries(q)), (QList<qint64>{newest, failed, old}));
        QCOMPARE(history.count(q), 3);

        q = {};
        q.outcomes = {u"failed"_s, u"partial"_s};
        QCOMPARE(ids(history.entries(q)), (QList<qint64>{failed, partial}));

        q = {};
        q.since = kNow.addDays(-2);
        QCOMPARE(ids(history.entries(q)), (QList<qint64>{newest, dry, failed}));

        q.dryRun = true;
        QCOMPARE(ids(history.entries(q)), QList<qint64>{dry});
        const SyncHistory::Entry dryEntry = history.entries(q).first();
        QCOMPARE(dryEntry.added, 0);
        QCOMPARE(dryEntry.toReport().plannedAdds(), 40);

        q = {};
        q.limit = 2;
        q.offset = 2;
        QCOMPARE(ids(history.entries(q)), (QList<qint64>{failed, partial}));
        QCOMPARE(history.count(q), 5);
        q.offset = 4;
        QCOMPARE(ids(history.entries(q)), QList<qint64>{old});

        QCOMPARE(history.mappingNames(), (QStringList{u"Beta testers"_s, u"Growth"_s}));
        // The list of the alerts and the dashboard (entries(limit)) goes on working.
        QCOMPARE(ids(history.entries(2)), (QList<qint64>{newest, dry}));
    }

    void unknownRunIsAClearError()
    {
        QString error;
        QVERIFY(!SyncHistory(m_db.get()).entry(4242, &error));
        QCOMPARE(error, u"There is no sync run 4242 in the history."_s);
    }

    void retentionRemovesOnlyOlderRuns()
    {
        SyncHistory history(m_db.get());
        record(makeReport(u"Growth"_s, SyncReport::Outcome::Success, kNow.addDays(-400)));
        record(makeReport(u"Growth"_s, SyncReport::Outcome::Success, kNow.addDays(-31)));
        const qint64 edge = record(makeReport(u"Growth"_s, SyncReport::Outcome::Success, kNow.addDays(-30).addSecs(60)));
        const qint64 recent = record(makeReport(u"Growth"_s, SyncReport::Outcome::Failed, kNow.addSecs(-5)));
        const QString before = history.revision();
        QString error;
        QCOMPARE(history.removeOlderThan(30, &error, kNow), 2);
        QVERIFY(error.isEmpty());
        QCOMPARE(ids(history.entries()), (QList<qint64>{recent, edge}));
        QVERIFY(history.revision() != before);
        QCOMPARE(history.removeOlderThan(30, &error, kNow), 0);
        QCOMPARE(history.removeOlderThan(0, &error, kNow.addSecs(1)), 2);
        QVERIFY(history.entries().isEmpty());
    }

    void revisionChangesWhenARunIsRecorded()
    {
        SyncHistory history(m_db.get());
        const QString empty = history.revision();
        QVERIFY(!empty.isEmpty());
        record(makeReport(u"Growth"_s, SyncReport::Outcome::Success, kNow));
        QVERIFY(history.revision() != empty);
    }

    void damagedReportShowsAMessageNotACrash()
    {
        const qint64 good = record(makeReport(u"Growth"_s, SyncReport::Outcome::Success, kNow.addSecs(-120)));
        const qint64 broken = record(makeReport(u"Growth"_s, SyncReport::Outcome::Partial, kNow.addSecs(-60)));
        const qint64 missing = record(makeReport(u"Growth"_s, SyncReport::Outcome::Failed, kNow.addSecs(-30)));
        QSqlQuery q(m_db->database());
        q.prepare(u"UPDATE sync_runs SET report = ? WHERE id = ?"_s);
        q.addBindValue(u"{\"applied\": false, \"bindings\": [{\"name\": \"VIP"_s); // cut short, as a full disk would
        q.addBindValue(broken);
        QVERIFY(q.exec());
        QVERIFY(q.exec(u"UPDATE sync_runs SET report = NULL WHERE id = %1"_s.arg(missing)));

        SyncHistory history(m_db.get());
        const QList<SyncHistory::Entry> list = history.entries();
        QCOMPARE(ids(list), (QList<qint64>{missing, broken, good}));

        const SyncHistory::Entry &b = list.at(1);
        QVERIFY(b.report.isEmpty());
        QVERIFY2(b.reportError.contains(u"report of run %1 is damaged"_s.arg(broken)), qPrintable(b.reportError));
        QVERIFY2(b.reportError.contains(u"only the figures in the list are known"_s), qPrintable(b.reportError));
        // The columns still stand.
        QCOMPARE(b.outcome, u"partial"_s);
        QCOMPARE(b.added, 40);
        const SyncReport r = b.toReport();
        QCOMPARE(r.outcome, SyncReport::Outcome::Partial);
        QCOMPARE(r.mappingName, u"Growth"_s);
        QVERIFY(r.bindings.isEmpty());
        QCOMPARE(b.toJson().value("reportError"_L1).toString(), b.reportError);

        QVERIFY(list.at(0).reportError.startsWith(u"No report was kept for this run"_s));
        QVERIFY(list.at(2).reportError.isEmpty());
        QCOMPARE(history.entry(broken)->reportError, b.reportError);
    }
};

QTEST_GUILESS_MAIN(tst_SyncHistory)
#include "tst_synchistory.moc"
