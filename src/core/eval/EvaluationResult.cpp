#include "EvaluationResult.h"

using namespace Qt::StringLiterals;

bool EvaluationResult::hasType(const QJsonValue &value, ValueType type)
{
    switch (type) {
    case ValueType::Any:
        return true;
    case ValueType::Bool:
        return value.isBool();
    case ValueType::Int:
    case ValueType::Double:
        return value.isDouble();
    case ValueType::String:
        return value.isString();
    }
    return false;
}

EvaluationResult EvaluationResult::withDefault(const QJsonValue &defaultValue, ValueType type) const
{
    if (!hasVariation()) {
        EvaluationResult r = *this;
        r.m_value = defaultValue;
        return r;
    }
    if (!hasType(m_value, type))
        return EvaluationResult(defaultValue, -1,
                                EvaluationReason::error(EvaluationReason::ErrorKind::WrongType));
    return *this;
}

QJsonObject EvaluationResult::toJson() const
{
    QJsonObject o;
    o.insert(u"value"_s, m_value.isUndefined() ? QJsonValue(QJsonValue::Null) : m_value);
    if (hasVariation())
        o.insert(u"variationIndex"_s, m_variationIndex);
    o.insert(u"reason"_s, m_reason.toJson());
    return o;
}
