#pragma once

#include "net/ApiCall.h"
#include "net/Result.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QUrl>

class HttpClient;
class QOAuth2AuthorizationCodeFlow;

struct OAuthTokens
{
    QString accessToken;
    QString refreshToken; // rotates: every refresh answers with a new one, to be saved
    QDateTime expiresAt;
    QString locationId;
    QStringList scopes;
};
Q_DECLARE_METATYPE(OAuthTokens)

// Sign-in with the user's own HighLevel Marketplace app (OAuth 2.0 authorization code): the
// browser shows HighLevel's consent page, which sends the code back to a listener on this
// computer (127.0.0.1); the code becomes tokens. Also refreshes tokens, which expire daily.
class HighLevelOAuth : public QObject
{
    Q_OBJECT

public:
    // Register http://127.0.0.1:<port>/oauth/callback as the app's redirect URI.
    static constexpr quint16 kDefaultCallbackPort = 47810;

    HighLevelOAuth(const QUrl &apiBase, const QString &clientId, const QString &clientSecret, QObject *parent = nullptr);

    static QStringList defaultScopes();
    // HighLevel's consent page for the real service; the sandbox's for a loopback address.
    static QUrl authorizeUrlFor(const QUrl &apiBase);
    static QString redirectUri(quint16 port);

    // Starts listening and emits openBrowser(); then authorized() or failed().
    bool authorize(const QStringList &scopes, quint16 port, QString *error);
    void abort();

    ApiCall *refresh(const QString &refreshToken, QObject *context, Callback<OAuthTokens> done);

Q_SIGNALS:
    void openBrowser(const QUrl &url);
    void authorized(const OAuthTokens &tokens);
    void failed(const QString &message);

private:
    QUrl m_apiBase;
    QString m_clientId;
    QString m_clientSecret;
    QPointer<QOAuth2AuthorizationCodeFlow> m_flow;
    HttpClient *m_http;
};
