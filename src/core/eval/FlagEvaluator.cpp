#include "FlagEvaluator.h"

#include "Bucketer.h"
#include "CompiledClause.h"
#include "CompiledFlag.h"
#include "CompiledSegment.h"

#include <QLoggingCategory>
#include <QMutexLocker>
#include <QVarLengthArray>
#include <algorithm>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcEval, "flagbridge.eval", QtInfoMsg)

using ErrorKind = EvaluationReason::ErrorKind;
using BigSegmentsStatus = EvaluationReason::BigSegmentsStatus;

struct FlagEvaluator::Evaluation
{
    const EvaluationContext &context;
    // The flags and segments being evaluated, outermost first: meeting one of them again is a
    // cycle, which LaunchDarkly reports as a malformed flag.
    QVarLengthArray<const CompiledFlag *, 8> flagChain;
    QVarLengthArray<int, 8> segmentChain;
    // Set by a cycle or an unusable clause: it aborts the whole evaluation, prerequisites
    // included, where a bad variation index in a prerequisite only fails that prerequisite.
    bool malformed = false;
    BigSegmentsStatus bigSegments = BigSegmentsStatus::None;
};

namespace {

template<typename Chain, typename T> bool chainContains(const Chain &chain, const T &item)
{
    return std::find(chain.cbegin(), chain.cend(), item) != chain.cend();
}

// Marks an attribute slot not looked up yet (nullptr means looked up and absent).
const AttributeValue kUnresolved;

EvaluationResult errorResult(ErrorKind kind)
{
    return EvaluationResult(EvaluationReason::error(kind));
}

// Worse news wins when several big segments take part.
int severity(BigSegmentsStatus s)
{
    switch (s) {
    case BigSegmentsStatus::None:
        return 0;
    case BigSegmentsStatus::Healthy:
        return 1;
    case BigSegmentsStatus::Stale:
        return 2;
    case BigSegmentsStatus::NotConfigured:
        return 3;
    case BigSegmentsStatus::StoreError:
        return 4;
    }
    return 0;
}

} // namespace

FlagEvaluator::FlagEvaluator() = default;
FlagEvaluator::~FlagEvaluator() = default;

void FlagEvaluator::addFlag(const QString &key, const QJsonObject &flag)
{
    auto compiled = std::make_unique<CompiledFlag>(
        CompiledFlag::fromSdkJson(key, flag, m_flagKeys, m_segmentKeys));
    for (const QString &problem : std::as_const(compiled->problems))
        qCInfo(lcEval) << "flag" << key << problem;
    const int slot = m_flagKeys.slot(key);
    if (size_t(slot) >= m_flags.size())
        m_flags.resize(size_t(slot) + 1);
    m_flags[size_t(slot)] = std::move(compiled);
}

bool FlagEvaluator::addRestFlag(const QJsonObject &flag, const QString &environmentKey,
                                QString *error)
{
    auto compiled = std::make_unique<CompiledFlag>();
    if (!CompiledFlag::fromRestJson(flag, environmentKey, m_flagKeys, m_segmentKeys, compiled.get(),
                                    error))
        return false;
    for (const QString &problem : std::as_const(compiled->problems))
        qCInfo(lcEval) << "flag" << compiled->key << problem;
    const int slot = m_flagKeys.slot(compiled->key);
    if (size_t(slot) >= m_flags.size())
        m_flags.resize(size_t(slot) + 1);
    m_flags[size_t(slot)] = std::move(compiled);
    return true;
}

void FlagEvaluator::addSegment(const QString &key, const QJsonObject &segment)
{
    auto compiled
        = std::make_unique<CompiledSegment>(CompiledSegment::compile(key, segment, m_segmentKeys));
    const int slot = m_segmentKeys.slot(key);
    if (size_t(slot) >= m_segments.size())
        m_segments.resize(size_t(slot) + 1);
    m_segments[size_t(slot)] = std::move(compiled);
}

void FlagEvaluator::addSegment(const QJsonObject &segment)
{
    addSegment(segment.value("key"_L1).toString(), segment);
}

void FlagEvaluator::loadSdkData(const QJsonObject &data)
{
    const QJsonObject flags = data.value("flags"_L1).toObject();
    for (auto it = flags.constBegin(); it != flags.constEnd(); ++it)
        addFlag(it.key(), it.value().toObject());
    const QJsonObject segments = data.value("segments"_L1).toObject();
    for (auto it = segments.constBegin(); it != segments.constEnd(); ++it)
        addSegment(it.key(), it.value().toObject());
}

