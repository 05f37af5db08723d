#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

struct Task
{
    QString id;
    QString contactId;
    QString title;
    QString body;
    QString assignedTo;
    QDateTime dueDate;
    bool completed = false;

    static Task fromJson(const QJsonObject &o);
    QJsonObject toJson() const;
    bool isOverdue(const QDateTime &now = QDateTime::currentDateTimeUtc()) const
    {
        return !completed && dueDate.isValid() && dueDate < now;
    }
};
