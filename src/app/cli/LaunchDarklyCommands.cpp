#include "LaunchDarklyCommands.h"

#include "CliApplication.h"

#include "ld/LaunchDarklyClient.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace {

bool needEnvironment(CliApplication &app)
{
    const LaunchDarklyConnection &c = app.launchDarklyConnection();
    if (c.projectKey.isEmpty() || c.environmentKey.isEmpty()) {
        app.fail(LaunchDarklyCommands::tr("Set FLAGBRIDGE_LD_PROJECT and FLAGBRIDGE_LD_ENV to choose the LaunchDarkly project and environment."),
                 CliApplication::Usage);
        return false;
    }
    return true;
}

void segmentsList(CliApplication &app)
{
    const LaunchDarklyConnection &c = app.launchDarklyConnection();
    app.launchDarkly()->listSegments(c.projectKey, c.environmentKey, &app, app.onSuccess<QList<LdSegment>>([&app, c](const QList<LdSegment> &segments) {
        if (app.json()) {
            QJsonArray a;
            for (const LdSegment &s : segments) {
                a.append(QJsonObject{{"key"_L1, s.key},
                                     {"name"_L1, s.name},
                                     {"unbounded"_L1, s.unbounded},
                                     {"included"_L1, s.includedCount()},
                                     {"rules"_L1, int(s.rules.size())},
                                     {"flags"_L1, QJsonArray::fromStringList(s.flagKeys)}});
            }
            app.printJson(a);
        } else {
            QList<QStringList> rows;
            for (const LdSegment &s : segments) {
                rows.append({s.key, s.name, s.unbounded ? LaunchDarklyCommands::tr("big") : LaunchDarklyCommands::tr("standard"),
                             QString::number(s.includedCount()), QString::number(s.rules.size())});
            }
            app.printTable({LaunchDarklyCommands::tr("Key"), LaunchDarklyCommands::tr("Name"), LaunchDarklyCommands::tr("Kind"),
                            LaunchDarklyCommands::tr("Included"), LaunchDarklyCommands::tr("Rules")},
                           rows);
            app.out() << LaunchDarklyCommands::tr("%n segment(s) in %1 / %2", nullptr, int(segments.size())).arg(c.projectKey, c.environmentKey)
                      << Qt::endl;
        }
        app.finish(CliApplication::Success);
    }));
}

void segmentShow(CliApplication &app, const QString &key)
{
    const LaunchDarklyConnection &c = app.launchDarklyConnection();
    app.launchDarkly()->getSegment(c.projectKey, c.environmentKey, key, &app, app.onSuccess<LdSegment>([&app](const LdSegment &s) {
        if (app.json()) {
            QJsonArray included;
            QStringList kinds{u"user"_s};
            for (const LdContextTargets &t : s.includedContexts) {
                if (!kinds.contains(t.contextKind))
                    kinds.append(t.contextKind);
            }
            for (const QString &kind : std::as_const(kinds)) {
                for (const QString &k : s.includedKeys(kind))
                    included.append(QJsonObject{{"contextKind"_L1, kind}, {"key"_L1, k}});
            }
            app.printJson(QJsonObject{{"key"_L1, s.key},
                                      {"name"_L1, s.name},
                                      {"description"_L1, s.description},
                                      {"unbounded"_L1, s.unbounded},
                                      {"version"_L1, s.version},
                                      {"included"_L1, included},
                                      {"flags"_L1, QJsonArray::fromStringList(s.flagKeys)}});
        } else {
            QTextStream &out = app.out();
            out << s.name << u" ("_s << s.key << u")\n"_s;
            if (!s.description.isEmpty())
                out << s.description << u'\n';
            out << LaunchDarklyCommands::tr("Included targets: %1").arg(s.includedCount()) << u'\n';
            for (const QString &k : s.included)
                out << u"  user  "_s << k << u'\n';
            for (const LdContextTargets &t : s.includedContexts) {
                for (const QString &k : t.values)
                    out << u"  "_s << t.contextKind << u"  "_s << k << u'\n';
            }
            if (!s.flagKeys.isEmpty())
                out << LaunchDarklyCommands::tr("Used by flags: %1").arg(s.flagKeys.join(u", "_s)) << u'\n';
        }
        app.finish(CliApplication::Success);
    }));
}

} // namespace

bool LaunchDarklyCommands::handles(const QString &command)
{
    return command == "segments"_L1;
}

QString LaunchDarklyCommands::usage()
{
    return tr("LaunchDarkly (the project and environment of FLAGBRIDGE_LD_PROJECT / FLAGBRIDGE_LD_ENV):\n"
              "  segments list                       the environment's segments\n"
              "  segments show KEY                   one segment and its included targets\n");
}

void LaunchDarklyCommands::run(CliApplication &app, const QString &command, const QStringList &args)
{
    Q_UNUSED(command)
    const QString sub = args.value(0, u"list"_s);
    if (sub == "list"_L1 && args.size() <= 1) {
        if (needEnvironment(app))
            segmentsList(app);
    } else if (sub == "show"_L1 && args.size() == 2) {
        if (needEnvironment(app))
            segmentShow(app, args.at(1));
    } else {
        app.fail(tr("Usage: flagbridge-cli segments list | segments show KEY"), CliApplication::Usage);
    }
}
