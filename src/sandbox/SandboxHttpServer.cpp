#include "SandboxHttpServer.h"

#include "SandboxLogging.h"

#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

using namespace Qt::StringLiterals;

static QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    case QHttpServerRequest::Method::Connect:
        return "CONNECT";
    case QHttpServerRequest::Method::Trace:
        return "TRACE";
    default:
        break;
    }
    return "UNKNOWN";
}

SandboxHttpServer::SandboxHttpServer(QObject *parent)
    : QAbstractHttpServer(parent)
{ }

SandboxHttpServer::~SandboxHttpServer() = default;

bool SandboxHttpServer::listenOn(const QHostAddress &address, quint16 port)
{
    auto *server = new QTcpServer(this);
    if (!server->listen(address, port)) {
        qCWarning(lcSandbox) << "cannot listen on" << address << port << server->errorString();
        delete server;
        return false;
    }
    bind(server);
    m_address = address;
    m_port = server->serverPort();
    return true;
}

QUrl SandboxHttpServer::baseUrl() const
{
    QUrl url;
    url.setScheme(u"http"_s);
    url.setHost(m_address.isNull() ? u"127.0.0.1"_s : m_address.toString());
    url.setPort(m_port);
    return url;
}

void SandboxHttpServer::resetStats()
{
    m_stats = SandboxStats();
}

int SandboxHttpServer::addFault(SandboxFault fault)
{
    fault.id = m_nextFaultId++;
    fault.matched = 0;
    fault.fired = 0;
    m_faults.append(fault);
    return fault.id;
}

bool SandboxHttpServer::removeFault(int id)
{
    for (qsizetype i = 0; i < m_faults.size(); ++i) {
        if (m_faults.at(i).id == id) {
            m_faults.removeAt(i);
            return true;
        }
    }
    return false;
}

void SandboxHttpServer::clearFaults()
{
    m_faults.clear();
}

QStringList SandboxHttpServer::routeKeys() const
{
    QStringList keys;
    for (const Route &r : m_routes)
        keys.append(r.key());
    return keys;
}

void SandboxHttpServer::addRoute(const QByteArray &method, const QString &pattern, Handler handler,
                                 bool write, const QString &scope)
{
    Route route;
    route.method = method;
    route.pattern = pattern;
    route.handler = std::move(handler);
    route.write = write;
    route.scope = scope;

    // "/contacts/{contactId}/tags" → ^/contacts/([^/]+)/tags/?$ : a trailing slash is optional,
    // as on both real services.
    static const QRegularExpression placeholder(u"\\{([A-Za-z0-9_]+)\\}"_s);
    QString trimmed = pattern;
    while (trimmed.size() > 1 && trimmed.endsWith(u'/'))
        trimmed.chop(1);
    QString regex = u"^"_s;
    qsizetype last = 0;
    auto it = placeholder.globalMatch(trimmed);
    while (it.hasNext()) {
        const auto m = it.next();
        regex += QRegularExpression::escape(trimmed.mid(last, m.capturedStart() - last));
        regex += u"([^/]+)"_s;
        route.paramNames.append(m.captured(1));
        last = m.capturedEnd();
    }
    regex += QRegularExpression::escape(trimmed.mid(last));
    regex += u"/?$"_s;
    route.regex = QRegularExpression(regex);
    route.regex.optimize();
    m_routes.push_back(std::move(route));
}

std::optional<SandboxResponse> SandboxHttpServer::admit(SandboxRequest &, const Route &)
{
    return std::nullopt;
}

void SandboxHttpServer::decorate(const SandboxRequest &, SandboxResponse &) { }

std::optional<SandboxResponse> SandboxHttpServer::handleControl(SandboxRequest &)
{
    return std::nullopt;
}

QJsonObject SandboxHttpServer::parseJsonObject(const QByteArray &body, bool *ok)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (ok)
        *ok = error.error == QJsonParseError::NoError && doc.isObject();
    return doc.object();
}

bool SandboxHttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    SandboxRequest req = toSandboxRequest(request);
    const bool close = req.header("connection").compare("close", Qt::CaseInsensitive) == 0;
    const SandboxResponse response = process(req);
    deliver(socket, response, close);
    return true;
}

void SandboxHttpServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // Not reached: handleRequest answers everything itself.
    SandboxRequest req = toSandboxRequest(request);
    deliver(socket, notFound(req, false), false);
}

