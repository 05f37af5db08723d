#pragma once

#include "AttributeValue.h"

#include <QStringView>
#include <optional>

// Reads the values the "before" and "after" operators compare: a number is milliseconds since
// the Unix epoch, a string must be an RFC 3339 timestamp with a time zone
// ("2017-12-06T00:00:00.000-07:00", "2017-12-06T07:00:00Z"). Anything else is not a date, and a
// clause comparing it does not match.
class Timestamp
{
public:
    static std::optional<double> toEpochMillis(const AttributeValue &value);
    static std::optional<double> parseRfc3339(QStringView text);
};
