#include "FakeLaunchDarkly.h"

#include "FlagSemanticPatch.h"
#include "JsonPatch.h"
#include "LaunchDarklyEvaluation.h"
#include "SegmentSemanticPatch.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrl>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

constexpr QByteArrayView kJson = "application/json";

SandboxResponse reply(int status, const QJsonObject &body)
{
    return SandboxResponse::json(status, body, kJson.toByteArray());
}

QJsonObject link(const QString &href)
{
    return QJsonObject { { u"href"_s, href }, { u"type"_s, u"application/json"_s } };
}

QString randomToken(const QString &prefix)
{
    QByteArray bytes(16, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), 4);
    return prefix + QString::fromLatin1(bytes.toHex());
}

bool validKey(const QString &key)
{
    static const QRegularExpression pattern(u"^[A-Za-z0-9._-]+$"_s);
    return pattern.match(key).hasMatch();
}

// RFC 7386 JSON merge patch.
QJsonValue mergePatch(const QJsonValue &target, const QJsonValue &patch)
{
    if (!patch.isObject())
        return patch;
    QJsonObject result = target.isObject() ? target.toObject() : QJsonObject();
    const QJsonObject p = patch.toObject();
    for (auto it = p.begin(); it != p.end(); ++it) {
        if (it.value().isNull())
            result.remove(it.key());
        else
            result.insert(it.key(), mergePatch(result.value(it.key()), it.value()));
    }
    return result;
}

} // namespace

FakeLaunchDarkly::FakeLaunchDarkly(QObject *parent)
    : SandboxHttpServer(parent)
{
    m_defaultToken = randomToken(u"sandbox-ld-"_s);
    registerRoutes();
    setOptions(m_options);
}

void FakeLaunchDarkly::load(const LaunchDarklyDataSet &data, quint32 idSeed)
{
    m_data = data;
    m_random.seed(idSeed);
    m_audit.clear();
    m_tokens.clear();
    LaunchDarklyToken t;
    t.token = m_defaultToken;
    t.id = newId();
    t.memberId = newId();
    t.role = LaunchDarklyToken::Role::Writer;
    addToken(t);
    resetRateLimits();
}

void FakeLaunchDarkly::setOptions(const LaunchDarklyOptions &options)
{
    m_options = options;
    m_global.configure(m_options.windowMs, m_options.globalLimit);
    for (FixedRateWindow &w : m_routes)
        w.configure(m_options.windowMs, m_options.routeLimit);
}

QString FakeLaunchDarkly::addToken(LaunchDarklyToken::Role role, const QString &name)
{
    LaunchDarklyToken t;
    t.token = randomToken(u"sandbox-ld-"_s);
    t.role = role;
    t.id = newId();
    t.memberId = newId();
    if (!name.isEmpty())
        t.name = name;
    addToken(t);
    return t.token;
}

void FakeLaunchDarkly::addToken(const LaunchDarklyToken &token)
{
    m_tokens.insert(token.token, token);
}

bool FakeLaunchDarkly::setApprovalsRequired(const QString &projectKey,
                                            const QString &environmentKey, bool flags,
                                            bool segmentsToo)
{
    LaunchDarklyProject *p = project(projectKey);
    LaunchDarklyEnvironment *e = p ? p->environment(environmentKey) : nullptr;
    if (!e)
        return false;
    e->flagApprovalsRequired = flags;
    e->segmentApprovalsRequired = segmentsToo;
    return true;
}

const LaunchDarklySegment *FakeLaunchDarkly::segment(const QString &projectKey,
                                                     const QString &environmentKey,
                                                     const QString &segmentKey) const
{
    const auto it
        = m_data.segments.constFind(LaunchDarklyDataSet::segmentScope(projectKey, environmentKey));
    if (it == m_data.segments.constEnd())
        return nullptr;
    for (const LaunchDarklySegment &s : it.value()) {
        if (s.key == segmentKey)
            return &s;
    }
    return nullptr;
}

QJsonObject FakeLaunchDarkly::flag(const QString &projectKey, const QString &flagKey) const
{
    for (const QJsonObject &f : m_data.flags.value(projectKey)) {
        if (f.value("key"_L1).toString() == flagKey)
            return f;
    }
    return {};
}

void FakeLaunchDarkly::resetRateLimits()
{
    m_global.reset();
    m_routes.clear();
}

SandboxFault FakeLaunchDarkly::optimisticLockingFault(int times)
{
    SandboxFault f;
    f.kind = SandboxFault::Kind::Status;
    f.method = "PATCH";
    f.status = 409;
    f.times = times;
    f.body
        = R"({"code":"optimistic_locking_error","message":"Conflict. Optimistic lock error. Try again later."})";
    return f;
}

QString FakeLaunchDarkly::newId()
{
    static const char digits[] = "0123456789abcdef";
    QString s(36, Qt::Uninitialized);
    for (int i = 0; i < 36; ++i)
        s[i] = (i == 8 || i == 13 || i == 18 || i == 23)
            ? QLatin1Char('-')
            : QLatin1Char(digits[m_random.bounded(16)]);
    return s;
}

qint64 FakeLaunchDarkly::now() const
{
    return QDateTime::currentMSecsSinceEpoch();
}

// ---------------------------------------------------------------------------------------------
// Routes

void FakeLaunchDarkly::registerRoutes()
{
    auto bind = [this](SandboxResponse (FakeLaunchDarkly::*handler)(SandboxRequest &)) {
        return [this, handler](SandboxRequest &r) {
            return (this->*handler)(r);
        };
    };
    addRoute("GET", u"/api/v2/caller-identity"_s, bind(&FakeLaunchDarkly::callerIdentity));
    addRoute("GET", u"/api/v2/tokens/{id}"_s, bind(&FakeLaunchDarkly::getToken));
    addRoute("GET", u"/api/v2/versions"_s, bind(&FakeLaunchDarkly::versions));
    addRoute("GET", u"/api/v2/projects"_s, bind(&FakeLaunchDarkly::listProjects));
    addRoute("GET", u"/api/v2/projects/{projectKey}"_s, bind(&FakeLaunchDarkly::getProject));
    addRoute("GET", u"/api/v2/projects/{projectKey}/environments"_s,
             bind(&FakeLaunchDarkly::listEnvironments));
    addRoute("GET", u"/api/v2/projects/{projectKey}/environments/{environmentKey}"_s,
             bind(&FakeLaunchDarkly::getEnvironment));
    addRoute("GET", u"/api/v2/projects/{projectKey}/context-kinds"_s,
             bind(&FakeLaunchDarkly::listContextKinds));
    addRoute("PUT", u"/api/v2/projects/{projectKey}/context-kinds/{key}"_s,
             bind(&FakeLaunchDarkly::putContextKind), true);
    addRoute("GET", u"/api/v2/flags/{projectKey}"_s, bind(&FakeLaunchDarkly::listFlags));
    addRoute("GET", u"/api/v2/flags/{projectKey}/{featureFlagKey}"_s,
             bind(&FakeLaunchDarkly::getFlag));
    addRoute("PATCH", u"/api/v2/flags/{projectKey}/{featureFlagKey}"_s,
             bind(&FakeLaunchDarkly::patchFlag), true);
    // A POST that only reads: a Reader may evaluate.
    addRoute("POST",
             u"/api/v2/projects/{projectKey}/environments/{environmentKey}/flags/evaluate"_s,
             bind(&FakeLaunchDarkly::evaluateFlags));
    addRoute("GET", u"/api/v2/segments/{projectKey}/{environmentKey}"_s,
             bind(&FakeLaunchDarkly::listSegments));
    addRoute("POST", u"/api/v2/segments/{projectKey}/{environmentKey}"_s,
             bind(&FakeLaunchDarkly::createSegment), true);
    addRoute("GET", u"/api/v2/segments/{projectKey}/{environmentKey}/{segmentKey}"_s,
             bind(&FakeLaunchDarkly::getSegment));
    addRoute("PATCH", u"/api/v2/segments/{projectKey}/{environmentKey}/{segmentKey}"_s,
             bind(&FakeLaunchDarkly::patchSegment), true);
    addRoute("DELETE", u"/api/v2/segments/{projectKey}/{environmentKey}/{segmentKey}"_s,
             bind(&FakeLaunchDarkly::deleteSegment), true);
    addRoute("POST", u"/api/v2/segments/{projectKey}/{environmentKey}/{segmentKey}/contexts"_s,
             bind(&FakeLaunchDarkly::updateBigSegment), true);
    addRoute("POST", u"/api/v2/segments/{projectKey}/{environmentKey}/{segmentKey}/users"_s,
             bind(&FakeLaunchDarkly::updateBigSegment), true);
    addRoute("GET",
             u"/api/v2/segments/{projectKey}/{environmentKey}/{segmentKey}/contexts/{contextKey}"_s,
             bind(&FakeLaunchDarkly::bigSegmentMembership));
    addRoute("GET",
             u"/api/v2/segments/{projectKey}/{environmentKey}/{segmentKey}/users/{contextKey}"_s,
             bind(&FakeLaunchDarkly::bigSegmentMembership));
}

