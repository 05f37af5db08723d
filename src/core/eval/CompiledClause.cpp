#include "CompiledClause.h"

#include "IndividualContext.h"
#include "Timestamp.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace {

// Below this many strings a linear scan of an "in" list beats hashing the attribute value.
constexpr qsizetype kHashedInThreshold = 8;

// Inline comparisons: QString's own go through out-of-line calls, which dominate when a rule
// compares a dozen short strings per evaluation.
bool startsWith(const QString &s, const QString &prefix)
{
    return s.size() >= prefix.size()
        && IndividualContext::sameText(QStringView(s).first(prefix.size()), prefix);
}

bool endsWith(const QString &s, const QString &suffix)
{
    return s.size() >= suffix.size()
        && IndividualContext::sameText(QStringView(s).last(suffix.size()), suffix);
}

} // namespace

CompiledClause::Operator CompiledClause::parseOperator(QStringView op)
{
    static const struct
    {
        QStringView name;
        Operator op;
    } kOperators[] = {
        { u"in", Operator::In },
        { u"endsWith", Operator::EndsWith },
        { u"startsWith", Operator::StartsWith },
        { u"matches", Operator::Matches },
        { u"contains", Operator::Contains },
        { u"lessThan", Operator::LessThan },
        { u"lessThanOrEqual", Operator::LessThanOrEqual },
        { u"greaterThan", Operator::GreaterThan },
        { u"greaterThanOrEqual", Operator::GreaterThanOrEqual },
        { u"before", Operator::Before },
        { u"after", Operator::After },
        { u"semVerEqual", Operator::SemVerEqual },
        { u"semVerLessThan", Operator::SemVerLessThan },
        { u"semVerGreaterThan", Operator::SemVerGreaterThan },
        { u"segmentMatch", Operator::SegmentMatch },
    };
    for (const auto &entry : kOperators) {
        if (entry.name == op)
            return entry.op;
    }
    return Operator::Unknown;
}

CompiledClause CompiledClause::compile(const QJsonObject &json, KeyIndex &segmentKeys)
{
    CompiledClause c;
    const QString opName = json.value("op"_L1).toString();
    c.m_op = parseOperator(opName);
    c.m_negate = json.value("negate"_L1).toBool();

    // Without a context kind the clause predates contexts: it is about users, and its attribute
    // is a plain name even if it starts with "/".
    const QString kind = json.value("contextKind"_L1).toString();
    const QString attribute = json.value("attribute"_L1).toString();
    if (kind.isEmpty()) {
        c.m_contextKind = u"user"_s;
        c.m_attribute = AttributeReference::literal(attribute);
    } else {
        c.m_contextKind = kind;
        c.m_attribute = AttributeReference::fromPath(attribute);
    }
    c.m_testsKind = c.m_attribute.isValid() && c.m_attribute.isKind();

    const QJsonArray values = json.value("values"_L1).toArray();
    for (const QJsonValue &v : values) {
        switch (c.m_op) {
        case Operator::In:
            if (v.isString())
                c.m_strings.append(v.toString());
            else if (v.isDouble())
                c.m_numbers.append(v.toDouble());
            else if (v.isBool())
                (v.toBool() ? c.m_hasTrue : c.m_hasFalse) = true;
            else
                c.m_otherValues.push_back(AttributeValue::fromJson(v));
            break;
        case Operator::EndsWith:
        case Operator::StartsWith:
        case Operator::Contains:
            if (v.isString())
                c.m_strings.append(v.toString());
            break;
        case Operator::Matches:
            if (v.isString()) {
                QRegularExpression re(v.toString());
                if (re.isValid()) {
                    re.optimize();
                    c.m_regexes.append(re);
                } else {
                    c.m_problem = u"invalid regular expression \"%1\": %2"_s.arg(v.toString(),
                                                                                 re.errorString());
                }
            }
            break;
        case Operator::LessThan:
        case Operator::LessThanOrEqual:
        case Operator::GreaterThan:
        case Operator::GreaterThanOrEqual:
            if (v.isDouble())
                c.m_numbers.append(v.toDouble());
            break;
        case Operator::Before:
        case Operator::After:
            if (const auto ms = Timestamp::toEpochMillis(AttributeValue::fromJson(v)))
                c.m_numbers.append(*ms);
            break;
        case Operator::SemVerEqual:
        case Operator::SemVerLessThan:
        case Operator::SemVerGreaterThan:
            if (v.isString()) {
                if (const auto version = SemanticVersion::parse(v.toString()))
                    c.m_versions.append(*version);
            }
            break;
        case Operator::SegmentMatch:
            if (v.isString())
                c.m_segmentSlots.append(segmentKeys.slot(v.toString()));
            break;
        case Operator::Unknown:
            break;
        }
    }
    if (c.m_op == Operator::In && c.m_strings.size() >= kHashedInThreshold)
        c.m_stringSet = QSet<QString>(c.m_strings.cbegin(), c.m_strings.cend());
    if (c.m_op == Operator::Unknown) {
        c.m_mode = Mode::Never;
        c.m_problem = u"unknown operator \"%1\"; the clause never matches"_s.arg(opName);
    } else if (c.m_op == Operator::SegmentMatch) {
        c.m_mode = Mode::Segment;
    } else if (c.m_testsKind) {
        c.m_mode = Mode::Kind;
    } else if (!c.m_attribute.isValid()) {
        c.m_mode = Mode::BadReference;
        c.m_problem = u"attribute \"%1\": %2"_s.arg(attribute, c.m_attribute.error());
    } else {
        c.m_mode = Mode::Attribute;
    }
    return c;
}

