#pragma once

#include "EvaluationReason.h"

#include <QJsonObject>
#include <QJsonValue>

// The outcome of evaluating one flag for one context: the variation served (value and index)
// and the reason. When evaluation fails, or the flag is off without an off variation, there is
// no variation: variationIndex() is -1 and value() is undefined, and the caller serves its
// default, as LaunchDarkly's SDKs do (valueOr()).
class EvaluationResult
{
public:
    // The types a caller can ask for, like the SDKs' boolVariation(), stringVariation(), ...
    enum class ValueType : quint8 { Any, Bool, Int, Double, String };

    EvaluationResult() = default;
    EvaluationResult(const QJsonValue &value, int variationIndex, const EvaluationReason &reason)
        : m_value(value)
        , m_variationIndex(variationIndex)
        , m_reason(reason)
    { }
    explicit EvaluationResult(const EvaluationReason &reason)
        : m_reason(reason)
    { }

    const QJsonValue &value() const { return m_value; }
    int variationIndex() const { return m_variationIndex; }
    bool hasVariation() const { return m_variationIndex >= 0; }
    const EvaluationReason &reason() const { return m_reason; }
    EvaluationReason &reason() { return m_reason; }
    bool isError() const { return m_reason.kind() == EvaluationReason::Kind::Error; }

    QJsonValue valueOr(const QJsonValue &defaultValue) const
    {
        return hasVariation() ? m_value : defaultValue;
    }
    // What a typed SDK call returns: the variation if it has the requested type, else the
    // default with an ERROR/WRONG_TYPE reason; the default also when there is no variation.
    EvaluationResult withDefault(const QJsonValue &defaultValue,
                                 ValueType type = ValueType::Any) const;
    static bool hasType(const QJsonValue &value, ValueType type);

    // {"value": …, "variationIndex": n, "reason": {…}}, variationIndex omitted when there is none.
    QJsonObject toJson() const;

private:
    QJsonValue m_value = QJsonValue(QJsonValue::Undefined);
    int m_variationIndex = -1;
    EvaluationReason m_reason;
};
