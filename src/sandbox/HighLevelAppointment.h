#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

struct HighLevelAppointment
{
    QString id;
    QString calendarId;
    QString locationId;
    QString contactId;
    QString groupId;
    QString title;
    QString appointmentStatus; // booked, confirmed, showed, noshow, cancelled, new, invalid
    QString assignedUserId;
    QString notes;
    QString address;
    QStringList users;
    qint64 startTime = 0; // epoch ms
    qint64 endTime = 0;
    qint64 dateAdded = 0;
    qint64 dateUpdated = 0;

    // GET /contacts/{id}/appointments: times as "YYYY-MM-DD HH:mm:ss", as the spec shows.
    QJsonObject toContactEventJson() const;
    // Calendars API (Version 2021-04-15): ISO times with an offset.
    QJsonObject toCalendarEventJson() const;
    // PUT /calendars/events/appointments/{id}: the flat appointment shape, no dateAdded.
    QJsonObject toAppointmentJson() const;
};
