#include "LaunchDarklyContextKind.h"

using namespace Qt::StringLiterals;

QJsonObject LaunchDarklyContextKind::toJson(const QString &projectKey) const
{
    return QJsonObject { { u"key"_s, key },
                         { u"name"_s, name },
                         { u"description"_s, description },
                         { u"version"_s, version },
                         { u"creationDate"_s, creationDate },
                         { u"lastModified"_s, lastModified },
                         { u"createdFrom"_s, createdFrom },
                         { u"hideInTargeting"_s, hideInTargeting },
                         { u"archived"_s, archived },
                         { u"_links"_s,
                           QJsonObject {
                               { u"self"_s,
                                 QJsonObject { { u"href"_s,
                                                 QString(u"/api/v2/projects/"_s + projectKey
                                                         + u"/context-kinds/"_s + key) },
                                               { u"type"_s, u"application/json"_s } } } } } };
}
