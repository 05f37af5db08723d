#include "HighLevelContact.h"

#include "SandboxTime.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

void HighLevelContact::updateDerived()
{
    firstNameLower = firstName.toLower();
    lastNameLower = lastName.toLower();
    fullNameLower = contactName().toLower();
    emailLower = email.toLower();
    companyLower = companyName.toLower();
    searchText = fullNameLower + u'\n' + emailLower + u'\n' + phone + u'\n' + companyLower;
}

QString HighLevelContact::contactName() const
{
    if (firstName.isEmpty())
        return lastName;
    if (lastName.isEmpty())
        return firstName;
    return firstName + u' ' + lastName;
}

bool HighLevelContact::hasTag(const QString &tag) const
{
    for (const QString &t : tags) {
        if (t.compare(tag, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

const HighLevelContact::CustomValue *HighLevelContact::customValue(const QString &fieldId) const
{
    for (const CustomValue &v : customFields) {
        if (v.id == fieldId)
            return &v;
    }
    return nullptr;
}

QJsonArray HighLevelContact::customFieldsJson() const
{
    QJsonArray array;
    for (const CustomValue &v : customFields)
        array.append(QJsonObject { { u"id"_s, v.id }, { u"value"_s, v.value } });
    return array;
}

// Absent values are left out rather than sent as null: the real API omits unset fields.
static void put(QJsonObject &o, const QString &key, const QString &value)
{
    if (!value.isEmpty())
        o.insert(key, value);
}

QJsonObject HighLevelContact::toJson() const
{
    QJsonObject o;
    o.insert(u"id"_s, id);
    put(o, u"name"_s, contactName());
    o.insert(u"locationId"_s, locationId);
    put(o, u"firstName"_s, firstName);
    put(o, u"lastName"_s, lastName);
    put(o, u"firstNameLowerCase"_s, firstNameLower);
    put(o, u"lastNameLowerCase"_s, lastNameLower);
    put(o, u"fullNameLowerCase"_s, fullNameLower);
    put(o, u"email"_s, email);
    put(o, u"emailLowerCase"_s, emailLower);
    put(o, u"timezone"_s, timezone);
    put(o, u"companyName"_s, companyName);
    put(o, u"phone"_s, phone);
    o.insert(u"dnd"_s, dnd);
    if (!dndSettings.isEmpty())
        o.insert(u"dndSettings"_s, dndSettings);
    put(o, u"type"_s, type);
    put(o, u"source"_s, source);
    put(o, u"assignedTo"_s, assignedTo);
    put(o, u"address1"_s, address1);
    put(o, u"city"_s, city);
    put(o, u"state"_s, state);
    put(o, u"country"_s, country);
    put(o, u"postalCode"_s, postalCode);
    put(o, u"website"_s, website);
    o.insert(u"tags"_s, QJsonArray::fromStringList(tags));
    put(o, u"dateOfBirth"_s, dateOfBirth);
    o.insert(u"dateAdded"_s, SandboxTime::isoUtc(dateAdded));
    o.insert(u"dateUpdated"_s, SandboxTime::isoUtc(dateUpdated));
    if (lastActivity > 0)
        o.insert(u"lastActivity"_s, SandboxTime::isoUtc(lastActivity));
    o.insert(u"customFields"_s, customFieldsJson());
    put(o, u"businessId"_s, businessId);
    o.insert(u"followers"_s, QJsonArray::fromStringList(followers));
    if (!additionalEmails.isEmpty()) {
        QJsonArray emails;
        for (const QString &e : additionalEmails)
            emails.append(QJsonObject { { u"email"_s, e } });
        o.insert(u"additionalEmails"_s, emails);
    }
    return o;
}

QJsonObject HighLevelContact::toSearchJson() const
{
    QJsonObject o;
    o.insert(u"id"_s, id);
    o.insert(u"locationId"_s, locationId);
    put(o, u"firstName"_s, firstName);
    put(o, u"lastName"_s, lastName);
    put(o, u"firstNameLowerCase"_s, firstNameLower);
    put(o, u"lastNameLowerCase"_s, lastNameLower);
    put(o, u"contactName"_s, contactName());
    put(o, u"email"_s, email);
    put(o, u"phone"_s, phone);
    put(o, u"companyName"_s, companyName);
    put(o, u"type"_s, type);
    put(o, u"source"_s, source);
    o.insert(u"tags"_s, QJsonArray::fromStringList(tags));
    o.insert(u"dateAdded"_s, SandboxTime::isoUtc(dateAdded));
    o.insert(u"dateUpdated"_s, SandboxTime::isoUtc(dateUpdated));
    o.insert(u"customFields"_s, customFieldsJson());
    put(o, u"country"_s, country);
    put(o, u"city"_s, city);
    put(o, u"state"_s, state);
    put(o, u"timezone"_s, timezone);
    o.insert(u"dnd"_s, dnd);
    if (!dndSettings.isEmpty())
        o.insert(u"dndSettings"_s, dndSettings);
    put(o, u"assignedTo"_s, assignedTo);
    put(o, u"businessId"_s, businessId);
    put(o, u"dateOfBirth"_s, dateOfBirth);
    o.insert(u"followers"_s, QJsonArray::fromStringList(followers));
    o.insert(u"validEmail"_s, !email.isEmpty());
    return o;
}
