#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonDocument>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

// One HTTP request as a fake service sees it. Path parameters and query values are decoded the
// way the real servers decode them, so that a client that forgets to percent-encode a "+" gets
// a space here too, exactly as it would against HighLevel or LaunchDarkly.
struct SandboxRequest
{
    QByteArray method; // "GET", "POST", "PATCH", ...
    QByteArray rawPath; // as sent, still percent-encoded
    QString path; // decoded
    QByteArray rawQuery; // as sent, without the "?"
    QList<QPair<QString, QString>> query; // decoded, in order
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;
    QHash<QString, QString> pathParams; // filled in by the route that matched
    QString routePattern; // "/contacts/{contactId}" once routed
    QString caller; // the token that was admitted, once admitted

    QByteArray header(const QByteArray &lowerCaseName) const
    {
        return headers.value(lowerCaseName);
    }
    bool hasHeader(const QByteArray &lowerCaseName) const
    {
        return headers.contains(lowerCaseName);
    }
    QString param(const QString &name) const { return pathParams.value(name); }

    bool hasQuery(const QString &name) const;
    QString queryValue(const QString &name) const; // first value, empty if absent
    QStringList queryValues(const QString &name) const;
    QStringList queryNames() const;

    // "application/json; domain-model=launchdarkly.semanticpatch" → both parts, lower-cased.
    QByteArray contentType() const;

    // Splits "a=1&b=%2B1+2" into pairs; '+' is a space, as in every HTML-form style decoder.
    static QList<QPair<QString, QString>> parseQuery(const QByteArray &encodedQuery);
};
