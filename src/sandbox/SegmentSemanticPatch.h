#pragma once

#include "LaunchDarklySegment.h"
#include "SemanticPatchResult.h"

#include <QJsonArray>
#include <functional>

// Applies the instructions of a segment semantic patch (PATCH .../segments/{p}/{e}/{key} with
// Content-Type application/json; domain-model=launchdarkly.semanticpatch), all or nothing:
// instructions run in order on a copy, so "remove from excluded, then add to included" passes,
// and the segment changes only if every instruction and the final limits are valid.
class SegmentSemanticPatch
{
public:
    static constexpr int kBatchLimit = 1500; // target operations per request
    static constexpr int kStandardLimit = 15000; // individual targets of a standard segment

    // `newId` makes ids for new rules and clauses.
    static SemanticPatchResult apply(LaunchDarklySegment &segment, const QJsonArray &instructions,
                                     const std::function<QString()> &newId);

    static bool isTargetInstruction(const QString &kind);
    static QStringList knownInstructions();
};