// ---------------------------------------------------------------------------------------------
// Service behaviour shared by every route

SandboxResponse FakeLaunchDarkly::error(int status, const QString &code, const QString &message)
{
    return reply(status, QJsonObject { { u"code"_s, code }, { u"message"_s, message } });
}

const LaunchDarklyToken *FakeLaunchDarkly::caller(const SandboxRequest &request) const
{
    const auto it = m_tokens.constFind(request.caller);
    return it == m_tokens.constEnd() ? nullptr : &it.value();
}

std::optional<SandboxResponse> FakeLaunchDarkly::admit(SandboxRequest &request, const Route &route)
{
    // The raw token, no scheme: "Authorization: Bearer api-..." is an unknown token here, as
    // on the real service.
    const QString token = QString::fromLatin1(request.header("authorization"));
    if (!m_tokens.contains(token))
        return error(401, u"unauthorized"_s, u"Invalid access token"_s);
    request.caller = token;

    if (request.hasHeader("ld-api-version")) {
        static const QList<QByteArray> valid
            = { "20240415", "20220603", "20210729", "20191212", "20160426", "beta" };
        if (!valid.contains(request.header("ld-api-version")))
            return error(400, u"invalid_request"_s, u"Invalid LD-API-Version header"_s);
    }
    if (route.write && !caller(request)->canWrite())
        return error(403, u"forbidden"_s,
                     u"Forbidden. Access to the requested resource was denied."_s);

    if (m_options.rateLimits) {
        const qint64 t = now();
        FixedRateWindow &routeWindow = m_routes[route.key()];
        if (routeWindow.max() != m_options.routeLimit)
            routeWindow.configure(m_options.windowMs, m_options.routeLimit);
        if (m_global.remaining(t) <= 0 || routeWindow.remaining(t) <= 0)
            return rateLimitedResponse(request, m_options.retryAfterOn429 ? -2 : -1);
        m_global.tryAcquire(t);
        routeWindow.tryAcquire(t);
    }
    return std::nullopt;
}

void FakeLaunchDarkly::decorate(const SandboxRequest &request, SandboxResponse &response)
{
    if (request.routePattern.isEmpty() || !m_options.rateLimitHeaders)
        return;
    const qint64 t = now();
    const QString key = QString::fromLatin1(request.method) + u' ' + request.routePattern;
    FixedRateWindow &routeWindow = m_routes[key];
    if (routeWindow.max() != m_options.routeLimit)
        routeWindow.configure(m_options.windowMs, m_options.routeLimit);
    response.setHeaderIfMissing("X-Ratelimit-Global-Remaining",
                                QByteArray::number(m_global.remaining(t)));
    response.setHeaderIfMissing("X-Ratelimit-Route-Remaining",
                                QByteArray::number(routeWindow.remaining(t)));
    response.setHeaderIfMissing(
        "X-Ratelimit-Reset", QByteArray::number(qMin(m_global.resetAt(t), routeWindow.resetAt(t))));
}

SandboxResponse FakeLaunchDarkly::rateLimitedResponse(const SandboxRequest &request,
                                                      int retryAfterSeconds)
{
    SandboxResponse r
        = error(429, u"rate_limited"_s, u"You've exceeded the API rate limit. Try again later."_s);
    const qint64 t = now();
    const QString key = QString::fromLatin1(request.method) + u' ' + request.routePattern;
    const qint64 reset = request.routePattern.isEmpty()
        ? m_global.resetAt(t)
        : qMax(m_global.remaining(t) > 0 ? 0 : m_global.resetAt(t),
               m_routes[key].remaining(t) > 0 ? 0 : m_routes[key].resetAt(t));
    const qint64 resetAt = reset > 0 ? reset : t + m_options.windowMs;
    if (m_options.rateLimitHeaders) {
        r.setHeader("X-Ratelimit-Global-Remaining", QByteArray::number(m_global.remaining(t)));
        r.setHeader("X-Ratelimit-Route-Remaining", "0");
        r.setHeader("X-Ratelimit-Reset", QByteArray::number(resetAt));
    }
    if (retryAfterSeconds == -2)
        retryAfterSeconds = int(qMax<qint64>(1, (resetAt - t + 999) / 1000));
    if (retryAfterSeconds >= 0)
        r.setHeader("Retry-After", QByteArray::number(retryAfterSeconds));
    return r;
}

SandboxResponse FakeLaunchDarkly::notFound(const SandboxRequest &, bool otherMethodMatched)
{
    if (otherMethodMatched)
        return error(405, u"method_not_allowed"_s, u"Method not allowed"_s);
    return error(404, u"not_found"_s, u"Invalid resource identifier"_s);
}

SandboxResponse FakeLaunchDarkly::errorResponse(int status)
{
    switch (status) {
    case 400:
        return error(400, u"invalid_request"_s, u"Invalid request body"_s);
    case 401:
        return error(401, u"unauthorized"_s, u"Invalid access token"_s);
    case 403:
        return error(403, u"forbidden"_s,
                     u"Forbidden. Access to the requested resource was denied."_s);
    case 404:
        return error(404, u"not_found"_s, u"Invalid resource identifier"_s);
    case 405:
        return error(405, u"method_not_allowed"_s, u"Method not allowed"_s);
    case 409:
        return error(409, u"optimistic_locking_error"_s,
                     u"Conflict. Optimistic lock error. Try again later."_s);
    case 422:
        return error(422, u"patch_failed"_s, u"Unprocessable entity. Could not apply patch."_s);
    case 502:
    case 503:
    case 504: {
        const QByteArray line
            = QByteArray::number(status) + ' ' + SandboxResponse::reasonPhrase(status);
        return SandboxResponse::raw(status,
                                    "<html><head><title>" + line + "</title></head><body><h1>"
                                        + line + "</h1></body></html>\n",
                                    "text/html");
    }
    default:
        break;
    }
    return error(status, u"internal_server_error"_s, u"Internal server error"_s);
}

SandboxResponse FakeLaunchDarkly::paginate(const SandboxRequest &request,
                                           const QJsonArray &items) const
{
    int limit = m_options.defaultPageLimit;
    qsizetype offset = 0;
    bool ok = true;
    if (request.hasQuery(u"limit"_s)) {
        limit = request.queryValue(u"limit"_s).toInt(&ok);
        if (!ok || limit < 1)
            return error(400, u"invalid_request"_s, u"limit must be a positive integer"_s);
        limit = qMin(limit, m_options.maxPageLimit);
    }
    if (request.hasQuery(u"offset"_s)) {
        offset = request.queryValue(u"offset"_s).toLongLong(&ok);
        if (!ok || offset < 0)
            return error(400, u"invalid_request"_s, u"offset must be a non-negative integer"_s);
    }
    const qsizetype total = items.size();
    QJsonArray page;
    for (qsizetype i = offset; i < qMin(total, offset + limit); ++i)
        page.append(items.at(i));

    // Links keep the other query parameters and set limit and offset.
    auto href = [&](qsizetype at) -> QString {
        QString query;
        for (const auto &item : request.query) {
            if (item.first == "limit"_L1 || item.first == "offset"_L1)
                continue;
            query += QString::fromLatin1(QUrl::toPercentEncoding(item.first)) + u'='
                + QString::fromLatin1(QUrl::toPercentEncoding(item.second, ":,")) + u'&';
        }
        query += u"limit="_s + QString::number(limit) + u"&offset="_s + QString::number(at);
        return QString::fromUtf8(request.rawPath) + u'?' + query;
    };
    QJsonObject links { { u"self"_s, link(href(offset)) },
                        { u"first"_s, link(href(0)) },
                        { u"last"_s, link(href(total == 0 ? 0 : ((total - 1) / limit) * limit)) } };
    if (offset + limit < total)
        links.insert(u"next"_s, link(href(offset + limit)));
    if (offset > 0)
        links.insert(u"prev"_s, link(href(qMax<qsizetype>(0, offset - limit))));
    return reply(200,
                 QJsonObject { { u"items"_s, page },
                               { u"totalCount"_s, qint64(total) },
                               { u"_links"_s, links } });
}