bool CompiledClause::matchesAnyElement(const AttributeValue &array) const
{
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (matchesSingle(array.at(i)))
            return true;
    }
    return false;
}

Q_ALWAYS_INLINE bool CompiledClause::matchesIn(const AttributeValue &value) const
{
    switch (value.type()) {
    case AttributeValue::Type::String:
        if (!m_stringSet.isEmpty())
            return m_stringSet.contains(value.toString());
        for (const QString &s : m_strings) {
            if (IndividualContext::sameText(s, value.toString()))
                return true;
        }
        return false;
    case AttributeValue::Type::Number:
        for (double n : m_numbers) {
            if (n == value.toNumber())
                return true;
        }
        return false;
    case AttributeValue::Type::Bool:
        return value.toBool() ? m_hasTrue : m_hasFalse;
    case AttributeValue::Type::Null:
    case AttributeValue::Type::Array:
    case AttributeValue::Type::Object:
        for (const AttributeValue &v : m_otherValues) {
            if (v == value)
                return true;
        }
        return false;
    }
    return false;
}

bool CompiledClause::matchesSingle(const AttributeValue &value) const
{
    switch (m_op) {
    case Operator::In:
        return matchesIn(value);
    case Operator::StartsWith:
        if (!value.isString())
            return false;
        for (const QString &s : m_strings) {
            if (startsWith(value.toString(), s))
                return true;
        }
        return false;
    case Operator::EndsWith:
        if (!value.isString())
            return false;
        for (const QString &s : m_strings) {
            if (endsWith(value.toString(), s))
                return true;
        }
        return false;
    case Operator::Contains:
        if (!value.isString())
            return false;
        for (const QString &s : m_strings) {
            if (value.toString().contains(s))
                return true;
        }
        return false;
    case Operator::Matches:
        if (!value.isString())
            return false;
        for (const QRegularExpression &re : m_regexes) {
            if (re.match(value.toString()).hasMatch())
                return true;
        }
        return false;
    case Operator::LessThan:
    case Operator::LessThanOrEqual:
    case Operator::GreaterThan:
    case Operator::GreaterThanOrEqual: {
        if (!value.isNumber())
            return false;
        const double a = value.toNumber();
        for (double b : m_numbers) {
            const bool ok = m_op == Operator::LessThan ? a < b
                : m_op == Operator::LessThanOrEqual    ? a <= b
                : m_op == Operator::GreaterThan        ? a > b
                                                       : a >= b;
            if (ok)
                return true;
        }
        return false;
    }
    case Operator::Before:
    case Operator::After: {
        if (m_numbers.isEmpty())
            return false;
        const auto ms = Timestamp::toEpochMillis(value);
        if (!ms)
            return false;
        for (double b : m_numbers) {
            if (m_op == Operator::Before ? *ms < b : *ms > b)
                return true;
        }
        return false;
    }
    case Operator::SemVerEqual:
    case Operator::SemVerLessThan:
    case Operator::SemVerGreaterThan: {
        if (!value.isString() || m_versions.isEmpty())
            return false;
        const auto version = SemanticVersion::parse(value.toString());
        if (!version)
            return false;
        for (const SemanticVersion &b : m_versions) {
            const int c = version->compare(b);
            if (m_op == Operator::SemVerEqual ? c == 0
                                              : (m_op == Operator::SemVerLessThan ? c < 0 : c > 0))
                return true;
        }
        return false;
    }
    case Operator::SegmentMatch:
    case Operator::Unknown:
        return false; // segments are matched by the evaluator, which knows them
    }
    return false;
}
