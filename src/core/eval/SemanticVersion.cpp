#include "SemanticVersion.h"

namespace {

bool isDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

bool isIdentifierChar(QChar c)
{
    return isDigit(c) || (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || c == u'-';
}

bool isNumeric(QStringView s)
{
    for (QChar c : s) {
        if (!isDigit(c))
            return false;
    }
    return !s.isEmpty();
}

// A numeric component: digits, no leading zero unless it is "0".
std::optional<quint64> parseNumber(QStringView s)
{
    if (!isNumeric(s) || (s.size() > 1 && s.front() == u'0'))
        return std::nullopt;
    bool ok = false;
    const quint64 n = s.toULongLong(&ok);
    if (!ok)
        return std::nullopt;
    return n;
}

// Dot-separated identifiers of [0-9A-Za-z-]; numeric pre-release identifiers may not have
// leading zeros (build identifiers may).
std::optional<QList<QString>> parseIdentifiers(QStringView s, bool preRelease)
{
    QList<QString> out;
    for (QStringView id : s.split(u'.')) {
        if (id.isEmpty())
            return std::nullopt;
        for (QChar c : id) {
            if (!isIdentifierChar(c))
                return std::nullopt;
        }
        if (preRelease && isNumeric(id) && id.size() > 1 && id.front() == u'0')
            return std::nullopt;
        out.append(id.toString());
    }
    return out;
}

int compareNumbers(quint64 a, quint64 b)
{
    return a < b ? -1 : (a > b ? 1 : 0);
}

} // namespace

std::optional<SemanticVersion> SemanticVersion::parse(QStringView text)
{
    SemanticVersion v;
    QStringView rest = text;
    const qsizetype plus = rest.indexOf(u'+');
    if (plus >= 0) {
        const auto build = parseIdentifiers(rest.mid(plus + 1), false);
        if (!build)
            return std::nullopt;
        v.m_build = rest.mid(plus + 1).toString();
        rest = rest.left(plus);
    }
    const qsizetype dash = rest.indexOf(u'-');
    if (dash >= 0) {
        auto pre = parseIdentifiers(rest.mid(dash + 1), true);
        if (!pre)
            return std::nullopt;
        v.m_preRelease = std::move(*pre);
        rest = rest.left(dash);
    }
    const QList<QStringView> numbers = rest.split(u'.');
    if (numbers.isEmpty() || numbers.size() > 3)
        return std::nullopt;
    quint64 *fields[] = { &v.m_major, &v.m_minor, &v.m_patch };
    for (qsizetype i = 0; i < numbers.size(); ++i) {
        const auto n = parseNumber(numbers.at(i));
        if (!n)
            return std::nullopt;
        *fields[i] = *n;
    }
    return v;
}

int SemanticVersion::compare(const SemanticVersion &other) const
{
    if (int c = compareNumbers(m_major, other.m_major))
        return c;
    if (int c = compareNumbers(m_minor, other.m_minor))
        return c;
    if (int c = compareNumbers(m_patch, other.m_patch))
        return c;
    // A pre-release ranks below the release it precedes.
    const bool isRelease = m_preRelease.isEmpty();
    const bool otherIsRelease = other.m_preRelease.isEmpty();
    if (isRelease || otherIsRelease)
        return isRelease == otherIsRelease ? 0 : (isRelease ? 1 : -1);
    for (qsizetype i = 0; i < m_preRelease.size() && i < other.m_preRelease.size(); ++i) {
        const QString &a = m_preRelease.at(i);
        const QString &b = other.m_preRelease.at(i);
        const bool aNumeric = isNumeric(a);
        const bool bNumeric = isNumeric(b);
        if (aNumeric && bNumeric) {
            // Numeric identifiers compare as numbers; length first avoids overflow on long ones.
            if (a.size() != b.size())
                return a.size() < b.size() ? -1 : 1;
            if (int c = a.compare(b))
                return c < 0 ? -1 : 1;
        } else if (aNumeric != bNumeric) {
            return aNumeric ? -1 : 1; // numeric identifiers rank below alphanumeric ones
        } else if (int c = a.compare(b)) {
            return c < 0 ? -1 : 1; // ASCII order
        }
    }
    return compareNumbers(quint64(m_preRelease.size()), quint64(other.m_preRelease.size()));
}
