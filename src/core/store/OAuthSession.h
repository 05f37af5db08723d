#pragma once

#include "ConnectionProfile.h"

#include <QObject>

class ConnectionStore;
class HttpClient;

// Keeps an OAuth connection signed in: when HighLevel refuses the access token (it expires
// daily), exchanges the refresh token for new ones, saves both (refresh tokens rotate: the old
// one is spent) and lets the refused request go again.
class OAuthSession : public QObject
{
    Q_OBJECT

public:
    OAuthSession(ConnectionStore *store, const ConnectionProfile &profile, HttpClient *http, QObject *parent = nullptr);

    static bool needed(const ConnectionProfile &profile)
    {
        return profile.service == ConnectionProfile::Service::HighLevel && profile.authMethod == ConnectionProfile::AuthMethod::OAuth;
    }

Q_SIGNALS:
    void renewed();
    void renewalFailed(const QString &message);

private:
    void renew(std::function<void(bool)> done);

    ConnectionStore *m_store;
    ConnectionProfile m_profile;
    HttpClient *m_http;
};
