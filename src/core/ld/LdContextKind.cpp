#include "LdContextKind.h"

#include "common/Json.h"

using namespace Qt::StringLiterals;

LdContextKind LdContextKind::fromJson(const QJsonObject &o)
{
    LdContextKind k;
    k.key = Json::string(o, "key"_L1);
    k.name = Json::string(o, "name"_L1);
    k.description = Json::string(o, "description"_L1);
    k.version = Json::integer(o, "version"_L1);
    k.archived = Json::boolean(o, "archived"_L1);
    k.hideInTargeting = Json::boolean(o, "hideInTargeting"_L1);
    k.createdFrom = Json::string(o, "createdFrom"_L1);
    k.creationDate = Json::integer64(o, "creationDate"_L1);
    k.lastModified = Json::integer64(o, "lastModified"_L1);
    k.lastSeen = Json::integer64(o, "lastSeen"_L1);
    return k;
}

QJsonObject LdContextKind::toJson() const
{
    return {{"key"_L1, key},
            {"name"_L1, name},
            {"description"_L1, description},
            {"version"_L1, version},
            {"archived"_L1, archived},
            {"hideInTargeting"_L1, hideInTargeting},
            {"createdFrom"_L1, createdFrom}};
}

QJsonObject LdContextKind::upsertBody() const
{
    QJsonObject o{{"name"_L1, name.isEmpty() ? key : name}};
    if (!description.isEmpty())
        o.insert("description"_L1, description);
    if (archived)
        o.insert("archived"_L1, true);
    return o;
}
