#include "IndividualContext.h"

#include <QHash>

using namespace Qt::StringLiterals;

namespace {

const size_t kKindHash = IndividualContext::nameHash(u"kind");
const size_t kKeyHash = IndividualContext::nameHash(u"key");
const size_t kAnonymousHash = IndividualContext::nameHash(u"anonymous");
const AttributeValue kNotAnonymous(false);

} // namespace

IndividualContext::IndividualContext(const QString &kind, const QString &key)
    : m_kind(kind)
    , m_key(key)
{ }

IndividualContext &IndividualContext::setKind(const QString &kind)
{
    m_kind = AttributeValue(kind);
    return *this;
}

IndividualContext &IndividualContext::setKey(const QString &key)
{
    m_key = AttributeValue(key);
    return *this;
}

IndividualContext &IndividualContext::setName(const QString &name)
{
    return set(u"name"_s, name.isNull() ? AttributeValue() : AttributeValue(name));
}

IndividualContext &IndividualContext::setAnonymous(bool anonymous)
{
    return set(u"anonymous"_s, anonymous);
}

IndividualContext &IndividualContext::set(const QString &name, AttributeValue value)
{
    const size_t hash = nameHash(name);
    if (hash == kKindHash && name == "kind"_L1) {
        if (value.isString())
            setKind(value.toString());
        return *this;
    }
    if (hash == kKeyHash && name == "key"_L1) {
        if (value.isString())
            m_key = std::move(value);
        return *this;
    }
    if (name.isEmpty() || name == "_meta"_L1)
        return *this;
    for (qsizetype i = 0; i < m_hashes.size(); ++i) {
        if (m_hashes[i] == hash && sameText(m_attributes[size_t(i)].name, name)) {
            if (value.isNull()) {
                m_attributes.erase(m_attributes.begin() + i);
                m_hashes.remove(i);
            } else {
                m_attributes[size_t(i)].value = std::move(value);
            }
            return *this;
        }
    }
    if (!value.isNull()) {
        m_attributes.push_back(Attribute { name, std::move(value) });
        m_hashes.append(hash);
    }
    return *this;
}

IndividualContext &IndividualContext::setJson(const QString &name, const QJsonValue &value)
{
    return set(name, AttributeValue::fromJson(value));
}

void IndividualContext::reserve(qsizetype attributeCount)
{
    m_attributes.reserve(size_t(attributeCount));
    m_hashes.reserve(attributeCount);
}

const AttributeValue *IndividualContext::topLevel(size_t hash, QStringView name) const
{
    const size_t *hashes = m_hashes.constData();
    for (qsizetype i = 0, n = m_hashes.size(); i < n; ++i) {
        if (hashes[i] == hash && sameText(m_attributes[size_t(i)].name, name))
            return &m_attributes[size_t(i)].value;
    }
    if (hash == kKindHash && sameText(name, u"kind"))
        return &m_kind;
    if (hash == kKeyHash && sameText(name, u"key"))
        return &m_key;
    if (hash == kAnonymousHash && sameText(name, u"anonymous"))
        return &kNotAnonymous;
    return nullptr;
}

const AttributeValue *IndividualContext::attribute(QStringView name) const
{
    return topLevel(nameHash(name), name);
}

const AttributeValue *IndividualContext::value(const AttributeReference &ref) const
{
    if (!ref.isValid())
        return nullptr;
    const AttributeValue *v = topLevel(ref.firstComponentHash(), ref.component(0));
    // Paths descend through object properties only; LaunchDarkly has no array indexing.
    for (qsizetype i = 1; v && i < ref.depth(); ++i)
        v = v->property(ref.component(i));
    return v;
}

bool IndividualContext::isValidKind(QStringView kind)
{
    if (kind.isEmpty() || kind == u"kind" || kind == u"multi")
        return false;
    for (QChar c : kind) {
        const char16_t u = c.unicode();
        const bool ok = (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z')
            || (u >= u'0' && u <= u'9') || u == u'.' || u == u'_' || u == u'-';
        if (!ok)
            return false;
    }
    return true;
}

QString IndividualContext::validationError() const
{
    if (!isValidKind(kind()))
        return u"invalid context kind \"%1\""_s.arg(kind());
    if (!m_key.isString() || (key().isEmpty() && !m_allowEmptyKey))
        return u"context of kind \"%1\" has no key"_s.arg(kind());
    return QString();
}

QJsonObject IndividualContext::toJson(bool withKind) const
{
    QJsonObject o;
    if (withKind)
        o.insert(u"kind"_s, kind());
    o.insert(u"key"_s, key());
    for (const Attribute &a : m_attributes)
        o.insert(a.name, a.value.toJson());
    return o;
}
