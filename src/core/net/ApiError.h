#pragma once

#include "Service.h"

#include <QJsonObject>
#include <QString>

// What went wrong with a call, in terms a user can act on: the service, the operation, the HTTP
// status, the server's own message and a hint. Never carries a token.
class ApiError
{
public:
    enum class Kind {
        None,
        Cancelled,      // the user (or the app) stopped the call
        Network,        // connection refused, DNS, TLS, connection dropped
        Timeout,        // no data within the transfer timeout
        InsecureUrl,    // plain HTTP to a non-loopback host: refused before sending
        Http,           // the server answered with an error status
        BadResponse,    // 2xx but the body is not what the API documents (malformed JSON, ...)
        InvalidInput,   // rejected locally before sending (e.g. an invalid context key)
    };

    ApiError() = default;
    ApiError(Kind kind, Service service, QString operation);

    bool isError() const { return m_kind != Kind::None; }
    Kind kind() const { return m_kind; }
    Service service() const { return m_service; }
    QString operation() const { return m_operation; }
    int httpStatus() const { return m_httpStatus; }
    QString serverCode() const { return m_serverCode; }
    QString serverMessage() const { return m_serverMessage; }
    QString detail() const { return m_detail; }
    QString hint() const { return m_hint; }
    QJsonObject meta() const { return m_meta; }

    void setHttpStatus(int status) { m_httpStatus = status; }
    void setServerCode(const QString &code) { m_serverCode = code; }
    void setServerMessage(const QString &message) { m_serverMessage = message; }
    void setDetail(const QString &detail) { m_detail = detail; }
    void setHint(const QString &hint) { m_hint = hint; }
    void setMeta(const QJsonObject &meta) { m_meta = meta; }
    void setOperation(const QString &operation) { m_operation = operation; }

    bool isRetryableStatus() const { return m_httpStatus == 429 || m_httpStatus >= 500; }
    bool isAuthFailure() const { return m_httpStatus == 401 || m_httpStatus == 403; }

    // One paragraph for a message bar, a dialog or stderr.
    QString message() const;
    // The short cause alone ("HTTP 401: Invalid JWT"), for tables and logs.
    QString summary() const;

private:
    Kind m_kind = Kind::None;
    Service m_service = Service::HighLevel;
    QString m_operation;
    int m_httpStatus = 0;
    QString m_serverCode;
    QString m_serverMessage;
    QString m_detail;
    QString m_hint;
    QJsonObject m_meta;
};
