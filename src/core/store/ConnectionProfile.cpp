#include "ConnectionProfile.h"

#include <QUuid>

using namespace Qt::StringLiterals;

QStringList ConnectionProfile::secretNames() const
{
    if (service == Service::HighLevel && authMethod == AuthMethod::OAuth)
        return {kToken, kClientSecret, kRefreshToken};
    return {kToken};
}

QString ConnectionProfile::serviceName() const
{
    return service == Service::HighLevel ? u"HighLevel"_s : u"LaunchDarkly"_s;
}

QUrl ConnectionProfile::effectiveBaseUrl() const
{
    if (service == Service::HighLevel)
        return baseUrl.isEmpty() ? HighLevelConnection().baseUrl : baseUrl;
    if (instance == LaunchDarklyConnection::Instance::Custom && !baseUrl.isEmpty())
        return baseUrl;
    return LaunchDarklyConnection::urlFor(instance);
}

HighLevelConnection ConnectionProfile::highLevelConnection(const QString &token) const
{
    HighLevelConnection c;
    c.id = id;
    c.name = name;
    c.baseUrl = effectiveBaseUrl();
    c.locationId = locationId;
    c.token = token;
    return c;
}

LaunchDarklyConnection ConnectionProfile::launchDarklyConnection(const QString &token) const
{
    LaunchDarklyConnection c;
    c.id = id;
    c.name = name;
    c.baseUrl = effectiveBaseUrl();
    c.token = token;
    c.projectKey = projectKey;
    c.environmentKey = environmentKey;
    return c;
}

QString ConnectionProfile::newId(Service service)
{
    return (service == Service::HighLevel ? u"highlevel-"_s : u"launchdarkly-"_s)
        + QUuid::createUuid().toString(QUuid::WithoutBraces).left(8);
}
