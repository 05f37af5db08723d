#pragma once

#include "AttributeReference.h"
#include "EvaluationContext.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <vector>

// What a rule or the fallthrough serves: one fixed variation, or a percentage rollout (possibly
// an experiment) over several. Parsed once per flag; the bucketing prefix is precomputed so a
// rollout costs one SHA-1 of a short string per evaluation.
class VariationOrRollout
{
public:
    struct Choice
    {
        int variation = -1;
        bool inExperiment = false;
        bool malformed = false; // neither variation nor usable rollout
    };

    VariationOrRollout() = default; // malformed: serves nothing
    // `json` holds "variation" or "rollout" (a rule, or a flag's "fallthrough").
    static VariationOrRollout compile(const QJsonObject &json, const QString &flagKey,
                                      const QString &salt);

    Choice choose(const EvaluationContext &context) const;

    bool isRollout() const { return m_kind == Kind::Rollout || m_kind == Kind::Experiment; }
    bool isExperiment() const { return m_kind == Kind::Experiment; }
    int fixedVariation() const { return m_variation; }

private:
    enum class Kind : quint8 { Missing, Fixed, Rollout, Experiment };
    struct Bucket
    {
        int variation;
        double upperBound; // cumulative weight / 100000: buckets below it get this variation
        bool untracked;
    };

    Kind m_kind = Kind::Missing;
    int m_variation = -1;
    std::vector<Bucket> m_buckets;
    QString m_contextKind;
    AttributeReference m_bucketBy;
    QByteArray m_prefix;
};
