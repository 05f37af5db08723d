#include "SyncJournal.h"

#include "LocalDatabase.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace {
QString now()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}
} // namespace

SyncJournal::SyncJournal(LocalDatabase *db)
    : m_db(db)
{
}

qint64 SyncJournal::beginRun(const QString &scope, const QString &mappingName, QString *error)
{
    QSqlQuery q(m_db->database());
    q.prepare(u"INSERT INTO journal_runs (scope, mapping_name, started_at, state) VALUES (?, ?, ?, 'open')"_s);
    q.addBindValue(scope);
    q.addBindValue(mappingName);
    q.addBindValue(now());
    if (!q.exec()) {
        if (error)
            *error = q.lastError().text();
        return -1;
    }
    return q.lastInsertId().toLongLong();
}

void SyncJournal::endRun(qint64 runId)
{
    QSqlQuery q(m_db->database());
    q.prepare(u"UPDATE journal_runs SET state = 'closed' WHERE id = ?"_s);
    q.addBindValue(runId);
    q.exec();
}

qint64 SyncJournal::recordIntent(qint64 runId, const QString &bindingId, const SyncOperation &operation, QString *error)
{
    QSqlQuery q(m_db->database());
    q.prepare(u"INSERT INTO journal_operations (run_id, binding_id, operation, state, updated_at) VALUES (?, ?, ?, 'intent', ?)"_s);
    q.addBindValue(runId);
    q.addBindValue(bindingId);
    q.addBindValue(QString::fromUtf8(QJsonDocument(operation.toJson()).toJson(QJsonDocument::Compact)));
    q.addBindValue(now());
    if (!q.exec()) {
        if (error)
            *error = q.lastError().text();
        return -1;
    }
    return q.lastInsertId().toLongLong();
}

bool SyncJournal::markDone(qint64 operationId, QString *error)
{
    QSqlQuery q(m_db->database());
    q.prepare(u"UPDATE journal_operations SET state = 'done', updated_at = ? WHERE id = ?"_s);
    q.addBindValue(now());
    q.addBindValue(operationId);
    if (!q.exec()) {
        if (error)
            *error = q.lastError().text();
        return false;
    }
    return true;
}

bool SyncJournal::markFailed(qint64 operationId, const QString &message, QString *error)
{
    QSqlQuery q(m_db->database());
    q.prepare(u"UPDATE journal_operations SET state = 'failed', error = ?, updated_at = ? WHERE id = ?"_s);
    q.addBindValue(message);
    q.addBindValue(now());
    q.addBindValue(operationId);
    if (!q.exec()) {
        if (error)
            *error = q.lastError().text();
        return false;
    }
    return true;
}

QList<SyncJournal::Pending> SyncJournal::pending(const QString &scope, QString *error) const
{
    QList<Pending> out;
    QSqlQuery q(m_db->database());
    // "failed" writes too: a failure after sending (a timeout, a lost answer) may have happened.
    q.prepare(u"SELECT o.id, o.run_id, o.binding_id, o.operation, o.updated_at FROM journal_operations o "
              "JOIN journal_runs r ON r.id = o.run_id WHERE r.scope = ? AND o.state IN ('intent', 'failed') ORDER BY o.id"_s);
    q.addBindValue(scope);
    if (!q.exec()) {
        if (error)
            *error = q.lastError().text();
        return out;
    }
    while (q.next()) {
        Pending p;
        p.id = q.value(0).toLongLong();
        p.runId = q.value(1).toLongLong();
        p.bindingId = q.value(2).toString();
        p.operation = SyncOperation::fromJson(QJsonDocument::fromJson(q.value(3).toString().toUtf8()).object());
        p.since = QDateTime::fromString(q.value(4).toString(), Qt::ISODateWithMs);
        out.append(p);
    }
    return out;
}

bool SyncJournal::resolve(qint64 operationId, const QString &how, QString *error)
{
    QSqlQuery q(m_db->database());
    q.prepare(u"UPDATE journal_operations SET state = 'resolved', error = ?, updated_at = ? WHERE id = ?"_s);
    q.addBindValue(how);
    q.addBindValue(now());
    q.addBindValue(operationId);
    if (!q.exec()) {
        if (error)
            *error = q.lastError().text();
        return false;
    }
    return true;
}
