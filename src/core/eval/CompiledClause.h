#pragma once

#include "AttributeReference.h"
#include "AttributeValue.h"
#include "KeyIndex.h"
#include "SemanticVersion.h"

#include <QJsonObject>
#include <QList>
#include <QRegularExpression>
#include <QSet>
#include <QString>
#include <vector>

// One clause of a flag or segment rule, parsed once: the operator is an enum, the values are
// sorted by what the operator can use (strings, numbers, dates as epoch milliseconds, parsed
// semantic versions, compiled regular expressions, segment slots), and long "in" lists are
// hashed. Matching a context attribute then compares plain C++ values.
class CompiledClause
{
public:
    enum class Operator : quint8 {
        In,
        EndsWith,
        StartsWith,
        Matches,
        Contains,
        LessThan,
        LessThanOrEqual,
        GreaterThan,
        GreaterThanOrEqual,
        Before,
        After,
        SemVerEqual,
        SemVerLessThan,
        SemVerGreaterThan,
        SegmentMatch,
        Unknown, // never matches, negated or not: an operator we cannot read must not target
    };

    // What evaluating the clause involves, decided once at compile time.
    enum class Mode : quint8 {
        Attribute, // read an attribute of the clause's context kind
        Kind, // test the context's kind(s)
        Segment, // segmentMatch
        Never, // unknown operator
        BadReference, // the attribute reference is unusable: the flag is malformed
    };

    static CompiledClause compile(const QJsonObject &json, KeyIndex &segmentKeys);
    static Operator parseOperator(QStringView op);

    Operator op() const { return m_op; }
    Mode mode() const { return m_mode; }
    bool negate() const { return m_negate; }
    // "user" when the clause names no kind.
    const QString &contextKind() const { return m_contextKind; }
    const AttributeReference &attribute() const { return m_attribute; }
    // The clause tests the context's kind(s) rather than an attribute.
    bool testsKind() const { return m_testsKind; }
    const QList<int> &segmentSlots() const { return m_segmentSlots; }
    // Clauses of one flag that read the same attribute of the same kind share a slot, so an
    // evaluation looks each attribute up once however many rules test it; -1 for none.
    int attributeSlot() const { return m_attributeSlot; }
    void setAttributeSlot(int slot) { m_attributeSlot = slot; }
    // Something about the clause that the evaluation will ignore (an invalid regular
    // expression, an unknown operator); empty when all is well. For logs and diagnostics.
    const QString &problem() const { return m_problem; }

    // Whether an attribute value satisfies the operator against any of the clause's values,
    // before negation. An array satisfies it when any of its elements does.
    bool matchesAttribute(const AttributeValue &value) const
    {
        return value.isArray() ? matchesAnyElement(value) : matchesSingle(value);
    }

private:
    bool matchesSingle(const AttributeValue &value) const;
    bool matchesAnyElement(const AttributeValue &array) const;
    bool matchesIn(const AttributeValue &value) const;

    Operator m_op = Operator::Unknown;
    Mode m_mode = Mode::Never;
    bool m_negate = false;
    bool m_testsKind = false;
    int m_attributeSlot = -1;
    bool m_hasTrue = false; // "in" lists true
    bool m_hasFalse = false; // "in" lists false
    QString m_contextKind;
    AttributeReference m_attribute;
    QList<QString> m_strings;
    QSet<QString> m_stringSet; // long "in" lists of strings
    QList<double> m_numbers; // numbers, or dates as epoch milliseconds
    QList<SemanticVersion> m_versions;
    QList<QRegularExpression> m_regexes;
    std::vector<AttributeValue> m_otherValues; // "in" values that are arrays, objects or null
    QList<int> m_segmentSlots;
    QString m_problem;
};
