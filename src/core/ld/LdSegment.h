#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

struct LdContextTargets
{
    QString contextKind;
    QStringList values;
};

// A segment in one environment. Standard segments list their targets (user kind in
// included/excluded, other kinds in includedContexts/excludedContexts); big segments
// (unbounded) list none and report counts only.
struct LdSegment
{
    QString key;
    QString name;
    QString description;
    QStringList tags;
    int version = 0;
    bool unbounded = false;
    QString unboundedContextKind;
    QStringList included;
    QStringList excluded;
    QList<LdContextTargets> includedContexts;
    QList<LdContextTargets> excludedContexts;
    QJsonArray rules;
    QStringList flagKeys; // flags that use this segment
    qint64 unboundedIncludedCount = -1;

    static LdSegment fromJson(const QJsonObject &o);
    QStringList includedKeys(const QString &contextKind) const;
    QStringList excludedKeys(const QString &contextKind) const;
    // Every included target of every kind.
    int includedCount() const;
};
