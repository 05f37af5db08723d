#include "SyncReportExport.h"

#include <QDir>
#include <QJsonDocument>
#include <QSaveFile>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

QString number(qint64 n)
{
    return QString::number(n);
}

QString seconds(qint64 ms)
{
    return QString::number(double(ms) / 1000.0, 'f', 3);
}

QString utcText(const QDateTime &dt)
{
    return dt.isValid() ? dt.toUTC().toString(u"yyyy-MM-dd HH:mm:ss"_s) : QString();
}

// A text cell from names and messages that are not ours.
QString textCell(const QString &text)
{
    static const QString formulaStarts = u"=+-@"_s;
    if (!text.isEmpty() && formulaStarts.contains(text.front()))
        return SyncReportExport::csvField(u'\'' + text);
    return SyncReportExport::csvField(text);
}

void appendRow(QString *out, const QStringList &cells)
{
    *out += cells.join(u',');
    *out += u"\r\n"_s;
}

QStringList counterCells(const QString &service, const RequestCounters &c)
{
    return {textCell(service), number(c.total),   number(c.reads),      number(c.writes),
            number(c.retries), number(c.rateLimited), number(c.failures)};
}

} // namespace

std::optional<SyncReportExport::Format> SyncReportExport::formatFromName(const QString &name)
{
    if (name.compare("json"_L1, Qt::CaseInsensitive) == 0)
        return Format::Json;
    if (name.compare("csv"_L1, Qt::CaseInsensitive) == 0)
        return Format::Csv;
    return std::nullopt;
}

QString SyncReportExport::formatName(Format format)
{
    return format == Format::Json ? u"json"_s : u"csv"_s;
}

QByteArray SyncReportExport::toJson(const QJsonObject &report)
{
    return QJsonDocument(report).toJson(QJsonDocument::Indented);
}

QByteArray SyncReportExport::toJson(const SyncReport &report)
{
    return toJson(report.toJson());
}

QString SyncReportExport::csvField(const QString &text)
{
    const bool quote = text.contains(u',') || text.contains(u'"') || text.contains(u'\n') || text.contains(u'\r')
        || (!text.isEmpty() && (text.front().isSpace() || text.back().isSpace()));
    if (!quote)
        return text;
    QString quoted = text;
    quoted.replace(u"\""_s, u"\"\""_s);
    return u'"' + quoted + u'"';
}

QByteArray SyncReportExport::toCsv(const SyncReport &report)
{
    QString out;
    const RequestCounters all = report.requests();

    appendRow(&out, {csvField(tr("Mapping")), csvField(tr("Started (UTC)")), csvField(tr("Finished (UTC)")),
                     csvField(tr("Duration (s)")), csvField(tr("Mode")), csvField(tr("Outcome")), csvField(tr("Added")),
                     csvField(tr("Removed")), csvField(tr("Skipped")), csvField(tr("Requests")),
                     csvField(tr("Rate-limit waits")), csvField(tr("Waited (s)")), csvField(tr("Recovered")),
                     csvField(tr("Error"))});
    appendRow(&out, {textCell(report.mappingName), utcText(report.startedAt), utcText(report.finishedAt),
                     seconds(report.durationMs()), report.dryRun ? u"dry-run"_s : u"apply"_s, report.outcomeName(),
                     number(report.added()), number(report.removed()), number(report.skipped()), number(all.total),
                     number(report.rateLimitWaits), seconds(report.rateLimitWaitedMs), number(report.recovered),
                     textCell(report.error)});
    out += u"\r\n"_s;

    appendRow(&out, {csvField(tr("Binding")), csvField(tr("Target")), csvField(tr("Added")), csvField(tr("Removed")),
                     csvField(tr("Skipped")), csvField(tr("Planned adds")), csvField(tr("Planned removes")),
                     csvField(tr("Failures")), csvField(tr("Failure messages"))});
    for (const SyncReport::BindingResult &b : report.bindings) {
        appendRow(&out, {textCell(b.name.isEmpty() ? b.id : b.name), textCell(b.target), number(b.added),
                         number(b.removed), number(b.skipped), number(b.plannedAdds), number(b.plannedRemoves),
                         number(b.failures.size()), textCell(b.failures.join(u'\n'))});
    }
    out += u"\r\n"_s;

    appendRow(&out, {csvField(tr("Service")), csvField(tr("Requests")), csvField(tr("Reads")), csvField(tr("Writes")),
                     csvField(tr("Retries")), csvField(tr("Rate limited (429)")), csvField(tr("Failed"))});
    appendRow(&out, counterCells(u"HighLevel"_s, report.highLevelRequests));
    appendRow(&out, counterCells(u"LaunchDarkly"_s, report.launchDarklyRequests));
    appendRow(&out, counterCells(tr("Total"), all));
    out += u"\r\n"_s;

    appendRow(&out, {csvField(tr("Service")), csvField(tr("Endpoint")), csvField(tr("Requests"))});
    const auto routes = [&out](const QString &service, const RequestCounters &c) {
        QStringList keys = c.byRoute.keys();
        std::sort(keys.begin(), keys.end());
        for (const QString &route : std::as_const(keys))
            appendRow(&out, {textCell(service), textCell(route), number(c.byRoute.value(route))});
    };
    routes(u"HighLevel"_s, report.highLevelRequests);
    routes(u"LaunchDarkly"_s, report.launchDarklyRequests);

    return QByteArrayLiteral("\xEF\xBB\xBF") + out.toUtf8();
}

bool SyncReportExport::save(const QString &path, const QByteArray &contents, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(contents) != contents.size() || !file.commit()) {
        if (error)
            *error = tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    return true;
}

bool SyncReportExport::save(const SyncReport &report, Format format, const QString &path, QString *error)
{
    return save(path, format == Format::Json ? toJson(report) : toCsv(report), error);
}
