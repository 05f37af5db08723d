#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

// A contact as the fake HighLevel stores it. Times are epoch milliseconds; the phone is E.164.
// The lower-case copies are what search filters and sorts on, computed once per write rather
// than once per comparison.
struct HighLevelContact
{
    struct CustomValue
    {
        QString id;
        QJsonValue value; // string, number or array of strings (multiple options, checkbox)
    };

    QString id;
    QString locationId;
    QString firstName;
    QString lastName;
    QString email;
    QString phone;
    QString companyName;
    QString type; // "lead", "customer"
    QString source; // "website", "facebook ads", ...
    QString country; // two letters
    QString city;
    QString state;
    QString address1;
    QString postalCode;
    QString website;
    QString timezone;
    QString assignedTo; // user id
    QString businessId;
    QString dateOfBirth; // "YYYY-MM-DD"
    QString gender;
    bool dnd = false;
    QJsonObject dndSettings;
    QStringList tags;
    QList<CustomValue> customFields;
    QStringList followers;
    QStringList campaigns;
    QStringList workflows;
    QStringList additionalEmails;
    qint64 dateAdded = 0;
    qint64 dateUpdated = 0;
    qint64 lastActivity = 0;

    // Derived; refreshed by updateDerived() after every change.
    QString firstNameLower;
    QString lastNameLower;
    QString fullNameLower;
    QString emailLower;
    QString companyLower;
    QString searchText; // name, email, phone, company, lower case, for the "query" full text
    qint64 searchableAtMs = 0; // monotonic time at which the search index sees this version

    void updateDerived();
    QString contactName() const; // "First Last", or empty
    bool hasTag(const QString &tag) const; // case-insensitive
    const CustomValue *customValue(const QString &fieldId) const;

    QJsonObject toJson() const; // GET /contacts/{id}: the full shape
    QJsonObject toSearchJson() const; // search and list items: the practical subset
    QJsonArray customFieldsJson() const;
};
