#include "SyncCommand.h"

#include "CliApplication.h"
#include "InterruptWatcher.h"

#include "mapping/MappingFile.h"
#include "store/LocalDatabase.h"
#include "sync/SyncRun.h"

#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace {

struct SyncOptions
{
    QString path;
    bool dryRun = false;
    bool confirmed = false;
    bool details = false;
};

// Without --details, each list of the preview shows this many lines.
constexpr int kPreviewLines = 10;

std::optional<SyncOptions> parseOptions(const QStringList &args, QString *error)
{
    QCommandLineParser p;
    const QCommandLineOption mapping(u"mapping"_s, {}, u"FILE"_s);
    const QCommandLineOption dryRun(u"dry-run"_s, {});
    const QCommandLineOption yes(u"yes"_s, {});
    const QCommandLineOption details(u"details"_s, {});
    p.addOptions({mapping, dryRun, yes, details});
    if (!p.parse(QStringList{u"sync"_s} + args) || !p.isSet(mapping) || !p.positionalArguments().isEmpty()) {
        *error = p.errorText();
        return std::nullopt;
    }
    return SyncOptions{p.value(mapping), p.isSet(dryRun), p.isSet(yes), p.isSet(details)};
}

} // namespace

QString SyncCommand::usage()
{
    return tr("Sync:\n"
              "  sync --mapping FILE [--dry-run] [--yes] [--details]\n"
              "      Plan and apply a mapping. --dry-run plans and writes nothing; --yes confirms\n"
              "      removing more than 20 % of a segment's targets or giving a flag more than\n"
              "      10,000 individual targets; --details lists every contact of the preview.\n"
              "      Ctrl+C stops after the request in flight; the next run completes the rest.\n");
}

int SyncCommand::check(CliApplication &app, const QStringList &args, QString *highLevelId, QString *launchDarklyId)
{
    QString error;
    const std::optional<SyncOptions> options = parseOptions(args, &error);
    if (!options) {
        app.err() << (error.isEmpty() ? QString() : error + u'\n') << tr("Usage: flagbridge-cli sync --mapping FILE [--dry-run] [--yes] [--details]")
                  << Qt::endl;
        return CliApplication::Usage;
    }
    const MappingFile::LoadResult loaded = MappingFile::load(options->path);
    if (!loaded.ok()) {
        app.err() << tr("%1 is not a valid mapping file:").arg(QDir::toNativeSeparators(options->path)) << u'\n';
        for (const MappingProblem &problem : loaded.problems)
            app.err() << u"  "_s << problem.toString() << u'\n';
        app.err().flush();
        return CliApplication::Usage;
    }
    *highLevelId = loaded.mapping.highLevelConnection;
    *launchDarklyId = loaded.mapping.launchDarklyConnection;
    return -1;
}

namespace {

void printList(QTextStream &out, const QString &title, const QList<TargetChange> &changes, bool all)
{
    if (changes.isEmpty())
        return;
    out << u"    "_s << title << u'\n';
    const qsizetype shown = all ? changes.size() : std::min<qsizetype>(changes.size(), kPreviewLines);
    for (qsizetype i = 0; i < shown; ++i) {
        const TargetChange &c = changes.at(i);
        const QString who = c.contactName.isEmpty() ? c.contactId : c.contactName;
        out << u"      "_s << (who.isEmpty() ? c.key : SyncCommand::tr("%1 (%2)").arg(who, c.key)) << u": "_s << c.reason << u'\n';
    }
    if (shown < changes.size())
        out << u"      "_s << SyncCommand::tr("… and %n more (--details lists them all)", nullptr, int(changes.size() - shown)) << u'\n';
}

void printPlan(CliApplication &app, const SyncRun &run, bool details)
{
    const SyncPlan &plan = run.plan();
    QTextStream &out = app.out();
    if (run.recovered() > 0)
        out << SyncCommand::tr("Completed %n change(s) that an interrupted earlier run left unfinished.", nullptr, run.recovered()) << u'\n';
    out << SyncCommand::tr("Plan for %1 / %2:").arg(run.projectKey(), run.environmentKey()) << u'\n';
    for (const BindingPlan &b : plan.bindings) {
        out << u"  "_s << b.bindingName << u" → "_s << b.target << u'\n';
        if (!b.error.isEmpty()) {
            out << u"    "_s << b.error << u'\n';
            continue;
        }
        if (b.kind == "flag-outcome"_L1) {
            out << u"    "_s
                << SyncCommand::tr("%n contact(s) get the variation; %1 action(s) to take, %2 already done, %3 skipped, %4 write request(s)",
                                   nullptr, std::max(b.served, 0))
                       .arg(b.adds.size())
                       .arg(b.unchanged)
                       .arg(b.skipped.size())
                       .arg(b.operations.size())
                << u'\n';
            printList(out, SyncCommand::tr("Actions:"), b.adds, details);
            printList(out, SyncCommand::tr("Undone:"), b.removes, details);
        } else {
            out << u"    "_s
                << SyncCommand::tr("%1 matching, %2 to add, %3 to remove, %4 unchanged, %5 skipped, %6 write request(s)")
                       .arg(b.matched)
                       .arg(b.adds.size())
                       .arg(b.removes.size())
                       .arg(b.unchanged)
                       .arg(b.skipped.size())
                       .arg(b.operations.size())
                << u'\n';
            printList(out, SyncCommand::tr("To add:"), b.adds, details);
            printList(out, SyncCommand::tr("To remove:"), b.removes, details);
        }
        QList<TargetChange> skipped;
        for (const SkippedContact &sc : b.skipped)
            skipped.append({QString(), sc.contactId, sc.contactName, sc.reason});
        printList(out, SyncCommand::tr("Skipped:"), skipped, details);
        for (const QString &w : b.warnings)
            out << u"    ! "_s << w << u'\n';
    }
    out << SyncCommand::tr("Total: %1 to add, %2 to remove, %3 skipped; %n write request(s).", nullptr, plan.writeRequests())
               .arg(plan.adds())
               .arg(plan.removes())
               .arg(plan.skipped())
        << u'\n';
    out.flush();
}

int exitCodeFor(const SyncReport &report)
{
    switch (report.outcome) {
    case SyncReport::Outcome::Success:
    case SyncReport::Outcome::NothingToDo:
        for (const SyncReport::BindingResult &b : report.bindings) {
            if (!b.failures.isEmpty())
                return CliApplication::PartialSync;
        }
        return CliApplication::Success;
    case SyncReport::Outcome::Partial:
        return CliApplication::PartialSync;
    case SyncReport::Outcome::Cancelled:
        // Stopped by the user: partial when something was written, else nothing happened.
        return report.added() + report.removed() > 0 ? CliApplication::PartialSync : CliApplication::RemoteError;
    case SyncReport::Outcome::Failed:
        return report.added() + report.removed() > 0 ? CliApplication::PartialSync : CliApplication::RemoteError;
    }
    return CliApplication::RemoteError;
}

} // namespace

