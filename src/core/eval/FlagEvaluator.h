#pragma once

#include "BigSegmentMembership.h"
#include "EvaluationContext.h"
#include "EvaluationResult.h"
#include "KeyIndex.h"

#include <QHash>
#include <QJsonObject>
#include <QMutex>
#include <QString>
#include <QStringList>
#include <memory>
#include <vector>

struct CompiledFlag;
struct CompiledSegment;
class CompiledClause;

// Evaluates LaunchDarkly feature flags locally, following LaunchDarkly's documented evaluation
// semantics: off variation, prerequisites (recursively, with cycle detection), individual and
// context targets, rules and their clause operators, segments (including big segments through a
// provider), percentage rollouts and experiments with LaunchDarkly's bucketing, and the reasons
// LaunchDarkly reports.
//
// Load the flags and segments once (each is compiled into an internal form), then evaluate as
// many contexts as needed:
//
//     FlagEvaluator evaluator;
//     for (const QJsonObject &flag : restFlags) // GET /api/v2/flags/{project}?env=…&summary=0
//         evaluator.addRestFlag(flag, u"production"_s);
//     for (const QJsonObject &segment : restSegments) // GET /api/v2/segments/{project}/{env}
//         evaluator.addSegment(segment);
//     const int flag = evaluator.flagIndex(u"new-checkout"_s);
//     for (const Contact &c : contacts)
//         results.append(evaluator.evaluate(flag, contextFor(c)));
//
// Loading is not thread-safe; once loaded, evaluate() may be called from several threads.
class FlagEvaluator
{
public:
    FlagEvaluator();
    ~FlagEvaluator();
    FlagEvaluator(const FlagEvaluator &) = delete;
    FlagEvaluator &operator=(const FlagEvaluator &) = delete;

    // A flag in the SDK data model. Replaces a flag with the same key.
    void addFlag(const QString &key, const QJsonObject &flag);
    // A flag as the REST API returns it, evaluated with the targeting of one environment.
    // False, with `error` set, when the flag has no configuration for that environment.
    bool addRestFlag(const QJsonObject &flag, const QString &environmentKey,
                     QString *error = nullptr);
    // A segment in either shape (SDK data or REST API); the second form reads "key".
    void addSegment(const QString &key, const QJsonObject &segment);
    void addSegment(const QJsonObject &segment);
    // {"flags": {key: flag, …}, "segments": {key: segment, …}}: what server-side SDKs receive.
    void loadSdkData(const QJsonObject &data);
    void clear();

    // Big segments: membership comes from the provider and is cached until the next
    // clearBigSegmentCache(), which a sync run calls when it starts. Without a provider (or
    // without a "generation" in the segment data) a big segment matches nobody and reasons
    // report NOT_CONFIGURED.
    void setBigSegmentProvider(BigSegmentProvider provider);
    void clearBigSegmentCache();

    // A stable handle for evaluate(int, …), which skips the key lookup; -1 if not loaded.
    int flagIndex(const QString &key) const;
    bool hasFlag(const QString &key) const { return flagIndex(key) >= 0; }
    QStringList flagKeys() const;
    // Clauses of that flag the evaluation ignores (invalid regular expression, unknown
    // operator), in words; empty when there are none.
    QStringList problems(const QString &flagKey) const;

    EvaluationResult evaluate(const QString &flagKey, const EvaluationContext &context) const;
    EvaluationResult evaluate(int flagIndex, const EvaluationContext &context) const;

private:
    struct Evaluation; // per-call state: prerequisite and segment chains, big-segment status
    enum class Match : quint8 { No, Yes, Malformed };

    const CompiledFlag *flagAt(int slot) const;
    const CompiledSegment *segmentAt(int slot) const;
    EvaluationResult evaluateFlag(const CompiledFlag &flag, Evaluation &e) const;
    EvaluationResult evaluateTargeting(const CompiledFlag &flag, Evaluation &e) const;
    EvaluationResult serve(const CompiledFlag &flag, int variation,
                           const EvaluationReason &reason) const;
    EvaluationResult off(const CompiledFlag &flag, const EvaluationReason &reason) const;
    // `attributes` caches the values the flag's clauses read, by attribute slot.
    Match clauseMatches(const CompiledClause &clause, Evaluation &e,
                        const AttributeValue **attributes = nullptr) const;
    Match segmentMatches(int segmentSlot, Evaluation &e) const;
    Match segmentRuleMatches(const CompiledSegment &segment, int ruleIndex, Evaluation &e) const;
    BigSegmentMembership bigSegmentMembership(int segmentSlot, const CompiledSegment &segment,
                                              const QString &contextKey, Evaluation &e) const;

    KeyIndex m_flagKeys;
    KeyIndex m_segmentKeys;
    std::vector<std::unique_ptr<CompiledFlag>> m_flags; // by slot; null: not loaded
    std::vector<std::unique_ptr<CompiledSegment>> m_segments; // by slot; null: not loaded
    BigSegmentProvider m_bigSegmentProvider;
    mutable QMutex m_bigSegmentMutex;
    mutable QHash<QPair<int, QString>, BigSegmentMembership> m_bigSegmentCache;
};
