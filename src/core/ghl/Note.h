#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

struct Note
{
    QString id;
    QString contactId;
    QString body; // may hold HTML written by HighLevel's editor: display as plain text
    QString userId;
    QString title;
    QString color;
    bool pinned = false;
    QDateTime dateAdded;

    static Note fromJson(const QJsonObject &o);
    QJsonObject toJson() const;
};
