#include "HighLevelAppointment.h"

#include "SandboxTime.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

QJsonObject HighLevelAppointment::toContactEventJson() const
{
    return QJsonObject { { u"id"_s, id },
                         { u"calendarId"_s, calendarId },
                         { u"status"_s, appointmentStatus },
                         { u"title"_s, title },
                         { u"assignedUserId"_s, assignedUserId },
                         { u"notes"_s, notes },
                         { u"startTime"_s, SandboxTime::spaced(startTime) },
                         { u"endTime"_s, SandboxTime::spaced(endTime) },
                         { u"address"_s, address },
                         { u"locationId"_s, locationId },
                         { u"contactId"_s, contactId },
                         { u"groupId"_s, groupId },
                         { u"appointmentStatus"_s, appointmentStatus },
                         { u"users"_s, QJsonArray::fromStringList(users) },
                         { u"dateAdded"_s, SandboxTime::spaced(dateAdded) },
                         { u"dateUpdated"_s, SandboxTime::spaced(dateUpdated) },
                         { u"assignedResources"_s, QJsonArray() } };
}

QJsonObject HighLevelAppointment::toCalendarEventJson() const
{
    return QJsonObject { { u"id"_s, id },
                         { u"address"_s, address },
                         { u"title"_s, title },
                         { u"calendarId"_s, calendarId },
                         { u"locationId"_s, locationId },
                         { u"contactId"_s, contactId },
                         { u"groupId"_s, groupId },
                         { u"appointmentStatus"_s, appointmentStatus },
                         { u"assignedUserId"_s, assignedUserId },
                         { u"users"_s, QJsonArray::fromStringList(users) },
                         { u"notes"_s, notes },
                         { u"isRecurring"_s, false },
                         { u"startTime"_s, SandboxTime::isoOffset(startTime) },
                         { u"endTime"_s, SandboxTime::isoOffset(endTime) },
                         { u"dateAdded"_s, SandboxTime::isoOffset(dateAdded) },
                         { u"dateUpdated"_s, SandboxTime::isoOffset(dateUpdated) },
                         { u"assignedResources"_s, QJsonArray() },
                         { u"createdBy"_s,
                           QJsonObject { { u"userId"_s, assignedUserId },
                                         { u"source"_s, u"booking_widget"_s } } } };
}

QJsonObject HighLevelAppointment::toAppointmentJson() const
{
    return QJsonObject { { u"id"_s, id },
                         { u"calendarId"_s, calendarId },
                         { u"locationId"_s, locationId },
                         { u"contactId"_s, contactId },
                         { u"startTime"_s, SandboxTime::isoOffset(startTime) },
                         { u"endTime"_s, SandboxTime::isoOffset(endTime) },
                         { u"title"_s, title },
                         { u"meetingLocationType"_s, u"custom"_s },
                         { u"appointmentStatus"_s, appointmentStatus },
                         { u"assignedUserId"_s, assignedUserId },
                         { u"address"_s, address },
                         { u"isRecurring"_s, false } };
}
