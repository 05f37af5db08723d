#pragma once

#include "SyncReport.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QJsonObject>
#include <QString>

#include <optional>

// A run's report as a file: JSON for programs (the same object `flagbridge-cli sync --json`
// prints and the history keeps) and CSV for spreadsheets.
//
// The CSV is UTF-8 with a byte-order mark (so that Excel reads names in any script), CRLF line
// ends and RFC 4180 quoting. It holds four small tables, one after the other, each with its own
// header row and separated by an empty line, so that a spreadsheet shows them as blocks:
//
//   1. the run: mapping, started and finished (UTC, "yyyy-MM-dd HH:mm:ss"), duration in seconds,
//      mode (dry-run | apply), outcome (success | partial | failed | cancelled | nothing-to-do),
//      added, removed, skipped, requests, rate-limit waits and the seconds they took, journal
//      entries recovered, error;
//   2. one row per binding: name, target, added, removed, skipped, planned adds, planned
//      removes, failed requests and the server's messages (one per line in the cell);
//   3. requests per service (HighLevel, LaunchDarkly, and the total): requests, reads, writes,
//      retries, 429 answers, failed round trips;
//   4. requests per endpoint: service, endpoint pattern, requests.
//
// Header labels are translated; values are not (numbers with a dot, stable outcome names), so a
// sheet made in one language sorts and sums the same in another. A text cell that a spreadsheet
// would take for a formula (starting with = + - @) gets a leading apostrophe.
class SyncReportExport
{
    Q_DECLARE_TR_FUNCTIONS(SyncReportExport)

public:
    enum class Format { Json, Csv };

    // "json" or "csv", case-insensitive.
    static std::optional<Format> formatFromName(const QString &name);
    static QString formatName(Format format);

    static QByteArray toJson(const QJsonObject &report);
    static QByteArray toJson(const SyncReport &report);
    static QByteArray toCsv(const SyncReport &report);

    // One CSV field: quoted when it holds a comma, a quote, a line break or edge spaces, with
    // quotes doubled (RFC 4180).
    static QString csvField(const QString &text);

    // Writes through QSaveFile: the file appears complete or not at all, and an existing file
    // stays as it was when writing fails.
    static bool save(const QString &path, const QByteArray &contents, QString *error);
    static bool save(const SyncReport &report, Format format, const QString &path, QString *error);
};
