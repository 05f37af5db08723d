#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QString>
#include <optional>

// A fault-injection rule: which requests it hits and what goes wrong with them. Rules are
// checked in the order they were added; the first one that fires wins.
struct SandboxFault
{
    enum class Kind {
        Status, // a fixed status and body instead of the real answer (500, 502, 503, 409...)
        RateLimit, // a 429 with the service's own rate-limit headers and body
        MalformedJson, // 200 with a body that is not JSON
        TruncatedJson, // the real answer, cut in half; Content-Length matches the cut body
        DropConnection, // the socket is aborted without an answer
        Latency, // the real answer, latencyMs later
    };

    Kind kind = Kind::Status;

    // Which requests: every field that is set must match.
    QByteArray method; // "PATCH"; empty = any method
    QString route; // a route pattern, "/contacts/{contactId}/tags"; empty = any route
    QString pathRegex; // matched against the decoded path; empty = any path

    // How often: skip the first `skip` matching requests, then fire `times` times (-1 = forever),
    // each time with `probability` drawn from the server's seeded generator.
    int skip = 0;
    int times = 1;
    double probability = 1.0;

    int status = 500; // Kind::Status
    QByteArray body; // Kind::Status / MalformedJson: replaces the default body
    QByteArray contentType; // for `body`; default application/json
    int latencyMs = 0; // Kind::Latency, and an extra delay for every other kind
    int retryAfterSeconds = -1; // Kind::RateLimit: adds Retry-After when >= 0
    // Status / DropConnection: process the request first, then lose the answer. This is the
    // case a client cannot see through: a write that happened although the reply said otherwise.
    bool afterHandler = false;

    // Runtime bookkeeping.
    int id = 0;
    int matched = 0; // matching requests seen
    int fired = 0;

    bool matches(const QByteArray &requestMethod, const QString &routePattern,
                 const QString &path) const;
    bool exhausted() const { return times >= 0 && fired >= times; }

    static QString kindName(Kind kind);
    static std::optional<Kind> kindFromName(const QString &name);
    // The JSON form posted to /_sandbox/faults, e.g.
    // {"kind":"status","status":503,"method":"POST","route":"/contacts/search","times":2}
    static std::optional<SandboxFault> fromJson(const QJsonObject &json, QString *error);
    QJsonObject toJson() const;
};
