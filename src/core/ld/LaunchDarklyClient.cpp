#include "LaunchDarklyClient.h"

#include "common/Json.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QPointer>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace {

QString seg(const QString &key)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(key));
}

ApiError badResponse(const QString &operation, const QString &detail)
{
    ApiError e(ApiError::Kind::BadResponse, Service::LaunchDarkly, operation);
    e.setDetail(detail);
    return e;
}

} // namespace

// Reads a paginated collection ({items, totalCount, _links}) page by page to the end.
class LdCollectionRead : public ApiCall
{
public:
    using Decode = std::function<void(const QJsonArray &)>;

    LdCollectionRead(LaunchDarklyClient *client, HttpRequest base, Decode onItems)
        : ApiCall(client)
        , m_client(client)
        , m_base(std::move(base))
        , m_onItems(std::move(onItems))
    {
    }

    std::function<void(const ApiError &)> onDone;

    void next()
    {
        HttpRequest r = m_base;
        r.addQuery(u"limit"_s, QString::number(LaunchDarklyClient::kPageSize));
        r.addQuery(u"offset"_s, QString::number(m_offset));
        m_page = m_client->m_http->send(std::move(r));
        connect(m_page, &ApiCall::finished, this, [this, page = m_page] { onPage(page); });
    }

private:
    void onPage(HttpCall *page)
    {
        m_page = nullptr;
        const HttpResponse &resp = page->response();
        if (!resp.ok()) {
            report(resp.error);
            return;
        }
        QString parseError;
        const QJsonObject body = Json::parseObject(resp.body, &parseError);
        if (!parseError.isEmpty() || !body.value("items"_L1).isArray()) {
            report(badResponse(m_base.operation, parseError.isEmpty()
                                                     ? QCoreApplication::translate("LaunchDarklyClient", "the answer has no \"items\"")
                                                     : parseError));
            return;
        }
        const QJsonArray items = body.value("items"_L1).toArray();
        m_onItems(items);
        m_read += items.size();
        const qint64 total = Json::integer64(body, "totalCount"_L1, -1);
        Q_EMIT progress(m_read, total);
        const bool hasNext = body.value("_links"_L1).toObject().contains("next"_L1);
        const bool more = !items.isEmpty() && (hasNext || (total >= 0 && m_read < total));
        if (!more || ++m_pages > 100000) {
            report({});
            return;
        }
        m_offset += int(items.size());
        next();
    }

    void report(const ApiError &error)
    {
        if (onDone)
            onDone(error);
        finish();
    }

    void doCancel() override
    {
        if (m_page) {
            m_page->cancel();
            return;
        }
        report(ApiError(ApiError::Kind::Cancelled, Service::LaunchDarkly, m_base.operation));
    }

    LaunchDarklyClient *m_client;
    HttpRequest m_base;
    Decode m_onItems;
    QPointer<HttpCall> m_page;
    int m_offset = 0;
    qint64 m_read = 0;
    int m_pages = 0;
};

