#include "OAuthSession.h"

#include "ConnectionStore.h"

#include "common/Logging.h"
#include "ghl/HighLevelOAuth.h"
#include "net/HttpClient.h"

OAuthSession::OAuthSession(ConnectionStore *store, const ConnectionProfile &profile, HttpClient *http, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_profile(profile)
    , m_http(http)
{
    m_http->setAuthorizationRenewal([this](std::function<void(bool)> done) { renew(std::move(done)); });
}

void OAuthSession::renew(std::function<void(bool)> done)
{
    m_store->readSecrets(m_profile, this, [this, done](const QHash<QString, QString> &secrets, const CredentialStore::Outcome &o) {
        const QString refreshToken = secrets.value(ConnectionProfile::kRefreshToken);
        if (!o.ok() || refreshToken.isEmpty()) {
            Q_EMIT renewalFailed(o.ok() ? tr("No refresh token is saved: sign in with HighLevel again.") : o.message);
            done(false);
            return;
        }
        auto *oauth = new HighLevelOAuth(m_profile.effectiveBaseUrl(), m_profile.oauthClientId,
                                         secrets.value(ConnectionProfile::kClientSecret), this);
        oauth->refresh(refreshToken, this, [this, oauth, done](const Result<OAuthTokens> &r) {
            oauth->deleteLater();
            if (!r.isOk()) {
                qCWarning(lcStore) << "OAuth renewal failed:" << r.error().summary();
                Q_EMIT renewalFailed(r.error().message());
                done(false);
                return;
            }
            const OAuthTokens &t = r.value();
            m_http->setAuthorization("Bearer " + t.accessToken.toUtf8());
            m_profile.accessTokenExpiry = t.expiresAt;
            // Save the rotated refresh token before anything else can fail: the old one is spent.
            m_store->save(m_profile, {{ConnectionProfile::kToken, t.accessToken}, {ConnectionProfile::kRefreshToken, t.refreshToken}}, this,
                          [this, done](const CredentialStore::Outcome &saved) {
                              if (!saved.ok())
                                  Q_EMIT renewalFailed(saved.message);
                              Q_EMIT renewed();
                              done(true);
                          });
        });
    });
}
