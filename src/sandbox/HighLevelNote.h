#pragma once

#include <QJsonObject>
#include <QString>

struct HighLevelNote
{
    QString id;
    QString contactId;
    QString body; // may be HTML
    QString userId;
    QString title;
    QString color; // "#FFAA00", may be empty
    bool pinned = false;
    qint64 dateAdded = 0;

    QJsonObject toJson() const;
};
