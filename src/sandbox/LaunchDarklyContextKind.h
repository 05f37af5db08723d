#pragma once

#include <QJsonObject>
#include <QString>

struct LaunchDarklyContextKind
{
    QString key;
    QString name;
    QString description;
    int version = 1;
    qint64 creationDate = 0;
    qint64 lastModified = 0;
    QString createdFrom = QStringLiteral("default"); // "default", "auto-add", "context-kind-api"
    bool hideInTargeting = false;
    bool archived = false;

    QJsonObject toJson(const QString &projectKey) const;
};
