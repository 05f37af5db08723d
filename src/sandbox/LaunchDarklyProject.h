#pragma once

#include "LaunchDarklyEnvironment.h"

#include <QList>

struct LaunchDarklyProject
{
    QString key;
    QString name;
    QString id;
    QStringList tags;
    QList<LaunchDarklyEnvironment> environments;

    const LaunchDarklyEnvironment *environment(const QString &key) const;
    LaunchDarklyEnvironment *environment(const QString &key);
    // `withEnvironments`: expand=environments (omitted by default since API version 20220603).
    QJsonObject toJson(bool withEnvironments) const;
};
