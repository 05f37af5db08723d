#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

// Tolerant readers for server JSON: every field is optional and a wrong type reads as empty,
// because both APIs add fields and vary types between endpoints.
namespace Json {

QString string(const QJsonObject &o, QLatin1StringView key);
bool boolean(const QJsonObject &o, QLatin1StringView key, bool fallback = false);
int integer(const QJsonObject &o, QLatin1StringView key, int fallback = 0);
qint64 integer64(const QJsonObject &o, QLatin1StringView key, qint64 fallback = 0);
QStringList stringList(const QJsonObject &o, QLatin1StringView key);
QJsonObject object(const QJsonObject &o, QLatin1StringView key);
QJsonArray array(const QJsonObject &o, QLatin1StringView key);

// Reads ISO-8601 (with or without milliseconds/zone), "YYYY-MM-DD HH:mm:ss" (HighLevel's
// appointment format, taken as UTC) and epoch milliseconds.
QDateTime dateTime(const QJsonValue &v);
QString isoUtc(const QDateTime &dt); // "2021-07-02T05:18:26.704Z"

// Renders any JSON value as short text for display (arrays joined with ", ").
QString displayText(const QJsonValue &v);

// Parses a document, returning an empty object and a message on failure.
QJsonObject parseObject(const QByteArray &bytes, QString *error);

} // namespace Json
