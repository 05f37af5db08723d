#include "SyncReport.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

int SyncReport::added() const
{
    int n = 0;
    for (const BindingResult &b : bindings)
        n += b.added;
    return n;
}

int SyncReport::removed() const
{
    int n = 0;
    for (const BindingResult &b : bindings)
        n += b.removed;
    return n;
}

int SyncReport::skipped() const
{
    int n = 0;
    for (const BindingResult &b : bindings)
        n += b.skipped;
    return n;
}

RequestCounters SyncReport::requests() const
{
    RequestCounters all = highLevelRequests;
    all += launchDarklyRequests;
    return all;
}

QString SyncReport::outcomeName() const
{
    switch (outcome) {
    case Outcome::Success:
        return u"success"_s;
    case Outcome::Partial:
        return u"partial"_s;
    case Outcome::Failed:
        return u"failed"_s;
    case Outcome::Cancelled:
        return u"cancelled"_s;
    case Outcome::NothingToDo:
        return u"nothing-to-do"_s;
    }
    return {};
}

QString SyncReport::summary() const
{
    const QString counts = tr("%n added", nullptr, added()) + u", "_s + tr("%n removed", nullptr, removed())
        + u", "_s + tr("%n skipped", nullptr, skipped());
    int plannedAdds = 0;
    int plannedRemoves = 0;
    for (const BindingResult &b : bindings) {
        plannedAdds += b.plannedAdds;
        plannedRemoves += b.plannedRemoves;
    }
    switch (outcome) {
    case Outcome::Success:
        if (dryRun)
            return tr("Dry run: nothing was written. %1 to add, %2 to remove, %3 skipped.")
                .arg(plannedAdds)
                .arg(plannedRemoves)
                .arg(skipped());
        return tr("Sync complete: %1.").arg(counts);
    case Outcome::NothingToDo:
        return tr("Already in sync: nothing to change.");
    case Outcome::Partial:
        return tr("Sync partly done: %1. %2").arg(counts, error);
    case Outcome::Failed:
        return tr("Sync failed: %1").arg(error);
    case Outcome::Cancelled:
        return tr("Sync cancelled: %1 before it stopped.").arg(counts);
    }
    return {};
}

QJsonObject SyncReport::toJson() const
{
    QJsonArray list;
    for (const BindingResult &b : bindings) {
        list.append(QJsonObject{{"id"_L1, b.id},
                                {"name"_L1, b.name},
                                {"target"_L1, b.target},
                                {"added"_L1, b.added},
                                {"removed"_L1, b.removed},
                                {"skipped"_L1, b.skipped},
                                {"plannedAdds"_L1, b.plannedAdds},
                                {"plannedRemoves"_L1, b.plannedRemoves},
                                {"failures"_L1, QJsonArray::fromStringList(b.failures)}});
    }
    const RequestCounters all = requests();
    QJsonObject byRoute;
    for (auto it = all.byRoute.cbegin(); it != all.byRoute.cend(); ++it)
        byRoute.insert(it.key(), it.value());
    QJsonObject o{{"applied"_L1, applied},
                  {"dryRun"_L1, dryRun},
                  {"outcome"_L1, outcomeName()},
                  {"summary"_L1, summary()},
                  {"mapping"_L1, mappingName},
                  {"startedAt"_L1, startedAt.toString(Qt::ISODateWithMs)},
                  {"finishedAt"_L1, finishedAt.toString(Qt::ISODateWithMs)},
                  {"durationMs"_L1, startedAt.msecsTo(finishedAt)},
                  {"added"_L1, added()},
                  {"removed"_L1, removed()},
                  {"skipped"_L1, skipped()},
                  {"bindings"_L1, list},
                  {"requests"_L1, QJsonObject{{"total"_L1, all.total},
                                              {"reads"_L1, all.reads},
                                              {"writes"_L1, all.writes},
                                              {"retries"_L1, all.retries},
                                              {"rateLimited"_L1, all.rateLimited},
                                              {"failures"_L1, all.failures},
                                              {"highLevel"_L1, highLevelRequests.total},
                                              {"launchDarkly"_L1, launchDarklyRequests.total},
                                              {"byRoute"_L1, byRoute}}},
                  {"rateLimitWaits"_L1, QJsonObject{{"count"_L1, rateLimitWaits}, {"waitedMs"_L1, rateLimitWaitedMs}}},
                  {"recovered"_L1, recovered}};
    if (!error.isEmpty())
        o.insert("error"_L1, error);
    return o;
}
