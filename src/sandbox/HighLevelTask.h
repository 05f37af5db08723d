#pragma once

#include <QJsonObject>
#include <QString>

struct HighLevelTask
{
    QString id;
    QString contactId;
    QString title;
    QString body;
    QString assignedTo; // user id, may be empty
    qint64 dueDate = 0; // epoch ms
    bool completed = false;
    qint64 dateAdded = 0;

    QJsonObject toJson() const;
};
