#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

struct Appointment
{
    QString id;
    QString calendarId;
    QString title;
    QString status;            // appointmentStatus when present, else status
    QString assignedUserId;
    QString notes;
    QString address;
    QDateTime startTime;
    QDateTime endTime;

    static Appointment fromJson(const QJsonObject &o);
    QJsonObject toJson() const;
    bool isUpcoming(const QDateTime &now = QDateTime::currentDateTimeUtc()) const
    {
        return startTime.isValid() && startTime >= now;
    }
};
