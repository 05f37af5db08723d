#include "SyncReport.h"

#include "common/Json.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace {

QJsonObject countersToJson(const RequestCounters &c)
{
    QJsonObject byRoute;
    for (auto it = c.byRoute.cbegin(); it != c.byRoute.cend(); ++it)
        byRoute.insert(it.key(), it.value());
    return QJsonObject{{"total"_L1, c.total},
                       {"reads"_L1, c.reads},
                       {"writes"_L1, c.writes},
                       {"retries"_L1, c.retries},
                       {"rateLimited"_L1, c.rateLimited},
                       {"failures"_L1, c.failures},
                       {"byRoute"_L1, byRoute}};
}

RequestCounters countersFromJson(const QJsonObject &o)
{
    RequestCounters c;
    c.total = Json::integer(o, "total"_L1);
    c.reads = Json::integer(o, "reads"_L1);
    c.writes = Json::integer(o, "writes"_L1);
    c.retries = Json::integer(o, "retries"_L1);
    c.rateLimited = Json::integer(o, "rateLimited"_L1);
    c.failures = Json::integer(o, "failures"_L1);
    const QJsonObject byRoute = Json::object(o, "byRoute"_L1);
    for (auto it = byRoute.constBegin(); it != byRoute.constEnd(); ++it)
        c.byRoute.insert(it.key(), it.value().toInt());
    return c;
}

} // namespace

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

int SyncReport::plannedAdds() const
{
    int n = 0;
    for (const BindingResult &b : bindings)
        n += b.plannedAdds;
    return n;
}

int SyncReport::plannedRemoves() const
{
    int n = 0;
    for (const BindingResult &b : bindings)
        n += b.plannedRemoves;
    return n;
}

int SyncReport::failureCount() const
{
    int n = 0;
    for (const BindingResult &b : bindings)
        n += int(b.failures.size());
    return n;
}

qint64 SyncReport::durationMs() const
{
    if (!startedAt.isValid() || !finishedAt.isValid())
        return 0;
    return std::max<qint64>(0, startedAt.msecsTo(finishedAt));
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
                                              {"byRoute"_L1, byRoute},
                                              {"byService"_L1, QJsonObject{{"highLevel"_L1, countersToJson(highLevelRequests)},
                                                                           {"launchDarkly"_L1, countersToJson(launchDarklyRequests)}}}}},
                  {"rateLimitWaits"_L1, QJsonObject{{"count"_L1, rateLimitWaits}, {"waitedMs"_L1, rateLimitWaitedMs}}},
                  {"recovered"_L1, recovered}};
    if (!error.isEmpty())
        o.insert("error"_L1, error);
    return o;
}

std::optional<SyncReport::Outcome> SyncReport::outcomeFromName(const QString &name)
{
    for (Outcome o : {Outcome::Success, Outcome::Partial, Outcome::Failed, Outcome::Cancelled, Outcome::NothingToDo}) {
        SyncReport r;
        r.outcome = o;
        if (r.outcomeName() == name)
            return o;
    }
    return std::nullopt;
}

QString SyncReport::outcomeDisplayName(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Success:
        return tr("Succeeded");
    case Outcome::Partial:
        return tr("Partly done");
    case Outcome::Failed:
        return tr("Failed");
    case Outcome::Cancelled:
        return tr("Cancelled");
    case Outcome::NothingToDo:
        return tr("Already in sync");
    }
    return {};
}

SyncReport SyncReport::fromJson(const QJsonObject &json)
{
    SyncReport r;
    r.applied = Json::boolean(json, "applied"_L1);
    r.dryRun = Json::boolean(json, "dryRun"_L1);
    r.outcome = outcomeFromName(Json::string(json, "outcome"_L1)).value_or(Outcome::Failed);
    r.mappingName = Json::string(json, "mapping"_L1);
    r.startedAt = Json::dateTime(json.value("startedAt"_L1));
    r.finishedAt = Json::dateTime(json.value("finishedAt"_L1));
    r.error = Json::string(json, "error"_L1);
    r.recovered = Json::integer(json, "recovered"_L1);
    const QJsonArray list = Json::array(json, "bindings"_L1);
    for (const QJsonValue &v : list) {
        const QJsonObject b = v.toObject();
        BindingResult result;
        result.id = Json::string(b, "id"_L1);
        result.name = Json::string(b, "name"_L1);
        result.target = Json::string(b, "target"_L1);
        result.added = Json::integer(b, "added"_L1);
        result.removed = Json::integer(b, "removed"_L1);
        result.skipped = Json::integer(b, "skipped"_L1);
        result.plannedAdds = Json::integer(b, "plannedAdds"_L1);
        result.plannedRemoves = Json::integer(b, "plannedRemoves"_L1);
        result.failures = Json::stringList(b, "failures"_L1);
        r.bindings.append(result);
    }
    const QJsonObject requests = Json::object(json, "requests"_L1);
    const QJsonObject byService = Json::object(requests, "byService"_L1);
    if (!byService.isEmpty()) {
        r.highLevelRequests = countersFromJson(Json::object(byService, "highLevel"_L1));
        r.launchDarklyRequests = countersFromJson(Json::object(byService, "launchDarkly"_L1));
    } else {
        r.highLevelRequests.total = Json::integer(requests, "highLevel"_L1);
        r.launchDarklyRequests.total = Json::integer(requests, "launchDarkly"_L1);
    }
    const QJsonObject waits = Json::object(json, "rateLimitWaits"_L1);
    r.rateLimitWaits = Json::integer64(waits, "count"_L1);
    r.rateLimitWaitedMs = Json::integer64(waits, "waitedMs"_L1);
    return r;
}
