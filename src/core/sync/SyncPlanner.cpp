#include "SyncPlanner.h"

#include "ld/LaunchDarklyClient.h"

#include <QHash>

using namespace Qt::StringLiterals;

QString SyncPlanner::auditComment(const Binding &binding)
{
    //: Written into LaunchDarkly's audit log with every change; %1 is the binding's name
    return tr("FlagBridge sync: binding \"%1\"").arg(binding.name);
}

BindingPlan SyncPlanner::planSegment(const SegmentInput &in)
{
    const Binding &b = *in.binding;
    BindingPlan plan;
    plan.bindingId = b.id;
    plan.bindingName = b.name;
    plan.segmentKey = b.segmentKey;
    plan.target = u"segment:"_s + b.segmentKey;
    plan.contextKind = b.context.kind;
    plan.mirror = b.mode == Binding::Mode::Mirror;

    const QString kindProblem = LaunchDarklyClient::contextKindProblem(b.context.kind);
    if (!kindProblem.isEmpty()) {
        plan.error = kindProblem;
        return plan;
    }
    if (in.segment.unbounded) {
        plan.error = tr("The segment \"%1\" is a big segment; this version of FlagBridge syncs standard segments only.")
                         .arg(b.segmentKey);
        return plan;
    }

    const QStringList currentList = in.segment.includedKeys(b.context.kind);
    const QSet<QString> current(currentList.cbegin(), currentList.cend());
    plan.currentTargets = int(current.size());

    // Desired keys, in contact order, with the contact behind each key.
    QHash<QString, const Contact *> desired;
    QHash<QString, const Contact *> byKey; // every contact with a key, matching or not
    QStringList desiredOrder;
    for (const Contact &c : *in.contacts) {
        const bool matches = b.selector.matches(c);
        QString why;
        const QString key = b.context.keyFor(c, *in.customFields, &why);
        if (!key.isEmpty() && !byKey.contains(key))
            byKey.insert(key, &c);
        if (!matches)
            continue;
        ++plan.matched;
        if (key.isEmpty()) {
            plan.skipped.append({c.id, c.displayName(), why});
            continue;
        }
        if (desired.contains(key)) {
            const Contact *first = desired.value(key);
            plan.skipped.append({c.id, c.displayName(),
                                 tr("has the same key \"%1\" as %2").arg(key, first->displayName())});
            continue;
        }
        desired.insert(key, &c);
        desiredOrder.append(key);
    }

    QStringList addKeys;
    for (const QString &key : std::as_const(desiredOrder)) {
        if (current.contains(key)) {
            ++plan.unchanged;
            continue;
        }
        const Contact *c = desired.value(key);
        plan.adds.append({key, c->id, c->displayName(), tr("matches: %1").arg(b.selector.describe())});
        addKeys.append(key);
    }

    QStringList removeKeys;
    if (plan.mirror) {
        // Only keys this binding added itself and that are still in the segment.
        QStringList owned(in.owned.cbegin(), in.owned.cend());
        owned.sort();
        for (const QString &key : std::as_const(owned)) {
            if (!current.contains(key) || desired.contains(key))
                continue;
            const Contact *c = byKey.value(key, nullptr);
            const QString reason = c ? tr("no longer matches: %1").arg(b.selector.describe())
                                     : tr("the contact no longer exists in HighLevel");
            plan.removes.append({key, c ? c->id : QString(), c ? c->displayName() : QString(), reason});
            removeKeys.append(key);
        }
    }

    plan.patches = SemanticPatch::segmentIncludedChanges(in.environmentKey, in.comment, b.context.kind,
                                                         addKeys, removeKeys);

    if (plan.currentTargets + addKeys.size() - removeKeys.size() > 15000) {
        plan.warnings.append(tr("The segment would hold more than 15,000 targets, the limit of a standard segment."));
        plan.error = plan.warnings.constLast();
        plan.patches.clear();
    }
    if (!removeKeys.isEmpty() && plan.currentTargets > 0
        && double(removeKeys.size()) > kRemovalConfirmationShare * plan.currentTargets) {
        plan.needsConfirmation = true;
        plan.warnings.append(tr("%n of the segment's targets would be removed (more than 20 %).", nullptr,
                                int(removeKeys.size())));
    }
    return plan;
}
