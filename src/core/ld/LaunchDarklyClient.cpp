#include "LaunchDarklyClient.h"

#include "common/Json.h"
#include "net/FailedCall.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QPointer>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QTimer>

#include <optional>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

// One path segment, percent-encoded: keys may hold "/", "+", "@" or spaces (emails as context
// keys), and must reach LaunchDarkly as one segment, exactly as written.
QString seg(const QString &key)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(key));
}

QString segmentsPath(const QString &projectKey, const QString &environmentKey)
{
    return u"/api/v2/segments/"_s + seg(projectKey) + u'/' + seg(environmentKey);
}

QString segmentPath(const QString &projectKey, const QString &environmentKey, const QString &segmentKey)
{
    return segmentsPath(projectKey, environmentKey) + u'/' + seg(segmentKey);
}

QString flagPath(const QString &projectKey, const QString &flagKey)
{
    return u"/api/v2/flags/"_s + seg(projectKey) + u'/' + seg(flagKey);
}

ApiError badResponse(const QString &operation, const QString &detail)
{
    ApiError e(ApiError::Kind::BadResponse, Service::LaunchDarkly, operation);
    e.setDetail(detail);
    return e;
}

// ApiError::message() ends the sentence itself: no second full stop.
QString sentence(QString text)
{
    text = text.trimmed();
    while (text.endsWith(u'.'))
        text.chop(1);
    return text;
}

ApiError invalidInput(const QString &operation, const QString &problem)
{
    ApiError e(ApiError::Kind::InvalidInput, Service::LaunchDarkly, operation);
    e.setDetail(sentence(problem));
    return e;
}

bool isOptimisticLock(const ApiError &e)
{
    // A 409 on a change is a clash with a concurrent request unless it says otherwise.
    return e.kind() == ApiError::Kind::Http && e.httpStatus() == 409
        && (e.serverCode().isEmpty() || e.serverCode() == "optimistic_locking_error"_L1);
}

// The outcome of a write is unknown: no answer, or a server error after the request arrived.
bool outcomeUnknown(const ApiError &e)
{
    return e.kind() == ApiError::Kind::Network || e.kind() == ApiError::Kind::Timeout
        || (e.kind() == ApiError::Kind::Http && e.httpStatus() >= 500);
}

int lockBackoffMs(int attempt)
{
    return 250 * (attempt + 1) + int(QRandomGenerator::global()->bounded(250));
}

QString instructionName(const SemanticPatch &patch, int index)
{
    if (index < 0 || index >= patch.instructions.size())
        return {};
    return patch.instructions.at(index).value("kind"_L1).toString();
}

// A refused semantic patch, naming the instructions: LaunchDarkly applies all or nothing, so the
// user needs to know what was asked and that none of it happened.
ApiError patchFailure(ApiError e, const SemanticPatch &patch)
{
    if (e.kind() != ApiError::Kind::Http || (e.httpStatus() != 400 && e.httpStatus() != 422))
        return e;
    QString message = e.serverMessage().isEmpty() ? e.detail() : e.serverMessage();
    if (!message.contains("instruction"_L1, Qt::CaseInsensitive)) {
        if (patch.instructions.size() == 1)
            message = QCoreApplication::translate("LaunchDarklyClient", "instruction 1 (%1): %2")
                          .arg(instructionName(patch, 0), message);
        else
            message = QCoreApplication::translate("LaunchDarklyClient", "%1 (instructions sent: %2)")
                          .arg(message, patch.instructionKinds().join(u", "_s));
    }
    e.setServerMessage(message);
    const QString nothing = QCoreApplication::translate("LaunchDarklyClient", "Nothing of this change was applied.");
    e.setHint(e.hint().isEmpty() ? nothing : nothing + u' ' + e.hint());
    return e;
}

// Semantic patches may answer 200 and list the instructions that failed; that is a failure.
template<typename T>
std::optional<Result<T>> errorsInBody(const QJsonObject &o, const SemanticPatch &patch)
{
    const QJsonArray errors = Json::array(o, "errors"_L1);
    if (errors.isEmpty())
        return std::nullopt;
    QStringList parts;
    for (const QJsonValue &v : errors) {
        if (!v.isObject()) {
            parts.append(Json::displayText(v));
            continue;
        }
        const QJsonObject e = v.toObject();
        const QString text = Json::displayText(e.value("message"_L1));
        if (e.contains("instructionIndex"_L1)) {
            const int index = Json::integer(e, "instructionIndex"_L1, -1);
            parts.append(QCoreApplication::translate("LaunchDarklyClient", "instruction %1 (%2): %3")
                             .arg(index + 1)
                             .arg(instructionName(patch, index), text));
        } else {
            parts.append(text);
        }
    }
    ApiError err(ApiError::Kind::Http, Service::LaunchDarkly, {});
    err.setHttpStatus(200);
    err.setServerMessage(parts.join(u"; "_s));
    err.setHint(QCoreApplication::translate("LaunchDarklyClient", "LaunchDarkly refused part of the change."));
    return Result<T>::failure(err);
}

QString firstEmptyKey(const QStringList &keys, const QString &list)
{
    for (qsizetype i = 0; i < keys.size(); ++i) {
        if (keys.at(i).isEmpty()) {
            //: %1 is a position (1, 2, ...), %2 a list such as "keys to add"
            return QCoreApplication::translate("LaunchDarklyClient", "Key %1 of the %2 is empty: a context key must not be empty.")
                .arg(i + 1)
                .arg(list);
        }
    }
    return {};
}

QString inBoth(const QStringList &a, const QStringList &b)
{
    const QSet<QString> set(a.cbegin(), a.cend());
    for (const QString &k : b) {
        if (set.contains(k))
            return QCoreApplication::translate("LaunchDarklyClient", "\"%1\" is both added and removed.").arg(k);
    }
    return {};
}

