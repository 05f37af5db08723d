#pragma once

#include <QCoreApplication>
#include <QJsonObject>
#include <QString>

// Why a context got the variation it got, in LaunchDarkly's terms, so that FlagBridge can show
// the same explanation LaunchDarkly would ("rule 2 matched", "prerequisite beta-access failed").
class EvaluationReason
{
    Q_DECLARE_TR_FUNCTIONS(EvaluationReason)

public:
    enum class Kind : quint8 {
        Off,
        Fallthrough,
        TargetMatch,
        RuleMatch,
        PrerequisiteFailed,
        Error
    };
    enum class ErrorKind : quint8 {
        None,
        FlagNotFound,
        MalformedFlag,
        UserNotSpecified, // the context is missing or invalid
        WrongType, // the caller asked for a bool and the variation is a string, say
        Exception,
    };
    // Set when a big segment took part: whether its membership could be trusted.
    enum class BigSegmentsStatus : quint8 { None, Healthy, Stale, NotConfigured, StoreError };

    EvaluationReason() = default; // OFF

    static EvaluationReason off() { return EvaluationReason(Kind::Off); }
    static EvaluationReason fallthrough(bool inExperiment = false);
    static EvaluationReason targetMatch() { return EvaluationReason(Kind::TargetMatch); }
    static EvaluationReason ruleMatch(int ruleIndex, const QString &ruleId,
                                      bool inExperiment = false);
    static EvaluationReason prerequisiteFailed(const QString &prerequisiteKey);
    static EvaluationReason error(ErrorKind errorKind);

    Kind kind() const { return m_kind; }
    ErrorKind errorKind() const { return m_errorKind; }
    int ruleIndex() const { return m_ruleIndex; } // -1 unless RULE_MATCH
    const QString &ruleId() const { return m_ruleId; }
    const QString &prerequisiteKey() const { return m_prerequisiteKey; }
    bool inExperiment() const { return m_inExperiment; }
    BigSegmentsStatus bigSegmentsStatus() const { return m_bigSegmentsStatus; }
    void setBigSegmentsStatus(BigSegmentsStatus status) { m_bigSegmentsStatus = status; }

    // LaunchDarkly's names: "RULE_MATCH", "MALFORMED_FLAG", "NOT_CONFIGURED", ...
    static QString kindName(Kind kind);
    static QString errorKindName(ErrorKind errorKind);
    static QString bigSegmentsStatusName(BigSegmentsStatus status);

    // The reason object of LaunchDarkly's SDKs: {"kind":"RULE_MATCH","ruleIndex":0,"ruleId":"…"}.
    QJsonObject toJson() const;
    // A short translated description, e.g. for a tooltip ("Rule 2 matched (id r-1)").
    QString toString() const;

    bool operator==(const EvaluationReason &other) const;
    bool operator!=(const EvaluationReason &other) const { return !(*this == other); }

private:
    explicit EvaluationReason(Kind kind)
        : m_kind(kind)
    { }

    Kind m_kind = Kind::Off;
    ErrorKind m_errorKind = ErrorKind::None;
    BigSegmentsStatus m_bigSegmentsStatus = BigSegmentsStatus::None;
    bool m_inExperiment = false;
    int m_ruleIndex = -1;
    QString m_ruleId;
    QString m_prerequisiteKey;
};
