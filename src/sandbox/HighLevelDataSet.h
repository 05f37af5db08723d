#pragma once

#include "HighLevelAppointment.h"
#include "HighLevelContact.h"
#include "HighLevelCustomField.h"
#include "HighLevelNote.h"
#include "HighLevelTask.h"
#include "HighLevelUser.h"

#include <QJsonObject>
#include <QList>

// Everything one HighLevel location holds, as generated or loaded. Contacts keep their phone
// numbers as entered (any notation); the fake normalises them to E.164 when it loads them, as
// the real service does on write.
struct HighLevelDataSet
{
    QString locationId;
    QString locationName;
    QString timezone;
    QList<HighLevelUser> users;
    QList<HighLevelCustomField> customFields;
    QList<HighLevelContact> contacts;
    QList<HighLevelTask> tasks;
    QList<HighLevelNote> notes;
    QList<HighLevelAppointment> appointments;

    // A stable serialisation of everything (for determinism checks and fixtures).
    QJsonObject toJson() const;
};
