#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

// A location's custom field: what the contact's {id, value} pairs mean.
struct CustomFieldDefinition
{
    QString id;
    QString name;
    QString fieldKey; // "contact.plan"
    QString dataType; // TEXT, LARGE_TEXT, NUMERICAL, MONETORY, DATE, SINGLE_OPTIONS, MULTIPLE_OPTIONS, CHECKBOX, ...
    QStringList picklistOptions;

    static CustomFieldDefinition fromJson(const QJsonObject &o);
    bool isNumeric() const;
    bool isMultiValued() const;
};
