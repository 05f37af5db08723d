#pragma once

#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <memory>
#include <vector>

// A JSON-like value held by a context attribute or a clause, laid out for evaluation: the string,
// number and boolean are plain members, so reading them on the hot path costs no allocation and
// no QJsonValue conversion (QJsonValue::toString() builds a new QString on every call).
class AttributeValue
{
public:
    enum class Type : quint8 { Null, Bool, Number, String, Array, Object };

    AttributeValue() = default;
    AttributeValue(bool b);
    AttributeValue(int n);
    AttributeValue(qint64 n);
    AttributeValue(double n);
    AttributeValue(const QString &s);
    AttributeValue(QString &&s);
    AttributeValue(const QStringList &list); // an array of strings, e.g. a contact's tags
    // Disambiguates string literals, which would otherwise convert to bool.
    AttributeValue(const char *) = delete;

    static AttributeValue array(std::vector<AttributeValue> items);
    static AttributeValue object(std::vector<std::pair<QString, AttributeValue>> properties);
    static AttributeValue fromJson(const QJsonValue &json);
    QJsonValue toJson() const;

    Type type() const { return m_type; }
    bool isNull() const { return m_type == Type::Null; }
    bool isBool() const { return m_type == Type::Bool; }
    bool isNumber() const { return m_type == Type::Number; }
    bool isString() const { return m_type == Type::String; }
    bool isArray() const { return m_type == Type::Array; }
    bool isObject() const { return m_type == Type::Object; }

    bool toBool() const { return m_type == Type::Bool && m_bool; }
    double toNumber() const { return m_type == Type::Number ? m_number : 0.0; }
    // Empty unless a string; a reference, so comparing costs no copy.
    const QString &toString() const { return m_string; }
    // A number with no fractional part that fits in 64 bits: what bucketing accepts.
    bool isInteger() const;

    // Arrays: the elements; objects: the property values (in the order they were given).
    qsizetype size() const { return m_children ? qsizetype(m_children->values.size()) : 0; }
    const AttributeValue &at(qsizetype i) const { return m_children->values[size_t(i)]; }
    // Objects only: the property with that name, or nullptr.
    const AttributeValue *property(QStringView name) const;
    QString propertyName(qsizetype i) const;

    // JSON equality as LaunchDarkly's "in" operator defines it: same type and same value;
    // numbers compare numerically (1 == 1.0), booleans never equal numbers.
    bool operator==(const AttributeValue &other) const;
    bool operator!=(const AttributeValue &other) const { return !(*this == other); }

private:
    // Shared, immutable: copying an array-valued attribute (tags) between contexts is a refcount.
    struct Children
    {
        std::vector<AttributeValue> values;
        std::vector<QString> names; // empty for arrays
    };

    Type m_type = Type::Null;
    bool m_bool = false;
    double m_number = 0.0;
    QString m_string;
    std::shared_ptr<const Children> m_children;
};
