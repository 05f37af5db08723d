#pragma once

#include "net/ApiError.h"
#include "net/HttpExchange.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// What a run did, for the result dialog, `flagbridge-cli sync --json` and the history.
struct SyncReport
{
    Q_DECLARE_TR_FUNCTIONS(SyncReport)

public:
    enum class Outcome { Success, Partial, Failed, Cancelled, NothingToDo };

    struct BindingResult
    {
        QString id;
        QString name;
        QString target;
        int added = 0;
        int removed = 0;
        int skipped = 0;
        int plannedAdds = 0;
        int plannedRemoves = 0;
        QStringList failures; // server messages, one per failed request
    };

    bool dryRun = false;
    bool applied = false; // true when every planned write was made
    Outcome outcome = Outcome::Success;
    QString mappingName;
    QDateTime startedAt;
    QDateTime finishedAt;
    QList<BindingResult> bindings;
    RequestCounters highLevelRequests;
    RequestCounters launchDarklyRequests;
    qint64 rateLimitWaits = 0;
    qint64 rateLimitWaitedMs = 0;
    int recovered = 0; // journal entries of an interrupted earlier run, settled by this one
    QString error; // why the run stopped, if it did

    int added() const;
    int removed() const;
    int skipped() const;
    int plannedAdds() const;
    int plannedRemoves() const;
    int failureCount() const; // failed requests over all bindings
    qint64 durationMs() const; // 0 while the run has not finished
    RequestCounters requests() const;
    QString outcomeName() const; // stable, for JSON and the history
    QString summary() const;     // one translated sentence
    QJsonObject toJson() const;

    // The outcome that outcomeName() names; nothing for a name it does not know.
    static std::optional<Outcome> outcomeFromName(const QString &name);
    // The outcome in the user's words ("Partly done"), for tables.
    static QString outcomeDisplayName(Outcome outcome);
    // Reads what toJson() wrote, tolerantly: missing fields keep their defaults, and an outcome it
    // does not know reads as failed rather than as a success. Reports written before toJson()
    // had "requests.byService" carry only each service's total.
    static SyncReport fromJson(const QJsonObject &json);
};
