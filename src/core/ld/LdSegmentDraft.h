#pragma once

#include "LdSegment.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

// A segment to create: standard (targets and rules, at most 15,000 targets) or big ("unbounded",
// one context kind, members through .../contexts). The kind cannot change after creation.
// Targets are not part of the create request; they follow as separate changes.
struct LdSegmentDraft
{
    QString key;
    QString name;
    QString description;
    QStringList tags;
    bool unbounded = false;
    QString unboundedContextKind = QStringLiteral("user");

    QJsonObject toJson() const;
};

// What createSegment() ended with. LaunchDarkly answers 409 key_exists for a key that is taken;
// the existing segment is then fetched and returned, never overwritten.
struct LdSegmentCreation
{
    LdSegment segment;
    bool created = false; // false: it already existed
    // The create request's answer was lost (timeout, 5xx) and the segment was found on re-reading.
    bool recovered = false;
};
