#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

// A LaunchDarkly semantic patch: instructions applied all-or-nothing, sent with the
// "domain-model=launchdarkly.semanticpatch" content type (without it the body is read as
// JSON Patch and rejected).
struct SemanticPatch
{
    static constexpr int kSegmentTargetLimit = 1500; // target operations per request

    QString environmentKey;
    QString comment; // shows in LaunchDarkly's audit log
    QList<QJsonObject> instructions;

    QJsonObject toJson() const;
    // Number of target keys the instructions touch (what the 1,500 limit counts).
    int targetOperationCount() const;

    static QJsonObject segmentTargets(const QString &kind, const QString &contextKind,
                                      const QStringList &keys);
    static QJsonObject flagTargets(const QString &kind, const QString &contextKind,
                                   const QString &variationId, const QStringList &keys);

    // Splits adds and removes of a segment's included targets into patches of at most `limit`
    // keys each, removals first (so a key can move between lists within one run).
    // Included and excluded changes together: removals first, then additions, at most `limit`
    // keys a patch.
    static QList<SemanticPatch> segmentTargetChanges(const QString &environmentKey,
                                                     const QString &comment,
                                                     const QString &contextKind,
                                                     const QStringList &addIncluded,
                                                     const QStringList &removeIncluded,
                                                     const QStringList &addExcluded,
                                                     const QStringList &removeExcluded,
                                                     int limit = kSegmentTargetLimit);

    // A flag rule serving one variation to the members of segments: a "segmentMatch" clause.
    static QJsonObject addSegmentRule(const QStringList &segmentKeys, const QString &variationId,
                                      const QString &description);
    static QJsonObject addValuesToClause(const QString &ruleId, const QString &clauseId,
                                         const QJsonArray &values);

    // The instruction kinds in order ("removeTargets, addTargets"), for messages.
    QStringList instructionKinds() const;

    static QList<SemanticPatch> segmentIncludedChanges(const QString &environmentKey,
                                                       const QString &comment,
                                                       const QString &contextKind,
                                                       const QStringList &add,
                                                       const QStringList &remove,
                                                       int limit = kSegmentTargetLimit);
};
