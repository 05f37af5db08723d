#pragma once

#include <QJsonObject>
#include <QString>

// A user of the location (assignee of contacts and tasks, author of notes).
struct LocationUser
{
    QString id;
    QString name;
    QString email;

    static LocationUser fromJson(const QJsonObject &o);
};
