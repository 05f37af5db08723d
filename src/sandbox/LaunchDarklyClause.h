#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>
#include <functional>

// Rule clauses as both semantic-patch flavours (flags and segments) take them.
class LaunchDarklyClause
{
public:
    static QStringList operators(); // "in", "endsWith", ..., "segmentMatch"
    // Validates a clause from an instruction and gives it an _id; contextKind defaults to
    // "user" and negate to false. Returns an empty object and a message when invalid.
    static QJsonObject normalise(const QJsonObject &clause, const std::function<QString()> &newId,
                                 QString *error);
    // Position of the element whose "_id" is `id` in an array of rules or clauses, or -1.
    static qsizetype indexOf(const QJsonArray &items, const QString &id);
};
