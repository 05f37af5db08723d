#pragma once

#include "AttributeReference.h"
#include "AttributeValue.h"

#include <QJsonObject>
#include <QString>
#include <vector>

// One context of one kind: a kind ("user", "ghl-contact", ...), a key unique within the kind,
// and attributes. This is also the builder FlagBridge uses to turn a contact into a context
// without going through JSON:
//
//     IndividualContext c(u"ghl-contact"_s, contact.id);
//     c.setName(contact.name).set(u"email"_s, contact.email).set(u"tags"_s, contact.tags);
//     EvaluationContext context(std::move(c));
//
// Attributes are kept in a small vector with the hash of each name, so a clause finds its
// attribute by comparing integers first; contacts carry a dozen attributes, for which this beats
// a hash table and costs one allocation per context.
class IndividualContext
{
public:
    IndividualContext() = default;
    IndividualContext(const QString &kind, const QString &key);

    const QString &kind() const { return m_kind.toString(); }
    const QString &key() const { return m_key.toString(); }
    // The kind as a value, for clauses that test it.
    const AttributeValue &kindValue() const { return m_kind; }
    IndividualContext &setKind(const QString &kind);
    IndividualContext &setKey(const QString &key);
    IndividualContext &setName(const QString &name);
    IndividualContext &setAnonymous(bool anonymous);
    // Sets a top-level attribute; a null value removes it. "kind" and "key" set the kind and
    // key when given a string; "_meta" is not an attribute and is ignored.
    IndividualContext &set(const QString &name, AttributeValue value);
    IndividualContext &setJson(const QString &name, const QJsonValue &value);
    void reserve(qsizetype attributeCount);

    // Old-style user objects may have an empty key; contexts of any other form may not.
    void setAllowEmptyKey(bool allow) { m_allowEmptyKey = allow; }

    // The value a reference names, or nullptr when the context has no such attribute.
    // "kind" and "key" are the kind and key; "anonymous" is false unless set.
    const AttributeValue *value(const AttributeReference &ref) const;
    const AttributeValue *attribute(QStringView name) const;
    qsizetype attributeCount() const { return qsizetype(m_attributes.size()); }

    // Empty when usable, else what is wrong (invalid kind, empty key).
    QString validationError() const;
    static bool isValidKind(QStringView kind);

    // String equality without the out-of-line call QString's operator== makes: the evaluator
    // compares short kind and attribute names millions of times a second.
    static bool sameText(QStringView a, QStringView b)
    {
        const qsizetype n = a.size();
        if (n != b.size())
            return false;
        const char *x = reinterpret_cast<const char *>(a.data());
        const char *y = reinterpret_cast<const char *>(b.data());
        if (x == y)
            return true;
        const size_t bytes = size_t(n) * sizeof(QChar);
        if (bytes > 32) // long values go to the vectorised library routine
            return std::memcmp(x, y, bytes) == 0;
        if (bytes < 8) {
            for (size_t i = 0; i < bytes; i += 2) {
                if (load<quint16>(x + i) != load<quint16>(y + i))
                    return false;
            }
            return true;
        }
        // Whole 8-byte words, the last one overlapping the one before it.
        for (size_t i = 0; i + 8 < bytes; i += 8) {
            if (load<quint64>(x + i) != load<quint64>(y + i))
                return false;
        }
        return load<quint64>(x + bytes - 8) == load<quint64>(y + bytes - 8);
    }
    static size_t nameHash(QStringView name) { return qHash(name, size_t(0)); }

    // The context as LaunchDarkly's JSON format writes it (the body of the evaluate endpoint).
    QJsonObject toJson(bool withKind = true) const;

private:
    template<typename T> static T load(const char *p)
    {
        T v;
        std::memcpy(&v, p, sizeof v);
        return v;
    }

    struct Attribute
    {
        QString name;
        AttributeValue value;
    };

    const AttributeValue *topLevel(size_t hash, QStringView name) const;

    AttributeValue m_kind;
    AttributeValue m_key;
    std::vector<Attribute> m_attributes;
    // The attribute names' hashes, kept apart so that a lookup scans a few contiguous integers.
    QVarLengthArray<size_t, 16> m_hashes;
    bool m_allowEmptyKey = false;
};
