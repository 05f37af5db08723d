#include "SyncPlan.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace {

QJsonArray changesJson(const QList<TargetChange> &changes)
{
    QJsonArray a;
    for (const TargetChange &c : changes) {
        QJsonObject o{{"key"_L1, c.key}, {"reason"_L1, c.reason}};
        if (!c.contactId.isEmpty())
            o.insert("contactId"_L1, c.contactId);
        if (!c.contactName.isEmpty())
            o.insert("contactName"_L1, c.contactName);
        a.append(o);
    }
    return a;
}

} // namespace

QJsonObject BindingPlan::toJson() const
{
    QJsonArray skippedJson;
    for (const SkippedContact &s : skipped)
        skippedJson.append(QJsonObject{{"contactId"_L1, s.contactId}, {"contactName"_L1, s.contactName}, {"reason"_L1, s.reason}});
    QJsonObject o{{"id"_L1, bindingId},
                  {"name"_L1, bindingName},
                  {"kind"_L1, kind},
                  {"target"_L1, target},
                  {"contextKind"_L1, contextKind},
                  {"mode"_L1, mirror ? "mirror"_L1 : "add-only"_L1},
                  {"matched"_L1, matched},
                  {"unchanged"_L1, unchanged},
                  {"currentTargets"_L1, currentTargets},
                  {"added"_L1, int(adds.size())},
                  {"removed"_L1, int(removes.size())},
                  {"skipped"_L1, int(skipped.size())},
                  {"writeRequests"_L1, int(operations.size())},
                  {"adds"_L1, changesJson(adds)},
                  {"removes"_L1, changesJson(removes)},
                  {"skippedContacts"_L1, skippedJson},
                  {"warnings"_L1, QJsonArray::fromStringList(warnings)},
                  {"needsConfirmation"_L1, needsConfirmation}};
    if (served >= 0)
        o.insert("served"_L1, served);
    if (!error.isEmpty())
        o.insert("error"_L1, error);
    return o;
}

int SyncPlan::adds() const
{
    int n = 0;
    for (const BindingPlan &b : bindings)
        n += int(b.adds.size());
    return n;
}

int SyncPlan::removes() const
{
    int n = 0;
    for (const BindingPlan &b : bindings)
        n += int(b.removes.size());
    return n;
}

int SyncPlan::skipped() const
{
    int n = 0;
    for (const BindingPlan &b : bindings)
        n += int(b.skipped.size());
    return n;
}

int SyncPlan::writeRequests() const
{
    int n = 0;
    for (const BindingPlan &b : bindings)
        n += int(b.operations.size());
    return n;
}

bool SyncPlan::needsConfirmation() const
{
    for (const BindingPlan &b : bindings) {
        if (b.needsConfirmation)
            return true;
    }
    return false;
}

QJsonObject SyncPlan::toJson() const
{
    QJsonArray list;
    for (const BindingPlan &b : bindings)
        list.append(b.toJson());
    return {{"plannedAt"_L1, plannedAt.toString(Qt::ISODateWithMs)},
            {"contactsRead"_L1, contactsRead},
            {"added"_L1, adds()},
            {"removed"_L1, removes()},
            {"skipped"_L1, skipped()},
            {"writeRequests"_L1, writeRequests()},
            {"readRequests"_L1, readRequests},
            {"bindings"_L1, list}};
}