LaunchDarklyProject *FakeLaunchDarkly::project(const QString &key)
{
    for (LaunchDarklyProject &p : m_data.projects) {
        if (p.key == key)
            return &p;
    }
    return nullptr;
}

QList<LaunchDarklySegment> *FakeLaunchDarkly::segments(const QString &projectKey,
                                                       const QString &environmentKey)
{
    LaunchDarklyProject *p = project(projectKey);
    if (!p || !p->environment(environmentKey))
        return nullptr;
    return &m_data.segments[LaunchDarklyDataSet::segmentScope(projectKey, environmentKey)];
}

QJsonArray FakeLaunchDarkly::flagsUsingSegment(const QString &projectKey,
                                               const QString &environmentKey,
                                               const QString &segmentKey) const
{
    QJsonArray out;
    for (const QJsonObject &f : m_data.flags.value(projectKey)) {
        const QJsonArray rules = f.value("environments"_L1)
                                     .toObject()
                                     .value(environmentKey)
                                     .toObject()
                                     .value("rules"_L1)
                                     .toArray();
        bool uses = false;
        for (const QJsonValue &r : rules) {
            for (const QJsonValue &c : r.toObject().value("clauses"_L1).toArray()) {
                const QJsonObject clause = c.toObject();
                if (clause.value("op"_L1).toString() == "segmentMatch"_L1
                    && clause.value("values"_L1).toArray().contains(segmentKey))
                    uses = true;
            }
        }
        if (uses) {
            const QString key = f.value("key"_L1).toString();
            out.append(QJsonObject {
                { u"name"_s, f.value("name"_L1) },
                { u"key"_s, key },
                { u"_links"_s,
                  QJsonObject {
                      { u"self"_s, link(u"/api/v2/flags/"_s + projectKey + u'/' + key) } } },
                { u"_site"_s,
                  QJsonObject { { u"href"_s,
                                  QString(u'/' + projectKey + u'/' + environmentKey
                                          + u"/features/"_s + key) },
                                { u"type"_s, u"text/html"_s } } } });
        }
    }
    return out;
}

QJsonObject FakeLaunchDarkly::presentFlag(const QString &projectKey, const QJsonObject &flag,
                                          const QStringList &environments, bool summary) const
{
    QJsonObject o = flag;
    const QString key = flag.value("key"_L1).toString();
    o.insert(u"_links"_s,
             QJsonObject { { u"parent"_s, link(u"/api/v2/flags/"_s + projectKey) },
                           { u"self"_s, link(u"/api/v2/flags/"_s + projectKey + u'/' + key) } });
    const QJsonObject all = flag.value("environments"_L1).toObject();
    if (environments.isEmpty()) {
        o.remove(u"environments"_s);
        return o;
    }
    const qsizetype variationCount = flag.value("variations"_L1).toArray().size();
    QJsonObject shown;
    for (const QString &env : environments) {
        if (!all.contains(env))
            continue;
        QJsonObject config = all.value(env).toObject();
        QJsonArray targets = config.value("targets"_L1).toArray();
        QJsonArray contextTargets;
        QMap<int, int> userTargets, otherTargets, ruleCounts;
        for (const QJsonValue &t : targets)
            userTargets[t.toObject().value("variation"_L1).toInt()]
                += int(t.toObject().value("values"_L1).toArray().size());
        for (const QJsonValue &t : config.value("contextTargets"_L1).toArray()) {
            const QJsonObject ct = t.toObject();
            if (ct.value("contextKind"_L1).toString() == "user"_L1)
                continue;
            otherTargets[ct.value("variation"_L1).toInt()]
                += int(ct.value("values"_L1).toArray().size());
            contextTargets.append(ct);
        }
        // LaunchDarkly repeats user targets in contextTargets as empty placeholders.
        for (const QJsonValue &t : targets)
            contextTargets.append(
                QJsonObject { { u"contextKind"_s, u"user"_s },
                              { u"values"_s, QJsonArray() },
                              { u"variation"_s, t.toObject().value("variation"_L1) } });
        config.insert(u"contextTargets"_s, contextTargets);
        for (const QJsonValue &r : config.value("rules"_L1).toArray()) {
            if (r.toObject().contains("variation"_L1))
                ruleCounts[r.toObject().value("variation"_L1).toInt()] += 1;
        }
        QJsonObject variations;
        const QJsonObject fallthrough = config.value("fallthrough"_L1).toObject();
        for (int i = 0; i < variationCount; ++i) {
            QJsonObject v { { u"rules"_s, ruleCounts.value(i) },
                            { u"nullRules"_s, 0 },
                            { u"targets"_s, userTargets.value(i) },
                            { u"contextTargets"_s, otherTargets.value(i) } };
            if (fallthrough.contains("variation"_L1)
                && fallthrough.value("variation"_L1).toInt() == i)
                v.insert(u"isFallthrough"_s, true);
            if (config.value("offVariation"_L1).toInt(-1) == i)
                v.insert(u"isOff"_s, true);
            variations.insert(QString::number(i), v);
        }
        config.insert(u"_summary"_s,
                      QJsonObject { { u"variations"_s, variations },
                                    { u"prerequisites"_s,
                                      config.value("prerequisites"_L1).toArray().size() } });
        if (summary) {
            config.remove(u"targets"_s);
            config.remove(u"contextTargets"_s);
            config.remove(u"rules"_s);
            config.remove(u"prerequisites"_s);
        }
        shown.insert(env, config);
    }
    o.insert(u"environments"_s, shown);
    return o;
}

std::optional<SandboxResponse> FakeLaunchDarkly::readPatch(const SandboxRequest &request,
                                                           PatchFormat *format,
                                                           QJsonObject *body) const
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &pe);
    if (pe.error != QJsonParseError::NoError)
        return error(400, u"invalid_request"_s, u"Invalid JSON body: "_s + pe.errorString());
    // Without the domain-model parameter the body is read as JSON Patch, whatever it holds.
    const bool semantic = request.contentType().contains("domain-model=launchdarkly.semanticpatch");
    if (semantic) {
        if (!doc.isObject() || !doc.object().value("instructions"_L1).isArray())
            return error(400, u"invalid_request"_s,
                         u"A semantic patch needs an \"instructions\" array"_s);
        *format = PatchFormat::Semantic;
        *body = doc.object();
        return std::nullopt;
    }
    if (doc.isArray()) {
        *format = PatchFormat::JsonPatch;
        *body = QJsonObject { { u"patch"_s, doc.array() } };
        return std::nullopt;
    }
    const QJsonObject o = doc.object();
    if (o.value("patch"_L1).isArray()) {
        *format = PatchFormat::JsonPatch;
        *body = o;
        return std::nullopt;
    }
    if (o.value("merge"_L1).isObject()) {
        *format = PatchFormat::MergePatch;
        *body = o;
        return std::nullopt;
    }
    return error(400, u"invalid_request"_s,
                 u"Invalid JSON Patch: expected an array of patch operations"_s);
}

void FakeLaunchDarkly::audit(const SandboxRequest &request, const QString &kind,
                             const QString &projectKey, const QString &environmentKey,
                             const QString &key, const QString &format, const QJsonObject &body,
                             int version)
{
    LaunchDarklyAuditEntry e;
    e.date = now();
    e.resourceKind = kind;
    e.projectKey = projectKey;
    e.environmentKey = environmentKey;
    e.key = key;
    e.comment = body.value("comment"_L1).toString();
    e.format = format;
    e.instructions = body.value("instructions"_L1).isArray()
        ? body.value("instructions"_L1).toArray()
        : body.value("patch"_L1).toArray();
    const LaunchDarklyToken *token = caller(request);
    e.tokenName = token ? token->name : QString();
    e.version = version;
    m_audit.append(e);
}

