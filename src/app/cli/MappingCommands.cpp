#include "MappingCommands.h"

#include "CliApplication.h"

#include "ghl/HighLevelClient.h"
#include "ld/LaunchDarklyClient.h"
#include "mapping/MappingFile.h"
#include "mapping/MappingValidator.h"
#include "store/ConnectionStore.h"
#include "store/EnvironmentConnections.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>

#include <optional>

using namespace Qt::StringLiterals;

namespace {

using Cmd = MappingCommands;

struct Arguments
{
    QString action; // validate, format
    QString path;
    bool check = false; // format --check
};

QString usageLine()
{
    return Cmd::tr("flagbridge-cli mapping validate FILE | mapping format FILE [--check]");
}

std::optional<Arguments> parseArguments(CliApplication &app, const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption check(u"check"_s);
    p.addOption(check);
    if (!p.parse(QStringList{u"mapping"_s} + args)) {
        app.err() << p.errorText() << u'\n' << Cmd::tr("Usage: %1").arg(usageLine()) << Qt::endl;
        return std::nullopt;
    }
    const QStringList positional = p.positionalArguments();
    const QString action = positional.value(0);
    if (positional.size() != 2 || (action != "validate"_L1 && action != "format"_L1) || (p.isSet(check) && action != "format"_L1)) {
        app.err() << Cmd::tr("Usage: %1").arg(usageLine()) << Qt::endl;
        return std::nullopt;
    }
    return Arguments{action, positional.at(1), p.isSet(check)};
}

QString severityName(MappingProblem::Severity s)
{
    return s == MappingProblem::Severity::Error ? u"error"_s : u"warning"_s;
}

// One line a problem: "PATH: message", warnings marked as such.
QString problemLine(const MappingProblem &p)
{
    return p.severity == MappingProblem::Severity::Error ? Cmd::tr("%1: %2").arg(p.path, p.message)
                                                         : Cmd::tr("%1: warning: %2").arg(p.path, p.message);
}

// Prints the outcome of a check and returns the exit code: 0 only for a valid file (warnings
// allowed), 1 when it has errors, 2 when a read failed and nothing else was wrong.
int report(CliApplication &app, const QString &path, bool live, const QString &how, const QList<MappingProblem> &problems,
           const QList<ApiError> &readErrors)
{
    int errors = 0;
    for (const MappingProblem &p : problems)
        errors += p.severity == MappingProblem::Severity::Error ? 1 : 0;
    const int warnings = int(problems.size()) - errors;
    const int code = errors > 0 ? CliApplication::Usage : !readErrors.isEmpty() ? CliApplication::RemoteError : CliApplication::Success;
    if (app.json()) {
        QJsonArray list;
        for (const MappingProblem &p : problems)
            list.append(QJsonObject{{"path"_L1, p.path}, {"severity"_L1, severityName(p.severity)}, {"message"_L1, p.message}});
        QJsonArray unread;
        for (const ApiError &e : readErrors)
            unread.append(e.message());
        app.printJson(QJsonObject{{"file"_L1, path},
                                  {"checked"_L1, live ? u"connections"_s : u"structure"_s},
                                  {"how"_L1, how},
                                  {"valid"_L1, code == CliApplication::Success},
                                  {"problems"_L1, list},
                                  {"readErrors"_L1, unread}});
    } else {
        QTextStream &out = app.out();
        for (const MappingProblem &p : problems)
            out << problemLine(p) << u'\n';
        out << how << u'\n';
        const QString file = QDir::toNativeSeparators(path);
        if (errors > 0) {
            out << Cmd::tr("%1 is not valid: %n error(s).", nullptr, errors).arg(file) << u'\n';
            if (warnings > 0)
                out << Cmd::tr("There are also %n warning(s).", nullptr, warnings) << u'\n';
        } else if (warnings > 0) {
            out << Cmd::tr("%1 is valid, with %n warning(s).", nullptr, warnings).arg(file) << u'\n';
        } else if (readErrors.isEmpty()) {
            out << Cmd::tr("%1 is valid.").arg(file) << u'\n';
        }
        out.flush();
        for (const ApiError &e : readErrors)
            app.err() << Cmd::tr("Not checked: %1").arg(e.message()) << u'\n';
        app.err().flush();
    }
    return code;
}

int format(CliApplication &app, const Arguments &a)
{
    const QString file = QDir::toNativeSeparators(a.path);
    const MappingFile::LoadResult loaded = MappingFile::load(a.path);
    if (!loaded.ok()) {
        // Never rewrite what could not be read: that would lose what the reader did not understand.
        app.err() << Cmd::tr("%1 was left unchanged: it is not a valid mapping file.").arg(file) << u'\n';
        for (const MappingProblem &p : loaded.problems)
            app.err() << u"  "_s << problemLine(p) << u'\n';
        app.err().flush();
        return CliApplication::Usage;
    }
    QFile f(a.path);
    const QByteArray before = f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    f.close();
    const QByteArray canonical = MappingFile::serialize(loaded.mapping);
    if (before == canonical) {
        app.out() << Cmd::tr("%1 is already in canonical form.").arg(file) << Qt::endl;
        return CliApplication::Success;
    }
    if (a.check) {
        app.out() << Cmd::tr("%1 is not in canonical form; run: flagbridge-cli mapping format %1").arg(file) << Qt::endl;
        return CliApplication::Usage;
    }
    QString error;
    if (!MappingFile::save(a.path, loaded.mapping, &error)) {
        app.err() << error << Qt::endl;
        return CliApplication::RemoteError;
    }
    if (loaded.migratedFrom > 0)
        app.out() << Cmd::tr("Rewrote %1 in canonical form, migrated from format %2 to %3.").arg(file).arg(loaded.migratedFrom).arg(Mapping::kCurrentVersion)
                  << Qt::endl;
    else
        app.out() << Cmd::tr("Rewrote %1 in canonical form.").arg(file) << Qt::endl;
    return CliApplication::Success;
}

} // namespace

