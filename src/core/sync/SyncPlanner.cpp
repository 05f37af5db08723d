#include "SyncPlanner.h"

#include "ld/LaunchDarklyClient.h"

#include <QHash>

using namespace Qt::StringLiterals;

namespace {

BindingPlan start(const SyncPlanner::Input &in, const QString &kind, const QString &target)
{
    BindingPlan plan;
    plan.bindingId = in.binding->id;
    plan.bindingName = in.binding->name;
    plan.kind = kind;
    plan.target = target;
    plan.contextKind = in.binding->context.kind;
    plan.mirror = in.binding->mode == Binding::Mode::Mirror;
    return plan;
}

// Removals first within a request, and at most `limit` keys a request.
QList<SyncOperation> chunked(SyncOperation::Kind kind, const SyncPlanner::Input &in, const QString &targetKey,
                             const QStringList &add, const QStringList &remove, int limit,
                             const std::function<QList<QJsonObject>(const QStringList &, const QStringList &)> &instructions)
{
    QList<SyncOperation> ops;
    qsizetype ai = 0;
    qsizetype ri = 0;
    while (ai < add.size() || ri < remove.size()) {
        SyncOperation op;
        op.kind = kind;
        op.bindingIndex = in.bindingIndex;
        op.targetKey = targetKey;
        op.contextKind = in.binding->context.kind;
        int room = limit;
        const qsizetype r = std::min<qsizetype>(room, remove.size() - ri);
        op.remove = remove.mid(ri, r);
        ri += r;
        room -= int(r);
        const qsizetype a = std::min<qsizetype>(room, add.size() - ai);
        op.add = add.mid(ai, a);
        ai += a;
        if (instructions) {
            op.patch.environmentKey = in.environmentKey;
            op.patch.comment = in.comment;
            op.patch.instructions = instructions(op.add, op.remove);
        }
        ops.append(op);
    }
    return ops;
}

} // namespace

QString SyncPlanner::auditComment(const Binding &binding)
{
    //: Written into LaunchDarkly's audit log with every change; %1 is the binding's name
    return tr("FlagBridge sync: binding \"%1\"").arg(binding.name);
}

SyncPlanner::Selection SyncPlanner::select(const Input &in)
{
    const Binding &b = *in.binding;
    Selection s;
    for (const Contact &c : *in.contacts) {
        SelectorContext ctx;
        ctx.customFields = in.customFields;
        ctx.now = in.now;
        const auto rel = in.related ? in.related->constFind(c.id) : QHash<QString, RelatedData>::const_iterator();
        if (in.related && rel != in.related->constEnd())
            ctx.related = &rel.value();
        QString why;
        const QString key = b.context.keyFor(c, *in.customFields, &why);
        if (!key.isEmpty() && !s.everyKey.contains(key))
            s.everyKey.insert(key, &c);
        const ContactSelector::Match m = b.selector.evaluate(c, ctx);
        if (m == ContactSelector::Match::No)
            continue;
        if (m == ContactSelector::Match::NeedsRelatedData) {
            s.skipped.append({c.id, c.displayName(), tr("its tasks, notes or appointments could not be read")});
            continue;
        }
        ++s.matched;
        s.matching.append(&c);
        if (key.isEmpty()) {
            s.skipped.append({c.id, c.displayName(), why});
            continue;
        }
        const QString problem = LaunchDarklyClient::contextKeyProblem(key);
        if (!problem.isEmpty()) {
            s.skipped.append({c.id, c.displayName(), problem});
            continue;
        }
        if (s.byKey.contains(key)) {
            s.skipped.append({c.id, c.displayName(), tr("has the same key \"%1\" as %2").arg(key, s.byKey.value(key)->displayName())});
            continue;
        }
        s.byKey.insert(key, &c);
        s.keys.append(key);
    }
    return s;
}

