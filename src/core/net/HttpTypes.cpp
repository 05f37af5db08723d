#include "HttpTypes.h"

#include <QCoreApplication>

QByteArray HttpResponse::header(QByteArrayView name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

QJsonDocument HttpResponse::json(QString *parseError) const
{
    QJsonParseError pe;
    QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
    if (parseError) {
        if (pe.error != QJsonParseError::NoError)
            *parseError = QCoreApplication::translate("HttpResponse", "malformed JSON at byte %1 (%2)")
                              .arg(pe.offset)
                              .arg(pe.errorString());
        else
            parseError->clear();
    }
    return doc;
}
