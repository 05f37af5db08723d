#include "SyncHistory.h"

#include "LocalDatabase.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

SyncHistory::SyncHistory(LocalDatabase *db)
    : m_db(db)
{
}

qint64 SyncHistory::record(const SyncReport &report, const QString &mappingPath, QString *error)
{
    QSqlQuery q(m_db->database());
    q.prepare(u"INSERT INTO sync_runs (started_at, finished_at, mapping_name, mapping_path, dry_run, outcome, added, removed, skipped, requests, report) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    q.addBindValue(report.startedAt.toString(Qt::ISODateWithMs));
    q.addBindValue(report.finishedAt.toString(Qt::ISODateWithMs));
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
        if (error)
            *error = q.lastError().text();
        return -1;
    }
    return q.lastInsertId().toLongLong();
}

QList<SyncHistory::Entry> SyncHistory::entries(int limit, QString *error) const
{
    QList<Entry> out;
    QSqlQuery q(m_db->database());
    q.prepare(u"SELECT id, started_at, finished_at, mapping_name, mapping_path, dry_run, outcome, added, removed, skipped, requests, report FROM sync_runs ORDER BY id DESC LIMIT ?"_s);
    q.addBindValue(limit);
    if (!q.exec()) {
        if (error)
            *error = q.lastError().text();
        return out;
    }
    while (q.next()) {
        Entry e;
        e.id = q.value(0).toLongLong();
        e.startedAt = QDateTime::fromString(q.value(1).toString(), Qt::ISODateWithMs);
        e.finishedAt = QDateTime::fromString(q.value(2).toString(), Qt::ISODateWithMs);
        e.mappingName = q.value(3).toString();
        e.mappingPath = q.value(4).toString();
        e.dryRun = q.value(5).toInt() != 0;
        e.outcome = q.value(6).toString();
        e.added = q.value(7).toInt();
        e.removed = q.value(8).toInt();
        e.skipped = q.value(9).toInt();
        e.requests = q.value(10).toInt();
        e.report = QJsonDocument::fromJson(q.value(11).toString().toUtf8()).object();
        out.append(e);
    }
    return out;
}