SandboxRequest SandboxHttpServer::toSandboxRequest(const QHttpServerRequest &request) const
{
    SandboxRequest req;
    req.method = methodName(request.method());
    const QUrl url = request.url();
    req.rawPath = url.path(QUrl::FullyEncoded).toUtf8();
    if (req.rawPath.isEmpty())
        req.rawPath = "/";
    req.path = QUrl::fromPercentEncoding(req.rawPath);
    req.rawQuery = url.query(QUrl::FullyEncoded).toUtf8();
    req.query = SandboxRequest::parseQuery(req.rawQuery);
    const auto headers = request.headers();
    for (const auto &h : headers)
        req.headers.insert(h.first.toLower(), h.second.trimmed());
    req.body = request.body();
    return req;
}

const SandboxHttpServer::Route *SandboxHttpServer::match(SandboxRequest &request,
                                                         bool *otherMethodMatched) const
{
    *otherMethodMatched = false;
    const QString rawPath = QString::fromUtf8(request.rawPath);
    for (const Route &route : m_routes) {
        const auto m = route.regex.match(rawPath);
        if (!m.hasMatch())
            continue;
        if (route.method != request.method) {
            *otherMethodMatched = true;
            continue;
        }
        request.pathParams.clear();
        for (qsizetype i = 0; i < route.paramNames.size(); ++i) {
            request.pathParams.insert(route.paramNames.at(i),
                                      QUrl::fromPercentEncoding(m.captured(int(i) + 1).toUtf8()));
        }
        request.routePattern = route.pattern;
        return &route;
    }
    return nullptr;
}

SandboxFault *SandboxHttpServer::pickFault(const SandboxRequest &request,
                                           const QString &routePattern)
{
    for (SandboxFault &fault : m_faults) {
        if (fault.exhausted() || !fault.matches(request.method, routePattern, request.path))
            continue;
        ++fault.matched;
        if (fault.matched <= fault.skip)
            continue;
        if (fault.probability < 1.0 && m_faultRandom.generateDouble() >= fault.probability)
            continue;
        ++fault.fired;
        ++m_stats.faultsFired;
        return &fault;
    }
    return nullptr;
}

SandboxResponse SandboxHttpServer::process(SandboxRequest &request)
{
    if (request.path == "/_sandbox"_L1 || request.path.startsWith("/_sandbox/"_L1))
        return processControl(request);

    bool otherMethod = false;
    const Route *route = match(request, &otherMethod);

    ++m_stats.requests;
    m_stats.byMethod[QString::fromLatin1(request.method)] += 1;
    m_stats.byRoute[route ? route->key() : QString::fromLatin1(request.method) + u" (no route)"_s]
        += 1;
    const QByteArray version = request.header(versionHeaderName());
    if (request.hasHeader(versionHeaderName())) {
        m_stats.byVersionHeader[QString::fromLatin1(version)] += 1;
    } else {
        ++m_stats.withoutVersionHeader;
        m_stats.byVersionHeader[u"(none)"_s] += 1;
    }

    // Copy the rule: a handler may add or clear rules while we hold it.
    std::optional<SandboxFault> fault;
    if (SandboxFault *f = pickFault(request, route ? route->pattern : QString()))
        fault = *f;

    int extraDelay = 0;
    SandboxResponse response;
    bool answered = false;
    if (fault) {
        extraDelay = fault->latencyMs;
        if (fault->kind == SandboxFault::Kind::Latency) {
            fault.reset();
        } else if (!fault->afterHandler && fault->kind != SandboxFault::Kind::TruncatedJson) {
            // The request never reached the service: nothing is written, nothing admitted.
            response = faultResponse(*fault, request, nullptr);
            answered = true;
        }
    }

    if (!answered) {
        if (!route) {
            response = notFound(request, otherMethod);
        } else if (auto refusal = admit(request, *route)) {
            response = *refusal;
        } else {
            if (route->write)
                ++m_stats.writes;
            response = route->handler(request);
        }
        if (fault)
            response = faultResponse(*fault, request, &response);
    }

    if (response.delivery == SandboxResponse::Delivery::Normal)
        decorate(request, response);
    if (response.status == 429)
        ++m_stats.rateLimited;
    m_stats.byStatus[response.delivery == SandboxResponse::Delivery::DropConnection
                         ? u"dropped"_s
                         : QString::number(response.status)]
        += 1;
    response.delayMs += m_latencyMs + extraDelay;
    Q_EMIT requestServed(request.method, request.routePattern, response.status);
    return response;
}

