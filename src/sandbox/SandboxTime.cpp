#include "SandboxTime.h"

#include <QDateTime>
#include <QTimeZone>

namespace SandboxTime {

// Qt::UTC rather than QTimeZone::utc(): only the former prints "Z" instead of "+00:00".
static QDateTime utc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

QString isoUtc(qint64 ms)
{
    return utc(ms).toString(Qt::ISODateWithMs);
}

QString spaced(qint64 ms)
{
    return utc(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString isoOffset(qint64 ms)
{
    return utc(ms).toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")) + QStringLiteral("+00:00");
}

QString date(qint64 ms)
{
    return utc(ms).toString(QStringLiteral("yyyy-MM-dd"));
}

bool parse(const QString &text, qint64 *ms)
{
    const QString t = text.trimmed();
    if (t.isEmpty())
        return false;
    bool isNumber = false;
    const qint64 n = t.toLongLong(&isNumber);
    if (isNumber) {
        *ms = n;
        return true;
    }
    QDateTime dt = QDateTime::fromString(t, Qt::ISODateWithMs);
    if (!dt.isValid())
        dt = QDateTime::fromString(t, Qt::ISODate);
    if (!dt.isValid())
        dt = QDateTime::fromString(t, QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    if (!dt.isValid()) {
        const QDate d = QDate::fromString(t, Qt::ISODate);
        if (d.isValid())
            dt = d.startOfDay(QTimeZone::utc());
    }
    if (!dt.isValid())
        return false;
    // A time without a zone is UTC, as the services treat it.
    if (dt.timeSpec() == Qt::LocalTime)
        dt.setTimeZone(QTimeZone::utc());
    *ms = dt.toMSecsSinceEpoch();
    return true;
}

} // namespace SandboxTime
