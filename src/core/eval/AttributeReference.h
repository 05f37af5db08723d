#pragma once

#include <QList>
#include <QString>

// Names an attribute of a context, as a clause, a rollout's bucketBy or a segment rule does.
//
// LaunchDarkly has two spellings. A reference that starts with "/" is a path: "/address/city"
// reads the "city" property of the "address" object, and "~1" and "~0" stand for "/" and "~"
// inside a component (so "/a~1b" is the attribute named "a/b"). Anything else is one plain
// attribute name, slashes included. Data written before contexts existed (a clause or rollout
// without "contextKind") always uses plain names, even when they start with "/": build those with
// literal().
class AttributeReference
{
public:
    AttributeReference() = default; // invalid

    static AttributeReference fromPath(const QString &reference);
    static AttributeReference literal(const QString &name);

    bool isValid() const { return m_error.isEmpty() && !m_components.isEmpty(); }
    // Why the reference is unusable ("empty reference", "'~' must be followed by 0 or 1", ...).
    QString error() const;
    QString toString() const { return m_text; }

    qsizetype depth() const { return m_components.size(); }
    const QString &component(qsizetype i) const { return m_components.at(i); }
    // qHash of the first component with seed 0, matching IndividualContext's attribute index.
    size_t firstComponentHash() const { return m_firstHash; }

    // "kind" names the context's kind(s), not an attribute; clauses treat it specially.
    bool isKind() const;

    bool operator==(const AttributeReference &other) const
    {
        return m_components == other.m_components && m_error == other.m_error;
    }

private:
    void setComponents(QList<QString> components);

    QString m_text;
    QList<QString> m_components;
    QString m_error;
    size_t m_firstHash = 0;
};
