#pragma once

#include "SemanticPatchResult.h"

#include <QJsonArray>
#include <QJsonObject>
#include <functional>

// Applies the instructions of a flag semantic patch to a FeatureFlag representation, all or
// nothing. Environment-scoped instructions (targets, rules, on/off, fallthrough) need the
// request's environmentKey; targeting instructions name variations by their "_id", while the
// representation stores variation indexes.
class FlagSemanticPatch
{
public:
    struct Context
    {
        QString environmentKey;
        std::function<QString()> newId;
        std::function<bool(const QString &segmentKey)> segmentExists;
    };

    static SemanticPatchResult apply(QJsonObject &flag, const QJsonArray &instructions,
                                     const Context &context);
    static bool isEnvironmentInstruction(const QString &kind);
    static QStringList knownInstructions();
};