// ---------------------------------------------------------------------------------------------
// Account, projects, environments, context kinds

SandboxResponse FakeLaunchDarkly::callerIdentity(SandboxRequest &request)
{
    const LaunchDarklyToken *t = caller(request);
    return reply(
        200,
        QJsonObject { { u"accountId"_s, m_data.accountId },
                      { u"authKind"_s, u"token"_s },
                      { u"tokenKind"_s, t->serviceToken ? u"service"_s : u"personal"_s },
                      { u"tokenName"_s, t->name },
                      { u"tokenId"_s, t->id },
                      { u"memberId"_s, t->memberId },
                      { u"serviceToken"_s, t->serviceToken },
                      { u"scopes"_s, QJsonArray { LaunchDarklyToken::roleName(t->role) } } });
}

SandboxResponse FakeLaunchDarkly::getToken(SandboxRequest &request)
{
    const QString id = request.param(u"id"_s);
    for (const LaunchDarklyToken &t : std::as_const(m_tokens)) {
        if (t.id != id)
            continue;
        return reply(
            200,
            QJsonObject { { u"_id"_s, t.id },
                          { u"ownerId"_s, m_data.accountId },
                          { u"memberId"_s, t.memberId },
                          { u"name"_s, t.name },
                          { u"creationDate"_s, qint64(0) },
                          { u"lastModified"_s, qint64(0) },
                          { u"customRoleIds"_s, QJsonArray() },
                          { u"inlineRole"_s, QJsonArray() },
                          { u"role"_s, LaunchDarklyToken::roleName(t.role) },
                          // Only the last four characters once created.
                          { u"token"_s, t.token.right(4) },
                          { u"serviceToken"_s, t.serviceToken },
                          { u"defaultApiVersion"_s, 20240415 },
                          { u"_links"_s,
                            QJsonObject { { u"parent"_s, link(u"/api/v2/tokens"_s) },
                                          { u"self"_s, link(u"/api/v2/tokens/"_s + t.id) } } } });
    }
    return error(404, u"not_found"_s, u"Unknown access token id"_s);
}

SandboxResponse FakeLaunchDarkly::versions(SandboxRequest &request)
{
    const QByteArray requested = request.header("ld-api-version");
    return reply(
        200,
        QJsonObject { { u"validVersions"_s, QJsonArray { 20191212, 20210729, 20220603, 20240415 } },
                      { u"latestVersion"_s, 20240415 },
                      { u"currentVersion"_s,
                        requested.isEmpty() || requested == "beta" ? 20240415 : requested.toInt() },
                      { u"beta"_s, requested == "beta" } });
}

SandboxResponse FakeLaunchDarkly::listProjects(SandboxRequest &request)
{
    const bool expand = request.queryValue(u"expand"_s).split(u',').contains(u"environments"_s);
    QJsonArray items;
    for (const LaunchDarklyProject &p : std::as_const(m_data.projects))
        items.append(p.toJson(expand));
    return paginate(request, items);
}

SandboxResponse FakeLaunchDarkly::getProject(SandboxRequest &request)
{
    const LaunchDarklyProject *p = project(request.param(u"projectKey"_s));
    if (!p)
        return error(404, u"not_found"_s, u"Unknown project key"_s);
    const bool expand = request.queryValue(u"expand"_s).split(u',').contains(u"environments"_s);
    return reply(200, p->toJson(expand));
}

SandboxResponse FakeLaunchDarkly::listEnvironments(SandboxRequest &request)
{
    const LaunchDarklyProject *p = project(request.param(u"projectKey"_s));
    if (!p)
        return error(404, u"not_found"_s, u"Unknown project key"_s);
    QJsonArray items;
    for (const LaunchDarklyEnvironment &e : p->environments)
        items.append(e.toJson(p->key));
    return paginate(request, items);
}

SandboxResponse FakeLaunchDarkly::getEnvironment(SandboxRequest &request)
{
    const LaunchDarklyProject *p = project(request.param(u"projectKey"_s));
    const LaunchDarklyEnvironment *e
        = p ? p->environment(request.param(u"environmentKey"_s)) : nullptr;
    if (!e)
        return error(404, u"not_found"_s, u"Unknown environment key"_s);
    return reply(200, e->toJson(p->key));
}

SandboxResponse FakeLaunchDarkly::listContextKinds(SandboxRequest &request)
{
    const QString projectKey = request.param(u"projectKey"_s);
    if (!project(projectKey))
        return error(404, u"not_found"_s, u"Unknown project key"_s);
    QJsonArray items;
    for (const LaunchDarklyContextKind &k : m_data.contextKinds.value(projectKey))
        items.append(k.toJson(projectKey));
    return reply(200,
                 QJsonObject {
                     { u"items"_s, items },
                     { u"_links"_s,
                       QJsonObject { { u"self"_s, link(QString::fromUtf8(request.rawPath)) } } } });
}

SandboxResponse FakeLaunchDarkly::putContextKind(SandboxRequest &request)
{
    const QString projectKey = request.param(u"projectKey"_s);
    if (!project(projectKey))
        return error(404, u"not_found"_s, u"Unknown project key"_s);
    const QString key = request.param(u"key"_s);
    if (!validKey(key) || key == "kind"_L1 || key == "multi"_L1)
        return error(400, u"invalid_request"_s, u"Invalid context kind key"_s);
    bool ok = false;
    const QJsonObject body = parseJsonObject(request.body, &ok);
    if (!ok || body.value("name"_L1).toString().isEmpty())
        return error(400, u"invalid_request"_s, u"name is required"_s);
    QList<LaunchDarklyContextKind> &kinds = m_data.contextKinds[projectKey];
    auto it = std::find_if(kinds.begin(), kinds.end(),
                           [&](const LaunchDarklyContextKind &k) { return k.key == key; });
    if (it == kinds.end()) {
        LaunchDarklyContextKind k;
        k.key = key;
        k.creationDate = now();
        k.createdFrom = u"context-kind-api"_s;
        kinds.append(k);
        it = kinds.end() - 1;
    } else {
        it->version += 1;
    }
    it->name = body.value("name"_L1).toString();
    if (body.contains("description"_L1))
        it->description = body.value("description"_L1).toString();
    if (body.contains("hideInTargeting"_L1))
        it->hideInTargeting = body.value("hideInTargeting"_L1).toBool();
    if (body.contains("archived"_L1))
        it->archived = body.value("archived"_L1).toBool();
    it->lastModified = now();
    audit(request, u"context-kind"_s, projectKey, QString(), key, u"put"_s, body, it->version);
    return reply(200,
                 QJsonObject {
                     { u"status"_s, u"success"_s },
                     { u"_links"_s,
                       QJsonObject { { u"self"_s, link(QString::fromUtf8(request.rawPath)) } } } });
}

// ---------------------------------------------------------------------------------------------
// Flags

