#pragma once

#include "sync/SyncReport.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QStringList>

#include <optional>

class LocalDatabase;

// Past runs, newest first, for the History pane and `flagbridge-cli history`. Each row keeps the
// figures a list shows in columns and the whole report as JSON (SyncReport::toJson()).
class SyncHistory
{
    Q_DECLARE_TR_FUNCTIONS(SyncHistory)

public:
    struct Entry
    {
        qint64 id = 0;
        QDateTime startedAt; // UTC
        QDateTime finishedAt;
        QString mappingName;
        QString mappingPath;
        bool dryRun = false;
        QString outcome; // SyncReport::outcomeName()
        int added = 0;
        int removed = 0;
        int skipped = 0;
        int requests = 0;
        QString error;     // why the run stopped, from the report
        QJsonObject report; // empty when it cannot be read, see reportError
        QString reportError; // a sentence for the user when the stored report is damaged

        qint64 durationMs() const;
        // The report, read back; for a damaged one, what the columns still say.
        SyncReport toReport() const;
        // The columns, for `flagbridge-cli history --json`.
        QJsonObject toJson() const;
    };

    struct Query
    {
        int limit = 200;
        int offset = 0;
        QString mappingName;   // exact; empty: every mapping
        QStringList outcomes;  // SyncReport::outcomeName() values; empty: every outcome
        QDateTime since;       // runs started at or after; invalid: from the first
        std::optional<bool> dryRun;
    };

    explicit SyncHistory(LocalDatabase *db);

    // Returns the new entry's id, or -1 with `error`.
    qint64 record(const SyncReport &report, const QString &mappingPath, QString *error = nullptr);
    QList<Entry> entries(int limit = 200, QString *error = nullptr) const;
    QList<Entry> entries(const Query &query, QString *error = nullptr) const;
    // How many runs match `query` (limit and offset aside).
    int count(const Query &query, QString *error = nullptr) const;
    std::optional<Entry> entry(qint64 id, QString *error = nullptr) const;
    // The names of the mappings that have runs, sorted, for a filter.
    QStringList mappingNames(QString *error = nullptr) const;
    // Changes whenever a run is recorded or removed: a cheap way to notice another process's run.
    QString revision() const;

    // Retention: removes the runs that started more than `days` days before `now`; returns how
    // many, or -1 with `error`.
    int removeOlderThan(int days, QString *error = nullptr, const QDateTime &now = QDateTime::currentDateTimeUtc());

private:
    LocalDatabase *m_db;
};
