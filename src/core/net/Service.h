#pragma once

#include <QString>

enum class Service { HighLevel, LaunchDarkly };

// The product names, as users know them (not translated).
inline QString serviceName(Service s)
{
    return s == Service::HighLevel ? QStringLiteral("HighLevel") : QStringLiteral("LaunchDarkly");
}
