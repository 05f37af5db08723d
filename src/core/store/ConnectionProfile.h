#pragma once

#include "ghl/HighLevelConnection.h"
#include "ld/LaunchDarklyConnection.h"

#include <QDateTime>
#include <QString>
#include <QStringList>
#include <QUrl>

// A saved connection, without its secrets: what QSettings holds. The secrets (token, OAuth
// client secret and tokens) live in the keychain under CredentialStore::keyFor(id, name).
struct ConnectionProfile
{
    enum class Service { HighLevel, LaunchDarkly };
    enum class AuthMethod { PrivateIntegrationToken, OAuth }; // HighLevel
    // Where the secrets are. Unencrypted only by the user's explicit, visible choice.
    enum class SecretStorage { Keychain, UnencryptedFile };

    static inline const QString kToken = QStringLiteral("token");
    static inline const QString kClientSecret = QStringLiteral("oauth-client-secret");
    static inline const QString kRefreshToken = QStringLiteral("oauth-refresh-token");

    QString id;
    Service service = Service::HighLevel;
    QString name;
    QUrl baseUrl;
    SecretStorage storage = SecretStorage::Keychain;
    // HighLevel
    QString locationId;
    AuthMethod authMethod = AuthMethod::PrivateIntegrationToken;
    QString oauthClientId;
    QDateTime accessTokenExpiry;
    // LaunchDarkly
    LaunchDarklyConnection::Instance instance = LaunchDarklyConnection::Instance::Commercial;
    QString projectKey;
    QString environmentKey;
    // The last time its token was refused (401/403), for the connections list and alerts.
    QDateTime failingSince;
    QString failure;

    QStringList secretNames() const;
    QString serviceName() const;
    QUrl effectiveBaseUrl() const;

    HighLevelConnection highLevelConnection(const QString &token) const;
    LaunchDarklyConnection launchDarklyConnection(const QString &token) const;

    static QString newId(Service service);
};