void FlagEvaluator::clear()
{
    m_flagKeys.clear();
    m_segmentKeys.clear();
    m_flags.clear();
    m_segments.clear();
    clearBigSegmentCache();
}

void FlagEvaluator::setBigSegmentProvider(BigSegmentProvider provider)
{
    m_bigSegmentProvider = std::move(provider);
    clearBigSegmentCache();
}

void FlagEvaluator::clearBigSegmentCache()
{
    QMutexLocker lock(&m_bigSegmentMutex);
    m_bigSegmentCache.clear();
}

int FlagEvaluator::flagIndex(const QString &key) const
{
    const int slot = m_flagKeys.find(key);
    return flagAt(slot) ? slot : -1;
}

QStringList FlagEvaluator::flagKeys() const
{
    QStringList keys;
    for (const auto &flag : m_flags) {
        if (flag)
            keys.append(flag->key);
    }
    return keys;
}

QStringList FlagEvaluator::problems(const QString &flagKey) const
{
    const CompiledFlag *flag = flagAt(m_flagKeys.find(flagKey));
    return flag ? flag->problems : QStringList();
}

const CompiledFlag *FlagEvaluator::flagAt(int slot) const
{
    return slot >= 0 && size_t(slot) < m_flags.size() ? m_flags[size_t(slot)].get() : nullptr;
}

const CompiledSegment *FlagEvaluator::segmentAt(int slot) const
{
    return slot >= 0 && size_t(slot) < m_segments.size() ? m_segments[size_t(slot)].get() : nullptr;
}

EvaluationResult FlagEvaluator::evaluate(const QString &flagKey,
                                         const EvaluationContext &context) const
{
    return evaluate(flagIndex(flagKey), context);
}

EvaluationResult FlagEvaluator::evaluate(int flagIndex, const EvaluationContext &context) const
{
    const CompiledFlag *flag = flagAt(flagIndex);
    if (!flag)
        return errorResult(ErrorKind::FlagNotFound);
    if (!context.isValid())
        return errorResult(ErrorKind::UserNotSpecified);
    Evaluation e { context };
    EvaluationResult result = evaluateFlag(*flag, e);
    if (e.malformed)
        result = errorResult(ErrorKind::MalformedFlag);
    if (e.bigSegments != BigSegmentsStatus::None)
        result.reason().setBigSegmentsStatus(e.bigSegments);
    return result;
}

EvaluationResult FlagEvaluator::serve(const CompiledFlag &flag, int variation,
                                      const EvaluationReason &reason) const
{
    if (variation < 0 || variation >= flag.variations.size())
        return errorResult(ErrorKind::MalformedFlag);
    return EvaluationResult(flag.variations.at(variation), variation, reason);
}

EvaluationResult FlagEvaluator::off(const CompiledFlag &flag, const EvaluationReason &reason) const
{
    // An off flag without an off variation serves the caller's default.
    if (!flag.hasOffVariation)
        return EvaluationResult(reason);
    return serve(flag, flag.offVariation, reason);
}

EvaluationResult FlagEvaluator::evaluateFlag(const CompiledFlag &flag, Evaluation &e) const
{
    if (!flag.on)
        return off(flag, EvaluationReason::off());

    if (!flag.prerequisites.empty()) {
        e.flagChain.append(&flag);
        for (const CompiledFlag::Prerequisite &p : flag.prerequisites) {
            const CompiledFlag *prereq = flagAt(p.flagSlot);
            if (!prereq) {
                e.flagChain.removeLast();
                return off(flag, EvaluationReason::prerequisiteFailed(p.key));
            }
            if (chainContains(e.flagChain, prereq)) {
                qCWarning(lcEval) << "prerequisite cycle through flag" << prereq->key;
                e.malformed = true;
                return errorResult(ErrorKind::MalformedFlag);
            }
            EvaluationResult r = evaluateFlag(*prereq, e);
            if (e.malformed)
                return r;
            // An off prerequisite fails even when its off variation is the one required.
            if (!prereq->on || r.variationIndex() != p.variation) {
                e.flagChain.removeLast();
                return off(flag, EvaluationReason::prerequisiteFailed(p.key));
            }
        }
        e.flagChain.removeLast();
    }
    return evaluateTargeting(flag, e);
}

