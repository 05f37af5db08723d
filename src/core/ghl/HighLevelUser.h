#pragma once

#include <QJsonObject>
#include <QString>

// A user of the location (assignee of contacts and tasks, author of notes).
struct HighLevelUser
{
    QString id;
    QString name;
    QString email;

    static HighLevelUser fromJson(const QJsonObject &o);
};