BindingPlan SyncPlanner::planSegment(const Input &in, const LdSegment &segment)
{
    const Binding &b = *in.binding;
    BindingPlan plan = start(in, segment.unbounded ? u"big-segment"_s : u"segment"_s, u"segment:"_s + b.segmentKey);
    plan.segmentKey = b.segmentKey;
    const QString kindProblem = LaunchDarklyClient::contextKindProblem(b.context.kind);
    if (!kindProblem.isEmpty()) {
        plan.error = kindProblem;
        return plan;
    }
    if (segment.unbounded && !segment.unboundedContextKind.isEmpty() && segment.unboundedContextKind != b.context.kind) {
        plan.error = tr("The big segment \"%1\" holds contexts of kind \"%2\", not \"%3\".")
                         .arg(b.segmentKey, segment.unboundedContextKind, b.context.kind);
        return plan;
    }
    const Selection s = select(in);
    plan.matched = s.matched;
    plan.skipped = s.skipped;

    // A big segment does not list its members: what we added (the ledger) stands for what is
    // there; adding a key that is already a member changes nothing.
    QSet<QString> current;
    if (segment.unbounded) {
        current = in.owned;
    } else {
        const QStringList list = segment.includedKeys(b.context.kind);
        current = QSet<QString>(list.cbegin(), list.cend());
    }
    plan.currentTargets = segment.unbounded ? int(std::max<qint64>(segment.unboundedIncludedCount, current.size())) : int(current.size());

    QStringList addKeys;
    for (const QString &key : s.keys) {
        if (current.contains(key)) {
            ++plan.unchanged;
            continue;
        }
        const Contact *c = s.byKey.value(key);
        plan.adds.append({key, c->id, c->displayName(), tr("matches: %1").arg(b.selector.describe())});
        addKeys.append(key);
    }
    QStringList removeKeys;
    if (plan.mirror) {
        // Only keys this binding added itself and that are still there.
        QStringList owned(in.owned.cbegin(), in.owned.cend());
        owned.sort();
        for (const QString &key : std::as_const(owned)) {
            if (!current.contains(key) || s.byKey.contains(key))
                continue;
            const Contact *c = s.everyKey.value(key, nullptr);
            const QString reason = c ? tr("no longer matches: %1").arg(b.selector.describe())
                                     : tr("the contact no longer exists in HighLevel");
            plan.removes.append({key, c ? c->id : QString(), c ? c->displayName() : QString(), reason});
            removeKeys.append(key);
        }
    }

    if (segment.unbounded) {
        plan.operations = chunked(SyncOperation::Kind::BigSegmentBatch, in, b.segmentKey, addKeys, removeKeys,
                                  LaunchDarklyClient::kBigSegmentBatchLimit, {});
    } else {
        const QString kind = b.context.kind;
        plan.operations = chunked(SyncOperation::Kind::SegmentPatch, in, b.segmentKey, addKeys, removeKeys,
                                  SemanticPatch::kSegmentTargetLimit, [kind](const QStringList &add, const QStringList &remove) {
            QList<QJsonObject> list;
            if (!remove.isEmpty())
                list.append(SemanticPatch::segmentTargets(u"removeIncludedTargets"_s, kind, remove));
            if (!add.isEmpty())
                list.append(SemanticPatch::segmentTargets(u"addIncludedTargets"_s, kind, add));
            return list;
        });
        if (plan.currentTargets + addKeys.size() - removeKeys.size() > 15000) {
            plan.error = tr("The segment would hold more than 15,000 targets, the limit of a standard segment; use a big segment.");
            plan.operations.clear();
        }
    }
    if (!removeKeys.isEmpty() && plan.currentTargets > 0
        && double(removeKeys.size()) > kRemovalConfirmationShare * plan.currentTargets) {
        plan.needsConfirmation = true;
        plan.warnings.append(tr("%n of the segment's targets would be removed (more than 20 %).", nullptr, int(removeKeys.size())));
    }
    return plan;
}