SandboxResponse SandboxHttpServer::faultResponse(const SandboxFault &fault,
                                                 const SandboxRequest &request,
                                                 const SandboxResponse *handled)
{
    switch (fault.kind) {
    case SandboxFault::Kind::Status: {
        if (fault.body.isEmpty())
            return errorResponse(fault.status);
        return SandboxResponse::raw(fault.status, fault.body,
                                    fault.contentType.isEmpty() ? QByteArray("application/json")
                                                                : fault.contentType);
    }
    case SandboxFault::Kind::RateLimit:
        return rateLimitedResponse(request, fault.retryAfterSeconds);
    case SandboxFault::Kind::MalformedJson: {
        // What a proxy in trouble produces: a JSON content type over a body no parser accepts.
        const QByteArray body = fault.body.isEmpty()
            ? QByteArray("{\"contacts\":[{\"id\":\"x\",\"firstName\":\"Broken\",,}]")
            : fault.body;
        return SandboxResponse::raw(200, body, "application/json");
    }
    case SandboxFault::Kind::TruncatedJson: {
        SandboxResponse cut
            = handled ? *handled : SandboxResponse::raw(200, "{}", "application/json");
        QByteArray body = cut.body;
        if (body.size() < 4)
            body = "{\"items\":[{\"key\":\"truncated\"}]}";
        cut.body = body.left(qMax<qsizetype>(1, body.size() / 2));
        return cut;
    }
    case SandboxFault::Kind::DropConnection:
        return SandboxResponse::dropConnection();
    case SandboxFault::Kind::Latency:
        break;
    }
    return handled ? *handled : errorResponse(500);
}

SandboxResponse SandboxHttpServer::processControl(SandboxRequest &request)
{
    const QString path = request.path.endsWith(u'/') ? request.path.chopped(1) : request.path;
    const QByteArray &method = request.method;
    auto problem = [](int status, const QString &message) {
        return SandboxResponse::json(status, QJsonObject { { u"error"_s, message } });
    };

    if (path == "/_sandbox/stats"_L1 && method == "GET")
        return SandboxResponse::json(200, m_stats.toJson());
    if (path == "/_sandbox/stats/reset"_L1 && method == "POST") {
        resetStats();
        return SandboxResponse::json(200, m_stats.toJson());
    }
    if (path == "/_sandbox/faults"_L1) {
        if (method == "GET") {
            QJsonArray list;
            for (const SandboxFault &f : std::as_const(m_faults))
                list.append(f.toJson());
            return SandboxResponse::json(200, QJsonObject { { u"faults"_s, list } });
        }
        if (method == "DELETE") {
            const qsizetype n = m_faults.size();
            clearFaults();
            return SandboxResponse::json(200, QJsonObject { { u"cleared"_s, qint64(n) } });
        }
        if (method == "POST") {
            bool ok = false;
            const QJsonObject body = parseJsonObject(request.body, &ok);
            if (!ok)
                return problem(400, u"the body must be a JSON object describing a fault"_s);
            QString error;
            auto fault = SandboxFault::fromJson(body, &error);
            if (!fault)
                return problem(400, error);
            const int id = addFault(*fault);
            for (const SandboxFault &f : std::as_const(m_faults)) {
                if (f.id == id)
                    return SandboxResponse::json(201, f.toJson());
            }
        }
    }
    if (path.startsWith("/_sandbox/faults/"_L1) && method == "DELETE") {
        const int id = path.mid(17).toInt();
        if (removeFault(id))
            return SandboxResponse::noContent();
        return problem(404, u"no such fault"_s);
    }
    if (path == "/_sandbox/latency"_L1 && (method == "PUT" || method == "POST")) {
        bool ok = false;
        const QJsonObject body = parseJsonObject(request.body, &ok);
        if (!ok || !body.value("latencyMs"_L1).isDouble())
            return problem(400, u"expected {\"latencyMs\": N}"_s);
        setLatency(body.value("latencyMs"_L1).toInt());
        return SandboxResponse::json(200, QJsonObject { { u"latencyMs"_s, m_latencyMs } });
    }
    if (auto extra = handleControl(request))
        return *extra;
    return problem(404, u"unknown sandbox control route"_s);
}

void SandboxHttpServer::deliver(QTcpSocket *socket, const SandboxResponse &response,
                                bool closeConnection)
{
    auto write = [](QTcpSocket *s, const SandboxResponse &r, bool close) {
        if (r.delivery == SandboxResponse::Delivery::DropConnection) {
            s->abort();
            return;
        }
        s->write(r.serialize(close));
        if (close)
            s->disconnectFromHost();
    };
    if (response.delayMs <= 0) {
        write(socket, response, closeConnection);
        return;
    }
    QPointer<QTcpSocket> guard(socket);
    QTimer::singleShot(response.delayMs, this, [guard, response, closeConnection, write]() {
        if (guard && guard->state() == QAbstractSocket::ConnectedState)
            write(guard.data(), response, closeConnection);
    });
}
