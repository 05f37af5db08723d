#pragma once

#include "LdFlag.h"
#include "LdSegment.h"

#include <QString>
#include <QStringList>

// Individual targets of a standard segment to add and remove, for one context kind. Sent as
// semantic patches of at most 1,500 keys each, removals first (so that a key can move from the
// excluded to the included list), in as few requests as the limit allows.
struct LdSegmentTargetChange
{
    QString environmentKey;
    QString comment; // for LaunchDarkly's audit log; "FlagBridge" is added when missing
    QString contextKind = QStringLiteral("user");
    QStringList addIncluded;
    QStringList removeIncluded;
    QStringList addExcluded;
    QStringList removeExcluded;

    int keyCount() const;
};

struct LdSegmentChangeResult
{
    LdSegment segment; // as the last request left it (the would-be segment on a dry run)
    int requests = 0;  // semantic patches sent
    int keys = 0;      // target operations in them
};

// Membership changes of a big segment through POST .../contexts, at most
// LaunchDarklyClient::kBigSegmentBatchLimit keys a call. Keys are of the segment's one context
// kind. The endpoint has no dry run and takes no comment.
struct LdBigSegmentChange
{
    QStringList addIncluded;
    QStringList removeIncluded;
    QStringList addExcluded;
    QStringList removeExcluded;

    int keyCount() const;
};

struct LdBigSegmentChangeResult
{
    int requests = 0;
    int keys = 0;
};

// GET .../segments/{p}/{e}/{segment}/contexts/{key}: where one key stands in a big segment.
struct LdBigSegmentMembership
{
    QString contextKey;
    bool included = false;
    bool excluded = false;
};

// Individual targets of one flag variation in one environment. `variation` names the variation
// as a user would: its _id, its index, its name or its value; the client reads the flag and
// sends the _id. Keys added here that another variation targets are moved in the same request
// (removeTargets there, then addTargets here): LaunchDarkly refuses a key in two variations.
struct LdFlagTargetChange
{
    QString environmentKey;
    QString comment;
    QString contextKind = QStringLiteral("user");
    QString variation;
    QStringList add;
    QStringList remove;
};

// What a flag targeting change did.
struct LdFlagChange
{
    LdFlag flag; // after the change (the would-be flag on a dry run)
    int variationIndex = -1;
    QString variationId;
    QStringList added;   // newly targeted to the variation
    QStringList moved;   // among `added`: taken from another variation
    QStringList removed; // were targeted and no longer are
    QStringList unchanged; // already as asked
    bool written = false; // a PATCH was sent (false when nothing needed to change)
};