LaunchDarklyClient::LaunchDarklyClient(const LaunchDarklyConnection &connection, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_http(new HttpClient(Service::LaunchDarkly, connection.baseUrl, this))
{
    // The raw token: LaunchDarkly does not take "Bearer".
    m_http->setAuthorization(connection.token.toUtf8());
    m_http->setDefaultHeaders({{"LD-API-Version", kApiVersion}});
    m_http->setErrorDecoder(&LaunchDarklyClient::decodeError);
}

HttpRequest LaunchDarklyClient::request(const QByteArray &method, const QString &path,
                                        const QString &operation, const QString &route) const
{
    HttpRequest r;
    r.method = method;
    r.path = path;
    r.operation = operation;
    r.route = route;
    return r;
}

template<typename T>
ApiCall *LaunchDarklyClient::call(HttpRequest req, QObject *context,
                                  std::function<Result<T>(const QJsonObject &)> decode, Callback<T> done)
{
    const QString operation = req.operation;
    HttpCall *http = m_http->send(std::move(req));
    connect(http, &ApiCall::finished, context, [http, operation, decode, done] {
        const HttpResponse &resp = http->response();
        if (!resp.ok()) {
            done(Result<T>::failure(resp.error));
            return;
        }
        QString parseError;
        const QJsonObject body = Json::parseObject(resp.body, &parseError);
        if (!parseError.isEmpty()) {
            done(Result<T>::failure(badResponse(operation, parseError)));
            return;
        }
        Result<T> r = decode(body);
        if (!r.isOk() && r.error().operation().isEmpty()) {
            ApiError e = r.error();
            e.setOperation(operation);
            r = Result<T>::failure(e);
        }
        done(r);
    });
    return http;
}

template<typename T>
ApiCall *LaunchDarklyClient::readCollection(const QString &path, const QString &route,
                                            const QString &operation,
                                            const QList<QPair<QString, QString>> &query,
                                            QObject *context, Callback<QList<T>> done)
{
    HttpRequest base = request("GET", path, operation, route);
    base.query = query;
    auto items = std::make_shared<QList<T>>();
    auto *read = new LdCollectionRead(this, std::move(base), [items](const QJsonArray &page) {
        for (const QJsonValue &v : page)
            items->append(T::fromJson(v.toObject()));
    });
    QPointer<QObject> ctx(context);
    read->onDone = [items, ctx, done](const ApiError &error) {
        if (!ctx)
            return;
        if (error.isError())
            done(Result<QList<T>>::failure(error));
        else
            done(Result<QList<T>>::success(std::move(*items)));
    };
    read->next();
    return read;
}

ApiCall *LaunchDarklyClient::callerIdentity(QObject *context, Callback<QJsonObject> done)
{
    return call<QJsonObject>(request("GET", u"/api/v2/caller-identity"_s, tr("identify the access token"),
                                     u"GET /api/v2/caller-identity"_s),
                             context, [](const QJsonObject &o) { return Result<QJsonObject>::success(o); },
                             std::move(done));
}

ApiCall *LaunchDarklyClient::listProjects(QObject *context, Callback<QList<LdProject>> done)
{
    return readCollection<LdProject>(u"/api/v2/projects"_s, u"GET /api/v2/projects"_s, tr("list projects"), {},
                                     context, std::move(done));
}

ApiCall *LaunchDarklyClient::listEnvironments(const QString &projectKey, QObject *context,
                                              Callback<QList<LdEnvironment>> done)
{
    return readCollection<LdEnvironment>(u"/api/v2/projects/"_s + seg(projectKey) + u"/environments"_s,
                                         u"GET /api/v2/projects/{projectKey}/environments"_s,
                                         tr("list environments"), {}, context, std::move(done));
}

ApiCall *LaunchDarklyClient::listFlags(const QString &projectKey, const QString &environmentKey,
                                       QObject *context, Callback<QList<LdFlag>> done)
{
    // Under 20240415 the environment configuration (targets, rules) only comes back when the
    // list is filtered to an environment, and only with summary=0.
    const QList<QPair<QString, QString>> query{{u"env"_s, environmentKey},
                                               {u"filter"_s, u"filterEnv:"_s + environmentKey},
                                               {u"summary"_s, u"0"_s}};
    return readCollection<LdFlag>(u"/api/v2/flags/"_s + seg(projectKey), u"GET /api/v2/flags/{projectKey}"_s,
                                  tr("list flags"), query, context, std::move(done));
}

ApiCall *LaunchDarklyClient::getFlag(const QString &projectKey, const QString &flagKey,
                                     const QString &environmentKey, QObject *context, Callback<LdFlag> done)
{
    HttpRequest r = request("GET", u"/api/v2/flags/"_s + seg(projectKey) + u"/"_s + seg(flagKey),
                            tr("load the flag"), u"GET /api/v2/flags/{projectKey}/{flagKey}"_s);
    if (!environmentKey.isEmpty())
        r.addQuery(u"env"_s, environmentKey);
    return call<LdFlag>(std::move(r), context, [](const QJsonObject &o) {
        return Result<LdFlag>::success(LdFlag::fromJson(o));
    }, std::move(done));
}

ApiCall *LaunchDarklyClient::listSegments(const QString &projectKey, const QString &environmentKey,
                                          QObject *context, Callback<QList<LdSegment>> done)
{
    return readCollection<LdSegment>(u"/api/v2/segments/"_s + seg(projectKey) + u"/"_s + seg(environmentKey),
                                     u"GET /api/v2/segments/{projectKey}/{environmentKey}"_s,
                                     tr("list segments"), {}, context, std::move(done));
}

ApiCall *LaunchDarklyClient::getSegment(const QString &projectKey, const QString &environmentKey,
                                        const QString &segmentKey, QObject *context, Callback<LdSegment> done)
{
    HttpRequest r = request("GET",
                            u"/api/v2/segments/"_s + seg(projectKey) + u"/"_s + seg(environmentKey) + u"/"_s
                                + seg(segmentKey),
                            tr("load the segment"),
                            u"GET /api/v2/segments/{projectKey}/{environmentKey}/{segmentKey}"_s);
    return call<LdSegment>(std::move(r), context, [](const QJsonObject &o) {
        return Result<LdSegment>::success(LdSegment::fromJson(o));
    }, std::move(done));
}

ApiCall *LaunchDarklyClient::patchSegment(const QString &projectKey, const QString &segmentKey,
                                          const SemanticPatch &patch, bool dryRun, QObject *context,
                                          Callback<LdSegment> done)
{
    HttpRequest r = request("PATCH",
                            u"/api/v2/segments/"_s + seg(projectKey) + u"/"_s + seg(patch.environmentKey)
                                + u"/"_s + seg(segmentKey),
                            tr("update the segment's targets"),
                            u"PATCH /api/v2/segments/{projectKey}/{environmentKey}/{segmentKey}"_s);
    r.contentType = "application/json; domain-model=launchdarkly.semanticpatch";
    SemanticPatch p = patch;
    if (p.comment.isEmpty())
        p.comment = u"FlagBridge"_s;
    r.body = QJsonDocument(p.toJson()).toJson(QJsonDocument::Compact);
    // Adding or removing targets is idempotent: sending the same patch twice ends the same.
    r.idempotent = true;
    if (dryRun)
        r.addQuery(u"dryRun"_s, u"true"_s);
    return call<LdSegment>(std::move(r), context, [](const QJsonObject &o) {
        // Some semantic-patch endpoints answer 200 with per-instruction errors.
        const QJsonArray errors = Json::array(o, "errors"_L1);
        if (!errors.isEmpty()) {
            QStringList parts;
            for (const QJsonValue &e : errors)
                parts.append(Json::displayText(e.isObject() ? e.toObject().value("message"_L1) : e));
            ApiError err(ApiError::Kind::Http, Service::LaunchDarkly, {});
            err.setHttpStatus(200);
            err.setServerMessage(parts.join(QLatin1String("; ")));
            return Result<LdSegment>::failure(err);
        }
        return Result<LdSegment>::success(LdSegment::fromJson(o));
    }, std::move(done));
}

QString LaunchDarklyClient::contextKindProblem(const QString &kind)
{
    if (kind.isEmpty())
        return tr("The context kind is empty.");
    if (kind == "kind"_L1 || kind == "multi"_L1)
        return tr("\"%1\" cannot be used as a context kind.").arg(kind);
    static const QRegularExpression valid(u"^[A-Za-z0-9._-]+$"_s);
    if (!valid.match(kind).hasMatch())
        return tr("The context kind \"%1\" may only contain letters, digits, \".\", \"_\" and \"-\".").arg(kind);
    return {};
}

void LaunchDarklyClient::decodeError(ApiError &error, const HttpResponse &response)
{
    QString parseError;
    const QJsonObject body = Json::parseObject(response.body, &parseError);
    const QString code = Json::string(body, "code"_L1);
    const QString message = Json::string(body, "message"_L1);
    if (!code.isEmpty())
        error.setServerCode(code);
    if (!message.isEmpty())
        error.setServerMessage(message);
    const QString lower = message.toLower();
    switch (response.status) {
    case 400:
        if (lower.contains("1500"_L1) || lower.contains("1,500"_L1) || lower.contains("batch limit"_L1))
            error.setHint(tr("A segment accepts at most 1,500 target changes per request."));
        break;
    case 401:
        error.setHint(tr("Check the access token in the connection, or create a new one in LaunchDarkly (Organization settings → Authorization). SDK keys do not work here."));
        break;
    case 403:
        if (lower.contains("approval"_L1))
            error.setHint(tr("This environment requires approval for changes. Request an approval in LaunchDarkly, or use a token whose role may bypass approvals."));
        else
            error.setHint(tr("The token's role does not allow this. A Writer role, or a custom role allowing the change, is needed."));
        break;
    case 404:
        error.setHint(tr("Check the project, environment, flag or segment key."));
        break;
    case 405:
        error.setHint(tr("This environment requires approval for flag changes. Request an approval in LaunchDarkly."));
        break;
    case 409:
        if (code == "optimistic_locking_error"_L1)
            error.setHint(tr("Someone changed it at the same time; refresh and try again."));
        else
            error.setHint(tr("It already exists."));
        break;
    case 429:
        error.setHint(tr("LaunchDarkly's rate limit was reached and did not recover; wait a minute and try again."));
        break;
    default:
        if (response.status >= 500)
            error.setHint(tr("LaunchDarkly had a problem answering; try again in a moment."));
        break;
    }
    if (!parseError.isEmpty() && message.isEmpty() && !response.body.isEmpty())
        error.setDetail(QString::fromUtf8(response.body.left(200)).simplified());
}
