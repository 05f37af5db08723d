#include "SandboxResponse.h"

#include <QJsonDocument>

SandboxResponse SandboxResponse::json(int status, const QJsonObject &object,
                                      const QByteArray &contentType)
{
    return raw(status, QJsonDocument(object).toJson(QJsonDocument::Compact), contentType);
}

SandboxResponse SandboxResponse::json(int status, const QJsonArray &array,
                                      const QByteArray &contentType)
{
    return raw(status, QJsonDocument(array).toJson(QJsonDocument::Compact), contentType);
}

SandboxResponse SandboxResponse::raw(int status, const QByteArray &body,
                                     const QByteArray &contentType)
{
    SandboxResponse r;
    r.status = status;
    r.body = body;
    if (!contentType.isEmpty())
        r.headers.append({ "Content-Type", contentType });
    return r;
}

SandboxResponse SandboxResponse::noContent(int status)
{
    SandboxResponse r;
    r.status = status;
    return r;
}

SandboxResponse SandboxResponse::dropConnection()
{
    SandboxResponse r;
    r.status = 0;
    r.delivery = Delivery::DropConnection;
    return r;
}

QByteArray SandboxResponse::header(const QByteArray &name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

bool SandboxResponse::hasHeader(const QByteArray &name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

void SandboxResponse::setHeader(const QByteArray &name, const QByteArray &value)
{
    for (auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0) {
            h.second = value;
            return;
        }
    }
    headers.append({ name, value });
}

void SandboxResponse::setHeaderIfMissing(const QByteArray &name, const QByteArray &value)
{
    if (!hasHeader(name))
        headers.append({ name, value });
}

QByteArray SandboxResponse::serialize(bool closeConnection) const
{
    QByteArray out;
    out.reserve(body.size() + 512);
    out += "HTTP/1.1 " + QByteArray::number(status) + ' '
        + (reason.isEmpty() ? reasonPhrase(status) : reason) + "\r\n";
    for (const auto &h : headers) {
        if (h.first.compare("Content-Length", Qt::CaseInsensitive) == 0
            || h.first.compare("Connection", Qt::CaseInsensitive) == 0)
            continue;
        out += h.first + ": " + h.second + "\r\n";
    }
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    out += closeConnection ? "Connection: close\r\n" : "Connection: keep-alive\r\n";
    out += "\r\n";
    out += body;
    return out;
}

QJsonObject SandboxResponse::jsonObject() const
{
    return QJsonDocument::fromJson(body).object();
}

QByteArray SandboxResponse::reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 409:
        return "Conflict";
    case 415:
        return "Unsupported Media Type";
    case 422:
        return "Unprocessable Entity";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        break;
    }
    if (status >= 200 && status < 300)
        return "OK";
    if (status >= 500)
        return "Server Error";
    return "Error";
}
