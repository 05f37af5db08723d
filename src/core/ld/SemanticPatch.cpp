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
    QList<SemanticPatch> patches;
    SemanticPatch current{environmentKey, comment, {}};
    int room = limit;
    auto emitKeys = [&](const QString &kind, const QStringList &keys) {
        qsizetype at = 0;
        while (at < keys.size()) {
            if (room == 0) {
                patches.append(current);
                current.instructions.clear();
                room = limit;
            }
            const qsizetype n = std::min<qsizetype>(room, keys.size() - at);
            current.instructions.append(segmentTargets(kind, contextKind, keys.mid(at, n)));
            room -= int(n);
            at += n;
        }
    };
    emitKeys(u"removeIncludedTargets"_s, remove);
    emitKeys(u"addIncludedTargets"_s, add);
    if (!current.instructions.isEmpty())
        patches.append(current);
    return patches;
}