SandboxResponse FakeLaunchDarkly::listFlags(SandboxRequest &request)
{
    const QString projectKey = request.param(u"projectKey"_s);
    if (!project(projectKey))
        return error(404, u"not_found"_s, u"Unknown project key"_s);

    QStringList envs;
    for (const QString &e : request.queryValues(u"env"_s))
        envs += e.split(u',', Qt::SkipEmptyParts);
    QString query, state, type;
    QStringList tags;
    for (const QString &term : request.queryValue(u"filter"_s).split(u',', Qt::SkipEmptyParts)) {
        const QString field = term.section(u':', 0, 0).trimmed();
        const QString value = term.section(u':', 1).trimmed();
        if (field == "filterEnv"_L1 && !envs.contains(value))
            envs.append(value);
        else if (field == "query"_L1)
            query = value.toLower();
        else if (field == "tags"_L1)
            tags = value.split(u'+', Qt::SkipEmptyParts);
        else if (field == "state"_L1)
            state = value;
        else if (field == "type"_L1)
            type = value;
    }
    const QString summaryValue = request.queryValue(u"summary"_s);
    const bool summary = !(summaryValue == "0"_L1 || summaryValue == "false"_L1);

    QList<QJsonObject> flags;
    for (const QJsonObject &f : m_data.flags.value(projectKey)) {
        const bool archived = f.value("archived"_L1).toBool();
        if (state == "archived"_L1 ? !archived : archived)
            continue;
        if (state == "deprecated"_L1 && !f.value("deprecated"_L1).toBool())
            continue;
        if (!query.isEmpty() && !f.value("key"_L1).toString().toLower().contains(query)
            && !f.value("name"_L1).toString().toLower().contains(query))
            continue;
        if (type == "temporary"_L1 && !f.value("temporary"_L1).toBool())
            continue;
        if (type == "permanent"_L1 && f.value("temporary"_L1).toBool())
            continue;
        const QJsonArray flagTags = f.value("tags"_L1).toArray();
        if (!std::all_of(tags.begin(), tags.end(),
                         [&](const QString &t) { return flagTags.contains(t); }))
            continue;
        flags.append(f);
    }
    // Default order: newest first; "sort" accepts key, name, creationDate with "-" for descending.
    QString sort = request.queryValue(u"sort"_s);
    bool descending = sort.isEmpty() || sort.startsWith(u'-');
    if (sort.startsWith(u'-'))
        sort = sort.mid(1);
    const QString field = sort.isEmpty() ? u"creationDate"_s : sort;
    std::stable_sort(flags.begin(), flags.end(), [&](const QJsonObject &a, const QJsonObject &b) {
        int c = 0;
        if (field == "creationDate"_L1) {
            const qint64 x = qint64(a.value(field).toDouble()),
                         y = qint64(b.value(field).toDouble());
            c = x < y ? -1 : (x > y ? 1 : 0);
        } else {
            c = a.value(field).toString().compare(b.value(field).toString());
        }
        if (c == 0)
            c = a.value("key"_L1).toString().compare(b.value("key"_L1).toString());
        return descending ? c > 0 : c < 0;
    });
    QJsonArray items;
    for (const QJsonObject &f : std::as_const(flags))
        items.append(presentFlag(projectKey, f, envs, summary));
    return paginate(request, items);
}

SandboxResponse FakeLaunchDarkly::getFlag(SandboxRequest &request)
{
    const QString projectKey = request.param(u"projectKey"_s);
    LaunchDarklyProject *p = project(projectKey);
    if (!p)
        return error(404, u"not_found"_s, u"Unknown project key"_s);
    const QJsonObject f = flag(projectKey, request.param(u"featureFlagKey"_s));
    if (f.isEmpty())
        return error(404, u"not_found"_s, u"Unknown flag key"_s);
    QStringList envs;
    for (const QString &e : request.queryValues(u"env"_s))
        envs += e.split(u',', Qt::SkipEmptyParts);
    if (envs.isEmpty()) {
        for (const LaunchDarklyEnvironment &e : p->environments)
            envs.append(e.key);
    }
    return reply(200, presentFlag(projectKey, f, envs, false));
}

SandboxResponse FakeLaunchDarkly::patchFlag(SandboxRequest &request)
{
    const QString projectKey = request.param(u"projectKey"_s);
    LaunchDarklyProject *p = project(projectKey);
    if (!p)
        return error(404, u"not_found"_s, u"Unknown project key"_s);
    const QString key = request.param(u"featureFlagKey"_s);
    QList<QJsonObject> &flags = m_data.flags[projectKey];
    auto it = std::find_if(flags.begin(), flags.end(), [&](const QJsonObject &f) {
        return f.value("key"_L1).toString() == key;
    });
    if (it == flags.end())
        return error(404, u"not_found"_s, u"Unknown flag key"_s);

    PatchFormat format = PatchFormat::Semantic;
    QJsonObject body;
    if (auto bad = readPatch(request, &format, &body))
        return *bad;
    const bool dryRun = request.queryValue(u"dryRun"_s) == "true"_L1;
    QJsonObject updated = *it;
    QString envKey;
    QString formatName;

    if (format == PatchFormat::Semantic) {
        formatName = u"semanticpatch"_s;
        envKey = body.value("environmentKey"_L1).toString();
        const LaunchDarklyEnvironment *env = envKey.isEmpty() ? nullptr : p->environment(envKey);
        if (!envKey.isEmpty() && !env)
            return error(400, u"invalid_request"_s, u"Unknown environment \""_s + envKey + u'"');
        if (env && env->flagApprovalsRequired)
            return error(
                405, u"method_not_allowed"_s,
                u"This environment requires approval for flag changes; create an approval request instead"_s);
        FlagSemanticPatch::Context context;
        context.environmentKey = envKey;
        context.newId = [this]() {
            return newId();
        };
        context.segmentExists = [&](const QString &segmentKey) {
            return segment(projectKey, envKey, segmentKey) != nullptr;
        };
        const SemanticPatchResult result
            = FlagSemanticPatch::apply(updated, body.value("instructions"_L1).toArray(), context);
        if (!result.ok)
            return error(400, u"invalid_request"_s, result.message);
        if (result.changed && !envKey.isEmpty()) {
            QJsonObject environments = updated.value("environments"_L1).toObject();
            QJsonObject config = environments.value(envKey).toObject();
            config.insert(u"lastModified"_s, now());
            environments.insert(envKey, config);
            updated.insert(u"environments"_s, environments);
        }
    } else {
        QJsonValue document = updated;
        if (format == PatchFormat::JsonPatch) {
            formatName = u"jsonpatch"_s;
            const QJsonArray ops = body.value("patch"_L1).toArray();
            for (const QJsonValue &op : ops) {
                const QString path = op.toObject().value("path"_L1).toString();
                if (op.toObject().value("op"_L1).toString() != "test"_L1
                    && (path.startsWith("/_"_L1) || path == "/key"_L1
                        || path.startsWith("/creationDate"_L1)))
                    return error(400, u"invalid_request"_s, path + u" cannot be modified"_s);
                if (path.endsWith("/salt"_L1)
                    && op.toObject().value("op"_L1).toString() != "test"_L1)
                    return error(400, u"invalid_request"_s, u"Flag salt cannot be modified"_s);
            }
            QString message;
            const JsonPatch::Outcome outcome = JsonPatch::apply(document, ops, &message);
            if (outcome == JsonPatch::Outcome::TestFailed)
                return error(409, u"optimistic_locking_error"_s, message);
            if (outcome != JsonPatch::Outcome::Applied)
                return error(400, u"invalid_request"_s, message);
        } else {
            formatName = u"mergepatch"_s;
            document = mergePatch(document, body.value("merge"_L1));
        }
        // Environments whose configuration changed get a new version.
        QJsonObject after = document.toObject();
        QJsonObject environments = after.value("environments"_L1).toObject();
        const QJsonObject before = it->value("environments"_L1).toObject();
        for (auto e = environments.begin(); e != environments.end(); ++e) {
            if (e.value() != before.value(e.key())) {
                QJsonObject config = e.value().toObject();
                if (p->environment(e.key()) && p->environment(e.key())->flagApprovalsRequired)
                    return error(
                        405, u"method_not_allowed"_s,
                        u"This environment requires approval for flag changes; create an approval request instead"_s);
                config.insert(u"version"_s,
                              before.value(e.key()).toObject().value("version"_L1).toInt() + 1);
                config.insert(u"lastModified"_s, now());
                e.value() = config;
            }
        }
        after.insert(u"environments"_s, environments);
        if (after != *it)
            after.insert(u"_version"_s, it->value("_version"_L1).toInt() + 1);
        updated = after;
    }

    const bool changed = updated != *it;
    if (!dryRun && changed) {
        *it = updated;
        audit(request, u"flag"_s, projectKey, envKey, key, formatName, body,
              updated.value("_version"_L1).toInt());
    }
    QStringList envs;
    for (const LaunchDarklyEnvironment &e : p->environments)
        envs.append(e.key);
    return reply(200, presentFlag(projectKey, updated, envs, false));
}