void SyncCommand::run(CliApplication &app, const QStringList &args)
{
    QString error;
    const SyncOptions options = *parseOptions(args, &error);
    const MappingFile::LoadResult loaded = MappingFile::load(options.path);
    LocalDatabase *db = app.database(&error);
    if (!db) {
        app.fail(error, CliApplication::RemoteError);
        return;
    }
    auto *run = new SyncRun(app.highLevel(), app.launchDarkly(), db, loaded.mapping, &app);
    run->setMappingPath(QDir(options.path).absolutePath());
    auto exitOverride = std::make_shared<int>(-1);

    // Ctrl+C or SIGTERM: stop after the request in flight, journal in order.
    auto *interrupts = new InterruptWatcher(run);
    QObject::connect(interrupts, &InterruptWatcher::interrupted, run, [&app, run] {
        app.err() << tr("Stopping after the request in flight (interrupt again to quit at once)…") << Qt::endl;
        run->cancel();
    });

    if (!app.json()) {
        QObject::connect(run, &SyncRun::stageChanged, &app, [&app](const QString &text) {
            app.err() << text << u'\n';
            app.err().flush();
        });
        // While writing: a line every few seconds, for people and for a scheduler's log.
        auto clock = std::make_shared<QElapsedTimer>();
        QObject::connect(run, &SyncRun::progress, &app, [&app, run, clock](qint64 done, qint64 total, qint64 remainingMs) {
            if (run->state() != SyncRun::State::Applying || total <= 0)
                return;
            if (clock->isValid() && clock->elapsed() < 2000 && done < total)
                return;
            clock->start();
            const QLocale locale;
            QString line = tr("Written %1 of %2").arg(locale.toString(done), locale.toString(total));
            if (remainingMs >= 0 && done < total)
                line = tr("%1, about %2 s left").arg(line, locale.toString((remainingMs + 999) / 1000));
            app.err() << line << Qt::endl;
        });
    }
    QObject::connect(run, &SyncRun::planned, &app, [&app, run, options, exitOverride] {
        const SyncPlan &plan = run->plan();
        if (!app.json())
            printPlan(app, *run, options.details);
        if (options.dryRun) {
            run->finishWithoutApplying();
            return;
        }
        if (plan.needsConfirmation() && !options.confirmed) {
            app.err() << tr("This sync needs your confirmation:") << u'\n';
            for (const BindingPlan &b : plan.bindings) {
                if (!b.needsConfirmation)
                    continue;
                for (const QString &w : b.warnings)
                    app.err() << u"  "_s << b.bindingName << u": "_s << w << u'\n';
            }
            app.err() << tr("Nothing was written; run again with --yes to apply it.") << Qt::endl;
            run->finishWithoutApplying();
            *exitOverride = CliApplication::RemoteError;
            return;
        }
        run->apply();
    });
    QObject::connect(run, &SyncRun::finished, &app, [&app, run, exitOverride] {
        const SyncReport &report = run->report();
        if (app.json()) {
            QJsonObject o = report.toJson();
            if (report.dryRun)
                o.insert("plan"_L1, run->plan().toJson());
            app.printJson(o);
        } else {
            app.out() << report.summary() << u'\n';
            const RequestCounters req = report.requests();
            app.out() << tr("Requests: %1 (%2 reads, %3 writes, %4 retries)").arg(req.total).arg(req.reads).arg(req.writes).arg(req.retries)
                      << u'\n';
            for (const SyncReport::BindingResult &b : report.bindings) {
                for (const QString &f : b.failures)
                    app.err() << b.name << u": "_s << f << u'\n';
            }
            if (!report.dryRun && report.outcome != SyncReport::Outcome::Success && report.outcome != SyncReport::Outcome::NothingToDo
                && report.added() + report.removed() > 0)
                app.err() << tr("What was written is recorded; run the same command again to complete the rest.") << u'\n';
            app.err().flush();
        }
        const int code = *exitOverride >= 0 ? *exitOverride : exitCodeFor(report);
        app.finish(code);
    });
    run->startPlanning();
}
