#include "Contact.h"

#include "common/Json.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

Contact Contact::fromJson(const QJsonObject &o)
{
    Contact c;
    c.id = Json::string(o, "id"_L1);
    c.locationId = Json::string(o, "locationId"_L1);
    c.firstName = Json::string(o, "firstName"_L1);
    c.lastName = Json::string(o, "lastName"_L1);
    c.name = Json::string(o, "name"_L1);
    if (c.name.isEmpty())
        c.name = Json::string(o, "contactName"_L1);
    c.email = Json::string(o, "email"_L1);
    c.phone = Json::string(o, "phone"_L1);
    c.companyName = Json::string(o, "companyName"_L1);
    c.type = Json::string(o, "type"_L1);
    c.source = Json::string(o, "source"_L1);
    c.country = Json::string(o, "country"_L1);
    c.city = Json::string(o, "city"_L1);
    c.state = Json::string(o, "state"_L1);
    c.postalCode = Json::string(o, "postalCode"_L1);
    c.address1 = Json::string(o, "address1"_L1);
    c.website = Json::string(o, "website"_L1);
    c.timezone = Json::string(o, "timezone"_L1);
    c.assignedTo = Json::string(o, "assignedTo"_L1);
    c.dateOfBirth = Json::string(o, "dateOfBirth"_L1);
    c.businessId = Json::string(o, "businessId"_L1);
    c.tags = Json::stringList(o, "tags"_L1);
    const QJsonArray fields = Json::array(o, "customFields"_L1);
    c.customFields.reserve(fields.size());
    for (const QJsonValue &v : fields) {
        const QJsonObject f = v.toObject();
        CustomFieldValue cf;
        cf.id = Json::string(f, "id"_L1);
        // Reads carry "value"; some shapes echo the write names.
        cf.value = f.contains("value"_L1) ? f.value("value"_L1)
                   : f.contains("fieldValue"_L1) ? f.value("fieldValue"_L1)
                                                 : f.value("field_value"_L1);
        if (!cf.id.isEmpty())
            c.customFields.append(cf);
    }
    c.dateAdded = Json::dateTime(o.value("dateAdded"_L1));
    c.dateUpdated = Json::dateTime(o.value("dateUpdated"_L1));
    c.dnd = Json::boolean(o, "dnd"_L1);
    c.searchAfter = Json::array(o, "searchAfter"_L1);
    return c;
}

QJsonObject Contact::toJson() const
{
    QJsonObject o;
    auto put = [&o](const char *key, const QString &value) {
        if (!value.isEmpty())
            o.insert(QLatin1String(key), value);
    };
    put("id", id);
    put("locationId", locationId);
    put("firstName", firstName);
    put("lastName", lastName);
    put("name", name);
    put("email", email);
    put("phone", phone);
    put("companyName", companyName);
    put("type", type);
    put("source", source);
    put("country", country);
    put("city", city);
    put("state", state);
    put("postalCode", postalCode);
    put("address1", address1);
    put("website", website);
    put("timezone", timezone);
    put("assignedTo", assignedTo);
    put("dateOfBirth", dateOfBirth);
    put("businessId", businessId);
    o.insert("tags"_L1, QJsonArray::fromStringList(tags));
    QJsonArray fields;
    for (const CustomFieldValue &cf : customFields)
        fields.append(QJsonObject{{"id"_L1, cf.id}, {"value"_L1, cf.value}});
    o.insert("customFields"_L1, fields);
    put("dateAdded", Json::isoUtc(dateAdded));
    put("dateUpdated", Json::isoUtc(dateUpdated));
    o.insert("dnd"_L1, dnd);
    return o;
}

QString Contact::displayName() const
{
    if (!name.trimmed().isEmpty())
        return name.trimmed();
    const QString full = QString(firstName.trimmed() + QLatin1Char(' ') + lastName.trimmed()).trimmed();
    if (!full.isEmpty())
        return full;
    if (!email.isEmpty())
        return email;
    if (!phone.isEmpty())
        return phone;
    return QCoreApplication::translate("Contact", "(no name)");
}

bool Contact::hasTag(const QString &tag) const
{
    for (const QString &t : tags) {
        if (t.compare(tag, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QJsonValue Contact::customFieldValue(const QString &fieldId) const
{
    for (const CustomFieldValue &cf : customFields) {
        if (cf.id == fieldId)
            return cf.value;
    }
    return QJsonValue::Undefined;
}
