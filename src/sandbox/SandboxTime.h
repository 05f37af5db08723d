#pragma once

#include <QString>

// Time formats both APIs use. All stored times are epoch milliseconds (UTC).
namespace SandboxTime {

QString isoUtc(qint64 ms); // "2021-07-02T05:18:26.704Z" (HighLevel contacts, tasks, notes)
QString spaced(qint64 ms); // "2021-07-16 11:00:00" (HighLevel contact appointments)
QString isoOffset(qint64 ms); // "2021-06-23T03:30:00+00:00" (HighLevel Calendars API)
QString date(qint64 ms); // "2021-07-16"
// ISO-8601 (with or without milliseconds or zone; no zone = UTC), "YYYY-MM-DD HH:mm:ss", a plain
// date, epoch milliseconds as digits. Returns false when none fits.
bool parse(const QString &text, qint64 *ms);

} // namespace SandboxTime
