#pragma once

#include "ApiError.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QList>
#include <QPair>
#include <QString>

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

struct HttpRequest
{
    QByteArray method = QByteArrayLiteral("GET");
    QString path;      // relative to the connection's base URL, e.g. "/contacts/search"
    // `path` is already percent-encoded (it carries keys that may hold "/", "+", "@" or spaces,
    // each encoded by the caller) and is sent as is; otherwise it is taken as decoded text.
    bool pathEncoded = false;
    // Decoded names and values; HttpClient percent-encodes every reserved character, so that a
    // "+" in a phone number or an email reaches the server as %2B and not as a space.
    QList<QPair<QString, QString>> query;
    QByteArray body;
    QByteArray contentType = QByteArrayLiteral("application/json");
    HeaderList headers; // per-request headers, e.g. HighLevel's Version
    QString operation;  // in the user's words, for error messages: "search contacts"
    QString route;      // path pattern for statistics: "POST /contacts/search"
    // Safe to send again after a 5xx or a dropped connection. A 429 is always retried: the
    // server did not process the request.
    bool idempotent = true;
    // A POST that only reads (HighLevel's contact search) counts as a read in reports.
    bool readOnly = false;

    HttpRequest &addQuery(const QString &name, const QString &value)
    {
        query.append({name, value});
        return *this;
    }
    bool isWrite() const { return !readOnly && method != "GET" && method != "HEAD"; }
};

struct HttpResponse
{
    int status = 0;
    QByteArray body;
    HeaderList headers;
    ApiError error;
    int attempts = 0;
    qint64 elapsedMs = 0;

    bool ok() const { return !error.isError(); }
    // Header names compared case-insensitively (LaunchDarkly spells them both ways).
    QByteArray header(QByteArrayView name) const;
    QJsonDocument json(QString *parseError = nullptr) const;
};
