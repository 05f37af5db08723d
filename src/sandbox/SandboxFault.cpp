#include "SandboxFault.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

bool SandboxFault::matches(const QByteArray &requestMethod, const QString &routePattern,
                           const QString &path) const
{
    if (!method.isEmpty() && method.compare(requestMethod, Qt::CaseInsensitive) != 0)
        return false;
    if (!route.isEmpty() && route != routePattern)
        return false;
    if (!pathRegex.isEmpty()) {
        const QRegularExpression re(pathRegex);
        if (!re.match(path).hasMatch())
            return false;
    }
    return true;
}

QString SandboxFault::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Status:
        return u"status"_s;
    case Kind::RateLimit:
        return u"rateLimit"_s;
    case Kind::MalformedJson:
        return u"malformedJson"_s;
    case Kind::TruncatedJson:
        return u"truncatedJson"_s;
    case Kind::DropConnection:
        return u"dropConnection"_s;
    case Kind::Latency:
        return u"latency"_s;
    }
    return {};
}

std::optional<SandboxFault::Kind> SandboxFault::kindFromName(const QString &name)
{
    const QString n = name.toLower();
    if (n == "status"_L1 || n == "error"_L1)
        return Kind::Status;
    if (n == "ratelimit"_L1 || n == "429"_L1)
        return Kind::RateLimit;
    if (n == "malformedjson"_L1 || n == "malformed"_L1)
        return Kind::MalformedJson;
    if (n == "truncatedjson"_L1 || n == "truncated"_L1)
        return Kind::TruncatedJson;
    if (n == "dropconnection"_L1 || n == "drop"_L1)
        return Kind::DropConnection;
    if (n == "latency"_L1)
        return Kind::Latency;
    return std::nullopt;
}

std::optional<SandboxFault> SandboxFault::fromJson(const QJsonObject &json, QString *error)
{
    static const QStringList known
        = { u"kind"_s,        u"method"_s,      u"route"_s,       u"pathRegex"_s,
            u"skip"_s,        u"times"_s,       u"probability"_s, u"status"_s,
            u"body"_s,        u"contentType"_s, u"latencyMs"_s,   u"retryAfterSeconds"_s,
            u"afterHandler"_s };
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (!known.contains(it.key())) {
            if (error)
                *error = u"unknown fault property \"%1\""_s.arg(it.key());
            return std::nullopt;
        }
    }
    SandboxFault f;
    const auto kind = kindFromName(json.value("kind"_L1).toString());
    if (!kind) {
        if (error)
            *error = u"\"kind\" must be one of status, rateLimit, malformedJson, truncatedJson, "
                     "dropConnection, latency"_s;
        return std::nullopt;
    }
    f.kind = *kind;
    f.method = json.value("method"_L1).toString().toUpper().toLatin1();
    f.route = json.value("route"_L1).toString();
    f.pathRegex = json.value("pathRegex"_L1).toString();
    if (!f.pathRegex.isEmpty() && !QRegularExpression(f.pathRegex).isValid()) {
        if (error)
            *error = u"\"pathRegex\" is not a valid regular expression"_s;
        return std::nullopt;
    }
    f.skip = json.value("skip"_L1).toInt(0);
    f.times = json.value("times"_L1).toInt(1);
    f.probability = json.value("probability"_L1).toDouble(1.0);
    f.status = json.value("status"_L1).toInt(f.kind == Kind::RateLimit ? 429 : 500);
    const QJsonValue body = json.value("body"_L1);
    if (body.isString())
        f.body = body.toString().toUtf8();
    else if (body.isObject())
        f.body = QJsonDocument(body.toObject()).toJson(QJsonDocument::Compact);
    else if (body.isArray())
        f.body = QJsonDocument(body.toArray()).toJson(QJsonDocument::Compact);
    f.contentType = json.value("contentType"_L1).toString().toLatin1();
    f.latencyMs = json.value("latencyMs"_L1).toInt(0);
    f.retryAfterSeconds = json.value("retryAfterSeconds"_L1).toInt(-1);
    f.afterHandler = json.value("afterHandler"_L1).toBool(false);
    if (f.status < 100 || f.status > 599 || f.latencyMs < 0 || f.probability < 0
        || f.probability > 1) {
        if (error)
            *error = u"status must be 100-599, latencyMs >= 0 and probability within 0..1"_s;
        return std::nullopt;
    }
    return f;
}

QJsonObject SandboxFault::toJson() const
{
    QJsonObject o {
        { u"id"_s, id },       { u"kind"_s, kindName(kind) },     { u"skip"_s, skip },
        { u"times"_s, times }, { u"probability"_s, probability }, { u"matched"_s, matched },
        { u"fired"_s, fired }
    };
    if (!method.isEmpty())
        o.insert(u"method"_s, QString::fromLatin1(method));
    if (!route.isEmpty())
        o.insert(u"route"_s, route);
    if (!pathRegex.isEmpty())
        o.insert(u"pathRegex"_s, pathRegex);
    if (kind == Kind::Status)
        o.insert(u"status"_s, status);
    if (!body.isEmpty())
        o.insert(u"body"_s, QString::fromUtf8(body));
    if (latencyMs > 0)
        o.insert(u"latencyMs"_s, latencyMs);
    if (retryAfterSeconds >= 0)
        o.insert(u"retryAfterSeconds"_s, retryAfterSeconds);
    if (afterHandler)
        o.insert(u"afterHandler"_s, true);
    return o;
}
