#include "SyncCommand.h"

#include "CliApplication.h"

#include "mapping/MappingFile.h"
#include "store/LocalDatabase.h"
#include "sync/SyncRun.h"

#include <QCommandLineParser>
#include <QDir>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace {

struct SyncOptions
{
    QString path;
    bool dryRun = false;
    bool confirmed = false;
};

std::optional<SyncOptions> parseOptions(const QStringList &args, QString *error)
{
    QCommandLineParser p;
    const QCommandLineOption mapping(u"mapping"_s, {}, u"FILE"_s);
    const QCommandLineOption dryRun(u"dry-run"_s, {});
    const QCommandLineOption yes(u"yes"_s, {});
    p.addOptions({mapping, dryRun, yes});
    if (!p.parse(QStringList{u"sync"_s} + args) || !p.isSet(mapping) || !p.positionalArguments().isEmpty()) {
        *error = p.errorText();
        return std::nullopt;
    }
    return SyncOptions{p.value(mapping), p.isSet(dryRun), p.isSet(yes)};
}

} // namespace

QString SyncCommand::usage()
{
    return tr("Sync:\n"
              "  sync --mapping FILE [--dry-run] [--yes]\n"
              "      Plan and apply a mapping. --dry-run plans and writes nothing; --yes confirms\n"
              "      removing more than 20 % of a segment's targets.\n");
}

int SyncCommand::check(CliApplication &app, const QStringList &args, QString *highLevelId, QString *launchDarklyId)
{
    QString error;
    const std::optional<SyncOptions> options = parseOptions(args, &error);
    if (!options) {
        app.err() << (error.isEmpty() ? QString() : error + u'\n') << tr("Usage: flagbridge-cli sync --mapping FILE [--dry-run] [--yes]")
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
    if (!app.json()) {
        QObject::connect(run, &SyncRun::stageChanged, &app, [&app](const QString &text) {
            app.err() << text << u'\n';
            app.err().flush();
        });
    }
    QObject::connect(run, &SyncRun::planned, &app, [&app, run, options, exitOverride] {
        const SyncPlan &plan = run->plan();
        if (!app.json()) {
            QTextStream &out = app.out();
            out << tr("Plan for %1 / %2:").arg(run->projectKey(), run->environmentKey()) << u'\n';
            for (const BindingPlan &b : plan.bindings) {
                out << u"  "_s << b.bindingName << u" → "_s << b.target << u'\n';
                if (!b.error.isEmpty()) {
                    out << u"    "_s << b.error << u'\n';
                    continue;
                }
                out << u"    "_s
                    << tr("%1 matching, %2 to add, %3 to remove, %4 unchanged, %5 skipped, %6 write request(s)")
                           .arg(b.matched)
                           .arg(b.adds.size())
                           .arg(b.removes.size())
                           .arg(b.unchanged)
                           .arg(b.skipped.size())
                           .arg(b.operations.size())
                    << u'\n';
                for (const SkippedContact &s : b.skipped)
                    out << u"    - "_s << tr("skipped %1 (%2): %3").arg(s.contactName, s.contactId, s.reason) << u'\n';
                for (const QString &w : b.warnings)
                    out << u"    ! "_s << w << u'\n';
            }
            out.flush();
        }
        if (options.dryRun) {
            run->finishWithoutApplying();
            return;
        }
        if (plan.needsConfirmation() && !options.confirmed) {
            app.err() << tr("This sync would remove more than 20 % of a segment's targets. Nothing was written; run again with --yes to apply it.")
                      << Qt::endl;
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
        }
        int code = CliApplication::Success;
        switch (report.outcome) {
        case SyncReport::Outcome::Success:
        case SyncReport::Outcome::NothingToDo:
            for (const SyncReport::BindingResult &b : report.bindings) {
                if (!b.failures.isEmpty())
                    code = CliApplication::PartialSync;
            }
            break;
        case SyncReport::Outcome::Partial:
        case SyncReport::Outcome::Cancelled:
            code = CliApplication::PartialSync;
            break;
        case SyncReport::Outcome::Failed:
            code = CliApplication::RemoteError;
            break;
        }
        if (*exitOverride >= 0)
            code = *exitOverride;
        app.finish(code);
    });
    run->startPlanning();
}
