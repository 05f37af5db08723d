target_sources(flagbridge_core PRIVATE
    ld/LaunchDarklyClient.cpp ld/LaunchDarklyClient.h
    ld/LaunchDarklyConnection.h
    ld/LdFlag.cpp ld/LdFlag.h
    ld/LdProject.cpp ld/LdProject.h
    ld/LdSegment.cpp ld/LdSegment.h
    ld/SemanticPatch.cpp ld/SemanticPatch.h
    ld/TargetingDescription.cpp ld/TargetingDescription.h
)
