#include "LdTargetChanges.h"

int LdSegmentTargetChange::keyCount() const
{
    return int(addIncluded.size() + removeIncluded.size() + addExcluded.size() + removeExcluded.size());
}

int LdBigSegmentChange::keyCount() const
{
    return int(addIncluded.size() + removeIncluded.size() + addExcluded.size() + removeExcluded.size());
}
