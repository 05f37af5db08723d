#pragma once

#include "sync/SyncOperation.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>

class LocalDatabase;

// The write-ahead journal of sync runs: each write's intent is recorded before it is sent and
// its outcome after. A run that ends in the middle (cancel, crash, lost network, revoked token)
// leaves intents behind, which the next run of the same scope reconciles before planning.
class SyncJournal
{
    Q_DECLARE_TR_FUNCTIONS(SyncJournal)

public:
    struct Pending
    {
        qint64 id = 0;
        qint64 runId = 0;
        QString bindingId;
        SyncOperation operation;
        QDateTime since;
    };

    explicit SyncJournal(LocalDatabase *db);

    qint64 beginRun(const QString &scope, const QString &mappingName, QString *error = nullptr);
    void endRun(qint64 runId);
    // Before sending.
    qint64 recordIntent(qint64 runId, const QString &bindingId, const SyncOperation &operation, QString *error = nullptr);
    // After: in the same transaction as the ledger update (the caller opens it).
    bool markDone(qint64 operationId, QString *error = nullptr);
    bool markFailed(qint64 operationId, const QString &message, QString *error = nullptr);
    // Intents whose outcome is unknown, from earlier runs of this scope.
    QList<Pending> pending(const QString &scope, QString *error = nullptr) const;
    // An intent settled by reconciliation.
    bool resolve(qint64 operationId, const QString &how, QString *error = nullptr);

private:
    LocalDatabase *m_db;
};