QStringList unique(const QStringList &keys)
{
    QStringList out;
    QSet<QString> seen;
    for (const QString &k : keys) {
        if (!seen.contains(k)) {
            seen.insert(k);
            out.append(k);
        }
    }
    return out;
}

} // namespace

// A call made of several requests (read, then write; chunks one after another; a retry after a
// pause). Tracks the request in flight so that cancel() reaches it, and reports exactly once.
template<typename T>
class LdTask : public ApiCall
{
public:
    LdTask(QObject *parent, QObject *context, QString operation, Callback<T> done)
        : ApiCall(parent)
        , m_context(context)
        , m_operation(std::move(operation))
        , m_done(std::move(done))
    {
    }

    QString operation() const { return m_operation; }

    ApiCall *track(ApiCall *step)
    {
        m_step = step;
        return step;
    }

    void succeed(T value) { deliver(Result<T>::success(std::move(value))); }

    void fail(ApiError error)
    {
        if (error.operation().isEmpty())
            error.setOperation(m_operation);
        deliver(Result<T>::failure(error));
    }

    // Keeps `state` (a step function, say) alive as long as the task.
    void keep(std::shared_ptr<void> state) { m_kept.push_back(std::move(state)); }

    // Runs `next` after `ms`, unless the task ended (was cancelled) meanwhile.
    void after(int ms, std::function<void()> next)
    {
        m_step = nullptr;
        QTimer::singleShot(ms, this, [this, next] {
            if (!isFinished())
                next();
        });
    }

private:
    void deliver(const Result<T> &result)
    {
        if (isFinished())
            return;
        if (m_context && m_done)
            m_done(result);
        finish();
    }

    void doCancel() override
    {
        if (m_step && !m_step->isFinished()) {
            m_step->cancel(); // its answer reports the cancellation
            return;
        }
        fail(ApiError(ApiError::Kind::Cancelled, Service::LaunchDarkly, m_operation));
    }

    QPointer<QObject> m_context;
    QString m_operation;
    Callback<T> m_done;
    QPointer<ApiCall> m_step;
    std::vector<std::shared_ptr<void>> m_kept;
};

// Reads a paginated collection ({items, totalCount, _links}) page by page to the end.
class LdCollectionRead : public ApiCall
{
public:
    using Decode = std::function<void(const QJsonArray &)>;

    LdCollectionRead(LaunchDarklyClient *client, HttpRequest base, int pageSize, Decode onItems)
        : ApiCall(client)
        , m_client(client)
        , m_base(std::move(base))
        , m_pageSize(pageSize)
        , m_onItems(std::move(onItems))
    {
    }

    std::function<void(const ApiError &)> onDone;