BindingPlan SyncPlanner::planFlagTargets(const Input &in, const LdFlag &flag)
{
    const Binding &b = *in.binding;
    BindingPlan plan = start(in, u"flag-targets"_s, u"flag:"_s + b.flagKey + u':' + b.variationId);
    plan.segmentKey = b.flagKey;
    const QString kindProblem = LaunchDarklyClient::contextKindProblem(b.context.kind);
    if (!kindProblem.isEmpty()) {
        plan.error = kindProblem;
        return plan;
    }
    const int variation = flag.variationIndex(b.variationId);
    if (variation < 0) {
        plan.error = tr("The flag \"%1\" has no variation with the id \"%2\" any more.").arg(b.flagKey, b.variationId);
        return plan;
    }
    if (!flag.environments.contains(in.environmentKey)) {
        plan.error = tr("The flag \"%1\" has no configuration in the environment \"%2\".").arg(b.flagKey, in.environmentKey);
        return plan;
    }
    const LdFlagEnvironment env = flag.environments.value(in.environmentKey);
    const Selection s = select(in);
    plan.matched = s.matched;
    plan.skipped = s.skipped;
    const QStringList currentList = env.targetKeys(variation, b.context.kind);
    const QSet<QString> current(currentList.cbegin(), currentList.cend());
    plan.currentTargets = int(current.size());
    // Keys targeted to another variation by hand stay where they are: moving them would undo
    // someone's decision. (Keys this binding owns are only ever in its own variation.)
    QHash<QString, int> elsewhere;
    for (int i = 0; i < flag.variations.size(); ++i) {
        if (i == variation)
            continue;
        for (const QString &k : env.targetKeys(i, b.context.kind))
            elsewhere.insert(k, i);
    }
    QStringList addKeys;
    for (const QString &key : s.keys) {
        const Contact *c = s.byKey.value(key);
        if (current.contains(key)) {
            ++plan.unchanged;
            continue;
        }
        if (elsewhere.contains(key)) {
            plan.skipped.append({c->id, c->displayName(),
                                 tr("individually targeted to the variation “%1” in LaunchDarkly; left as it is")
                                     .arg(flag.variations.at(elsewhere.value(key)).displayName())});
            continue;
        }
        plan.adds.append({key, c->id, c->displayName(), tr("matches: %1").arg(b.selector.describe())});
        addKeys.append(key);
    }
    QStringList removeKeys;
    if (plan.mirror) {
        QStringList owned(in.owned.cbegin(), in.owned.cend());
        owned.sort();
        for (const QString &key : std::as_const(owned)) {
            if (!current.contains(key) || s.byKey.contains(key))
                continue;
            const Contact *c = s.everyKey.value(key, nullptr);
            plan.removes.append({key, c ? c->id : QString(), c ? c->displayName() : QString(),
                                 c ? tr("no longer matches: %1").arg(b.selector.describe()) : tr("the contact no longer exists in HighLevel")});
            removeKeys.append(key);
        }
    }
    const QString kind = b.context.kind;
    const QString variationId = b.variationId;
    // One patch for the flag when it fits; the limit keeps requests of a sane size otherwise.
    plan.operations = chunked(SyncOperation::Kind::FlagPatch, in, b.flagKey, addKeys, removeKeys, SemanticPatch::kSegmentTargetLimit,
                              [kind, variationId](const QStringList &add, const QStringList &remove) {
        QList<QJsonObject> list;
        if (!remove.isEmpty())
            list.append(SemanticPatch::flagTargets(u"removeTargets"_s, kind, variationId, remove));
        if (!add.isEmpty())
            list.append(SemanticPatch::flagTargets(u"addTargets"_s, kind, variationId, add));
        return list;
    });
    int total = 0;
    for (int i = 0; i < flag.variations.size(); ++i)
        total += int(env.targetKeys(i, b.context.kind).size());
    total += int(addKeys.size() - removeKeys.size());
    if (total > kFlagTargetAdvice) {
        plan.needsConfirmation = true;
        plan.warnings.append(tr("The flag would have %1 individual targets; LaunchDarkly advises at most 10,000 (a segment scales better).").arg(total));
    }
    if (!removeKeys.isEmpty() && plan.currentTargets > 0 && double(removeKeys.size()) > kRemovalConfirmationShare * plan.currentTargets) {
        plan.needsConfirmation = true;
        plan.warnings.append(tr("%n of the variation's targets would be removed (more than 20 %).", nullptr, int(removeKeys.size())));
    }
    return plan;
}