SandboxResponse FakeLaunchDarkly::evaluateFlags(SandboxRequest &request)
{
    const QString projectKey = request.param(u"projectKey"_s);
    const QString envKey = request.param(u"environmentKey"_s);
    LaunchDarklyProject *p = project(projectKey);
    if (!p || !p->environment(envKey))
        return error(404, u"not_found"_s, u"Unknown project or environment key"_s);
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return error(400, u"invalid_request"_s, u"The body must be a context object"_s);

    // filter=query equals dark, tags contains ["beta","q1"] (not the flag list's grammar).
    QString query;
    QStringList tags;
    static const QRegularExpression termPattern(u"^\\s*(\\w+)\\s+(\\w+)\\s+(.*?)\\s*$"_s);
    QString filter = request.queryValue(u"filter"_s);
    QStringList terms;
    {
        QString current;
        int depth = 0;
        for (const QChar c : std::as_const(filter)) {
            if (c == u'[')
                ++depth;
            else if (c == u']')
                --depth;
            if (c == u',' && depth == 0) {
                terms.append(current);
                current.clear();
            } else {
                current += c;
            }
        }
        if (!current.trimmed().isEmpty())
            terms.append(current);
    }
    for (const QString &term : std::as_const(terms)) {
        const auto m = termPattern.match(term);
        if (!m.hasMatch())
            return error(400, u"invalid_request"_s, u"Invalid filter: "_s + term.trimmed());
        QString value = m.captured(3);
        if (m.captured(1) == "query"_L1) {
            if (value.startsWith(u'"') && value.endsWith(u'"') && value.size() >= 2)
                value = value.mid(1, value.size() - 2);
            query = value.toLower();
        } else if (m.captured(1) == "tags"_L1) {
            const QJsonDocument list = QJsonDocument::fromJson(
                (value.startsWith(u'[') ? value : QString(u"[\""_s + value + u"\"]"_s)).toUtf8());
            for (const QJsonValue &t : list.array())
                tags.append(t.toString());
        } else {
            return error(400, u"invalid_request"_s,
                         u"Unsupported filter field: "_s + m.captured(1));
        }
    }
    QList<QJsonObject> chosen;
    for (const QJsonObject &f : m_data.flags.value(projectKey)) {
        if (f.value("archived"_L1).toBool())
            continue;
        if (!query.isEmpty() && !f.value("key"_L1).toString().toLower().contains(query)
            && !f.value("name"_L1).toString().toLower().contains(query))
            continue;
        const QJsonArray flagTags = f.value("tags"_L1).toArray();
        if (!tags.isEmpty() && !std::any_of(tags.begin(), tags.end(), [&](const QString &t) {
                return flagTags.contains(t);
            }))
            continue;
        chosen.append(f);
    }
    QString sort = request.queryValue(u"sort"_s).section(u',', 0, 0);
    const bool descending = sort.startsWith(u'-');
    if (descending)
        sort = sort.mid(1);
    if (sort.isEmpty())
        sort = u"key"_s;
    if (sort != "key"_L1 && sort != "name"_L1)
        return error(400, u"invalid_request"_s, u"Invalid sort field: "_s + sort);
    std::stable_sort(chosen.begin(), chosen.end(), [&](const QJsonObject &a, const QJsonObject &b) {
        const int c = a.value(sort).toString().compare(b.value(sort).toString());
        return descending ? c > 0 : c < 0;
    });

    // Evaluated in the form the REST API shows them (user targets repeated in contextTargets as
    // placeholders, which fix the order in which targets are checked); prerequisites may name
    // flags the filter left out.
    QList<QJsonObject> all;
    for (const QJsonObject &f : m_data.flags.value(projectKey))
        all.append(presentFlag(projectKey, f, { envKey }, false));
    QStringList report;
    for (const QJsonObject &f : std::as_const(chosen))
        report.append(f.value("key"_L1).toString());
    const LaunchDarklyEvaluation::Outcome outcome = LaunchDarklyEvaluation::evaluate(
        projectKey, envKey, all,
        m_data.segments.value(LaunchDarklyDataSet::segmentScope(projectKey, envKey)), doc.object(),
        report);
    if (!outcome.ok)
        return error(400, u"invalid_request"_s, u"Invalid context: "_s + outcome.error);

    // limit -1 (the default) answers every flag at once.
    bool ok = true;
    qsizetype limit = -1, offset = 0;
    if (request.hasQuery(u"limit"_s)) {
        limit = request.queryValue(u"limit"_s).toLongLong(&ok);
        if (!ok || limit == 0 || limit < -1)
            return error(400, u"invalid_request"_s, u"limit must be -1 or a positive integer"_s);
    }
    if (request.hasQuery(u"offset"_s)) {
        offset = request.queryValue(u"offset"_s).toLongLong(&ok);
        if (!ok || offset < 0)
            return error(400, u"invalid_request"_s, u"offset must be a non-negative integer"_s);
    }
    const qsizetype total = outcome.items.size();
    const qsizetype end = limit < 0 ? total : qMin(total, offset + limit);
    QJsonArray items;
    for (qsizetype i = offset; i < end; ++i)
        items.append(outcome.items.at(i));
    QJsonObject links { { u"self"_s, link(QString::fromUtf8(request.rawPath)) } };
    if (end < total) {
        links.insert(u"next"_s,
                     link(QString::fromUtf8(request.rawPath) + u"?limit="_s + QString::number(limit)
                          + u"&offset="_s + QString::number(end)));
    }
    return reply(200,
                 QJsonObject { { u"items"_s, items },
                               { u"totalCount"_s, qint64(total) },
                               { u"_links"_s, links } });
}

// ---------------------------------------------------------------------------------------------
// Segments

SandboxResponse FakeLaunchDarkly::listSegments(SandboxRequest &request)
{
    const QString projectKey = request.param(u"projectKey"_s);
    const QString envKey = request.param(u"environmentKey"_s);
    QList<LaunchDarklySegment> *list = segments(projectKey, envKey);
    if (!list)
        return error(404, u"not_found"_s, u"Unknown project or environment key"_s);

    // filter=tags anyOf ["a","b"],query equals "x",unbounded equals true,includedKeys anyOf [...]
    struct Term
    {
        QString field, op;
        QJsonArray values;
    };
    QList<Term> terms;
    const QString filter = request.queryValue(u"filter"_s);
    if (!filter.isEmpty()) {
        QStringList parts;
        QString current;
        int depth = 0;
        bool quoted = false;
        for (const QChar c : filter) {
            if (c == u'"')
                quoted = !quoted;
            else if (!quoted && c == u'[')
                ++depth;
            else if (!quoted && c == u']')
                --depth;
            if (c == u',' && depth == 0 && !quoted) {
                parts.append(current);
                current.clear();
            } else {
                current += c;
            }
        }
        parts.append(current);
        static const QRegularExpression termPattern(u"^\\s*(\\w+)\\s+(\\w+)\\s*(.*?)\\s*$"_s);
        static const QStringList fields = { u"tags"_s,         u"query"_s,        u"unbounded"_s,
                                            u"includedKeys"_s, u"excludedKeys"_s, u"external"_s };
        for (const QString &part : std::as_const(parts)) {
            const auto m = termPattern.match(part);
            if (!m.hasMatch() || !fields.contains(m.captured(1)))
                return error(400, u"invalid_request"_s, u"Invalid filter: "_s + part.trimmed());
            Term t { m.captured(1), m.captured(2), {} };
            const QString raw = m.captured(3);
            if (!raw.isEmpty()) {
                const QJsonDocument doc = QJsonDocument::fromJson(
                    (raw.startsWith(u'[') ? raw : QString(u'[' + raw + u']')).toUtf8());
                if (!doc.isArray())
                    return error(400, u"invalid_request"_s, u"Invalid filter value: "_s + raw);
                t.values = doc.array();
            }
            terms.append(t);
        }
    }
    auto keep = [&](const LaunchDarklySegment &s) {
        for (const Term &t : std::as_const(terms)) {
            if (t.field == "query"_L1) {
                const QString q = t.values.at(0).toString().toLower();
                if (!s.key.toLower().contains(q) && !s.name.toLower().contains(q))
                    return false;
            } else if (t.field == "tags"_L1) {
                if (!std::any_of(t.values.begin(), t.values.end(), [&](const QJsonValue &v) {
                        return s.tags.contains(v.toString());
                    }))
                    return false;
            } else if (t.field == "unbounded"_L1) {
                if (s.unbounded != t.values.at(0).toBool())
                    return false;
            } else if (t.field == "external"_L1) {
                return false; // no synced segments here
            } else {
                const QStringList &keys = t.field == "includedKeys"_L1 ? s.included : s.excluded;
                if (!std::any_of(t.values.begin(), t.values.end(),
                                 [&](const QJsonValue &v) { return keys.contains(v.toString()); }))
                    return false;
            }
        }
        return true;
    };
    QList<const LaunchDarklySegment *> chosen;
    for (const LaunchDarklySegment &s : std::as_const(*list)) {
        if (keep(s))
            chosen.append(&s);
    }
    QString sort = request.queryValue(u"sort"_s).section(u',', 0, 0);
    const bool descending = sort.startsWith(u'-');
    if (descending)
        sort = sort.mid(1);
    if (!sort.isEmpty()) {
        std::stable_sort(chosen.begin(), chosen.end(),
                         [&](const LaunchDarklySegment *a, const LaunchDarklySegment *b) {
                             int c = 0;
                             if (sort == "name"_L1)
                                 c = a->name.compare(b->name);
                             else if (sort == "lastModified"_L1)
                                 c = a->lastModifiedDate < b->lastModifiedDate
                                     ? -1
                                     : (a->lastModifiedDate > b->lastModifiedDate ? 1 : 0);
                             else
                                 c = a->creationDate < b->creationDate
                                     ? -1
                                     : (a->creationDate > b->creationDate ? 1 : 0);
                             if (c == 0)
                                 c = a->key.compare(b->key);
                             return descending ? c > 0 : c < 0;
                         });
    }
    QJsonArray items;
    for (const LaunchDarklySegment *s : std::as_const(chosen))
        items.append(s->toJson(projectKey, envKey, flagsUsingSegment(projectKey, envKey, s->key)));
    return paginate(request, items);
}

