#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPair>

// An answer exactly as it goes on the wire: status line, headers and body are ours to choose,
// so that a fake can send what a real gateway sends (odd reason phrases, HTML error pages, a
// Content-Length that matches a body cut in half) or nothing at all (a dropped connection).
struct SandboxResponse
{
    enum class Delivery {
        Normal,
        DropConnection, // abort the socket without a single byte of answer
    };

    int status = 200;
    QByteArray reason; // empty: the standard phrase for the status
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    Delivery delivery = Delivery::Normal;
    int delayMs = 0;

    static SandboxResponse json(int status, const QJsonObject &object,
                                const QByteArray &contentType = "application/json");
    static SandboxResponse json(int status, const QJsonArray &array,
                                const QByteArray &contentType = "application/json");
    static SandboxResponse raw(int status, const QByteArray &body, const QByteArray &contentType);
    static SandboxResponse noContent(int status = 204);
    static SandboxResponse dropConnection();

    QByteArray header(const QByteArray &name) const; // case-insensitive
    bool hasHeader(const QByteArray &name) const;
    void setHeader(const QByteArray &name, const QByteArray &value); // replaces
    void setHeaderIfMissing(const QByteArray &name, const QByteArray &value);

    // Status line, headers, an honest Content-Length and the body.
    QByteArray serialize(bool closeConnection) const;
    QJsonObject jsonObject() const; // empty when the body is not a JSON object

    static QByteArray reasonPhrase(int status);
};
