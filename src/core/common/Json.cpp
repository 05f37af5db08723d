#include "Json.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QTimeZone>

namespace Json {

QString string(const QJsonObject &o, QLatin1StringView key)
{
    const QJsonValue v = o.value(key);
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 17);
    return {};
}

bool boolean(const QJsonObject &o, QLatin1StringView key, bool fallback)
{
    const QJsonValue v = o.value(key);
    if (v.isBool())
        return v.toBool();
    if (v.isString())
        return v.toString().compare(QLatin1String("true"), Qt::CaseInsensitive) == 0;
    return fallback;
}

int integer(const QJsonObject &o, QLatin1StringView key, int fallback)
{
    return int(integer64(o, key, fallback));
}

qint64 integer64(const QJsonObject &o, QLatin1StringView key, qint64 fallback)
{
    const QJsonValue v = o.value(key);
    if (v.isDouble())
        return qint64(v.toDouble());
    if (v.isString()) {
        bool ok = false;
        const qint64 n = v.toString().toLongLong(&ok);
        return ok ? n : fallback;
    }
    return fallback;
}

QStringList stringList(const QJsonObject &o, QLatin1StringView key)
{
    QStringList out;
    const QJsonArray a = o.value(key).toArray();
    out.reserve(a.size());
    for (const QJsonValue &v : a) {
        if (v.isString())
            out.append(v.toString());
    }
    return out;
}

QJsonObject object(const QJsonObject &o, QLatin1StringView key)
{
    return o.value(key).toObject();
}

QJsonArray array(const QJsonObject &o, QLatin1StringView key)
{
    return o.value(key).toArray();
}

QDateTime dateTime(const QJsonValue &v)
{
    if (v.isDouble())
        return QDateTime::fromMSecsSinceEpoch(qint64(v.toDouble()), QTimeZone::utc());
    const QString s = v.toString().trimmed();
    if (s.isEmpty())
        return {};
    QDateTime dt = QDateTime::fromString(s, Qt::ISODateWithMs);
    if (!dt.isValid())
        dt = QDateTime::fromString(s, Qt::ISODate);
    if (!dt.isValid()) {
        dt = QDateTime::fromString(s, QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        if (dt.isValid())
            dt.setTimeZone(QTimeZone::utc());
    }
    if (!dt.isValid()) {
        bool ok = false;
        const qint64 ms = s.toLongLong(&ok);
        if (ok)
            dt = QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc());
    }
    if (dt.isValid() && dt.timeSpec() == Qt::LocalTime)
        dt.setTimeZone(QTimeZone::utc()); // a timestamp without a zone is UTC in both APIs
    return dt;
}

QString isoUtc(const QDateTime &dt)
{
    if (!dt.isValid())
        return {};
    return dt.toUTC().toString(Qt::ISODateWithMs);
}

QString displayText(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String:
        return v.toString();
    case QJsonValue::Double: {
        const double d = v.toDouble();
        return QString::number(d, 'g', 15);
    }
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Array: {
        QStringList parts;
        const QJsonArray a = v.toArray();
        for (const QJsonValue &item : a)
            parts.append(displayText(item));
        return parts.join(QLatin1String(", "));
    }
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    default:
        return {};
    }
}

QJsonObject parseObject(const QByteArray &bytes, QString *error)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &pe);
    if (pe.error != QJsonParseError::NoError) {
        if (error) {
            *error = QCoreApplication::translate("Json", "malformed JSON at byte %1: %2")
                         .arg(pe.offset)
                         .arg(pe.errorString());
        }
        return {};
    }
    if (!doc.isObject()) {
        if (error)
            *error = QCoreApplication::translate("Json", "expected a JSON object");
        return {};
    }
    if (error)
        error->clear();
    return doc.object();
}

} // namespace Json
