#include "LdProject.h"

#include "common/Json.h"

using namespace Qt::StringLiterals;

LdProject LdProject::fromJson(const QJsonObject &o)
{
    return {Json::string(o, "key"_L1), Json::string(o, "name"_L1)};
}

LdEnvironment LdEnvironment::fromJson(const QJsonObject &o)
{
    LdEnvironment e;
    e.key = Json::string(o, "key"_L1);
    e.name = Json::string(o, "name"_L1);
    e.color = Json::string(o, "color"_L1);
    e.critical = Json::boolean(o, "critical"_L1);
    return e;
}
