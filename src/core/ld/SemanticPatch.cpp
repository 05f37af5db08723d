#include "SemanticPatch.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

QJsonObject SemanticPatch::toJson() const
{
    QJsonArray list;
    for (const QJsonObject &i : instructions)
        list.append(i);
    QJsonObject o{{"instructions"_L1, list}};
    if (!environmentKey.isEmpty())
        o.insert("environmentKey"_L1, environmentKey);
    if (!comment.isEmpty())
        o.insert("comment"_L1, comment);
    return o;
}

int SemanticPatch::targetOperationCount() const
{
    int n = 0;
    for (const QJsonObject &i : instructions)
        n += int(i.value("values"_L1).toArray().size());
    return n;
}

QJsonObject SemanticPatch::segmentTargets(const QString &kind, const QString &contextKind,
                                          const QStringList &keys)
{
    return {{"kind"_L1, kind}, {"contextKind"_L1, contextKind}, {"values"_L1, QJsonArray::fromStringList(keys)}};
}

QJsonObject SemanticPatch::flagTargets(const QString &kind, const QString &contextKind,
                                       const QString &variationId, const QStringList &keys)
{
    return {{"kind"_L1, kind},
            {"contextKind"_L1, contextKind},
            {"variationId"_L1, variationId},
            {"values"_L1, QJsonArray::fromStringList(keys)}};
}

QList<SemanticPatch> SemanticPatch::segmentIncludedChanges(const QString &environmentKey,
                                                           const QString &comment,
                                                           const QString &contextKind,
                                                           const QStringList &add,
                                                           const QStringList &remove, int limit)
{
    return segmentTargetChanges(environmentKey, comment, contextKind, add, remove, {}, {}, limit);
}

QList<SemanticPatch> SemanticPatch::segmentTargetChanges(const QString &environmentKey,
                                                         const QString &comment,
                                                         const QString &contextKind,
                                                         const QStringList &addIncluded,
                                                         const QStringList &removeIncluded,
                                                         const QStringList &addExcluded,
                                                         const QStringList &removeExcluded,
                                                         int limit)
{
    QList<SemanticPatch> patches;
    SemanticPatch current{environmentKey, comment, {}};
    int room = std::max(1, limit);
    auto emitKeys = [&](const QString &kind, const QStringList &keys) {
        qsizetype at = 0;
        while (at < keys.size()) {
            if (room == 0) {
                patches.append(current);
                current.instructions.clear();
                room = std::max(1, limit);
            }
            const qsizetype n = std::min<qsizetype>(room, keys.size() - at);
            current.instructions.append(segmentTargets(kind, contextKind, keys.mid(at, n)));
            room -= int(n);
            at += n;
        }
    };
    emitKeys(u"removeIncludedTargets"_s, removeIncluded);
    emitKeys(u"removeExcludedTargets"_s, removeExcluded);
    emitKeys(u"addIncludedTargets"_s, addIncluded);
    emitKeys(u"addExcludedTargets"_s, addExcluded);
    if (!current.instructions.isEmpty())
        patches.append(current);
    return patches;
}

QJsonObject SemanticPatch::addSegmentRule(const QStringList &segmentKeys, const QString &variationId,
                                          const QString &description)
{
    // The context kind of a segmentMatch clause is not used for matching; LaunchDarkly's own
    // examples give "user".
    const QJsonObject clause{{"contextKind"_L1, u"user"_s},
                             {"attribute"_L1, u"segmentMatch"_s},
                             {"op"_L1, u"segmentMatch"_s},
                             {"negate"_L1, false},
                             {"values"_L1, QJsonArray::fromStringList(segmentKeys)}};
    QJsonObject o{{"kind"_L1, u"addRule"_s},
                  {"clauses"_L1, QJsonArray{clause}},
                  {"variationId"_L1, variationId}};
    if (!description.isEmpty())
        o.insert("description"_L1, description);
    return o;
}

QJsonObject SemanticPatch::addValuesToClause(const QString &ruleId, const QString &clauseId,
                                             const QJsonArray &values)
{
    return {{"kind"_L1, u"addValuesToClause"_s},
            {"ruleId"_L1, ruleId},
            {"clauseId"_L1, clauseId},
            {"values"_L1, values}};
}

QStringList SemanticPatch::instructionKinds() const
{
    QStringList kinds;
    for (const QJsonObject &i : instructions)
        kinds.append(i.value("kind"_L1).toString());
    return kinds;
}
