#pragma once

#include <QJsonObject>
#include <QString>

struct HighLevelUser
{
    QString id;
    QString firstName;
    QString lastName;
    QString email;
    QString phone;
    QString role; // "admin", "user"

    QString name() const { return firstName + QLatin1Char(' ') + lastName; }
    QJsonObject toJson() const;
};
