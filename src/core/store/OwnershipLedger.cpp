#include "OwnershipLedger.h"

#include "LocalDatabase.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

OwnershipLedger::OwnershipLedger(LocalDatabase *db)
    : m_db(db)
{
}

QString OwnershipLedger::scopeFor(const QString &host, const QString &project, const QString &environment)
{
    return host + u'/' + project + u'/' + environment;
}

QSet<QString> OwnershipLedger::ownedKeys(const Target &t, QString *error) const
{
    QSet<QString> keys;
    QSqlQuery q(m_db->database());
    q.prepare(u"SELECT target_key FROM managed_targets WHERE scope = ? AND binding_id = ? AND target = ? AND context_kind = ?"_s);
    q.addBindValue(t.scope);
    q.addBindValue(t.bindingId);
    q.addBindValue(t.target);
    q.addBindValue(t.contextKind);
    if (!q.exec()) {
        if (error)
            *error = q.lastError().text();
        return keys;
    }
    while (q.next())
        keys.insert(q.value(0).toString());
    return keys;
}

bool OwnershipLedger::recordAdded(const Target &t, const QStringList &keys, QString *error)
{
    QSqlDatabase db = m_db->database();
    // Inside the caller's transaction when there is one (SQLite has no nested transactions).
    const bool own = db.transaction();
    QSqlQuery q(db);
    q.prepare(u"INSERT OR IGNORE INTO managed_targets (scope, binding_id, target, context_kind, target_key, added_at) VALUES (?, ?, ?, ?, ?, ?)"_s);
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    for (const QString &key : keys) {
        q.bindValue(0, t.scope);
        q.bindValue(1, t.bindingId);
        q.bindValue(2, t.target);
        q.bindValue(3, t.contextKind);
        q.bindValue(4, key);
        q.bindValue(5, now);
        if (!q.exec()) {
            if (error)
                *error = q.lastError().text();
            if (own)
                db.rollback();
            return false;
        }
    }
    return own ? db.commit() : true;
}

bool OwnershipLedger::recordRemoved(const Target &t, const QStringList &keys, QString *error)
{
    QSqlDatabase db = m_db->database();
    const bool own = db.transaction();
    QSqlQuery q(db);
    q.prepare(u"DELETE FROM managed_targets WHERE scope = ? AND binding_id = ? AND target = ? AND context_kind = ? AND target_key = ?"_s);
    for (const QString &key : keys) {
        q.bindValue(0, t.scope);
        q.bindValue(1, t.bindingId);
        q.bindValue(2, t.target);
        q.bindValue(3, t.contextKind);
        q.bindValue(4, key);
        if (!q.exec()) {
            if (error)
                *error = q.lastError().text();
            if (own)
                db.rollback();
            return false;
        }
    }
    return own ? db.commit() : true;
}

QSet<QString> OwnershipLedger::outcomesDone(const QString &scope, const QString &bindingId, const QString &fingerprint,
                                            QString *error) const
{
    QSet<QString> ids;
    QSqlQuery q(m_db->database());
    q.prepare(u"SELECT contact_id FROM outcome_ledger WHERE scope = ? AND binding_id = ? AND fingerprint = ?"_s);
    q.addBindValue(scope);
    q.addBindValue(bindingId);
    q.addBindValue(fingerprint);
    if (!q.exec()) {
        if (error)
            *error = q.lastError().text();
        return ids;
    }
    while (q.next())
        ids.insert(q.value(0).toString());
    return ids;
}

bool OwnershipLedger::recordOutcome(const QString &scope, const QString &bindingId, const QStringList &contactIds,
                                    const QString &fingerprint, QString *error)
{
    QSqlQuery q(m_db->database());
    q.prepare(u"INSERT OR IGNORE INTO outcome_ledger (scope, binding_id, contact_id, fingerprint, done_at) VALUES (?, ?, ?, ?, ?)"_s);
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    for (const QString &id : contactIds) {
        q.bindValue(0, scope);
        q.bindValue(1, bindingId);
        q.bindValue(2, id);
        q.bindValue(3, fingerprint);
        q.bindValue(4, now);
        if (!q.exec()) {
            if (error)
                *error = q.lastError().text();
            return false;
        }
    }
    return true;
}

bool OwnershipLedger::forgetOutcome(const QString &scope, const QString &bindingId, const QStringList &contactIds,
                                    const QString &fingerprint, QString *error)
{
    QSqlQuery q(m_db->database());
    q.prepare(u"DELETE FROM outcome_ledger WHERE scope = ? AND binding_id = ? AND contact_id = ? AND fingerprint = ?"_s);
    for (const QString &id : contactIds) {
        q.bindValue(0, scope);
        q.bindValue(1, bindingId);
        q.bindValue(2, id);
        q.bindValue(3, fingerprint);
        if (!q.exec()) {
            if (error)
                *error = q.lastError().text();
            return false;
        }
    }
    return true;
}