SandboxResponse FakeLaunchDarkly::createSegment(SandboxRequest &request)
{
    const QString projectKey = request.param(u"projectKey"_s);
    const QString envKey = request.param(u"environmentKey"_s);
    QList<LaunchDarklySegment> *list = segments(projectKey, envKey);
    if (!list)
        return error(404, u"not_found"_s, u"Unknown project or environment key"_s);
    bool ok = false;
    const QJsonObject body = parseJsonObject(request.body, &ok);
    if (!ok)
        return error(400, u"invalid_request"_s, u"Invalid request body"_s);
    const QString key = body.value("key"_L1).toString();
    const QString name = body.value("name"_L1).toString();
    if (key.isEmpty() || name.isEmpty())
        return error(400, u"invalid_request"_s, u"name and key are required"_s);
    if (!validKey(key))
        return error(400, u"invalid_request"_s,
                     u"Invalid segment key: use letters, digits, '.', '_' and '-'"_s);
    if (segment(projectKey, envKey, key))
        return error(409, u"key_exists"_s, u"Duplicate segment key"_s);
    LaunchDarklySegment s;
    s.key = key;
    s.name = name;
    s.description = body.value("description"_L1).toString();
    for (const QJsonValue &t : body.value("tags"_L1).toArray())
        s.tags.append(t.toString());
    s.unbounded = body.value("unbounded"_L1).toBool();
    if (s.unbounded)
        s.unboundedContextKind = body.value("unboundedContextKind"_L1).toString(u"user"_s);
    s.creationDate = s.lastModifiedDate = now();
    list->append(s);
    audit(request, u"segment"_s, projectKey, envKey, key, u"create"_s, body, s.version);
    return reply(201, s.toJson(projectKey, envKey, QJsonArray()));
}

SandboxResponse FakeLaunchDarkly::getSegment(SandboxRequest &request)
{
    const QString projectKey = request.param(u"projectKey"_s);
    const QString envKey = request.param(u"environmentKey"_s);
    const LaunchDarklySegment *s = segment(projectKey, envKey, request.param(u"segmentKey"_s));
    if (!s)
        return error(404, u"not_found"_s, u"Unknown segment key"_s);
    return reply(200, s->toJson(projectKey, envKey, flagsUsingSegment(projectKey, envKey, s->key)));
}

SandboxResponse FakeLaunchDarkly::patchSegment(SandboxRequest &request)
{
    const QString projectKey = request.param(u"projectKey"_s);
    const QString envKey = request.param(u"environmentKey"_s);
    QList<LaunchDarklySegment> *list = segments(projectKey, envKey);
    if (!list)
        return error(404, u"not_found"_s, u"Unknown project or environment key"_s);
    const QString key = request.param(u"segmentKey"_s);
    auto it = std::find_if(list->begin(), list->end(),
                           [&](const LaunchDarklySegment &s) { return s.key == key; });
    if (it == list->end())
        return error(404, u"not_found"_s, u"Unknown segment key"_s);

    PatchFormat format = PatchFormat::Semantic;
    QJsonObject body;
    if (auto bad = readPatch(request, &format, &body))
        return *bad;
    const LaunchDarklyEnvironment *env = project(projectKey)->environment(envKey);
    if (env->segmentApprovalsRequired)
        return error(403, u"forbidden"_s, u"approval is required"_s);

    const bool dryRun = request.queryValue(u"dryRun"_s) == "true"_L1;
    LaunchDarklySegment updated = *it;
    bool changed = false;
    QString formatName;
    if (format == PatchFormat::Semantic) {
        formatName = u"semanticpatch"_s;
        const QJsonValue environmentKey = body.value("environmentKey"_L1);
        if (!environmentKey.isString() || environmentKey.toString().isEmpty())
            return error(400, u"invalid_request"_s, u"environmentKey is required"_s);
        if (environmentKey.toString() != envKey)
            return error(400, u"invalid_request"_s,
                         u"environmentKey does not match the environment of the segment"_s);
        const SemanticPatchResult result = SegmentSemanticPatch::apply(
            updated, body.value("instructions"_L1).toArray(), [this]() { return newId(); });
        if (!result.ok)
            return error(400, u"invalid_request"_s, result.message);
        changed = result.changed;
    } else {
        QJsonValue document = updated.patchableJson();
        if (format == PatchFormat::JsonPatch) {
            formatName = u"jsonpatch"_s;
            static const QStringList patchable = { u"name"_s,
                                                   u"description"_s,
                                                   u"tags"_s,
                                                   u"included"_s,
                                                   u"excluded"_s,
                                                   u"includedContexts"_s,
                                                   u"excludedContexts"_s,
                                                   u"rules"_s };
            const QJsonArray ops = body.value("patch"_L1).toArray();
            for (const QJsonValue &op : ops) {
                QStringList tokens;
                JsonPatch::parsePointer(op.toObject().value("path"_L1).toString(), &tokens);
                const bool test = op.toObject().value("op"_L1).toString() == "test"_L1;
                if (tokens.isEmpty()
                    || (!patchable.contains(tokens.first())
                        && !(test && tokens.first() == "version"_L1)))
                    return error(400, u"invalid_request"_s,
                                 op.toObject().value("path"_L1).toString()
                                     + u" cannot be modified"_s);
            }
            QString message;
            const JsonPatch::Outcome outcome = JsonPatch::apply(document, ops, &message);
            if (outcome == JsonPatch::Outcome::TestFailed)
                return error(409, u"optimistic_locking_error"_s, message);
            if (outcome != JsonPatch::Outcome::Applied)
                return error(400, u"invalid_request"_s, message);
        } else {
            formatName = u"mergepatch"_s;
            document = mergePatch(document, body.value("merge"_L1));
        }
        QString message;
        if (!updated.applyPatchableJson(document.toObject(), &message))
            return error(400, u"invalid_request"_s, message);
        if (!updated.unbounded && updated.targetCount() > SegmentSemanticPatch::kStandardLimit)
            return error(400, u"invalid_request"_s,
                         u"a standard segment can hold at most 15,000 individual targets"_s);
        changed = updated.patchableJson() != it->patchableJson();
    }
    if (changed) {
        updated.version += 1;
        updated.lastModifiedDate = now();
    }
    if (!dryRun && changed) {
        *it = updated;
        audit(request, u"segment"_s, projectKey, envKey, key, formatName, body, updated.version);
    }
    return reply(200,
                 updated.toJson(projectKey, envKey, flagsUsingSegment(projectKey, envKey, key)));
}

