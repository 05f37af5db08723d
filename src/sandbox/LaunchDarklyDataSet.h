#pragma once

#include "LaunchDarklyContextKind.h"
#include "LaunchDarklyProject.h"
#include "LaunchDarklySegment.h"

#include <QJsonObject>
#include <QList>
#include <QMap>

// Everything one LaunchDarkly account holds, as generated or loaded.
struct LaunchDarklyDataSet
{
    QString accountId;
    QList<LaunchDarklyProject> projects;
    // FeatureFlag representations (with every environment's configuration), per project key, in
    // creation order.
    QMap<QString, QList<QJsonObject>> flags;
    // Per "projectKey/environmentKey", in creation order.
    QMap<QString, QList<LaunchDarklySegment>> segments;
    QMap<QString, QList<LaunchDarklyContextKind>> contextKinds; // per project key

    static QString segmentScope(const QString &projectKey, const QString &environmentKey)
    {
        return projectKey + QLatin1Char('/') + environmentKey;
    }

    QJsonObject toJson() const; // stable, for determinism checks
};
