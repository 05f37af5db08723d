#include "HighLevelOAuth.h"

#include "common/Json.h"
#include "net/HttpClient.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QOAuth2AuthorizationCodeFlow>
#include <QOAuthHttpServerReplyHandler>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

HighLevelOAuth::HighLevelOAuth(const QUrl &apiBase, const QString &clientId, const QString &clientSecret, QObject *parent)
    : QObject(parent)
    , m_apiBase(apiBase)
    , m_clientId(clientId)
    , m_clientSecret(clientSecret)
    , m_http(new HttpClient(Service::HighLevel, apiBase, this))
{
    m_http->setRetryLimits(2, 3);
}

QStringList HighLevelOAuth::defaultScopes()
{
    return {u"contacts.readonly"_s, u"contacts.write"_s, u"locations/customFields.readonly"_s, u"locations/tags.readonly"_s,
            u"users.readonly"_s, u"calendars/events.readonly"_s, u"calendars/events.write"_s};
}

QUrl HighLevelOAuth::authorizeUrlFor(const QUrl &apiBase)
{
    if (HttpClient::isAllowedUrl(apiBase) && apiBase.scheme() == "http"_L1) {
        QUrl url = apiBase;
        url.setPath(u"/oauth/chooselocation"_s);
        return url;
    }
    return QUrl(u"https://marketplace.gohighlevel.com/v2/oauth/chooselocation"_s);
}

QString HighLevelOAuth::redirectUri(quint16 port)
{
    return u"http://127.0.0.1:%1/oauth/callback"_s.arg(port);
}

bool HighLevelOAuth::authorize(const QStringList &scopes, quint16 port, QString *error)
{
    abort();
    auto *handler = new QOAuthHttpServerReplyHandler(QHostAddress::LocalHost, port, this);
    if (!handler->isListening()) {
        *error = tr("Cannot listen on 127.0.0.1:%1 for HighLevel's answer; another program may use the port.").arg(port);
        delete handler;
        return false;
    }
    handler->setCallbackPath(u"/oauth/callback"_s);
    handler->setCallbackText(tr("FlagBridge received HighLevel's answer. You can close this tab."));
    auto *flow = new QOAuth2AuthorizationCodeFlow(this);
    m_flow = flow;
    handler->setParent(flow);
    flow->setReplyHandler(handler);
    flow->setAuthorizationUrl(authorizeUrlFor(m_apiBase));
    QUrl token = m_apiBase;
    token.setPath(u"/oauth/token"_s);
    flow->setAccessTokenUrl(token);
    flow->setClientIdentifier(m_clientId);
    flow->setClientIdentifierSharedKey(m_clientSecret);
    flow->setScope(scopes.join(u' '));
    flow->setModifyParametersFunction([](QAbstractOAuth::Stage stage, QMultiMap<QString, QVariant> *parameters) {
        // A sub-account (location) token, which the Contacts API needs.
        if (stage == QAbstractOAuth::Stage::RequestingAccessToken || stage == QAbstractOAuth::Stage::RefreshingAccessToken)
            parameters->insert(u"user_type"_s, u"Location"_s);
    });
    connect(flow, &QAbstractOAuth::authorizeWithBrowser, this, &HighLevelOAuth::openBrowser);
    connect(flow, &QAbstractOAuth::granted, this, [this, flow] {
        OAuthTokens t;
        t.accessToken = flow->token();
        t.refreshToken = flow->refreshToken();
        t.expiresAt = flow->expirationAt();
        t.locationId = flow->extraTokens().value(u"locationId"_s).toString();
        t.scopes = flow->scope().split(u' ', Qt::SkipEmptyParts);
        Q_EMIT authorized(t);
    });
    connect(flow, &QAbstractOAuth2::error, this, [this](const QString &error, const QString &description, const QUrl &) {
        Q_EMIT failed(tr("HighLevel refused the sign-in: %1").arg(description.isEmpty() ? error : description));
    });
    connect(flow, &QAbstractOAuth::requestFailed, this, [this](QAbstractOAuth::Error e) {
        Q_EMIT failed(tr("The sign-in with HighLevel failed (%1).").arg(int(e)));
    });
    flow->grant();
    return true;
}

void HighLevelOAuth::abort()
{
    delete m_flow;
}

ApiCall *HighLevelOAuth::refresh(const QString &refreshToken, QObject *context, Callback<OAuthTokens> done)
{
    HttpRequest r;
    r.method = "POST";
    r.path = u"/oauth/token"_s;
    r.operation = tr("renew the sign-in");
    r.route = u"POST /oauth/token"_s;
    r.contentType = "application/x-www-form-urlencoded";
    // The refresh token is spent by the first answer: never send it twice.
    r.idempotent = false;
    QUrlQuery form;
    form.addQueryItem(u"client_id"_s, m_clientId);
    form.addQueryItem(u"client_secret"_s, m_clientSecret);
    form.addQueryItem(u"grant_type"_s, u"refresh_token"_s);
    form.addQueryItem(u"refresh_token"_s, refreshToken);
    form.addQueryItem(u"user_type"_s, u"Location"_s);
    r.body = form.query(QUrl::FullyEncoded).toUtf8();
    HttpCall *http = m_http->send(std::move(r));
    connect(http, &ApiCall::finished, context, [http, done] {
        const HttpResponse &resp = http->response();
        if (!resp.ok()) {
            ApiError e = resp.error;
            const QJsonObject body = Json::parseObject(resp.body, nullptr);
            if (!Json::string(body, "error_description"_L1).isEmpty())
                e.setServerMessage(Json::string(body, "error_description"_L1));
            if (resp.status == 400 || resp.status == 401)
                e.setHint(QCoreApplication::translate("HighLevelOAuth", "Sign in with HighLevel again in the connection's settings."));
            done(Result<OAuthTokens>::failure(e));
            return;
        }
        QString parseError;
        const QJsonObject o = Json::parseObject(resp.body, &parseError);
        OAuthTokens t;
        t.accessToken = Json::string(o, "access_token"_L1);
        t.refreshToken = Json::string(o, "refresh_token"_L1);
        t.expiresAt = QDateTime::currentDateTimeUtc().addSecs(Json::integer(o, "expires_in"_L1, 86399));
        t.locationId = Json::string(o, "locationId"_L1);
        t.scopes = Json::string(o, "scope"_L1).split(u' ', Qt::SkipEmptyParts);
        if (t.accessToken.isEmpty()) {
            ApiError e(ApiError::Kind::BadResponse, Service::HighLevel, QCoreApplication::translate("HighLevelOAuth", "renew the sign-in"));
            e.setDetail(parseError.isEmpty() ? QCoreApplication::translate("HighLevelOAuth", "the answer has no access_token") : parseError);
            done(Result<OAuthTokens>::failure(e));
            return;
        }
        done(Result<OAuthTokens>::success(t));
    });
    return http;
}
