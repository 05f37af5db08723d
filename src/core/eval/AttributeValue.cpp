#include "AttributeValue.h"

#include <QJsonArray>
#include <QJsonObject>
#include <cmath>

AttributeValue::AttributeValue(bool b)
    : m_type(Type::Bool)
    , m_bool(b)
{ }

AttributeValue::AttributeValue(int n)
    : m_type(Type::Number)
    , m_number(n)
{ }

AttributeValue::AttributeValue(qint64 n)
    : m_type(Type::Number)
    , m_number(double(n))
{ }

AttributeValue::AttributeValue(double n)
    : m_type(Type::Number)
    , m_number(n)
{ }

AttributeValue::AttributeValue(const QString &s)
    : m_type(Type::String)
    , m_string(s)
{ }

AttributeValue::AttributeValue(QString &&s)
    : m_type(Type::String)
    , m_string(std::move(s))
{ }

AttributeValue::AttributeValue(const QStringList &list)
    : m_type(Type::Array)
{
    auto children = std::make_shared<Children>();
    children->values.reserve(size_t(list.size()));
    for (const QString &s : list)
        children->values.emplace_back(s);
    m_children = std::move(children);
}

AttributeValue AttributeValue::array(std::vector<AttributeValue> items)
{
    AttributeValue v;
    v.m_type = Type::Array;
    auto children = std::make_shared<Children>();
    children->values = std::move(items);
    v.m_children = std::move(children);
    return v;
}

AttributeValue AttributeValue::object(std::vector<std::pair<QString, AttributeValue>> properties)
{
    AttributeValue v;
    v.m_type = Type::Object;
    auto children = std::make_shared<Children>();
    children->values.reserve(properties.size());
    children->names.reserve(properties.size());
    for (auto &p : properties) {
        children->names.push_back(std::move(p.first));
        children->values.push_back(std::move(p.second));
    }
    v.m_children = std::move(children);
    return v;
}

AttributeValue AttributeValue::fromJson(const QJsonValue &json)
{
    switch (json.type()) {
    case QJsonValue::Bool:
        return AttributeValue(json.toBool());
    case QJsonValue::Double:
        return AttributeValue(json.toDouble());
    case QJsonValue::String:
        return AttributeValue(json.toString());
    case QJsonValue::Array: {
        const QJsonArray a = json.toArray();
        std::vector<AttributeValue> items;
        items.reserve(size_t(a.size()));
        for (const QJsonValue &e : a)
            items.push_back(fromJson(e));
        return array(std::move(items));
    }
    case QJsonValue::Object: {
        const QJsonObject o = json.toObject();
        std::vector<std::pair<QString, AttributeValue>> properties;
        properties.reserve(size_t(o.size()));
        for (auto it = o.constBegin(); it != o.constEnd(); ++it)
            properties.emplace_back(it.key(), fromJson(it.value()));
        return object(std::move(properties));
    }
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return AttributeValue();
}

QJsonValue AttributeValue::toJson() const
{
    switch (m_type) {
    case Type::Null:
        return QJsonValue(QJsonValue::Null);
    case Type::Bool:
        return QJsonValue(m_bool);
    case Type::Number:
        return QJsonValue(m_number);
    case Type::String:
        return QJsonValue(m_string);
    case Type::Array: {
        QJsonArray a;
        for (const AttributeValue &v : m_children->values)
            a.append(v.toJson());
        return a;
    }
    case Type::Object: {
        QJsonObject o;
        for (size_t i = 0; i < m_children->values.size(); ++i)
            o.insert(m_children->names[i], m_children->values[i].toJson());
        return o;
    }
    }
    return QJsonValue();
}

bool AttributeValue::isInteger() const
{
    // 2^63 is exactly representable; anything at or beyond it does not fit in a qint64.
    return m_type == Type::Number && std::isfinite(m_number) && std::trunc(m_number) == m_number
        && std::fabs(m_number) < 9223372036854775808.0;
}

const AttributeValue *AttributeValue::property(QStringView name) const
{
    if (m_type != Type::Object)
        return nullptr;
    const std::vector<QString> &names = m_children->names;
    for (size_t i = 0; i < names.size(); ++i) {
        if (names[i] == name)
            return &m_children->values[i];
    }
    return nullptr;
}

QString AttributeValue::propertyName(qsizetype i) const
{
    if (m_type != Type::Object)
        return QString();
    return m_children->names[size_t(i)];
}

bool AttributeValue::operator==(const AttributeValue &other) const
{
    if (m_type != other.m_type)
        return false;
    switch (m_type) {
    case Type::Null:
        return true;
    case Type::Bool:
        return m_bool == other.m_bool;
    case Type::Number:
        return m_number == other.m_number;
    case Type::String:
        return m_string == other.m_string;
    case Type::Array:
        if (m_children == other.m_children)
            return true;
        return m_children->values == other.m_children->values;
    case Type::Object: {
        if (m_children == other.m_children)
            return true;
        if (size() != other.size())
            return false;
        // Property order carries no meaning in JSON.
        for (size_t i = 0; i < m_children->names.size(); ++i) {
            const AttributeValue *theirs = other.property(m_children->names[i]);
            if (!theirs || *theirs != m_children->values[i])
                return false;
        }
        return true;
    }
    }
    return false;
}
