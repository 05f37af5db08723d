#include "ContactDraft.h"

#include "common/Json.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace {

void put(QJsonObject &o, QLatin1StringView key, const std::optional<QString> &v)
{
    if (v)
        o.insert(key, *v);
}

} // namespace

QJsonObject ContactDraft::toJson(Purpose purpose, const QString &locationId) const
{
    QJsonObject o;
    if (purpose != Purpose::Update)
        o.insert("locationId"_L1, locationId);
    put(o, "firstName"_L1, firstName);
    put(o, "lastName"_L1, lastName);
    put(o, "name"_L1, name);
    put(o, "email"_L1, email);
    put(o, "phone"_L1, phone);
    if (purpose != Purpose::Update) {
        put(o, "companyName"_L1, companyName);
        put(o, "gender"_L1, gender);
    }
    put(o, "address1"_L1, address1);
    put(o, "city"_L1, city);
    put(o, "state"_L1, state);
    put(o, "postalCode"_L1, postalCode);
    put(o, "country"_L1, country);
    put(o, "website"_L1, website);
    put(o, "timezone"_L1, timezone);
    put(o, "source"_L1, source);
    put(o, "assignedTo"_L1, assignedTo);
    put(o, "dateOfBirth"_L1, dateOfBirth);
    if (dnd)
        o.insert("dnd"_L1, *dnd);
    if (tags && purpose != Purpose::Update)
        o.insert("tags"_L1, QJsonArray::fromStringList(*tags));
    if (!customFields.isEmpty()) {
        QJsonArray fields;
        for (const CustomFieldValue &f : customFields)
            fields.append(QJsonObject{{"id"_L1, f.id}, {"fieldValue"_L1, f.value}});
        o.insert("customFields"_L1, fields);
    }
    if (purpose == Purpose::Upsert && createNewIfDuplicateAllowed)
        o.insert("createNewIfDuplicateAllowed"_L1, true);
    return o;
}

QStringList ContactDraft::unsupportedFields(Purpose purpose) const
{
    QStringList out;
    if (purpose == Purpose::Update) {
        if (companyName)
            out << u"companyName"_s;
        if (gender)
            out << u"gender"_s;
        if (tags)
            out << u"tags"_s;
    }
    return out;
}

bool ContactDraft::isEmpty() const
{
    return toJson(Purpose::Update, {}).isEmpty() && !companyName && !gender && !tags;
}

QJsonObject TaskDraft::toJson() const
{
    QJsonObject o;
    put(o, "title"_L1, title);
    put(o, "body"_L1, body);
    if (dueDate)
        o.insert("dueDate"_L1, Json::isoUtc(*dueDate));
    if (completed)
        o.insert("completed"_L1, *completed);
    put(o, "assignedTo"_L1, assignedTo);
    return o;
}

QJsonObject NoteDraft::toJson() const
{
    QJsonObject o;
    put(o, "body"_L1, body);
    put(o, "userId"_L1, userId);
    put(o, "title"_L1, title);
    put(o, "color"_L1, color);
    if (pinned)
        o.insert("pinned"_L1, *pinned);
    return o;
}