SandboxResponse FakeLaunchDarkly::deleteSegment(SandboxRequest &request)
{
    const QString projectKey = request.param(u"projectKey"_s);
    const QString envKey = request.param(u"environmentKey"_s);
    QList<LaunchDarklySegment> *list = segments(projectKey, envKey);
    const QString key = request.param(u"segmentKey"_s);
    if (!list || !segment(projectKey, envKey, key))
        return error(404, u"not_found"_s, u"Unknown segment key"_s);
    list->removeIf([&](const LaunchDarklySegment &s) { return s.key == key; });
    audit(request, u"segment"_s, projectKey, envKey, key, u"delete"_s, QJsonObject(), 0);
    return SandboxResponse::noContent(204);
}

SandboxResponse FakeLaunchDarkly::updateBigSegment(SandboxRequest &request)
{
    const QString projectKey = request.param(u"projectKey"_s);
    const QString envKey = request.param(u"environmentKey"_s);
    QList<LaunchDarklySegment> *list = segments(projectKey, envKey);
    const QString key = request.param(u"segmentKey"_s);
    auto it = list ? std::find_if(list->begin(), list->end(),
                                  [&](const LaunchDarklySegment &s) { return s.key == key; })
                   : QList<LaunchDarklySegment>::iterator();
    if (!list || it == list->end())
        return error(404, u"not_found"_s, u"Unknown segment key"_s);
    if (!it->unbounded)
        return error(400, u"invalid_request"_s,
                     u"This operation does not support standard segments"_s);
    bool ok = false;
    const QJsonObject body = parseJsonObject(request.body, &ok);
    if (!ok)
        return error(400, u"invalid_request"_s, u"Invalid request body"_s);
    auto keys = [&](const char *list, const char *op, QStringList *out) {
        const QJsonValue v
            = body.value(QLatin1StringView(list)).toObject().value(QLatin1StringView(op));
        if (v.isUndefined() || v.isNull())
            return true;
        if (!v.isArray())
            return false;
        for (const QJsonValue &x : v.toArray()) {
            if (!x.isString() || x.toString().isEmpty())
                return false;
            out->append(x.toString());
        }
        return true;
    };
    QStringList addIncluded, removeIncluded, addExcluded, removeExcluded;
    if (!keys("included", "add", &addIncluded) || !keys("included", "remove", &removeIncluded)
        || !keys("excluded", "add", &addExcluded) || !keys("excluded", "remove", &removeExcluded))
        return error(400, u"invalid_request"_s,
                     u"included and excluded take {add: [keys], remove: [keys]}"_s);
    const qsizetype count
        = addIncluded.size() + removeIncluded.size() + addExcluded.size() + removeExcluded.size();
    if (m_options.bigSegmentBatchLimit > 0 && count > m_options.bigSegmentBatchLimit)
        return error(400, u"invalid_request"_s,
                     u"The number of targets ("_s + QString::number(count)
                         + u") exceeds the batch limit of "_s
                         + QString::number(m_options.bigSegmentBatchLimit)
                         + u"; split the change into several requests"_s);
    for (const QString &k : std::as_const(removeIncluded))
        it->bigIncluded.remove(k);
    for (const QString &k : std::as_const(removeExcluded))
        it->bigExcluded.remove(k);
    for (const QString &k : std::as_const(addIncluded))
        it->bigIncluded.insert(k);
    for (const QString &k : std::as_const(addExcluded))
        it->bigExcluded.insert(k);
    it->lastModifiedDate = now();
    audit(request, u"segment-contexts"_s, projectKey, envKey, key, u"batch"_s, body, it->version);
    return SandboxResponse::noContent(204);
}

SandboxResponse FakeLaunchDarkly::bigSegmentMembership(SandboxRequest &request)
{
    const QString projectKey = request.param(u"projectKey"_s);
    const QString envKey = request.param(u"environmentKey"_s);
    const LaunchDarklySegment *s = segment(projectKey, envKey, request.param(u"segmentKey"_s));
    if (!s)
        return error(404, u"not_found"_s, u"Unknown segment key"_s);
    if (!s->unbounded)
        return error(400, u"invalid_request"_s,
                     u"This operation does not support standard segments"_s);
    const QString contextKey = request.param(u"contextKey"_s);
    return reply(200,
                 QJsonObject { { u"userKey"_s, contextKey },
                               { u"included"_s, s->bigIncluded.contains(contextKey) },
                               { u"excluded"_s, s->bigExcluded.contains(contextKey) } });
}

// ---------------------------------------------------------------------------------------------
// /_sandbox controls of this service

std::optional<SandboxResponse> FakeLaunchDarkly::handleControl(SandboxRequest &request)
{
    const QString path = request.path.endsWith(u'/') ? request.path.chopped(1) : request.path;
    bool ok = false;
    if (path == "/_sandbox/tokens"_L1 && request.method == "POST") {
        const QJsonObject body = parseJsonObject(request.body.isEmpty() ? "{}" : request.body, &ok);
        const QString role = body.value("role"_L1).toString(u"writer"_s).toLower();
        const LaunchDarklyToken::Role r = role == "reader"_L1 ? LaunchDarklyToken::Role::Reader
            : role == "admin"_L1                              ? LaunchDarklyToken::Role::Admin
                                                              : LaunchDarklyToken::Role::Writer;
        const QString token = addToken(r, body.value("name"_L1).toString());
        return SandboxResponse::json(
            201,
            QJsonObject { { u"token"_s, token }, { u"role"_s, LaunchDarklyToken::roleName(r) } });
    }
    if (path == "/_sandbox/approvals"_L1 && (request.method == "PUT" || request.method == "POST")) {
        const QJsonObject body = parseJsonObject(request.body, &ok);
        if (!ok
            || !setApprovalsRequired(
                body.value("projectKey"_L1).toString(), body.value("environmentKey"_L1).toString(),
                body.value("flags"_L1).toBool(), body.value("segments"_L1).toBool()))
            return SandboxResponse::json(
                400,
                QJsonObject {
                    { u"error"_s, u"expected {projectKey, environmentKey, flags, segments}"_s } });
        return SandboxResponse::noContent();
    }
    if (path == "/_sandbox/audit"_L1 && request.method == "GET") {
        QJsonArray items;
        for (const LaunchDarklyAuditEntry &e : std::as_const(m_audit))
            items.append(e.toJson());
        return SandboxResponse::json(200, QJsonObject { { u"items"_s, items } });
    }
    if (path == "/_sandbox/options"_L1 && (request.method == "PUT" || request.method == "PATCH")) {
        const QJsonObject body = parseJsonObject(request.body, &ok);
        if (!ok)
            return SandboxResponse::json(
                400, QJsonObject { { u"error"_s, u"expected a JSON object"_s } });
        LaunchDarklyOptions o = m_options;
        o.rateLimits = body.value("rateLimits"_L1).toBool(o.rateLimits);
        o.globalLimit = body.value("globalLimit"_L1).toInt(o.globalLimit);
        o.routeLimit = body.value("routeLimit"_L1).toInt(o.routeLimit);
        o.windowMs = body.value("windowMs"_L1).toInt(o.windowMs);
        o.retryAfterOn429 = body.value("retryAfterOn429"_L1).toBool(o.retryAfterOn429);
        o.rateLimitHeaders = body.value("rateLimitHeaders"_L1).toBool(o.rateLimitHeaders);
        o.maxPageLimit = body.value("maxPageLimit"_L1).toInt(o.maxPageLimit);
        o.bigSegmentBatchLimit
            = body.value("bigSegmentBatchLimit"_L1).toInt(o.bigSegmentBatchLimit);
        setOptions(o);
        return SandboxResponse::json(
            200,
            QJsonObject { { u"rateLimits"_s, o.rateLimits },
                          { u"globalLimit"_s, o.globalLimit },
                          { u"routeLimit"_s, o.routeLimit },
                          { u"windowMs"_s, o.windowMs },
                          { u"maxPageLimit"_s, o.maxPageLimit },
                          { u"bigSegmentBatchLimit"_s, o.bigSegmentBatchLimit } });
    }
    if (path == "/_sandbox/ratelimits/reset"_L1 && request.method == "POST") {
        resetRateLimits();
        return SandboxResponse::noContent();
    }
    return std::nullopt;
}
