#include "LaunchDarklyProject.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

const LaunchDarklyEnvironment *LaunchDarklyProject::environment(const QString &envKey) const
{
    for (const LaunchDarklyEnvironment &e : environments) {
        if (e.key == envKey)
            return &e;
    }
    return nullptr;
}

LaunchDarklyEnvironment *LaunchDarklyProject::environment(const QString &envKey)
{
    for (LaunchDarklyEnvironment &e : environments) {
        if (e.key == envKey)
            return &e;
    }
    return nullptr;
}

QJsonObject LaunchDarklyProject::toJson(bool withEnvironments) const
{
    const QString self = u"/api/v2/projects/"_s + key;
    auto link = [](const QString &href) {
        return QJsonObject { { u"href"_s, href }, { u"type"_s, u"application/json"_s } };
    };
    QJsonObject o { { u"_links"_s,
                      QJsonObject { { u"self"_s, link(self) },
                                    { u"environments"_s, link(self + u"/environments"_s) },
                                    { u"flagDefaults"_s, link(self + u"/flag-defaults"_s) } } },
                    { u"_id"_s, id },
                    { u"key"_s, key },
                    { u"includeInSnippetByDefault"_s, false },
                    { u"defaultClientSideAvailability"_s,
                      QJsonObject { { u"usingMobileKey"_s, true },
                                    { u"usingEnvironmentId"_s, false } } },
                    { u"name"_s, name },
                    { u"tags"_s, QJsonArray::fromStringList(tags) } };
    if (withEnvironments) {
        QJsonArray items;
        for (const LaunchDarklyEnvironment &e : environments)
            items.append(e.toJson(key));
        o.insert(u"environments"_s,
                 QJsonObject { { u"_links"_s,
                                 QJsonObject { { u"self"_s, link(self + u"/environments"_s) } } },
                               { u"totalCount"_s, items.size() },
                               { u"items"_s, items } });
    }
    return o;
}
