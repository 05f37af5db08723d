#include "SyncHistory.h"

#include "LocalDatabase.h"

#include "common/Json.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace {

const QString kColumns = u"id, started_at, finished_at, mapping_name, mapping_path, dry_run, outcome, added, removed, "
                         "skipped, requests, report"_s;

// Timestamps are stored as ISO 8601 text; julianday() compares them whatever zone suffix an
// older row carries.
const QString kNewestFirst = u" ORDER BY julianday(started_at) DESC, id DESC"_s;

SyncHistory::Entry readEntry(const QSqlQuery &q)
{
    SyncHistory::Entry e;
    e.id = q.value(0).toLongLong();
    e.startedAt = Json::dateTime(q.value(1).toString());
    e.finishedAt = Json::dateTime(q.value(2).toString());
    e.mappingName = q.value(3).toString();
    e.mappingPath = q.value(4).toString();
    e.dryRun = q.value(5).toInt() != 0;
    e.outcome = q.value(6).toString();
    e.added = q.value(7).toInt();
    e.removed = q.value(8).toInt();
    e.skipped = q.value(9).toInt();
    e.requests = q.value(10).toInt();
    const QByteArray report = q.value(11).toString().toUtf8();
    if (report.trimmed().isEmpty()) {
        e.reportError = SyncHistory::tr("No report was kept for this run; only the figures in the list are known.");
        return e;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(report, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        const QString why = parseError.error != QJsonParseError::NoError
            ? SyncHistory::tr("%1 at character %2").arg(parseError.errorString()).arg(parseError.offset)
            : SyncHistory::tr("not a JSON object");
        e.reportError = SyncHistory::tr("The stored report of run %1 is damaged (%2); only the figures in the list are known.")
                            .arg(e.id)
                            .arg(why);
        return e;
    }
    e.report = doc.object();
    e.error = Json::string(e.report, "error"_L1);
    return e;
}

bool fail(const QSqlQuery &q, QString *error)
{
    if (error)
        *error = q.lastError().text();
    return false;
}

// The WHERE clause of a query and its values, in order.
QString whereClause(const SyncHistory::Query &query, QVariantList *values)
{
    QStringList conditions;
    if (!query.mappingName.isEmpty()) {
        conditions << u"mapping_name = ?"_s;
        values->append(query.mappingName);
    }
    if (!query.outcomes.isEmpty()) {
        QStringList marks;
        for (const QString &o : query.outcomes) {
            marks << u"?"_s;
            values->append(o);
        }
        conditions << u"outcome IN (%1)"_s.arg(marks.join(u", "_s));
    }
    if (query.since.isValid()) {
        conditions << u"julianday(started_at) >= julianday(?)"_s;
        values->append(Json::isoUtc(query.since));
    }
    if (query.dryRun) {
        conditions << u"dry_run = ?"_s;
        values->append(*query.dryRun ? 1 : 0);
    }
    return conditions.isEmpty() ? QString() : u" WHERE "_s + conditions.join(u" AND "_s);
}

} // namespace

qint64 SyncHistory::Entry::durationMs() const
{
    if (!startedAt.isValid() || !finishedAt.isValid())
        return 0;
    return std::max<qint64>(0, startedAt.msecsTo(finishedAt));
}

SyncReport SyncHistory::Entry::toReport() const
{
    SyncReport r = SyncReport::fromJson(report);
    if (report.isEmpty()) {
        r.mappingName = mappingName;
        r.startedAt = startedAt;
        r.finishedAt = finishedAt;
        r.dryRun = dryRun;
        r.outcome = SyncReport::outcomeFromName(outcome).value_or(SyncReport::Outcome::Failed);
        r.error = error;
    }
    return r;
}

QJsonObject SyncHistory::Entry::toJson() const
{
    QJsonObject o{{"id"_L1, id},
                  {"startedAt"_L1, Json::isoUtc(startedAt)},
                  {"finishedAt"_L1, Json::isoUtc(finishedAt)},
                  {"durationMs"_L1, durationMs()},
                  {"mapping"_L1, mappingName},
                  {"mappingPath"_L1, mappingPath},
                  {"dryRun"_L1, dryRun},
                  {"outcome"_L1, outcome},
                  {"added"_L1, added},
                  {"removed"_L1, removed},
                  {"skipped"_L1, skipped},
                  {"requests"_L1, requests}};
    if (!error.isEmpty())
        o.insert("error"_L1, error);
    if (!reportError.isEmpty())
        o.insert("reportError"_L1, reportError);
    return o;
}