EvaluationResult FlagEvaluator::evaluateTargeting(const CompiledFlag &flag, Evaluation &e) const
{
    const EvaluationContext &context = e.context;
    if (flag.contextTargets.empty()) {
        if (!flag.userTargets.empty()) {
            if (const IndividualContext *user = context.individual(u"user")) {
                for (const CompiledFlag::Target &t : flag.userTargets) {
                    if (t.keys.contains(user->key()))
                        return serve(flag, t.variation, EvaluationReason::targetMatch());
                }
            }
        }
    } else {
        for (const CompiledFlag::Target &t : flag.contextTargets) {
            const IndividualContext *individual = context.individual(t.contextKind);
            if (individual && t.keys.contains(individual->key()))
                return serve(flag, t.variation, EvaluationReason::targetMatch());
        }
    }

    // Attribute values already looked up by an earlier rule, by attribute slot.
    QVarLengthArray<const AttributeValue *, 32> attributes(flag.attributeSlotCount, &kUnresolved);
    for (const CompiledFlag::Rule &rule : flag.rules) {
        bool matched = true;
        for (const CompiledClause &clause : rule.clauses) {
            const Match m = clauseMatches(clause, e, attributes.data());
            if (m == Match::Malformed) {
                e.malformed = true;
                return errorResult(ErrorKind::MalformedFlag);
            }
            if (m == Match::No) {
                matched = false;
                break;
            }
        }
        if (!matched)
            continue;
        const VariationOrRollout::Choice choice = rule.serve.choose(context);
        if (choice.malformed)
            return errorResult(ErrorKind::MalformedFlag);
        return serve(flag, choice.variation,
                     EvaluationReason::ruleMatch(rule.index, rule.id, choice.inExperiment));
    }

    const VariationOrRollout::Choice choice = flag.fallthrough.choose(context);
    if (choice.malformed)
        return errorResult(ErrorKind::MalformedFlag);
    return serve(flag, choice.variation, EvaluationReason::fallthrough(choice.inExperiment));
}

FlagEvaluator::Match FlagEvaluator::clauseMatches(const CompiledClause &clause, Evaluation &e,
                                                  const AttributeValue **attributes) const
{
    bool matched = false;
    switch (clause.mode()) {
    case CompiledClause::Mode::Attribute: {
        // A context without the clause's kind, or without the attribute, fails the clause
        // whether or not it is negated.
        const int slot = attributes ? clause.attributeSlot() : -1;
        const AttributeValue *value = slot >= 0 ? attributes[slot] : &kUnresolved;
        if (value == &kUnresolved) {
            const IndividualContext *individual = e.context.individual(clause.contextKind());
            value = individual ? individual->value(clause.attribute()) : nullptr;
            if (slot >= 0)
                attributes[slot] = value;
        }
        if (!value || value->isNull())
            return Match::No;
        matched = clause.matchesAttribute(*value);
        break;
    }
    case CompiledClause::Mode::Kind:
        // "kind" is about the whole context: a multi-kind context matches if any kind does.
        for (qsizetype i = 0; i < e.context.kindCount() && !matched; ++i)
            matched = clause.matchesAttribute(e.context.individual(i).kindValue());
        break;
    case CompiledClause::Mode::Segment:
        for (int slot : clause.segmentSlots()) {
            const Match m = segmentMatches(slot, e);
            if (m == Match::Malformed)
                return m;
            if (m == Match::Yes) {
                matched = true;
                break;
            }
        }
        break;
    case CompiledClause::Mode::Never:
        return Match::No;
    case CompiledClause::Mode::BadReference:
        qCWarning(lcEval) << "clause with unusable attribute reference" << clause.problem();
        return Match::Malformed;
    }
    return matched != clause.negate() ? Match::Yes : Match::No;
}

