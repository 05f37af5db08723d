#include "VariationOrRollout.h"

#include "Bucketer.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

VariationOrRollout VariationOrRollout::compile(const QJsonObject &json, const QString &flagKey,
                                               const QString &salt)
{
    VariationOrRollout v;
    const QJsonValue variation = json.value("variation"_L1);
    if (variation.isDouble()) {
        v.m_kind = Kind::Fixed;
        v.m_variation = variation.toInt(-1);
        if (double(v.m_variation) != variation.toDouble())
            v.m_variation = -1; // a fractional index is as malformed as a negative one
        return v;
    }
    const QJsonValue rolloutValue = json.value("rollout"_L1);
    if (!rolloutValue.isObject())
        return v;
    const QJsonObject rollout = rolloutValue.toObject();
    const QJsonArray variations = rollout.value("variations"_L1).toArray();
    if (variations.isEmpty())
        return v;

    v.m_kind
        = rollout.value("kind"_L1).toString() == "experiment"_L1 ? Kind::Experiment : Kind::Rollout;
    qint64 sum = 0;
    for (const QJsonValue &wv : variations) {
        const QJsonObject o = wv.toObject();
        sum += qint64(o.value("weight"_L1).toDouble());
        // The REST API spells it "_untracked", SDK data "untracked".
        const bool untracked
            = o.value("untracked"_L1).toBool() || o.value("_untracked"_L1).toBool();
        v.m_buckets.push_back(
            Bucket { o.value("variation"_L1).toInt(-1), double(sum) / 100000.0, untracked });
    }

    // As with clauses: without a context kind, bucketBy is a plain attribute name about users.
    const QString kind = rollout.value("contextKind"_L1).toString();
    const QString bucketBy = rollout.value("bucketBy"_L1).toString();
    v.m_contextKind = kind.isEmpty() ? u"user"_s : kind;
    if (bucketBy.isEmpty())
        v.m_bucketBy = AttributeReference::literal(u"key"_s);
    else
        v.m_bucketBy = kind.isEmpty() ? AttributeReference::literal(bucketBy)
                                      : AttributeReference::fromPath(bucketBy);

    const QJsonValue seed = rollout.value("seed"_L1);
    v.m_prefix = seed.isDouble() ? Bucketer::seedPrefix(qint64(seed.toDouble()))
                                 : Bucketer::prefix(flagKey, salt);
    return v;
}

VariationOrRollout::Choice VariationOrRollout::choose(const EvaluationContext &context) const
{
    Choice choice;
    switch (m_kind) {
    case Kind::Missing:
        choice.malformed = true;
        return choice;
    case Kind::Fixed:
        choice.variation = m_variation;
        return choice;
    case Kind::Rollout:
    case Kind::Experiment:
        break;
    }

    const bool experiment = m_kind == Kind::Experiment;
    // Experiments always bucket by key, so that each context is one unit of the experiment.
    static const AttributeReference kKey = AttributeReference::literal(u"key"_s);
    const AttributeReference &by = experiment ? kKey : m_bucketBy;
    if (!by.isValid()) {
        choice.malformed = true;
        return choice;
    }

    // A context without the rollout's kind, or without the bucketBy attribute, lands in bucket
    // 0, i.e. the first variation with any weight. Without the kind it is not part of the
    // experiment either.
    double bucket = 0.0;
    const IndividualContext *individual = context.individual(m_contextKind);
    if (individual) {
        if (const AttributeValue *value = individual->value(by))
            bucket = Bucketer::bucket(m_prefix, *value).value_or(0.0);
    }

    // Weights that add up to less than 100000 leave buckets past the end: those get the last
    // variation.
    const Bucket *chosen = &m_buckets.back();
    for (const Bucket &b : m_buckets) {
        if (bucket < b.upperBound) {
            chosen = &b;
            break;
        }
    }
    choice.variation = chosen->variation;
    choice.inExperiment = experiment && individual && !chosen->untracked;
    return choice;
}