    void next()
    {
        HttpRequest r = m_base;
        // pageSize 0: the endpoint's own default (flag evaluation: every flag at once).
        if (m_pageSize > 0)
            r.addQuery(u"limit"_s, QString::number(m_pageSize));
        if (m_pageSize > 0 || m_offset > 0)
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
    int m_pageSize;
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
    r.pathEncoded = true; // every key in it went through seg()
    r.operation = operation;
    r.route = route;
    return r;
}

HttpRequest LaunchDarklyClient::patchRequest(const QString &path, const QString &route,
                                             const QString &operation, const SemanticPatch &patch,
                                             bool dryRun) const
{
    HttpRequest r = request("PATCH", path, operation, route);
    r.contentType = kSemanticPatchContentType;
    SemanticPatch p = patch;
    p.comment = auditComment(p.comment);
    r.body = QJsonDocument(p.toJson()).toJson(QJsonDocument::Compact);
    // Adding or removing targets is idempotent: sending the same patch twice ends the same.
    // Callers sending instructions that are not (addRule) say so.
    r.idempotent = true;
    if (dryRun)
        r.addQuery(u"dryRun"_s, u"true"_s);
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

ApiCall *LaunchDarklyClient::callForDone(HttpRequest req, QObject *context, Callback<Done> done)
{
    HttpCall *http = m_http->send(std::move(req));
    connect(http, &ApiCall::finished, context, [http, done] {
        const HttpResponse &resp = http->response();
        if (!resp.ok())
            done(Result<Done>::failure(resp.error));
        else
            done(Result<Done>::success({}));
    });
    return http;
}

template<typename T>
ApiCall *LaunchDarklyClient::readCollection(HttpRequest base, int pageSize, QObject *context,
                                            Callback<QList<T>> done)
{
    auto items = std::make_shared<QList<T>>();
    auto *read = new LdCollectionRead(this, std::move(base), pageSize, [items](const QJsonArray &page) {
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

template<typename T>
ApiCall *LaunchDarklyClient::readCollection(const QString &path, const QString &route,
                                            const QString &operation,
                                            const QList<QPair<QString, QString>> &query,
                                            QObject *context, Callback<QList<T>> done)
{
    HttpRequest base = request("GET", path, operation, route);
    base.query = query;
    return readCollection<T>(std::move(base), kPageSize, context, std::move(done));
}

template<typename T>
ApiCall *LaunchDarklyClient::refuse(QObject *context, const QString &operation, const QString &problem,
                                    Callback<T> done)
{
    return FailedCall::create<T>(this, context, invalidInput(operation, problem), std::move(done));
}

template<typename T>
void LaunchDarklyClient::sendPatch(LdTask<T> *task, const HttpRequest &req, const SemanticPatch &patch,
                                   std::function<Result<T>(const QJsonObject &)> decode, int attempt)
{
    task->track(call<T>(req, task, decode, [this, task, req, patch, decode, attempt](const Result<T> &r) {
        if (r.isOk()) {
            task->succeed(r.value());
            return;
        }
        if (isOptimisticLock(r.error()) && attempt < kOptimisticLockRetries && !task->isCancelled()) {
            // The instructions do not depend on what was read: sending them again is the retry.
            task->after(lockBackoffMs(attempt), [this, task, req, patch, decode, attempt] {
                sendPatch(task, req, patch, decode, attempt + 1);
            });
            return;
        }
        task->fail(patchFailure(r.error(), patch));
    }));
}

// --- identity, projects, environments, context kinds -------------------------------------------

ApiCall *LaunchDarklyClient::callerIdentity(QObject *context, Callback<QJsonObject> done)
{
    return call<QJsonObject>(request("GET", u"/api/v2/caller-identity"_s, tr("identify the access token"),
                                     u"GET /api/v2/caller-identity"_s),
                             context, [](const QJsonObject &o) { return Result<QJsonObject>::success(o); },
                             std::move(done));
}

ApiCall *LaunchDarklyClient::identify(QObject *context, Callback<LdCallerIdentity> done)
{
    auto *task = new LdTask<LdCallerIdentity>(this, context, tr("identify the access token"), std::move(done));
    task->track(callerIdentity(task, [this, task](const Result<QJsonObject> &r) {
        if (!r.isOk()) {
            task->fail(r.error());
            return;
        }
        LdCallerIdentity identity = LdCallerIdentity::fromJson(r.value());
        if (identity.tokenId.isEmpty()) {
            task->succeed(identity);
            return;
        }
        // The identity has no role; the token has. A token that may not read tokens still works.
        HttpRequest req = request("GET", u"/api/v2/tokens/"_s + seg(identity.tokenId),
                                  tr("read the access token's role"), u"GET /api/v2/tokens/{id}"_s);
        task->track(call<QJsonObject>(req, task, [](const QJsonObject &o) { return Result<QJsonObject>::success(o); },
                                      [task, identity](const Result<QJsonObject> &t) mutable {
                                          if (t.isOk())
                                              identity.addToken(t.value());
                                          else if (t.error().kind() == ApiError::Kind::Cancelled)
                                              return task->fail(t.error());
                                          else
                                              identity.roleProblem = t.error().summary();
                                          task->succeed(identity);
                                      }));
    }));
    return task;
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

ApiCall *LaunchDarklyClient::listContextKinds(const QString &projectKey, QObject *context,
                                              Callback<QList<LdContextKind>> done)
{
    // Not paginated: {items, _links}.
    HttpRequest r = request("GET", u"/api/v2/projects/"_s + seg(projectKey) + u"/context-kinds"_s,
                            tr("list context kinds"), u"GET /api/v2/projects/{projectKey}/context-kinds"_s);
    return call<QList<LdContextKind>>(std::move(r), context, [](const QJsonObject &o) {
        if (!o.value("items"_L1).isArray())
            return Result<QList<LdContextKind>>::failure(
                badResponse({}, QCoreApplication::translate("LaunchDarklyClient", "the answer has no \"items\"")));
        QList<LdContextKind> kinds;
        for (const QJsonValue &v : o.value("items"_L1).toArray())
            kinds.append(LdContextKind::fromJson(v.toObject()));
        return Result<QList<LdContextKind>>::success(kinds);
    }, std::move(done));
}

ApiCall *LaunchDarklyClient::putContextKind(const QString &projectKey, const LdContextKind &kind,
                                            QObject *context, Callback<Done> done)
{
    const QString operation = tr("create or update the context kind %1").arg(kind.key);
    const QString problem = contextKindProblem(kind.key);
    if (!problem.isEmpty())
        return refuse<Done>(context, operation, problem, std::move(done));
    HttpRequest r = request("PUT", u"/api/v2/projects/"_s + seg(projectKey) + u"/context-kinds/"_s + seg(kind.key),
                            operation, u"PUT /api/v2/projects/{projectKey}/context-kinds/{key}"_s);
    r.body = QJsonDocument(kind.upsertBody()).toJson(QJsonDocument::Compact);
    r.idempotent = true; // PUT: the same body twice ends the same
    return callForDone(std::move(r), context, std::move(done));
}

// --- flags -------------------------------------------------------------------------------------

ApiCall *LaunchDarklyClient::listFlags(const QString &projectKey, const QString &environmentKey,
                                       QObject *context, Callback<QList<LdFlag>> done)
{
    // Under 20240415 the environment configuration (targets, rules) only comes back when the
    // list is filtered to an environment, and only without the summary. LaunchDarkly's docs write
    // summary=0; the spec types the parameter as a boolean, so "false".
    const QList<QPair<QString, QString>> query{{u"env"_s, environmentKey},
                                               {u"filter"_s, u"filterEnv:"_s + environmentKey},
                                               {u"summary"_s, u"false"_s}};
    return readCollection<LdFlag>(u"/api/v2/flags/"_s + seg(projectKey), u"GET /api/v2/flags/{projectKey}"_s,
                                  tr("list flags"), query, context, std::move(done));
}

ApiCall *LaunchDarklyClient::getFlag(const QString &projectKey, const QString &flagKey,
                                     const QString &environmentKey, QObject *context, Callback<LdFlag> done)
{
    HttpRequest r = request("GET", flagPath(projectKey, flagKey), tr("load the flag"),
                            u"GET /api/v2/flags/{projectKey}/{flagKey}"_s);
    if (!environmentKey.isEmpty())
        r.addQuery(u"env"_s, environmentKey);
    return call<LdFlag>(std::move(r), context, [](const QJsonObject &o) {
        return Result<LdFlag>::success(LdFlag::fromJson(o));
    }, std::move(done));
}

ApiCall *LaunchDarklyClient::patchFlag(const QString &projectKey, const QString &flagKey,
                                       const SemanticPatch &patch, bool dryRun, QObject *context,
                                       Callback<LdFlag> done)
{
    auto *task = new LdTask<LdFlag>(this, context, tr("update the flag %1").arg(flagKey), std::move(done));
    HttpRequest r = patchRequest(flagPath(projectKey, flagKey), u"PATCH /api/v2/flags/{projectKey}/{flagKey}"_s,
                                 task->operation(), patch, dryRun);
    // A rule added twice is two rules: never resend an addRule whose outcome is unknown.
    for (const QJsonObject &i : patch.instructions) {
        if (i.value("kind"_L1).toString() == "addRule"_L1)
            r.idempotent = false;
    }
    sendPatch<LdFlag>(task, r, patch, [patch](const QJsonObject &o) {
        if (auto failed = errorsInBody<LdFlag>(o, patch))
            return *failed;
        return Result<LdFlag>::success(LdFlag::fromJson(o));
    }, 0);
    return task;
}

ApiCall *LaunchDarklyClient::changeFlagTargets(const QString &projectKey, const QString &flagKey,
                                               const LdFlagTargetChange &change, bool dryRun,
                                               QObject *context, Callback<LdFlagChange> done)
{
    const QString operation = tr("change the individual targets of the flag %1").arg(flagKey);
    QString problem = contextKindProblem(change.contextKind);
    if (problem.isEmpty() && change.environmentKey.isEmpty())
        problem = tr("No environment given.");
    if (problem.isEmpty())
        problem = firstEmptyKey(change.add, tr("keys to add"));
    if (problem.isEmpty())
        problem = firstEmptyKey(change.remove, tr("keys to remove"));
    if (problem.isEmpty())
        problem = inBoth(change.add, change.remove);
    if (problem.isEmpty() && change.add.isEmpty() && change.remove.isEmpty())
        problem = tr("No keys to add or remove.");
    if (!problem.isEmpty())
        return refuse<LdFlagChange>(context, operation, problem, std::move(done));
    auto *task = new LdTask<LdFlagChange>(this, context, operation, std::move(done));
    planFlagTargets(task, projectKey, flagKey, change, dryRun, 0);
    return task;
}

void LaunchDarklyClient::planFlagTargets(LdTask<LdFlagChange> *task, const QString &projectKey,
                                         const QString &flagKey, const LdFlagTargetChange &change,
                                         bool dryRun, int attempt)
{
    task->track(getFlag(projectKey, flagKey, change.environmentKey, task,
                        [=, this](const Result<LdFlag> &read) {
        if (!read.isOk())
            return task->fail(read.error());
        const LdFlag &flag = read.value();
        if (!flag.environments.contains(change.environmentKey))
            return task->fail(invalidInput({}, tr("The flag %1 has no environment %2.").arg(flagKey, change.environmentKey)));
        QString why;
        const int index = flag.resolveVariation(change.variation, &why);
        if (index < 0)
            return task->fail(invalidInput({}, why));
        const LdFlagEnvironment env = flag.environments.value(change.environmentKey);
        LdFlagChange result;
        result.flag = flag;
        result.variationIndex = index;
        result.variationId = flag.variations.at(index).id;

        // Keys another variation targets leave it in the same request: LaunchDarkly refuses a
        // key in two variations, and removeTargets before addTargets makes the move one change.
        QMap<int, QStringList> moveFrom;
        for (const QString &key : unique(change.add)) {
            const int current = env.targetedVariation(change.contextKind, key);
            if (current == index) {
                result.unchanged.append(key);
                continue;
            }
            if (current >= 0) {
                moveFrom[current].append(key);
                result.moved.append(key);
            }
            result.added.append(key);
        }
        for (const QString &key : unique(change.remove)) {
            if (env.targetedVariation(change.contextKind, key) == index)
                result.removed.append(key);
            else
                result.unchanged.append(key);
        }
        SemanticPatch patch{change.environmentKey, change.comment, {}};
        for (auto it = moveFrom.cbegin(); it != moveFrom.cend(); ++it) {
            patch.instructions.append(SemanticPatch::flagTargets(u"removeTargets"_s, change.contextKind,
                                                                 flag.variations.at(it.key()).id, it.value()));
        }
        if (!result.removed.isEmpty())
            patch.instructions.append(SemanticPatch::flagTargets(u"removeTargets"_s, change.contextKind,
                                                                 result.variationId, result.removed));
        if (!result.added.isEmpty())
            patch.instructions.append(SemanticPatch::flagTargets(u"addTargets"_s, change.contextKind,
                                                                 result.variationId, result.added));
        if (patch.instructions.isEmpty())
            return task->succeed(result);

        const HttpRequest req = patchRequest(flagPath(projectKey, flagKey),
                                             u"PATCH /api/v2/flags/{projectKey}/{flagKey}"_s,
                                             task->operation(), patch, dryRun);
        task->track(call<LdFlag>(req, task, [patch](const QJsonObject &o) {
            if (auto failed = errorsInBody<LdFlag>(o, patch))
                return *failed;
            return Result<LdFlag>::success(LdFlag::fromJson(o));
        }, [=, this](const Result<LdFlag> &written) mutable {
            if (written.isOk()) {
                result.flag = written.value();
                result.written = true;
                return task->succeed(result);
            }
            if (isOptimisticLock(written.error()) && attempt < kOptimisticLockRetries && !task->isCancelled()) {
                // Someone changed the flag meanwhile: where each key sits may have changed too.
                task->after(lockBackoffMs(attempt), [=, this] {
                    planFlagTargets(task, projectKey, flagKey, change, dryRun, attempt + 1);
                });
                return;
            }
            task->fail(patchFailure(written.error(), patch));
        }));
    }));
}

ApiCall *LaunchDarklyClient::serveVariationToSegments(const QString &projectKey, const QString &flagKey,
                                                      const QString &environmentKey,
                                                      const QStringList &segmentKeys,
                                                      const QString &variation, const QString &comment,
                                                      bool dryRun, QObject *context,
                                                      Callback<LdFlagChange> done)
{
    const QString operation = tr("target segments from the flag %1").arg(flagKey);
    QString problem;
    if (segmentKeys.isEmpty())
        problem = tr("No segment given.");
    else if (environmentKey.isEmpty())
        problem = tr("No environment given.");
    else
        problem = firstEmptyKey(segmentKeys, tr("segment keys"));
    if (!problem.isEmpty())
        return refuse<LdFlagChange>(context, operation, problem, std::move(done));
    auto *task = new LdTask<LdFlagChange>(this, context, operation, std::move(done));
    planSegmentRule(task, projectKey, flagKey, environmentKey, unique(segmentKeys), variation, comment, dryRun, 0);
    return task;
}

void LaunchDarklyClient::planSegmentRule(LdTask<LdFlagChange> *task, const QString &projectKey,
                                         const QString &flagKey, const QString &environmentKey,
                                         const QStringList &segmentKeys, const QString &variation,
                                         const QString &comment, bool dryRun, int attempt)
{
    task->track(getFlag(projectKey, flagKey, environmentKey, task, [=, this](const Result<LdFlag> &read) {
        if (!read.isOk())
            return task->fail(read.error());
        const LdFlag &flag = read.value();
        QString why;
        const int index = flag.resolveVariation(variation, &why);
        if (index < 0 || !flag.environments.contains(environmentKey))
            return task->fail(invalidInput({}, index < 0 ? why : tr("The flag %1 has no environment %2.").arg(flagKey, environmentKey)));
        LdFlagChange result;
        result.flag = flag;
        result.variationIndex = index;
        result.variationId = flag.variations.at(index).id;

        // A rule that serves this variation to segments and nothing else: grow it.
        const LdRule *existing = nullptr;
        for (const LdRule &rule : flag.environments.value(environmentKey).rules) {
            if (rule.variation == index && rule.rollout.isEmpty() && rule.clauses.size() == 1
                && rule.clauses.first().op == "segmentMatch"_L1 && !rule.clauses.first().negate) {
                existing = &rule;
                break;
            }
        }
        QStringList missing;
        for (const QString &key : segmentKeys) {
            if (existing && existing->clauses.first().values.contains(key))
                result.unchanged.append(key);
            else
                missing.append(key);
        }
        if (missing.isEmpty())
            return task->succeed(result);
        result.added = missing;
        SemanticPatch patch{environmentKey, comment, {}};
        if (existing) {
            patch.instructions.append(SemanticPatch::addValuesToClause(existing->id, existing->clauses.first().id,
                                                                       QJsonArray::fromStringList(missing)));
        } else {
            patch.instructions.append(SemanticPatch::addSegmentRule(
                missing, result.variationId, tr("FlagBridge: members of %1").arg(missing.join(u", "_s))));
        }
        HttpRequest req = patchRequest(flagPath(projectKey, flagKey), u"PATCH /api/v2/flags/{projectKey}/{flagKey}"_s,
                                       task->operation(), patch, dryRun);
        req.idempotent = existing != nullptr; // addRule twice would make two rules
        task->track(call<LdFlag>(req, task, [patch](const QJsonObject &o) {
            if (auto failed = errorsInBody<LdFlag>(o, patch))
                return *failed;
            return Result<LdFlag>::success(LdFlag::fromJson(o));
        }, [=, this](const Result<LdFlag> &written) mutable {
            if (written.isOk()) {
                result.flag = written.value();
                result.written = true;
                return task->succeed(result);
            }
            // A clash, or an answer lost after an addRule: read again and see what is there now.
            const bool again = isOptimisticLock(written.error()) || (!dryRun && outcomeUnknown(written.error()));
            if (again && attempt < kOptimisticLockRetries && !task->isCancelled()) {
                task->after(lockBackoffMs(attempt), [=, this] {
                    planSegmentRule(task, projectKey, flagKey, environmentKey, segmentKeys, variation, comment,
                                    dryRun, attempt + 1);
                });
                return;
            }
            task->fail(patchFailure(written.error(), patch));
        }));
    }));
}

ApiCall *LaunchDarklyClient::evaluateFlags(const QString &projectKey, const QString &environmentKey,
                                           const QJsonObject &contextJson, QObject *context,
                                           Callback<QList<LdFlagEvaluation>> done)
{
    const QString operation = tr("evaluate flags");
    const QString problem = contextJsonProblem(contextJson);
    if (!problem.isEmpty())
        return refuse<QList<LdFlagEvaluation>>(context, operation, problem, std::move(done));
    HttpRequest r = request("POST",
                            u"/api/v2/projects/"_s + seg(projectKey) + u"/environments/"_s + seg(environmentKey)
                                + u"/flags/evaluate"_s,
                            operation, u"POST /api/v2/projects/{projectKey}/environments/{environmentKey}/flags/evaluate"_s);
    r.body = QJsonDocument(contextJson).toJson(QJsonDocument::Compact);
    r.readOnly = true; // evaluates, changes nothing
    r.idempotent = true;
    // limit defaults to -1 (every flag); the collection is still followed should it be paged.
    return readCollection<LdFlagEvaluation>(std::move(r), 0, context, std::move(done));
}

// --- segments ----------------------------------------------------------------------------------

ApiCall *LaunchDarklyClient::listSegments(const QString &projectKey, const QString &environmentKey,
                                          QObject *context, Callback<QList<LdSegment>> done)
{
    return readCollection<LdSegment>(segmentsPath(projectKey, environmentKey),
                                     u"GET /api/v2/segments/{projectKey}/{environmentKey}"_s,
                                     tr("list segments"), {}, context, std::move(done));
}

ApiCall *LaunchDarklyClient::getSegment(const QString &projectKey, const QString &environmentKey,
                                        const QString &segmentKey, QObject *context, Callback<LdSegment> done)
{
    HttpRequest r = request("GET", segmentPath(projectKey, environmentKey, segmentKey), tr("load the segment"),
                            u"GET /api/v2/segments/{projectKey}/{environmentKey}/{segmentKey}"_s);
    return call<LdSegment>(std::move(r), context, [](const QJsonObject &o) {
        return Result<LdSegment>::success(LdSegment::fromJson(o));
    }, std::move(done));
}

ApiCall *LaunchDarklyClient::createSegment(const QString &projectKey, const QString &environmentKey,
                                           const LdSegmentDraft &draft, QObject *context,
                                           Callback<LdSegmentCreation> done)
{
    const QString operation = tr("create the segment %1").arg(draft.key);
    static const QRegularExpression validKey(u"^[A-Za-z0-9._-]+$"_s);
    QString problem;
    if (draft.key.isEmpty())
        problem = tr("The segment needs a key.");
    else if (!validKey.match(draft.key).hasMatch())
        problem = tr("The segment key \"%1\" may only contain letters, digits, \".\", \"_\" and \"-\".").arg(draft.key);
    else if (draft.unbounded)
        problem = contextKindProblem(draft.unboundedContextKind.isEmpty() ? u"user"_s : draft.unboundedContextKind);
    if (!problem.isEmpty())
        return refuse<LdSegmentCreation>(context, operation, problem, std::move(done));
    auto *task = new LdTask<LdSegmentCreation>(this, context, operation, std::move(done));
    createSegmentStep(task, projectKey, environmentKey, draft, false);
    return task;
}

void LaunchDarklyClient::createSegmentStep(LdTask<LdSegmentCreation> *task, const QString &projectKey,
                                           const QString &environmentKey, const LdSegmentDraft &draft,
                                           bool again)
{
    HttpRequest r = request("POST", segmentsPath(projectKey, environmentKey), task->operation(),
                            u"POST /api/v2/segments/{projectKey}/{environmentKey}"_s);
    r.body = QJsonDocument(draft.toJson()).toJson(QJsonDocument::Compact);
    r.idempotent = false;
    task->track(call<LdSegment>(r, task, [](const QJsonObject &o) { return Result<LdSegment>::success(LdSegment::fromJson(o)); },
                                [=, this](const Result<LdSegment> &created) {
        if (created.isOk())
            return task->succeed(LdSegmentCreation{created.value(), true, again});
        const ApiError e = created.error();
        if (e.kind() == ApiError::Kind::Http && e.httpStatus() == 409) {
            // key_exists (or conflict): it is there already. Fetch it; never post again.
            task->track(getSegment(projectKey, environmentKey, draft.key, task, [task, e](const Result<LdSegment> &existing) {
                if (existing.isOk())
                    task->succeed(LdSegmentCreation{existing.value(), false, false});
                else
                    task->fail(existing.error().kind() == ApiError::Kind::Cancelled ? existing.error() : e);
            }));
            return;
        }
        if (outcomeUnknown(e) && !task->isCancelled())
            return recoverCreatedSegment(task, projectKey, environmentKey, draft, e, again);
        task->fail(e);
    }));
}

void LaunchDarklyClient::recoverCreatedSegment(LdTask<LdSegmentCreation> *task, const QString &projectKey,
                                               const QString &environmentKey, const LdSegmentDraft &draft,
                                               const ApiError &error, bool again)
{
    // The create may or may not have happened: look before posting again, once.
    task->track(getSegment(projectKey, environmentKey, draft.key, task, [=, this](const Result<LdSegment> &found) {
        if (found.isOk())
            return task->succeed(LdSegmentCreation{found.value(), true, true});
        if (found.error().httpStatus() == 404 && !again)
            return createSegmentStep(task, projectKey, environmentKey, draft, true);
        task->fail(found.error().kind() == ApiError::Kind::Cancelled ? found.error() : error);
    }));
}

ApiCall *LaunchDarklyClient::deleteSegment(const QString &projectKey, const QString &environmentKey,
                                           const QString &segmentKey, QObject *context, Callback<Done> done)
{
    HttpRequest r = request("DELETE", segmentPath(projectKey, environmentKey, segmentKey),
                            tr("delete the segment %1").arg(segmentKey),
                            u"DELETE /api/v2/segments/{projectKey}/{environmentKey}/{segmentKey}"_s);
    HttpCall *http = m_http->send(std::move(r));
    connect(http, &ApiCall::finished, context, [http, done] {
        const HttpResponse &resp = http->response();
        // A DELETE sent again after a lost answer finds nothing to delete: the first one did it.
        if (resp.ok() || (resp.status == 404 && resp.attempts > 1))
            done(Result<Done>::success({}));
        else
            done(Result<Done>::failure(resp.error));
    });
    return http;
}

ApiCall *LaunchDarklyClient::patchSegment(const QString &projectKey, const QString &segmentKey,
                                          const SemanticPatch &patch, bool dryRun, QObject *context,
                                          Callback<LdSegment> done)
{
    auto *task = new LdTask<LdSegment>(this, context, tr("update the segment's targets"), std::move(done));
    const HttpRequest r = patchRequest(segmentPath(projectKey, patch.environmentKey, segmentKey),
                                       u"PATCH /api/v2/segments/{projectKey}/{environmentKey}/{segmentKey}"_s,
                                       task->operation(), patch, dryRun);
    sendPatch<LdSegment>(task, r, patch, [patch](const QJsonObject &o) {
        if (auto failed = errorsInBody<LdSegment>(o, patch))
            return *failed;
        return Result<LdSegment>::success(LdSegment::fromJson(o));
    }, 0);
    return task;
}

ApiCall *LaunchDarklyClient::changeSegmentTargets(const QString &projectKey, const QString &segmentKey,
                                                  const LdSegmentTargetChange &change, bool dryRun,
                                                  QObject *context, Callback<LdSegmentChangeResult> done)
{
    const QString operation = tr("update the targets of the segment %1").arg(segmentKey);
    QString problem = contextKindProblem(change.contextKind);
    if (problem.isEmpty() && change.environmentKey.isEmpty())
        problem = tr("No environment given.");
    const QList<QPair<const QStringList *, QString>> lists{{&change.addIncluded, tr("keys to include")},
                                                           {&change.removeIncluded, tr("keys to stop including")},
                                                           {&change.addExcluded, tr("keys to exclude")},
                                                           {&change.removeExcluded, tr("keys to stop excluding")}};
    for (const auto &list : lists) {
        if (problem.isEmpty())
            problem = firstEmptyKey(*list.first, list.second);
    }
    if (problem.isEmpty())
        problem = inBoth(change.addIncluded, change.removeIncluded);
    if (problem.isEmpty())
        problem = inBoth(change.addExcluded, change.removeExcluded);
    if (problem.isEmpty() && change.keyCount() == 0)
        problem = tr("No keys to add or remove.");
    if (!problem.isEmpty())
        return refuse<LdSegmentChangeResult>(context, operation, problem, std::move(done));

    const QList<SemanticPatch> patches = SemanticPatch::segmentTargetChanges(
        change.environmentKey, change.comment, change.contextKind, unique(change.addIncluded),
        unique(change.removeIncluded), unique(change.addExcluded), unique(change.removeExcluded));
    auto *task = new LdTask<LdSegmentChangeResult>(this, context, operation, std::move(done));
    auto result = std::make_shared<LdSegmentChangeResult>();
    auto next = std::make_shared<std::function<void(int)>>();
    // `next` calls itself through a weak pointer; the task keeps it alive.
    std::weak_ptr<std::function<void(int)>> weakNext = next;
    *next = [=, this](int index) {
        if (index >= patches.size())
            return task->succeed(*result);
        const SemanticPatch &patch = patches.at(index);
        task->track(patchSegment(projectKey, segmentKey, patch, dryRun, task, [=](const Result<LdSegment> &r) {
            if (!r.isOk()) {
                ApiError e = r.error();
                if (patches.size() > 1 && e.kind() != ApiError::Kind::Cancelled) {
                    const QString applied = dryRun
                        ? tr("Checked %1 of %2 requests before this one.").arg(index).arg(patches.size())
                        : tr("%1 of %2 requests (%3 keys) were applied before this one.")
                              .arg(index)
                              .arg(patches.size())
                              .arg(result->keys);
                    e.setHint(e.hint().isEmpty() ? applied : e.hint() + u' ' + applied);
                }
                e.setOperation(task->operation());
                return task->fail(e);
            }
            result->segment = r.value();
            result->requests += 1;
            result->keys += patch.targetOperationCount();
            if (auto step = weakNext.lock())
                (*step)(index + 1);
        }));
    };
    task->keep(next);
    (*next)(0);
    return task;
}

ApiCall *LaunchDarklyClient::changeBigSegmentTargets(const QString &projectKey, const QString &environmentKey,
                                                     const QString &segmentKey, const LdBigSegmentChange &change,
                                                     QObject *context, Callback<LdBigSegmentChangeResult> done)
{
    const QString operation = tr("update the members of the big segment %1").arg(segmentKey);
    QString problem;
    const QList<QPair<const QStringList *, QString>> lists{{&change.addIncluded, tr("keys to include")},
                                                           {&change.removeIncluded, tr("keys to stop including")},
                                                           {&change.addExcluded, tr("keys to exclude")},
                                                           {&change.removeExcluded, tr("keys to stop excluding")}};
    for (const auto &list : lists) {
        if (problem.isEmpty())
            problem = firstEmptyKey(*list.first, list.second);
    }
    if (problem.isEmpty())
        problem = inBoth(change.addIncluded, change.removeIncluded);
    if (problem.isEmpty())
        problem = inBoth(change.addExcluded, change.removeExcluded);
    if (problem.isEmpty() && change.keyCount() == 0)
        problem = tr("No keys to add or remove.");
    if (!problem.isEmpty())
        return refuse<LdBigSegmentChangeResult>(context, operation, problem, std::move(done));

    // Removals first, then additions; at most kBigSegmentBatchLimit keys in each request.
    struct Op
    {
        const char *list;
        const char *op;
        QStringList keys;
    };
    const QList<Op> ops{{"included", "remove", unique(change.removeIncluded)},
                        {"excluded", "remove", unique(change.removeExcluded)},
                        {"included", "add", unique(change.addIncluded)},
                        {"excluded", "add", unique(change.addExcluded)}};
    QList<QPair<QJsonObject, int>> bodies; // body, keys in it
    QJsonObject body;
    int room = kBigSegmentBatchLimit;
    auto put = [&body](const char *list, const char *op, const QStringList &keys) {
        QJsonObject l = body.value(QLatin1StringView(list)).toObject();
        QJsonArray a = l.value(QLatin1StringView(op)).toArray();
        for (const QString &k : keys)
            a.append(k);
        l.insert(QLatin1StringView(op), a);
        body.insert(QLatin1StringView(list), l);
    };
    for (const Op &op : ops) {
        qsizetype at = 0;
        while (at < op.keys.size()) {
            if (room == 0) {
                bodies.append({body, kBigSegmentBatchLimit});
                body = {};
                room = kBigSegmentBatchLimit;
            }
            const qsizetype n = std::min<qsizetype>(room, op.keys.size() - at);
            put(op.list, op.op, op.keys.mid(at, n));
            room -= int(n);
            at += n;
        }
    }
    if (!body.isEmpty())
        bodies.append({body, kBigSegmentBatchLimit - room});

    auto *task = new LdTask<LdBigSegmentChangeResult>(this, context, operation, std::move(done));
    auto result = std::make_shared<LdBigSegmentChangeResult>();
    auto next = std::make_shared<std::function<void(int)>>();
    std::weak_ptr<std::function<void(int)>> weakNext = next;
    const QString path = segmentPath(projectKey, environmentKey, segmentKey) + u"/contexts"_s;
    *next = [=, this](int index) {
        if (index >= bodies.size())
            return task->succeed(*result);
        HttpRequest r = request("POST", path, operation,
                                u"POST /api/v2/segments/{projectKey}/{environmentKey}/{segmentKey}/contexts"_s);
        r.body = QJsonDocument(bodies.at(index).first).toJson(QJsonDocument::Compact);
        r.idempotent = true; // adding a member twice, or removing one twice, ends the same
        task->track(callForDone(r, task, [=](const Result<Done> &sent) {
            if (!sent.isOk()) {
                ApiError e = sent.error();
                if (bodies.size() > 1 && e.kind() != ApiError::Kind::Cancelled) {
                    const QString applied = tr("%1 of %2 requests (%3 keys) were applied before this one.")
                                                .arg(index)
                                                .arg(bodies.size())
                                                .arg(result->keys);
                    e.setHint(e.hint().isEmpty() ? applied : e.hint() + u' ' + applied);
                }
                return task->fail(e);
            }
            result->requests += 1;
            result->keys += bodies.at(index).second;
            if (auto step = weakNext.lock())
                (*step)(index + 1);
        }));
    };
    task->keep(next);
    (*next)(0);
    return task;
}

ApiCall *LaunchDarklyClient::bigSegmentMembership(const QString &projectKey, const QString &environmentKey,
                                                  const QString &segmentKey, const QString &contextKey,
                                                  QObject *context, Callback<LdBigSegmentMembership> done)
{
    const QString operation = tr("check the membership of %1 in the segment %2").arg(contextKey, segmentKey);
    const QString problem = contextKeyProblem(contextKey);
    if (!problem.isEmpty())
        return refuse<LdBigSegmentMembership>(context, operation, problem, std::move(done));
    HttpRequest r = request("GET", segmentPath(projectKey, environmentKey, segmentKey) + u"/contexts/"_s + seg(contextKey),
                            operation,
                            u"GET /api/v2/segments/{projectKey}/{environmentKey}/{segmentKey}/contexts/{contextKey}"_s);
    return call<LdBigSegmentMembership>(std::move(r), context, [contextKey](const QJsonObject &o) {
        LdBigSegmentMembership m;
        m.contextKey = Json::string(o, "userKey"_L1);
        if (m.contextKey.isEmpty())
            m.contextKey = contextKey;
        m.included = Json::boolean(o, "included"_L1);
        m.excluded = Json::boolean(o, "excluded"_L1);
        return Result<LdBigSegmentMembership>::success(m);
    }, std::move(done));
}

// --- helpers -----------------------------------------------------------------------------------

QString LaunchDarklyClient::auditComment(const QString &comment)
{
    const QString c = comment.trimmed();
    if (c.isEmpty())
        return u"FlagBridge"_s;
    if (c.contains("FlagBridge"_L1))
        return c;
    return u"FlagBridge: "_s + c;
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

QString LaunchDarklyClient::contextKeyProblem(const QString &key)
{
    if (key.isEmpty())
        return tr("The context key is empty.");
    return {};
}

QString LaunchDarklyClient::contextProblem(const QString &kind, const QString &key, const QString &who)
{
    QString problem = contextKindProblem(kind);
    if (problem.isEmpty())
        problem = contextKeyProblem(key);
    if (problem.isEmpty() || who.isEmpty())
        return problem;
    //: %1 names a record, e.g. the contact "Ada Lovelace"; %2 is what is wrong with it
    return tr("%1 cannot be a LaunchDarkly context: %2").arg(who, problem);
}

QString LaunchDarklyClient::contextJsonProblem(const QJsonObject &json)
{
    auto individual = [](const QString &kind, const QJsonObject &o) {
        const QJsonValue key = o.value("key"_L1);
        QString who = Json::string(o, "name"_L1);
        if (!who.isEmpty())
            who = tr("The context \"%1\"").arg(who);
        if (!key.isString())
            return contextProblem(kind, QString(), who);
        return contextProblem(kind, key.toString(), who);
    };
    const QJsonValue kind = json.value("kind"_L1);
    if (kind.isUndefined())
        return individual(u"user"_s, json); // an old-style user
    if (!kind.isString())
        return tr("The context's \"kind\" must be a string.");
    if (kind.toString() != "multi"_L1)
        return individual(kind.toString(), json);
    int kinds = 0;
    for (auto it = json.constBegin(); it != json.constEnd(); ++it) {
        if (it.key() == "kind"_L1)
            continue;
        if (!it.value().isObject())
            return tr("The multi-kind context's \"%1\" must be an object.").arg(it.key());
        const QString problem = individual(it.key(), it.value().toObject());
        if (!problem.isEmpty())
            return problem;
        ++kinds;
    }
    if (kinds == 0)
        return tr("The multi-kind context holds no context.");
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
        error.setServerMessage(sentence(message));
    const QString lower = message.toLower();
    switch (response.status) {
    case 400:
        if (lower.contains("1500"_L1) || lower.contains("1,500"_L1))
            error.setHint(tr("A segment accepts at most 1,500 target changes per request."));
        else if (lower.contains("batch limit"_L1))
            error.setHint(tr("LaunchDarkly accepts fewer keys in one request than were sent."));
        else if (lower.contains("standard segment"_L1))
            error.setHint(tr("This is a standard segment: change its targets with a semantic patch, not the big-segment endpoint."));
        else if (lower.contains("15,000"_L1) || lower.contains("15000"_L1))
            error.setHint(tr("A standard segment holds at most 15,000 targets; use a big segment for more."));
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
        if (code == "optimistic_locking_error"_L1 || code.isEmpty())
            error.setHint(tr("Someone changed it at the same time; refresh and try again."));
        else
            error.setHint(tr("It already exists."));
        break;
    case 422:
        error.setHint(tr("LaunchDarkly could not apply the change as sent."));
        break;
    case 429:
        error.setHint(tr("LaunchDarkly's rate limit was reached and did not recover; wait a minute and try again."));
        break;
    default:
        if (response.status >= 500)
            error.setHint(tr("LaunchDarkly had a problem answering; try again in a moment."));
        break;
    }
    if (!parseError.isEmpty() && message.isEmpty() && !response.body.isEmpty()) {
        // A gateway's HTML error page: its title says it all ("502 Bad Gateway").
        static const QRegularExpression title(u"<title>([^<]*)</title>"_s, QRegularExpression::CaseInsensitiveOption);
        const QString body = QString::fromUtf8(response.body.left(2000));
        const auto m = title.match(body);
        error.setDetail(m.hasMatch() ? m.captured(1).simplified() : body.left(200).simplified());
    }
}
