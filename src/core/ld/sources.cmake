target_sources(flagbridge_core PRIVATE
    ld/LaunchDarklyClient.cpp ld/LaunchDarklyClient.h
    ld/LaunchDarklyConnection.h
    ld/LdCallerIdentity.cpp ld/LdCallerIdentity.h
    ld/LdContextKind.cpp ld/LdContextKind.h
    ld/LdFlag.cpp ld/LdFlag.h
    ld/LdFlagEvaluation.cpp ld/LdFlagEvaluation.h
    ld/LdProject.cpp ld/LdProject.h
    ld/LdSegment.cpp ld/LdSegment.h
    ld/LdSegmentDraft.cpp ld/LdSegmentDraft.h
    ld/LdTargetChanges.cpp ld/LdTargetChanges.h
    ld/SemanticPatch.cpp ld/SemanticPatch.h
    ld/TargetingDescription.cpp ld/TargetingDescription.h
)
