#include "Note.h"

#include "common/Json.h"

using namespace Qt::StringLiterals;

Note Note::fromJson(const QJsonObject &o)
{
    Note n;
    n.id = Json::string(o, "id"_L1);
    n.contactId = Json::string(o, "contactId"_L1);
    n.body = Json::string(o, "body"_L1);
    n.userId = Json::string(o, "userId"_L1);
    n.title = Json::string(o, "title"_L1);
    n.color = Json::string(o, "color"_L1);
    n.pinned = Json::boolean(o, "pinned"_L1);
    n.dateAdded = Json::dateTime(o.value("dateAdded"_L1));
    return n;
}

QJsonObject Note::toJson() const
{
    return {{"id"_L1, id},
            {"contactId"_L1, contactId},
            {"body"_L1, body},
            {"userId"_L1, userId},
            {"title"_L1, title},
            {"pinned"_L1, pinned},
            {"dateAdded"_L1, Json::isoUtc(dateAdded)}};
}
