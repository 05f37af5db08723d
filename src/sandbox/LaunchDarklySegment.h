#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

// A segment of one environment. Standard segments ("unbounded": false) keep their individual
// targets in included/excluded (user kind) and includedContexts/excludedContexts (other kinds)
// and may hold at most 15,000 of them; big segments ("unbounded": true) keep their members out
// of the representation, managed through .../contexts.
struct LaunchDarklySegment
{
    struct ContextTargets
    {
        QString contextKind;
        QStringList values;
    };

    QString key;
    QString name;
    QString description;
    QStringList tags;
    qint64 creationDate = 0;
    qint64 lastModifiedDate = 0;
    int version = 1;
    int generation = 1;
    QStringList included; // user kind
    QStringList excluded;
    QList<ContextTargets> includedContexts; // other kinds
    QList<ContextTargets> excludedContexts;
    QJsonArray rules;
    bool unbounded = false;
    QString unboundedContextKind;
    QSet<QString> bigIncluded; // big-segment members
    QSet<QString> bigExcluded;

    int targetCount() const; // individual targets of a standard segment
    // Keys included (or excluded) for a context kind; "user" reads included/excluded.
    QStringList &targets(bool includedList, const QString &contextKind);
    const QStringList *findTargets(bool includedList, const QString &contextKind) const;

    // `flags`: the "_flags" summary of flags that target this segment.
    QJsonObject toJson(const QString &projectKey, const QString &environmentKey,
                       const QJsonArray &flags) const;
    // The patchable part (JSON Patch / merge patch) and its inverse.
    QJsonObject patchableJson() const;
    bool applyPatchableJson(const QJsonObject &json, QString *error);
};
