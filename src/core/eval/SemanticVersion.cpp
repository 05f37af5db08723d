#include "SemanticVersion.h"

#include <limits>

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

// Reads a numeric component at `pos`: digits, no leading zero unless it is "0".
bool readNumber(QStringView s, qsizetype *pos, quint64 *out)
{
    const qsizetype start = *pos;
    quint64 n = 0;
    while (*pos < s.size() && isDigit(s.at(*pos))) {
        const quint64 digit = s.at(*pos).unicode() - u'0';
        if (n > (std::numeric_limits<quint64>::max() - digit) / 10)
            return false;
        n = n * 10 + digit;
        ++*pos;
    }
    const qsizetype length = *pos - start;
    if (length == 0 || (length > 1 && s.at(start) == u'0'))
        return false;
    *out = n;
    return true;
}

// Dot-separated identifiers of [0-9A-Za-z-]; numeric pre-release identifiers may not have
// leading zeros (build identifiers may).
bool validIdentifiers(QStringView s, bool preRelease)
{
    for (QStringView id : s.tokenize(u'.')) {
        if (id.isEmpty())
            return false;
        for (QChar c : id) {
            if (!isIdentifierChar(c))
                return false;
        }
        if (preRelease && isNumeric(id) && id.size() > 1 && id.front() == u'0')
            return false;
    }
    return !s.isEmpty();
}

int compareNumbers(quint64 a, quint64 b)
{
    return a < b ? -1 : (a > b ? 1 : 0);
}

} // namespace

std::optional<SemanticVersion> SemanticVersion::parse(QStringView text)
{
    // A single forward scan: clause evaluation parses the context's version every time, so
    // nothing is allocated unless there is a pre-release part to keep.
    SemanticVersion v;
    qsizetype pos = 0;
    quint64 *fields[] = { &v.m_major, &v.m_minor, &v.m_patch };
    for (int i = 0; i < 3; ++i) {
        if (i > 0) {
            if (pos >= text.size() || text.at(pos) != u'.')
                break;
            ++pos;
        }
        if (!readNumber(text, &pos, fields[i]))
            return std::nullopt;
    }
    if (pos < text.size() && text.at(pos) == u'-') {
        ++pos;
        qsizetype end = text.indexOf(u'+', pos);
        if (end < 0)
            end = text.size();
        const QStringView preRelease = text.sliced(pos, end - pos);
        if (!validIdentifiers(preRelease, true))
            return std::nullopt;
        for (QStringView id : preRelease.tokenize(u'.'))
            v.m_preRelease.append(id.toString());
        pos = end;
    }
    if (pos < text.size() && text.at(pos) == u'+') {
        const QStringView build = text.sliced(pos + 1);
        if (!validIdentifiers(build, false))
            return std::nullopt;
        v.m_build = build.toString();
        pos = text.size();
    }
    if (pos != text.size())
        return std::nullopt;
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
