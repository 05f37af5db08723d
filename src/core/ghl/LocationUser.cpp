#include "LocationUser.h"

#include "common/Json.h"

using namespace Qt::StringLiterals;

LocationUser LocationUser::fromJson(const QJsonObject &o)
{
    LocationUser u;
    u.id = Json::string(o, "id"_L1);
    u.name = Json::string(o, "name"_L1);
    if (u.name.isEmpty())
        u.name = QString(Json::string(o, "firstName"_L1) + QLatin1Char(' ') + Json::string(o, "lastName"_L1)).trimmed();
    u.email = Json::string(o, "email"_L1);
    return u;
}
