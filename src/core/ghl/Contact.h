#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

// A custom field value as HighLevel returns it: an id (no name, no key) and a value that may be
// a string, a number or an array. Names come from the location's field definitions.
struct CustomFieldValue
{
    QString id;
    QJsonValue value;
};

// A HighLevel contact. Parsed tolerantly from any of the API's contact shapes (get, search,
// create), every field optional.
struct Contact
{
    QString id;
    QString locationId;
    QString firstName;
    QString lastName;
    QString name; // "name" or "contactName", whichever the endpoint sends
    QString email;
    QString phone;
    QString companyName;
    QString type;
    QString source;
    QString country;
    QString city;
    QString state;
    QString postalCode;
    QString address1;
    QString website;
    QString timezone;
    QString assignedTo;
    QString dateOfBirth;
    QString businessId;
    QStringList tags;
    QList<CustomFieldValue> customFields;
    QDateTime dateAdded;
    QDateTime dateUpdated;
    bool dnd = false;
    QJsonArray searchAfter; // search results only: the cursor of this row

    static Contact fromJson(const QJsonObject &o);
    QJsonObject toJson() const;

    // What a person calls this contact: the name, else the email, else the phone.
    QString displayName() const;
    // HighLevel lowercases tags on write, and older data may not be: compare case-insensitively.
    bool hasTag(const QString &tag) const;
    QJsonValue customFieldValue(const QString &fieldId) const;
};
