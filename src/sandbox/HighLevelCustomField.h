#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

// A custom field definition of a location (GET /locations/{id}/customFields). Contacts carry
// only {id, value}; names, keys and types come from here.
struct HighLevelCustomField
{
    QString id;
    QString name; // "Plan"
    QString fieldKey; // "contact.plan"
    QString placeholder;
    QString dataType; // TEXT, NUMERICAL, SINGLE_OPTIONS, MULTIPLE_OPTIONS, DATE, CHECKBOX, ...
    int position = 0;
    QStringList picklistOptions;
    QString locationId;
    QString model = QStringLiteral("contact");

    bool isMultiValued() const
    {
        return dataType == QLatin1String("MULTIPLE_OPTIONS")
            || dataType == QLatin1String("CHECKBOX");
    }
    bool isNumeric() const
    {
        return dataType == QLatin1String("NUMERICAL") || dataType == QLatin1String("MONETORY");
    }
    QJsonObject toJson() const;
};