BindingPlan SyncPlanner::planFlagOutcome(const Input &in, const OutcomeInput &outcome)
{
    const Binding &b = *in.binding;
    BindingPlan plan = start(in, u"flag-outcome"_s, u"outcome:"_s + b.flagKey + u':' + b.variationId);
    plan.segmentKey = b.flagKey;
    if (outcome.variationIndex < 0) {
        plan.error = tr("The flag \"%1\" has no variation with the id \"%2\" any more.").arg(b.flagKey, b.variationId);
        return plan;
    }
    // Which matching contacts the flag serves the binding's variation to.
    SelectorContext ctx;
    QList<const Contact *> served;
    QSet<QString> servedIds;
    int matched = 0;
    for (const Contact &c : *in.contacts) {
        SelectorContext cctx;
        cctx.customFields = in.customFields;
        cctx.now = in.now;
        const auto rel = in.related ? in.related->constFind(c.id) : QHash<QString, RelatedData>::const_iterator();
        if (in.related && rel != in.related->constEnd())
            cctx.related = &rel.value();
        const ContactSelector::Match m = b.selector.evaluate(c, cctx);
        if (m == ContactSelector::Match::No)
            continue;
        if (m == ContactSelector::Match::NeedsRelatedData) {
            plan.skipped.append({c.id, c.displayName(), tr("its tasks, notes or appointments could not be read")});
            continue;
        }
        ++matched;
        if (outcome.notEvaluated.contains(c.id)) {
            plan.skipped.append({c.id, c.displayName(), outcome.notEvaluated.value(c.id)});
            continue;
        }
        if (outcome.served.value(c.id, -1) == outcome.variationIndex) {
            served.append(&c);
            servedIds.insert(c.id);
        }
    }
    plan.matched = matched;
    plan.served = int(served.size());

    auto bulk = [&](SyncOperation::Kind kind, const QList<const Contact *> &contacts, const QStringList &tags, const QString &fingerprint) {
        for (qsizetype i = 0; i < contacts.size(); i += kBulkTagBatch) {
            SyncOperation op;
            op.kind = kind;
            op.bindingIndex = in.bindingIndex;
            op.targetKey = b.flagKey;
            op.tags = tags;
            op.fingerprint = fingerprint;
            for (qsizetype j = i; j < std::min<qsizetype>(i + kBulkTagBatch, contacts.size()); ++j)
                op.add.append(contacts.at(j)->id);
            plan.operations.append(op);
        }
    };
    QHash<QString, const Contact *> byId;
    for (const Contact &c : *in.contacts)
        byId.insert(c.id, &c);

    for (const OutcomeAction &action : b.actions) {
        const QString fp = action.fingerprint();
        const QSet<QString> done = outcome.done.value(fp);
        const QString what = action.describe();
        switch (action.kind) {
        case OutcomeAction::Kind::AddTags: {
            QList<const Contact *> need;
            for (const Contact *c : std::as_const(served)) {
                bool missing = false;
                for (const QString &t : action.tags)
                    missing |= !c->hasTag(t);
                if (missing) {
                    need.append(c);
                    plan.adds.append({c->id, c->id, c->displayName(), what});
                } else {
                    ++plan.unchanged;
                }
            }
            bulk(SyncOperation::Kind::AddTags, need, action.tags, fp);
            // Mirror: tags this binding added to contacts the flag no longer serves come off.
            if (plan.mirror) {
                QList<const Contact *> undo;
                QStringList sortedDone(done.cbegin(), done.cend());
                sortedDone.sort();
                for (const QString &id : std::as_const(sortedDone)) {
                    if (servedIds.contains(id))
                        continue;
                    const Contact *c = byId.value(id, nullptr);
                    if (!c)
                        continue;
                    undo.append(c);
                    plan.removes.append({id, id, c->displayName(), tr("no longer served the variation: remove %1").arg(action.tags.join(u", "_s))});
                }
                bulk(SyncOperation::Kind::RemoveTags, undo, action.tags, fp);
            }
            break;
        }
        case OutcomeAction::Kind::RemoveTags: {
            QList<const Contact *> need;
            for (const Contact *c : std::as_const(served)) {
                bool has = false;
                for (const QString &t : action.tags)
                    has |= c->hasTag(t);
                if (has) {
                    need.append(c);
                    plan.adds.append({c->id, c->id, c->displayName(), what});
                }
            }
            bulk(SyncOperation::Kind::RemoveTags, need, action.tags, QString());
            break;
        }
        case OutcomeAction::Kind::CreateTask:
        case OutcomeAction::Kind::AddNote:
            for (const Contact *c : std::as_const(served)) {
                if (done.contains(c->id)) {
                    ++plan.unchanged;
                    continue;
                }
                SyncOperation op;
                op.kind = action.kind == OutcomeAction::Kind::CreateTask ? SyncOperation::Kind::CreateTask : SyncOperation::Kind::AddNote;
                op.bindingIndex = in.bindingIndex;
                op.targetKey = b.flagKey;
                op.contactId = c->id;
                op.add = {c->id};
                op.fingerprint = fp;
                // A marker in the body lets an interrupted run find what it already created.
                const QString marker = tr("Created by FlagBridge (binding \"%1\", ref %2).").arg(b.name, fp);
                if (action.kind == OutcomeAction::Kind::CreateTask) {
                    op.task.title = action.title;
                    op.task.dueDate = in.now.addDays(action.dueInDays);
                    op.task.completed = false;
                    op.task.body = action.body.isEmpty() ? marker : action.body + u"\n\n"_s + marker;
                    if (!action.assignedTo.isEmpty())
                        op.task.assignedTo = action.assignedTo;
                } else {
                    op.note.body = action.body + u"\n\n"_s + marker;
                }
                plan.operations.append(op);
                plan.adds.append({c->id, c->id, c->displayName(), what});
            }
            break;
        }
    }
    return plan;
}
