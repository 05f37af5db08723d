#pragma once

#include <QString>
#include <QUrl>

// Where and as whom to reach one LaunchDarkly account, and which project and environment to
// work in by default. The token lives in memory only; on disk it is in the OS keychain.
struct LaunchDarklyConnection
{
    enum class Instance { Commercial, Europe, Federal, Custom };

    QString id;
    QString name;
    QUrl baseUrl = QUrl(QStringLiteral("https://app.launchdarkly.com"));
    QString token; // personal or service access token, sent raw (no "Bearer")
    QString projectKey;
    QString environmentKey;

    static QUrl urlFor(Instance instance)
    {
        switch (instance) {
        case Instance::Europe:
            return QUrl(QStringLiteral("https://app.eu.launchdarkly.com"));
        case Instance::Federal:
            return QUrl(QStringLiteral("https://app.launchdarkly.us"));
        case Instance::Commercial:
        case Instance::Custom:
            break;
        }
        return QUrl(QStringLiteral("https://app.launchdarkly.com"));
    }
};
