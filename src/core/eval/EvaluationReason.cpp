#include "EvaluationReason.h"

using namespace Qt::StringLiterals;

EvaluationReason EvaluationReason::fallthrough(bool inExperiment)
{
    EvaluationReason r(Kind::Fallthrough);
    r.m_inExperiment = inExperiment;
    return r;
}

EvaluationReason EvaluationReason::ruleMatch(int ruleIndex, const QString &ruleId,
                                             bool inExperiment)
{
    EvaluationReason r(Kind::RuleMatch);
    r.m_ruleIndex = ruleIndex;
    r.m_ruleId = ruleId;
    r.m_inExperiment = inExperiment;
    return r;
}

EvaluationReason EvaluationReason::prerequisiteFailed(const QString &prerequisiteKey)
{
    EvaluationReason r(Kind::PrerequisiteFailed);
    r.m_prerequisiteKey = prerequisiteKey;
    return r;
}

EvaluationReason EvaluationReason::error(ErrorKind errorKind)
{
    EvaluationReason r(Kind::Error);
    r.m_errorKind = errorKind;
    return r;
}

QString EvaluationReason::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Off:
        return u"OFF"_s;
    case Kind::Fallthrough:
        return u"FALLTHROUGH"_s;
    case Kind::TargetMatch:
        return u"TARGET_MATCH"_s;
    case Kind::RuleMatch:
        return u"RULE_MATCH"_s;
    case Kind::PrerequisiteFailed:
        return u"PREREQUISITE_FAILED"_s;
    case Kind::Error:
        return u"ERROR"_s;
    }
    return QString();
}

QString EvaluationReason::errorKindName(ErrorKind errorKind)
{
    switch (errorKind) {
    case ErrorKind::None:
        return QString();
    case ErrorKind::FlagNotFound:
        return u"FLAG_NOT_FOUND"_s;
    case ErrorKind::MalformedFlag:
        return u"MALFORMED_FLAG"_s;
    case ErrorKind::UserNotSpecified:
        return u"USER_NOT_SPECIFIED"_s;
    case ErrorKind::WrongType:
        return u"WRONG_TYPE"_s;
    case ErrorKind::Exception:
        return u"EXCEPTION"_s;
    }
    return QString();
}

QString EvaluationReason::bigSegmentsStatusName(BigSegmentsStatus status)
{
    switch (status) {
    case BigSegmentsStatus::None:
        return QString();
    case BigSegmentsStatus::Healthy:
        return u"HEALTHY"_s;
    case BigSegmentsStatus::Stale:
        return u"STALE"_s;
    case BigSegmentsStatus::NotConfigured:
        return u"NOT_CONFIGURED"_s;
    case BigSegmentsStatus::StoreError:
        return u"STORE_ERROR"_s;
    }
    return QString();
}

QJsonObject EvaluationReason::toJson() const
{
    QJsonObject o;
    o.insert(u"kind"_s, kindName(m_kind));
    if (m_kind == Kind::RuleMatch) {
        o.insert(u"ruleIndex"_s, m_ruleIndex);
        if (!m_ruleId.isEmpty())
            o.insert(u"ruleId"_s, m_ruleId);
    }
    if (m_kind == Kind::PrerequisiteFailed)
        o.insert(u"prerequisiteKey"_s, m_prerequisiteKey);
    if (m_kind == Kind::Error)
        o.insert(u"errorKind"_s, errorKindName(m_errorKind));
    if (m_inExperiment)
        o.insert(u"inExperiment"_s, true);
    if (m_bigSegmentsStatus != BigSegmentsStatus::None)
        o.insert(u"bigSegmentsStatus"_s, bigSegmentsStatusName(m_bigSegmentsStatus));
    return o;
}

QString EvaluationReason::toString() const
{
    switch (m_kind) {
    case Kind::Off:
        return tr("Flag is off");
    case Kind::Fallthrough:
        return m_inExperiment ? tr("Default rule (in experiment)") : tr("Default rule");
    case Kind::TargetMatch:
        return tr("Individually targeted");
    case Kind::RuleMatch:
        if (m_inExperiment)
            return tr("Rule %1 matched (id %2, in experiment)").arg(m_ruleIndex + 1).arg(m_ruleId);
        return tr("Rule %1 matched (id %2)").arg(m_ruleIndex + 1).arg(m_ruleId);
    case Kind::PrerequisiteFailed:
        return tr("Prerequisite flag %1 not met").arg(m_prerequisiteKey);
    case Kind::Error:
        return tr("Evaluation error: %1").arg(errorKindName(m_errorKind));
    }
    return QString();
}

bool EvaluationReason::operator==(const EvaluationReason &other) const
{
    return m_kind == other.m_kind && m_errorKind == other.m_errorKind
        && m_inExperiment == other.m_inExperiment && m_ruleIndex == other.m_ruleIndex
        && m_ruleId == other.m_ruleId && m_prerequisiteKey == other.m_prerequisiteKey
        && m_bigSegmentsStatus == other.m_bigSegmentsStatus;
}
