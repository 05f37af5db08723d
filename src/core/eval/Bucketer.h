#pragma once

#include "AttributeValue.h"

#include <QByteArray>
#include <QByteArrayView>
#include <optional>

// LaunchDarkly's bucketing: where a context falls, in [0, 1), in a percentage rollout, an
// experiment or a weighted segment rule. The input is "<flag or segment key>.<salt>.<value>"
// (or "<seed>.<value>" when the rollout has a seed); the bucket is the first 15 hex digits of
// its SHA-1 read as an integer, divided by 0xFFFFFFFFFFFFFFF. Only strings and integral numbers
// can be bucketed.
class Bucketer
{
public:
    // The constant part of the hash input, computed once when a flag is compiled.
    static QByteArray prefix(const QString &key, const QString &salt);
    static QByteArray seedPrefix(qint64 seed);

    // nullopt when the value cannot be bucketed (a boolean, a fractional number, ...).
    // Thread-safe.
    static std::optional<double> bucket(QByteArrayView prefix, const AttributeValue &value);
};
