#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

struct LaunchDarklyEnvironment
{
    QString key;
    QString name;
    QString id; // "_id": the environment's client-side id
    QString color; // "F5A623"
    QString apiKey; // "sdk-..."
    QString mobileKey; // "mob-..."
    QStringList tags;
    bool critical = false;
    bool requireComments = false;
    bool confirmChanges = false;
    bool secureMode = false;
    int defaultTtl = 0;
    // Approvals: a flag PATCH then answers 405, a segment targeting PATCH 403 "approval is
    // required".
    bool flagApprovalsRequired = false;
    bool segmentApprovalsRequired = false;

    QJsonObject toJson(const QString &projectKey) const;
};