SyncHistory::SyncHistory(LocalDatabase *db)
    : m_db(db)
{
}

qint64 SyncHistory::record(const SyncReport &report, const QString &mappingPath, QString *error)
{
    // A run that failed before it started still happened now.
    const QDateTime started = report.startedAt.isValid() ? report.startedAt : QDateTime::currentDateTimeUtc();
    QSqlQuery q(m_db->database());
    q.prepare(u"INSERT INTO sync_runs (started_at, finished_at, mapping_name, mapping_path, dry_run, outcome, added, removed, skipped, requests, report) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    q.addBindValue(Json::isoUtc(started));
    q.addBindValue(report.finishedAt.isValid() ? QVariant(Json::isoUtc(report.finishedAt)) : QVariant());
    q.addBindValue(report.mappingName);
    q.addBindValue(mappingPath);
    q.addBindValue(report.dryRun ? 1 : 0);
    q.addBindValue(report.outcomeName());
    q.addBindValue(report.added());
    q.addBindValue(report.removed());
    q.addBindValue(report.skipped());
    q.addBindValue(report.requests().total);
    q.addBindValue(QString::fromUtf8(QJsonDocument(report.toJson()).toJson(QJsonDocument::Compact)));
    if (!q.exec()) {
        fail(q, error);
        return -1;
    }
    return q.lastInsertId().toLongLong();
}

QList<SyncHistory::Entry> SyncHistory::entries(int limit, QString *error) const
{
    Query query;
    query.limit = limit;
    return entries(query, error);
}

QList<SyncHistory::Entry> SyncHistory::entries(const Query &query, QString *error) const
{
    QList<Entry> out;
    QVariantList values;
    const QString where = whereClause(query, &values);
    QSqlQuery q(m_db->database());
    q.setForwardOnly(true);
    q.prepare(u"SELECT "_s + kColumns + u" FROM sync_runs"_s + where + kNewestFirst + u" LIMIT ? OFFSET ?"_s);
    for (const QVariant &v : std::as_const(values))
        q.addBindValue(v);
    q.addBindValue(query.limit < 0 ? -1 : query.limit);
    q.addBindValue(std::max(0, query.offset));
    if (!q.exec()) {
        fail(q, error);
        return out;
    }
    while (q.next())
        out.append(readEntry(q));
    return out;
}

int SyncHistory::count(const Query &query, QString *error) const
{
    QVariantList values;
    const QString where = whereClause(query, &values);
    QSqlQuery q(m_db->database());
    q.prepare(u"SELECT COUNT(*) FROM sync_runs"_s + where);
    for (const QVariant &v : std::as_const(values))
        q.addBindValue(v);
    if (!q.exec() || !q.next()) {
        fail(q, error);
        return 0;
    }
    return q.value(0).toInt();
}

std::optional<SyncHistory::Entry> SyncHistory::entry(qint64 id, QString *error) const
{
    QSqlQuery q(m_db->database());
    q.prepare(u"SELECT "_s + kColumns + u" FROM sync_runs WHERE id = ?"_s);
    q.addBindValue(id);
    if (!q.exec()) {
        fail(q, error);
        return std::nullopt;
    }
    if (!q.next()) {
        if (error)
            *error = tr("There is no sync run %1 in the history.").arg(id);
        return std::nullopt;
    }
    return readEntry(q);
}

QStringList SyncHistory::mappingNames(QString *error) const
{
    QStringList names;
    QSqlQuery q(m_db->database());
    if (!q.exec(u"SELECT DISTINCT mapping_name FROM sync_runs WHERE mapping_name IS NOT NULL AND mapping_name <> '' ORDER BY mapping_name COLLATE NOCASE"_s)) {
        fail(q, error);
        return names;
    }
    while (q.next())
        names << q.value(0).toString();
    return names;
}

QString SyncHistory::revision() const
{
    QSqlQuery q(m_db->database());
    if (!q.exec(u"SELECT COUNT(*), COALESCE(MAX(id), 0) FROM sync_runs"_s) || !q.next())
        return {};
    return q.value(0).toString() + u'/' + q.value(1).toString();
}

int SyncHistory::removeOlderThan(int days, QString *error, const QDateTime &now)
{
    QSqlQuery q(m_db->database());
    q.prepare(u"DELETE FROM sync_runs WHERE julianday(started_at) < julianday(?)"_s);
    q.addBindValue(Json::isoUtc(now.addDays(-std::max(0, days))));
    if (!q.exec()) {
        fail(q, error);
        return -1;
    }
    return q.numRowsAffected();
}
