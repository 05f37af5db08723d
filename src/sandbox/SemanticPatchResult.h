#pragma once

#include <QString>

// The outcome of applying a LaunchDarkly semantic patch: all instructions or none.
struct SemanticPatchResult
{
    bool ok = true;
    bool changed = false;
    QString message; // for a 400 {"code":"invalid_request"}

    static SemanticPatchResult failure(const QString &message)
    {
        SemanticPatchResult r;
        r.ok = false;
        r.message = message;
        return r;
    }
};
