#pragma once

#include <QString>
#include <functional>

// Where a context key stands in a big (unbounded) segment. The flag and segment data do not
// list big-segment members, so the evaluator asks whoever can find out: FlagBridge's
// LaunchDarkly client (GET …/segments/{project}/{env}/{segment}/contexts/{key}), an export
// loaded beforehand, or a test.
enum class BigSegmentMembership : quint8 {
    NotListed, // neither included nor excluded: the segment's rules decide
    Included,
    Excluded,
    Unavailable, // the lookup failed; treated as NotListed and reported as STORE_ERROR
};

// Called at most once per (segment, context key) per run; must not call back into the evaluator.
using BigSegmentProvider
    = std::function<BigSegmentMembership(const QString &segmentKey, const QString &contextKey)>;
