#include "ApiError.h"

#include <QCoreApplication>

ApiError::ApiError(Kind kind, Service service, QString operation)
    : m_kind(kind)
    , m_service(service)
    , m_operation(std::move(operation))
{
}

QString ApiError::summary() const
{
    switch (m_kind) {
    case Kind::None:
        return {};
    case Kind::Cancelled:
        return QCoreApplication::translate("ApiError", "cancelled");
    case Kind::Timeout:
        return QCoreApplication::translate("ApiError", "no answer in time");
    case Kind::Network:
        return QCoreApplication::translate("ApiError", "could not reach the server (%1)").arg(m_detail);
    case Kind::InsecureUrl:
        return QCoreApplication::translate("ApiError", "refused to send a token over plain HTTP");
    case Kind::BadResponse:
        return QCoreApplication::translate("ApiError", "unexpected answer: %1").arg(m_detail);
    case Kind::InvalidInput:
        return m_detail;
    case Kind::Http:
        break;
    }
    QString text = m_serverMessage.isEmpty() ? m_detail : m_serverMessage;
    if (text.isEmpty())
        return QCoreApplication::translate("ApiError", "HTTP %1").arg(m_httpStatus);
    return QCoreApplication::translate("ApiError", "HTTP %1: %2").arg(m_httpStatus).arg(text);
}

QString ApiError::message() const
{
    if (!isError())
        return {};
    QString text;
    if (m_operation.isEmpty()) {
        //: %1 is HighLevel or LaunchDarkly, %2 the cause
        text = QCoreApplication::translate("ApiError", "%1: %2").arg(serviceName(m_service), summary());
    } else {
        //: %1 is HighLevel or LaunchDarkly, %2 an operation such as "search contacts", %3 the cause
        text = QCoreApplication::translate("ApiError", "%1 could not %2: %3.")
                   .arg(serviceName(m_service), m_operation, summary());
    }
    if (!m_hint.isEmpty())
        text += QLatin1Char(' ') + m_hint;
    return text;
}