QString MappingCommands::usage()
{
    return tr("Mapping files:\n"
              "  mapping validate FILE\n"
              "      Check a mapping: its structure, and what it names (segments, flags, variations,\n"
              "      context kinds, custom fields, tags, users) against the connections when they are\n"
              "      configured. Prints each problem as PATH: message; exits 0 only when it is valid.\n"
              "  mapping format FILE [--check]\n"
              "      Rewrite the file in canonical form (sorted keys, current format). --check only\n"
              "      says whether it is; a file that does not load is never rewritten.\n");
}

int MappingCommands::check(CliApplication &app, const QStringList &args, bool demo, const QString &profile, QString *highLevelId,
                           QString *launchDarklyId)
{
    const std::optional<Arguments> a = parseArguments(app, args);
    if (!a)
        return CliApplication::Usage;
    if (a->action == "format"_L1)
        return format(app, *a);

    const MappingFile::LoadResult loaded = MappingFile::load(a->path);
    if (!loaded.ok()) {
        return report(app, a->path, false,
                      tr("Checked the structure only: the file cannot be read as a mapping, so it was not compared with the connections."),
                      loaded.problems, {});
    }
    // The same order as every command: --demo, then the environment, then --profile, then the
    // connections the mapping names, when they are saved here.
    bool configured = demo || !profile.isEmpty() || EnvironmentConnections::present();
    if (!configured && !loaded.mapping.highLevelConnection.isEmpty() && !loaded.mapping.launchDarklyConnection.isEmpty()) {
        ConnectionStore &store = app.connectionStore();
        configured = store.find(loaded.mapping.highLevelConnection, ConnectionProfile::Service::HighLevel)
            && store.find(loaded.mapping.launchDarklyConnection, ConnectionProfile::Service::LaunchDarkly);
    }
    if (!configured) {
        const QString how = tr("Checked the structure only: no connection is configured. The mapping names the connections \"%1\" and \"%2\", "
                               "which are not saved on this computer; save them (flagbridge-cli connections add), use --profile or "
                               "--demo, or set the FLAGBRIDGE_* variables to check it against LaunchDarkly and HighLevel.")
                                .arg(loaded.mapping.highLevelConnection, loaded.mapping.launchDarklyConnection);
        return report(app, a->path, false, how, MappingValidator::check(loaded.mapping, MappingCatalog()), {});
    }
    *highLevelId = loaded.mapping.highLevelConnection;
    *launchDarklyId = loaded.mapping.launchDarklyConnection;
    return -1;
}

void MappingCommands::run(CliApplication &app, const QStringList &args)
{
    const Arguments a = *parseArguments(app, args);
    const MappingFile::LoadResult loaded = MappingFile::load(a.path);
    auto *validator = new MappingValidator(app.highLevel(), app.launchDarkly(), &app);
    QObject::connect(validator, &MappingValidator::finished, &app, [&app, validator, a] {
        const MappingCatalog &c = validator->catalog();
        const HighLevelConnection &ghl = app.highLevel()->connection();
        const QString how = tr("Checked against the connections: HighLevel location %1 and LaunchDarkly project %2, environment %3.")
                                .arg(ghl.name.isEmpty() ? ghl.locationId : ghl.name, c.projectKey, c.environmentKey);
        app.finish(report(app, a.path, true, how, validator->problems(), validator->readErrors()));
    });
    validator->start(loaded.mapping);
}