FlagEvaluator::Match FlagEvaluator::segmentMatches(int segmentSlot, Evaluation &e) const
{
    // A segment that is not loaded matches nobody; it is not an error.
    const CompiledSegment *segment = segmentAt(segmentSlot);
    if (!segment)
        return Match::No;
    if (chainContains(e.segmentChain, segmentSlot)) {
        qCWarning(lcEval) << "segment cycle through segment" << segment->key;
        return Match::Malformed;
    }

    const EvaluationContext &context = e.context;
    if (segment->unbounded) {
        // Without a generation the big segment was never populated: LaunchDarkly's SDKs report
        // it as not configured and match nobody.
        if (!segment->generation) {
            if (severity(BigSegmentsStatus::NotConfigured) > severity(e.bigSegments))
                e.bigSegments = BigSegmentsStatus::NotConfigured;
            return Match::No;
        }
        const IndividualContext *individual = context.individual(segment->unboundedContextKind);
        if (!individual)
            return Match::No;
        switch (bigSegmentMembership(segmentSlot, *segment, individual->key(), e)) {
        case BigSegmentMembership::Included:
            return Match::Yes;
        case BigSegmentMembership::Excluded:
            return Match::No;
        case BigSegmentMembership::NotListed:
        case BigSegmentMembership::Unavailable:
            break;
        }
    } else {
        // Inclusion wins over exclusion, and both over rules.
        const IndividualContext *user = nullptr;
        if (!segment->included.isEmpty() || !segment->excluded.isEmpty())
            user = context.individual(u"user");
        if (user && segment->included.contains(user->key()))
            return Match::Yes;
        for (const CompiledSegment::KindKeys &k : segment->includedContexts) {
            const IndividualContext *individual = context.individual(k.contextKind);
            if (individual && k.keys.contains(individual->key()))
                return Match::Yes;
        }
        if (user && segment->excluded.contains(user->key()))
            return Match::No;
        for (const CompiledSegment::KindKeys &k : segment->excludedContexts) {
            const IndividualContext *individual = context.individual(k.contextKind);
            if (individual && k.keys.contains(individual->key()))
                return Match::No;
        }
    }

    if (segment->rules.empty())
        return Match::No;
    e.segmentChain.append(segmentSlot);
    Match result = Match::No;
    for (int i = 0; i < int(segment->rules.size()); ++i) {
        result = segmentRuleMatches(*segment, i, e);
        if (result != Match::No)
            break;
    }
    e.segmentChain.removeLast();
    return result;
}

FlagEvaluator::Match FlagEvaluator::segmentRuleMatches(const CompiledSegment &segment,
                                                       int ruleIndex, Evaluation &e) const
{
    const CompiledSegment::Rule &rule = segment.rules[size_t(ruleIndex)];
    for (const CompiledClause &clause : rule.clauses) {
        const Match m = clauseMatches(clause, e);
        if (m != Match::Yes)
            return m;
    }
    if (!rule.weight)
        return Match::Yes;
    if (!rule.bucketBy.isValid())
        return Match::Malformed;
    // Same bucketing as rollouts, keyed by the segment: a missing kind or attribute is bucket 0.
    double bucket = 0.0;
    if (const IndividualContext *individual = e.context.individual(rule.rolloutContextKind)) {
        if (const AttributeValue *value = individual->value(rule.bucketBy))
            bucket = Bucketer::bucket(segment.bucketPrefix, *value).value_or(0.0);
    }
    return bucket < double(*rule.weight) / 100000.0 ? Match::Yes : Match::No;
}

BigSegmentMembership FlagEvaluator::bigSegmentMembership(int segmentSlot,
                                                         const CompiledSegment &segment,
                                                         const QString &contextKey,
                                                         Evaluation &e) const
{
    auto report = [&e](BigSegmentsStatus s) {
        if (severity(s) > severity(e.bigSegments))
            e.bigSegments = s;
    };
    if (!m_bigSegmentProvider) {
        report(BigSegmentsStatus::NotConfigured);
        return BigSegmentMembership::NotListed;
    }
    BigSegmentMembership membership;
    {
        QMutexLocker lock(&m_bigSegmentMutex);
        const QPair<int, QString> cacheKey(segmentSlot, contextKey);
        const auto it = m_bigSegmentCache.constFind(cacheKey);
        if (it != m_bigSegmentCache.constEnd()) {
            membership = it.value();
        } else {
            // Under the lock, so that concurrent evaluations ask once per (segment, key).
            membership = m_bigSegmentProvider(segment.key, contextKey);
            m_bigSegmentCache.insert(cacheKey, membership);
        }
    }
    report(membership == BigSegmentMembership::Unavailable ? BigSegmentsStatus::StoreError
                                                           : BigSegmentsStatus::Healthy);
    return membership;
}
