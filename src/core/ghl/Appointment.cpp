#include "Appointment.h"

#include "common/Json.h"

using namespace Qt::StringLiterals;

Appointment Appointment::fromJson(const QJsonObject &o)
{
    Appointment a;
    a.id = Json::string(o, "id"_L1);
    a.calendarId = Json::string(o, "calendarId"_L1);
    a.title = Json::string(o, "title"_L1);
    a.status = Json::string(o, "appointmentStatus"_L1);
    if (a.status.isEmpty())
        a.status = Json::string(o, "status"_L1);
    a.assignedUserId = Json::string(o, "assignedUserId"_L1);
    a.notes = Json::string(o, "notes"_L1);
    a.address = Json::string(o, "address"_L1);
    // The contacts API documents "2021-07-16 11:00:00"; the calendars API sends ISO-8601.
    a.startTime = Json::dateTime(o.value("startTime"_L1));
    a.endTime = Json::dateTime(o.value("endTime"_L1));
    return a;
}

QJsonObject Appointment::toJson() const
{
    return {{"id"_L1, id},
            {"calendarId"_L1, calendarId},
            {"title"_L1, title},
            {"appointmentStatus"_L1, status},
            {"assignedUserId"_L1, assignedUserId},
            {"startTime"_L1, Json::isoUtc(startTime)},
            {"endTime"_L1, Json::isoUtc(endTime)}};
}
