#pragma once

#include "sync/SyncReport.h"

#include <QCoreApplication>
#include <QList>

class LocalDatabase;

// Past runs, newest first, for the History pane and `flagbridge-cli history`.
class SyncHistory
{
    Q_DECLARE_TR_FUNCTIONS(SyncHistory)

public:
    struct Entry
    {
        qint64 id = 0;
        QDateTime startedAt;
        QDateTime finishedAt;
        QString mappingName;
        QString mappingPath;
        bool dryRun = false;
        QString outcome;
        int added = 0;
        int removed = 0;
        int skipped = 0;
        int requests = 0;
        QJsonObject report;
    };

    explicit SyncHistory(LocalDatabase *db);

    qint64 record(const SyncReport &report, const QString &mappingPath, QString *error = nullptr);
    QList<Entry> entries(int limit = 200, QString *error = nullptr) const;

private:
    LocalDatabase *m_db;
};
