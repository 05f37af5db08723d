#include "Timestamp.h"

#include <cmath>

namespace {

// Reads exactly `count` digits at `pos`.
bool readDigits(QStringView s, qsizetype pos, int count, int *out)
{
    if (pos + count > s.size())
        return false;
    int n = 0;
    for (int i = 0; i < count; ++i) {
        const QChar c = s.at(pos + i);
        if (c < u'0' || c > u'9')
            return false;
        n = n * 10 + (c.unicode() - u'0');
    }
    *out = n;
    return true;
}

bool isLeapYear(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int daysInMonth(int y, int m)
{
    static const int kDays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return m == 2 && isLeapYear(y) ? 29 : kDays[m - 1];
}

// Days from 1970-01-01 to the given proleptic Gregorian date, by counting 400-year eras
// (146097 days each) from 0000-03-01, so that the leap day falls at the end of a year.
qint64 daysFromCivil(int y, int m, int d)
{
    y -= m <= 2 ? 1 : 0;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const qint64 yearOfEra = y - era * 400;
    const qint64 dayOfYear = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const qint64 dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146097 + dayOfEra - 719468;
}

} // namespace

std::optional<double> Timestamp::toEpochMillis(const AttributeValue &value)
{
    if (value.isNumber()) {
        if (!std::isfinite(value.toNumber()))
            return std::nullopt;
        return value.toNumber();
    }
    if (value.isString())
        return parseRfc3339(value.toString());
    return std::nullopt;
}

std::optional<double> Timestamp::parseRfc3339(QStringView s)
{
    int year, month, day, hour, minute, second;
    if (!readDigits(s, 0, 4, &year) || s.size() < 19 || s.at(4) != u'-'
        || !readDigits(s, 5, 2, &month) || s.at(7) != u'-' || !readDigits(s, 8, 2, &day)
        || (s.at(10) != u'T' && s.at(10) != u't') || !readDigits(s, 11, 2, &hour)
        || s.at(13) != u':' || !readDigits(s, 14, 2, &minute) || s.at(16) != u':'
        || !readDigits(s, 17, 2, &second))
        return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23
        || minute > 59 || second > 59)
        return std::nullopt;

    qsizetype pos = 19;
    double fraction = 0.0;
    if (pos < s.size() && s.at(pos) == u'.') {
        ++pos;
        double scale = 0.1;
        const qsizetype start = pos;
        while (pos < s.size() && s.at(pos) >= u'0' && s.at(pos) <= u'9') {
            fraction += (s.at(pos).unicode() - u'0') * scale;
            scale /= 10.0;
            ++pos;
        }
        if (pos == start)
            return std::nullopt;
    }

    if (pos >= s.size())
        return std::nullopt; // RFC 3339 requires a zone; a local time is ambiguous
    int offsetMinutes = 0;
    const QChar zone = s.at(pos);
    if (zone == u'Z' || zone == u'z') {
        ++pos;
    } else if (zone == u'+' || zone == u'-') {
        int offsetHours, offsetMins;
        if (!readDigits(s, pos + 1, 2, &offsetHours) || pos + 3 >= s.size() || s.at(pos + 3) != u':'
            || !readDigits(s, pos + 4, 2, &offsetMins) || offsetHours > 23 || offsetMins > 59)
            return std::nullopt;
        offsetMinutes = (offsetHours * 60 + offsetMins) * (zone == u'-' ? -1 : 1);
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != s.size())
        return std::nullopt;

    const qint64 days = daysFromCivil(year, month, day);
    const qint64 seconds = days * 86400 + qint64(hour) * 3600 + qint64(minute) * 60 + second
        - qint64(offsetMinutes) * 60;
    return double(seconds) * 1000.0 + fraction * 1000.0;
}
