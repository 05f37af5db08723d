#pragma once

#include <QJsonArray>
#include <QJsonValue>
#include <QString>
#include <QStringList>

// RFC 6902 JSON Patch (add, remove, replace, test, move, copy) over QJsonValue, for the
// LaunchDarkly PATCH routes when the body is not a semantic patch.
class JsonPatch
{
public:
    enum class Outcome {
        Applied,
        Invalid, // not a list of well-formed operations, or a path that does not resolve
        TestFailed, // a "test" operation did not hold
    };

    static Outcome apply(QJsonValue &document, const QJsonArray &operations, QString *message);

    // "/environments/production/on" → {"environments", "production", "on"}; ~1 and ~0 unescaped.
    static bool parsePointer(const QString &pointer, QStringList *tokens);
    static bool get(const QJsonValue &root, const QStringList &tokens, QJsonValue *out);
};
