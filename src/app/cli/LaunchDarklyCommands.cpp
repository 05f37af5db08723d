#include "LaunchDarklyCommands.h"

#include "CliApplication.h"

#include "common/Json.h"
#include "ld/LaunchDarklyClient.h"
#include "ld/TargetingDescription.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace {

using Cmd = LaunchDarklyCommands;

// The project and environment a command works in: FLAGBRIDGE_LD_PROJECT / FLAGBRIDGE_LD_ENV (or
// the saved connection), overridden by --project / --env.
struct Scope
{
    QString project;
    QString environment;
};

void addScopeOptions(QCommandLineParser &p)
{
    p.addOption(QCommandLineOption(u"project"_s, Cmd::tr("LaunchDarkly project key"), u"KEY"_s));
    p.addOption(QCommandLineOption(u"env"_s, Cmd::tr("LaunchDarkly environment key"), u"KEY"_s));
}

void addWriteOptions(QCommandLineParser &p)
{
    p.addOption(QCommandLineOption(u"dry-run"_s, Cmd::tr("check the change without making it")));
    p.addOption(QCommandLineOption(u"comment"_s, Cmd::tr("for LaunchDarkly's audit log"), u"TEXT"_s));
    p.addOption(QCommandLineOption(u"context-kind"_s, Cmd::tr("context kind of the keys (default user)"), u"KIND"_s));
}

std::optional<Scope> scope(CliApplication &app, const QCommandLineParser &p, bool needEnvironment)
{
    const LaunchDarklyConnection &c = app.launchDarklyConnection();
    Scope s{p.isSet(u"project"_s) ? p.value(u"project"_s) : c.projectKey,
            p.isSet(u"env"_s) ? p.value(u"env"_s) : c.environmentKey};
    if (s.project.isEmpty() || (needEnvironment && s.environment.isEmpty())) {
        app.fail(needEnvironment
                     ? Cmd::tr("Choose the LaunchDarkly project and environment: set FLAGBRIDGE_LD_PROJECT and FLAGBRIDGE_LD_ENV, or use --project and --env.")
                     : Cmd::tr("Choose the LaunchDarkly project: set FLAGBRIDGE_LD_PROJECT, or use --project."),
                 CliApplication::Usage);
        return std::nullopt;
    }
    return s;
}

QString cliComment(const QCommandLineParser &p, const QString &what)
{
    //: The audit-log comment of a change made from the command line; %1 describes it
    QString comment = Cmd::tr("FlagBridge CLI: %1").arg(what);
    if (p.isSet(u"comment"_s))
        comment += u" — "_s + p.value(u"comment"_s);
    return comment;
}

QJsonValue valueJson(const QJsonValue &v)
{
    return v.isUndefined() ? QJsonValue() : v;
}

// --- reading -----------------------------------------------------------------------------------

void whoami(CliApplication &app, const QStringList &args)
{
    QCommandLineParser p;
    if (!app.parse(p, args, 0, 0, u"flagbridge-cli ld whoami"_s))
        return;
    app.launchDarkly()->identify(&app, app.onSuccess<LdCallerIdentity>([&app](const LdCallerIdentity &id) {
        if (app.json()) {
            app.printJson(id.toJson());
        } else {
            QTextStream &out = app.out();
            out << Cmd::tr("Token:   %1 (%2)").arg(id.tokenName.isEmpty() ? Cmd::tr("(unnamed)") : id.tokenName, id.kindText())
                << u'\n';
            out << Cmd::tr("Role:    %1").arg(id.roleText()) << u'\n';
            if (!id.roleProblem.isEmpty())
                out << Cmd::tr("         (the role could not be read: %1)").arg(id.roleProblem) << u'\n';
            out << Cmd::tr("Account: %1").arg(id.accountId) << u'\n';
            if (!id.memberId.isEmpty())
                out << Cmd::tr("Member:  %1").arg(id.memberId) << u'\n';
            if (!id.mayWrite())
                out << Cmd::tr("This token can read but not change targeting.") << u'\n';
        }
        app.finish(CliApplication::Success);
    }));
}

void projects(CliApplication &app, const QStringList &args)
{
    QCommandLineParser p;
    if (!app.parse(p, args, 0, 0, u"flagbridge-cli ld projects"_s))
        return;
    app.launchDarkly()->listProjects(&app, app.onSuccess<QList<LdProject>>([&app](const QList<LdProject> &list) {
        if (app.json()) {
            QJsonArray a;
            for (const LdProject &pr : list)
                a.append(QJsonObject{{"key"_L1, pr.key}, {"name"_L1, pr.name}});
            app.printJson(a);
        } else {
            QList<QStringList> rows;
            for (const LdProject &pr : list)
                rows.append({pr.key, pr.name});
            app.printTable({Cmd::tr("Key"), Cmd::tr("Name")}, rows);
            app.out() << Cmd::tr("%n project(s)", nullptr, int(list.size())) << Qt::endl;
        }
        app.finish(CliApplication::Success);
    }));
}

void environments(CliApplication &app, const QStringList &args)
{
    QCommandLineParser p;
    addScopeOptions(p);
    const auto positional = app.parse(p, args, 0, 1, u"flagbridge-cli ld environments [PROJECT]"_s);
    if (!positional)
        return;
    QString project = positional->value(0);
    if (project.isEmpty()) {
        const auto s = scope(app, p, false);
        if (!s)
            return;
        project = s->project;
    }
    app.launchDarkly()->listEnvironments(project, &app, app.onSuccess<QList<LdEnvironment>>([&app, project](const QList<LdEnvironment> &list) {
        if (app.json()) {
            QJsonArray a;
            for (const LdEnvironment &e : list)
                a.append(QJsonObject{{"key"_L1, e.key}, {"name"_L1, e.name}, {"critical"_L1, e.critical}});
            app.printJson(a);
        } else {
            QList<QStringList> rows;
            for (const LdEnvironment &e : list)
                rows.append({e.key, e.name, e.critical ? Cmd::tr("critical") : QString()});
            app.printTable({Cmd::tr("Key"), Cmd::tr("Name"), QString()}, rows);
            app.out() << Cmd::tr("%n environment(s) in %1", nullptr, int(list.size())).arg(project) << Qt::endl;
        }
        app.finish(CliApplication::Success);
    }));
}

void contextKinds(CliApplication &app, const QStringList &args)
{
    QCommandLineParser p;
    addScopeOptions(p);
    if (!app.parse(p, args, 0, 0, u"flagbridge-cli ld context-kinds"_s))
        return;
    const auto s = scope(app, p, false);
    if (!s)
        return;
    app.launchDarkly()->listContextKinds(s->project, &app, app.onSuccess<QList<LdContextKind>>([&app](const QList<LdContextKind> &list) {
        if (app.json()) {
            QJsonArray a;
            for (const LdContextKind &k : list)
                a.append(k.toJson());
            app.printJson(a);
        } else {
            QList<QStringList> rows;
            for (const LdContextKind &k : list)
                rows.append({k.key, k.name, k.archived ? Cmd::tr("archived") : QString(), k.description});
            app.printTable({Cmd::tr("Key"), Cmd::tr("Name"), QString(), Cmd::tr("Description")}, rows);
        }
        app.finish(CliApplication::Success);
    }));
}

QJsonObject flagJson(const LdFlag &f, const QString &environment)
{
    QJsonArray variations;
    for (int i = 0; i < f.variations.size(); ++i) {
        const LdVariation &v = f.variations.at(i);
        variations.append(QJsonObject{{"index"_L1, i}, {"_id"_L1, v.id}, {"value"_L1, valueJson(v.value)}, {"name"_L1, v.name}});
    }
    QJsonObject o{{"key"_L1, f.key},
                  {"name"_L1, f.name},
                  {"kind"_L1, f.kind},
                  {"description"_L1, f.description},
                  {"tags"_L1, QJsonArray::fromStringList(f.tags)},
                  {"temporary"_L1, f.temporary},
                  {"archived"_L1, f.archived},
                  {"variations"_L1, variations}};
    if (f.environments.contains(environment)) {
        const LdFlagEnvironment &e = f.environments[environment];
        QJsonArray targets;
        for (const QList<LdTarget> *list : {&e.targets, &e.contextTargets}) {
            for (const LdTarget &t : *list) {
                targets.append(QJsonObject{{"contextKind"_L1, t.contextKind},
                                           {"variation"_L1, t.variation},
                                           {"values"_L1, QJsonArray::fromStringList(t.values)}});
            }
        }
        QJsonArray rules;
        for (const LdRule &r : e.rules)
            rules.append(QJsonObject{{"_id"_L1, r.id}, {"description"_L1, TargetingDescription::rule(r, f)}});
        o.insert("environment"_L1, QJsonObject{{"key"_L1, environment},
                                               {"on"_L1, e.on},
                                               {"version"_L1, e.version},
                                               {"targets"_L1, targets},
                                               {"rules"_L1, rules},
                                               {"fallthrough"_L1, TargetingDescription::serve(e.fallthroughVariation, e.fallthroughRollout, f)},
                                               {"offVariation"_L1, e.offVariation},
                                               {"raw"_L1, e.raw}});
    }
    return o;
}

void flags(CliApplication &app, const QStringList &args)
{
    QCommandLineParser p;
    addScopeOptions(p);
    if (!app.parse(p, args, 0, 0, u"flagbridge-cli ld flags [--project KEY] [--env KEY]"_s))
        return;
    const auto s = scope(app, p, true);
    if (!s)
        return;
    const QString env = s->environment;
    app.launchDarkly()->listFlags(s->project, env, &app, app.onSuccess<QList<LdFlag>>([&app, s, env](const QList<LdFlag> &list) {
        if (app.json()) {
            QJsonArray a;
            for (const LdFlag &f : list) {
                QJsonObject o = flagJson(f, env);
                QJsonObject e = o.value("environment"_L1).toObject();
                e.remove(u"raw"_s);
                o.insert("environment"_L1, e);
                a.append(o);
            }
            app.printJson(a);
        } else {
            QList<QStringList> rows;
            for (const LdFlag &f : list) {
                const LdFlagEnvironment e = f.environments.value(env);
                int targets = 0;
                for (const QList<LdTarget> *l : {&e.targets, &e.contextTargets}) {
                    for (const LdTarget &t : *l)
                        targets += int(t.values.size());
                }
                rows.append({f.key, f.name, e.on ? Cmd::tr("on") : Cmd::tr("off"), QString::number(f.variations.size()),
                             QString::number(targets), QString::number(e.rules.size())});
            }
            app.printTable({Cmd::tr("Key"), Cmd::tr("Name"), Cmd::tr("State"), Cmd::tr("Variations"), Cmd::tr("Targets"),
                            Cmd::tr("Rules")},
                           rows);
            app.out() << Cmd::tr("%n flag(s) in %1 / %2", nullptr, int(list.size())).arg(s->project, env) << Qt::endl;
        }
        app.finish(CliApplication::Success);
    }));
}

void flag(CliApplication &app, const QStringList &args)
{
    QCommandLineParser p;
    addScopeOptions(p);
    const auto positional = app.parse(p, args, 1, 1, u"flagbridge-cli ld flag KEY [--project KEY] [--env KEY]"_s);
    if (!positional)
        return;
    const auto s = scope(app, p, true);
    if (!s)
        return;
    const QString env = s->environment;
    app.launchDarkly()->getFlag(s->project, positional->first(), env, &app, app.onSuccess<LdFlag>([&app, env](const LdFlag &f) {
        if (app.json()) {
            app.printJson(flagJson(f, env));
            app.finish(CliApplication::Success);
            return;
        }
        QTextStream &out = app.out();
        out << f.name << u" ("_s << f.key << u")\n"_s;
        if (!f.description.isEmpty())
            out << f.description << u'\n';
        out << Cmd::tr("Variations:") << u'\n';
        for (int i = 0; i < f.variations.size(); ++i) {
            const LdVariation &v = f.variations.at(i);
            out << u"  "_s << i << u"  "_s << Json::displayText(v.value);
            if (!v.name.isEmpty())
                out << u"  “"_s << v.name << u"”"_s;
            out << u"  ("_s << v.id << u")\n"_s;
        }
        if (!f.environments.contains(env)) {
            out << Cmd::tr("No configuration for the environment %1.").arg(env) << u'\n';
            app.finish(CliApplication::Success);
            return;
        }
        const LdFlagEnvironment &e = f.environments[env];
        out << Cmd::tr("In %1: %2").arg(env, e.on ? Cmd::tr("on") : Cmd::tr("off")) << u'\n';
        for (const QList<LdTarget> *list : {&e.targets, &e.contextTargets}) {
            for (const LdTarget &t : *list) {
                out << Cmd::tr("  Targets (%1) → %2: %3")
                           .arg(t.contextKind, TargetingDescription::variationName(f, t.variation), t.values.join(u", "_s))
                    << u'\n';
            }
        }
        for (int i = 0; i < e.rules.size(); ++i)
            out << u"  "_s << Cmd::tr("Rule %1: %2").arg(i + 1).arg(TargetingDescription::rule(e.rules.at(i), f)) << u'\n';
        out << u"  "_s << Cmd::tr("Otherwise: %1").arg(TargetingDescription::serve(e.fallthroughVariation, e.fallthroughRollout, f))
            << u'\n';
        out << u"  "_s << Cmd::tr("When off: %1").arg(TargetingDescription::serve(e.offVariation, {}, f)) << u'\n';
        app.finish(CliApplication::Success);
    }));
}

void segmentsList(CliApplication &app, const Scope &s)
{
    app.launchDarkly()->listSegments(s.project, s.environment, &app, app.onSuccess<QList<LdSegment>>([&app, s](const QList<LdSegment> &segments) {
        if (app.json()) {
            QJsonArray a;
            for (const LdSegment &seg : segments) {
                a.append(QJsonObject{{"key"_L1, seg.key},
                                     {"name"_L1, seg.name},
                                     {"unbounded"_L1, seg.unbounded},
                                     {"included"_L1, seg.includedCount()},
                                     {"rules"_L1, int(seg.rules.size())},
                                     {"flags"_L1, QJsonArray::fromStringList(seg.flagKeys)}});
            }
            app.printJson(a);
        } else {
            QList<QStringList> rows;
            for (const LdSegment &seg : segments) {
                rows.append({seg.key, seg.name, seg.unbounded ? Cmd::tr("big") : Cmd::tr("standard"),
                             QString::number(seg.includedCount()), QString::number(seg.rules.size())});
            }
            app.printTable({Cmd::tr("Key"), Cmd::tr("Name"), Cmd::tr("Kind"), Cmd::tr("Included"), Cmd::tr("Rules")}, rows);
            app.out() << Cmd::tr("%n segment(s) in %1 / %2", nullptr, int(segments.size())).arg(s.project, s.environment)
                      << Qt::endl;
        }
        app.finish(CliApplication::Success);
    }));
}

void segmentShow(CliApplication &app, const Scope &s, const QString &key)
{
    app.launchDarkly()->getSegment(s.project, s.environment, key, &app, app.onSuccess<LdSegment>([&app](const LdSegment &seg) {
        if (app.json()) {
            QJsonArray included;
            QJsonArray excluded;
            QStringList kinds{u"user"_s};
            for (const QList<LdContextTargets> *list : {&seg.includedContexts, &seg.excludedContexts}) {
                for (const LdContextTargets &t : *list) {
                    if (!kinds.contains(t.contextKind))
                        kinds.append(t.contextKind);
                }
            }
            for (const QString &kind : std::as_const(kinds)) {
                for (const QString &k : seg.includedKeys(kind))
                    included.append(QJsonObject{{"contextKind"_L1, kind}, {"key"_L1, k}});
                for (const QString &k : seg.excludedKeys(kind))
                    excluded.append(QJsonObject{{"contextKind"_L1, kind}, {"key"_L1, k}});
            }
            QJsonObject o{{"key"_L1, seg.key},
                          {"name"_L1, seg.name},
                          {"description"_L1, seg.description},
                          {"unbounded"_L1, seg.unbounded},
                          {"version"_L1, seg.version},
                          {"included"_L1, included},
                          {"excluded"_L1, excluded},
                          {"flags"_L1, QJsonArray::fromStringList(seg.flagKeys)}};
            if (seg.unbounded) {
                o.insert("unboundedContextKind"_L1, seg.unboundedContextKind);
                o.insert("includedCount"_L1, seg.unboundedIncludedCount);
            }
            app.printJson(o);
        } else {
            QTextStream &out = app.out();
            out << seg.name << u" ("_s << seg.key << u")\n"_s;
            if (!seg.description.isEmpty())
                out << seg.description << u'\n';
            if (seg.unbounded)
                out << Cmd::tr("Big segment of %1 contexts; members are not listed (check one with: ld segment-members check)")
                           .arg(seg.unboundedContextKind)
                    << u'\n';
            out << Cmd::tr("Included targets: %1").arg(seg.includedCount()) << u'\n';
            for (const QString &k : seg.included)
                out << u"  user  "_s << k << u'\n';
            for (const LdContextTargets &t : seg.includedContexts) {
                for (const QString &k : t.values)
                    out << u"  "_s << t.contextKind << u"  "_s << k << u'\n';
            }
            if (!seg.excluded.isEmpty() || !seg.excludedContexts.isEmpty()) {
                out << Cmd::tr("Excluded targets:") << u'\n';
                for (const QString &k : seg.excluded)
                    out << u"  user  "_s << k << u'\n';
                for (const LdContextTargets &t : seg.excludedContexts) {
                    for (const QString &k : t.values)
                        out << u"  "_s << t.contextKind << u"  "_s << k << u'\n';
                }
            }
            if (!seg.flagKeys.isEmpty())
                out << Cmd::tr("Used by flags: %1").arg(seg.flagKeys.join(u", "_s)) << u'\n';
        }
        app.finish(CliApplication::Success);
    }));
}

// --- writing -----------------------------------------------------------------------------------

void targets(CliApplication &app, const QString &sub, const QStringList &args)
{
    const QString usage = u"flagbridge-cli ld targets add|remove FLAG VARIATION KEY... [--context-kind KIND] [--dry-run] [--comment TEXT]"_s;
    QCommandLineParser p;
    addScopeOptions(p);
    addWriteOptions(p);
    const auto positional = app.parse(p, args, 3, -1, usage);
    if (!positional)
        return;
    if (sub != "add"_L1 && sub != "remove"_L1) {
        app.fail(Cmd::tr("Usage: %1").arg(usage), CliApplication::Usage);
        return;
    }
    const auto s = scope(app, p, true);
    if (!s)
        return;
    LdFlagTargetChange change;
    change.environmentKey = s->environment;
    change.contextKind = p.isSet(u"context-kind"_s) ? p.value(u"context-kind"_s) : u"user"_s;
    change.variation = positional->at(1);
    const QStringList keys = positional->mid(2);
    (sub == "add"_L1 ? change.add : change.remove) = keys;
    const QString flagKey = positional->first();
    change.comment = cliComment(p, sub == "add"_L1 ? Cmd::tr("targets add %1").arg(flagKey) : Cmd::tr("targets remove %1").arg(flagKey));
    const bool dryRun = p.isSet(u"dry-run"_s);
    app.launchDarkly()->changeFlagTargets(s->project, flagKey, change, dryRun, &app, app.onSuccess<LdFlagChange>([&app, s, flagKey, change, dryRun](const LdFlagChange &r) {
        const QString variation = TargetingDescription::variationName(r.flag, r.variationIndex);
        if (app.json()) {
            app.printJson(QJsonObject{{"flag"_L1, flagKey},
                                      {"environment"_L1, s->environment},
                                      {"contextKind"_L1, change.contextKind},
                                      {"variation"_L1, QJsonObject{{"index"_L1, r.variationIndex}, {"_id"_L1, r.variationId}}},
                                      {"added"_L1, QJsonArray::fromStringList(r.added)},
                                      {"moved"_L1, QJsonArray::fromStringList(r.moved)},
                                      {"removed"_L1, QJsonArray::fromStringList(r.removed)},
                                      {"unchanged"_L1, QJsonArray::fromStringList(r.unchanged)},
                                      {"written"_L1, r.written},
                                      {"dryRun"_L1, dryRun}});
        } else {
            QTextStream &out = app.out();
            if (dryRun)
                out << Cmd::tr("Dry run: LaunchDarkly checked the change and saved nothing.") << u'\n';
            if (!r.added.isEmpty())
                out << Cmd::tr("Targeted %n key(s) to %1 of %2 in %3", nullptr, int(r.added.size())).arg(variation, flagKey, s->environment)
                    << (r.moved.isEmpty() ? QString() : Cmd::tr(" (%n moved from another variation)", nullptr, int(r.moved.size())))
                    << u'\n';
            if (!r.removed.isEmpty())
                out << Cmd::tr("Removed %n key(s) from %1 of %2 in %3", nullptr, int(r.removed.size())).arg(variation, flagKey, s->environment)
                    << u'\n';
            if (!r.unchanged.isEmpty())
                out << Cmd::tr("%n key(s) already as asked", nullptr, int(r.unchanged.size())) << u'\n';
        }
        app.finish(CliApplication::Success);
    }));
}

void segmentMembers(CliApplication &app, const QString &sub, const QStringList &args)
{
    const QString usage = u"flagbridge-cli ld segment-members add|remove SEGMENT KEY... [--excluded] [--context-kind KIND] [--dry-run] [--comment TEXT]\n"
                          u"       flagbridge-cli ld segment-members check SEGMENT KEY"_s;
    QCommandLineParser p;
    addScopeOptions(p);
    addWriteOptions(p);
    p.addOption(QCommandLineOption(u"excluded"_s, Cmd::tr("change the excluded list instead of the included one")));
    const auto positional = app.parse(p, args, 2, sub == "check"_L1 ? 2 : -1, usage);
    if (!positional)
        return;
    if (sub != "add"_L1 && sub != "remove"_L1 && sub != "check"_L1) {
        app.fail(Cmd::tr("Usage: %1").arg(usage), CliApplication::Usage);
        return;
    }
    const auto s = scope(app, p, true);
    if (!s)
        return;
    const QString segmentKey = positional->first();
    const QStringList keys = positional->mid(1);
    LaunchDarklyClient *ld = app.launchDarkly();

    if (sub == "check"_L1) {
        ld->bigSegmentMembership(s->project, s->environment, segmentKey, keys.first(), &app,
                                 app.onSuccess<LdBigSegmentMembership>([&app, segmentKey](const LdBigSegmentMembership &m) {
            if (app.json()) {
                app.printJson(QJsonObject{{"segment"_L1, segmentKey},
                                          {"key"_L1, m.contextKey},
                                          {"included"_L1, m.included},
                                          {"excluded"_L1, m.excluded}});
            } else if (m.included) {
                app.out() << Cmd::tr("%1 is included in %2").arg(m.contextKey, segmentKey) << u'\n';
            } else if (m.excluded) {
                app.out() << Cmd::tr("%1 is excluded from %2").arg(m.contextKey, segmentKey) << u'\n';
            } else {
                app.out() << Cmd::tr("%1 is not listed in %2").arg(m.contextKey, segmentKey) << u'\n';
            }
            app.finish(CliApplication::Success);
        }));
        return;
    }

    const bool adding = sub == "add"_L1;
    const bool excluded = p.isSet(u"excluded"_s);
    const bool dryRun = p.isSet(u"dry-run"_s);
    const QString kind = p.isSet(u"context-kind"_s) ? p.value(u"context-kind"_s) : u"user"_s;
    const QString comment = cliComment(p, Cmd::tr("segment-members %1 %2").arg(sub, segmentKey));
    auto report = [&app, s, segmentKey, adding, excluded, dryRun](int keys, int requests) {
        if (app.json()) {
            app.printJson(QJsonObject{{"segment"_L1, segmentKey},
                                      {"environment"_L1, s->environment},
                                      {"list"_L1, excluded ? u"excluded"_s : u"included"_s},
                                      {"change"_L1, adding ? u"add"_s : u"remove"_s},
                                      {"keys"_L1, keys},
                                      {"requests"_L1, requests},
                                      {"dryRun"_L1, dryRun}});
        } else {
            QString line = adding ? (excluded ? Cmd::tr("Excluded %n key(s) from %1", nullptr, keys) : Cmd::tr("Included %n key(s) in %1", nullptr, keys))
                                  : (excluded ? Cmd::tr("Stopped excluding %n key(s) from %1", nullptr, keys)
                                              : Cmd::tr("Stopped including %n key(s) in %1", nullptr, keys));
            line = line.arg(segmentKey);
            if (dryRun)
                line = Cmd::tr("Dry run, nothing saved: %1").arg(line);
            app.out() << line << u' ' << Cmd::tr("(%n request(s))", nullptr, requests) << u'\n';
        }
        app.finish(CliApplication::Success);
    };

    // Standard segments take semantic patches; big segments the .../contexts batches.
    ld->getSegment(s->project, s->environment, segmentKey, &app,
                   app.onSuccess<LdSegment>([&app, ld, s, segmentKey, keys, adding, excluded, dryRun, kind, comment, report](const LdSegment &seg) {
        if (seg.unbounded) {
            if (kind != seg.unboundedContextKind && !seg.unboundedContextKind.isEmpty()) {
                app.fail(Cmd::tr("The big segment %1 holds %2 contexts only, not %3.").arg(segmentKey, seg.unboundedContextKind, kind),
                         CliApplication::Usage);
                return;
            }
            LdBigSegmentChange change;
            (adding ? (excluded ? change.addExcluded : change.addIncluded) : (excluded ? change.removeExcluded : change.removeIncluded)) = keys;
            if (dryRun) {
                // The batch endpoint has no dry run: say what would be sent.
                const int n = change.keyCount();
                report(n, (n + LaunchDarklyClient::kBigSegmentBatchLimit - 1) / LaunchDarklyClient::kBigSegmentBatchLimit);
                return;
            }
            ld->changeBigSegmentTargets(s->project, s->environment, segmentKey, change, &app,
                                        app.onSuccess<LdBigSegmentChangeResult>([report](const LdBigSegmentChangeResult &r) {
                report(r.keys, r.requests);
            }));
            return;
        }
        LdSegmentTargetChange change;
        change.environmentKey = s->environment;
        change.comment = comment;
        change.contextKind = kind;
        (adding ? (excluded ? change.addExcluded : change.addIncluded) : (excluded ? change.removeExcluded : change.removeIncluded)) = keys;
        ld->changeSegmentTargets(s->project, segmentKey, change, dryRun, &app,
                                 app.onSuccess<LdSegmentChangeResult>([report](const LdSegmentChangeResult &r) {
            report(r.keys, r.requests);
        }));
    }));
}

// "age=42" is a number, "beta=true" a boolean, 'tags=["a","b"]' a list; anything else is text.
std::optional<QPair<QString, QJsonValue>> attribute(const QString &spec)
{
    const qsizetype eq = spec.indexOf(u'=');
    if (eq <= 0)
        return std::nullopt;
    const QString name = spec.left(eq).trimmed();
    const QString raw = spec.mid(eq + 1);
    const QJsonDocument doc = QJsonDocument::fromJson("[" + raw.toUtf8() + "]");
    if (doc.isArray() && doc.array().size() == 1)
        return QPair<QString, QJsonValue>{name, doc.array().first()};
    return QPair<QString, QJsonValue>{name, raw};
}

void evaluate(CliApplication &app, const QStringList &args)
{
    const QString usage = u"flagbridge-cli ld evaluate KEY [--context-kind KIND] [--attr NAME=VALUE]... [--flag FLAG]"_s;
    QCommandLineParser p;
    addScopeOptions(p);
    p.addOption(QCommandLineOption(u"context-kind"_s, Cmd::tr("context kind (default user)"), u"KIND"_s));
    p.addOption(QCommandLineOption(u"attr"_s, Cmd::tr("an attribute of the context"), u"NAME=VALUE"_s));
    p.addOption(QCommandLineOption(u"flag"_s, Cmd::tr("show this flag only"), u"FLAG"_s));
    const auto positional = app.parse(p, args, 1, 1, usage);
    if (!positional)
        return;
    const auto s = scope(app, p, true);
    if (!s)
        return;
    QJsonObject context{{"kind"_L1, p.isSet(u"context-kind"_s) ? p.value(u"context-kind"_s) : u"user"_s},
                        {"key"_L1, positional->first()}};
    for (const QString &spec : p.values(u"attr"_s)) {
        const auto attr = attribute(spec);
        if (!attr || attr->first == "kind"_L1 || attr->first == "key"_L1) {
            app.fail(Cmd::tr("--attr takes NAME=VALUE (not kind or key), not \"%1\"").arg(spec), CliApplication::Usage);
            return;
        }
        context.insert(attr->first, attr->second);
    }
    const QString only = p.value(u"flag"_s);
    app.launchDarkly()->evaluateFlags(s->project, s->environment, context, &app,
                                      app.onSuccess<QList<LdFlagEvaluation>>([&app, only](const QList<LdFlagEvaluation> &list) {
        QList<LdFlagEvaluation> shown;
        for (const LdFlagEvaluation &e : list) {
            if (only.isEmpty() || e.key == only)
                shown.append(e);
        }
        if (!only.isEmpty() && shown.isEmpty()) {
            app.fail(Cmd::tr("No flag %1 in this environment.").arg(only), CliApplication::RemoteError);
            return;
        }
        if (app.json()) {
            QJsonArray a;
            for (const LdFlagEvaluation &e : std::as_const(shown))
                a.append(e.toJson());
            app.printJson(a);
        } else {
            QList<QStringList> rows;
            for (const LdFlagEvaluation &e : std::as_const(shown))
                rows.append({e.key, Json::displayText(e.value), e.reasonText()});
            app.printTable({Cmd::tr("Flag"), Cmd::tr("Value"), Cmd::tr("Why")}, rows);
        }
        app.finish(CliApplication::Success);
    }));
}

} // namespace

bool LaunchDarklyCommands::handles(const QString &command)
{
    return command == "segments"_L1 || command == "ld"_L1;
}

QString LaunchDarklyCommands::usage()
{
    return tr("LaunchDarkly (project and environment from FLAGBRIDGE_LD_PROJECT / FLAGBRIDGE_LD_ENV,\n"
              "or --project KEY / --env KEY on any of these):\n"
              "  ld whoami                           the access token: name, kind, role\n"
              "  ld projects                         projects of the account\n"
              "  ld environments [PROJECT]           environments of a project\n"
              "  ld context-kinds                    context kinds of the project\n"
              "  ld flags                            flags with their state in the environment\n"
              "  ld flag KEY                         variations, targets and rules of one flag\n"
              "  ld segments                         the environment's segments\n"
              "  ld segment KEY                      one segment and its targets\n"
              "  ld targets add|remove FLAG VARIATION KEY... [--context-kind KIND]\n"
              "                                      individual targets of a variation (by index,\n"
              "                                      value or name); adding moves keys from another\n"
              "                                      variation\n"
              "  ld segment-members add|remove SEGMENT KEY... [--excluded] [--context-kind KIND]\n"
              "                                      segment targets (big segments too)\n"
              "  ld segment-members check SEGMENT KEY  one key in a big segment\n"
              "  ld evaluate KEY [--context-kind KIND] [--attr NAME=VALUE]... [--flag FLAG]\n"
              "                                      every flag's value for one context\n"
              "  Changes take --dry-run and --comment TEXT (for LaunchDarkly's audit log).\n"
              "  segments list                       the same as ld segments\n"
              "  segments show KEY                   the same as ld segment KEY\n");
}

void LaunchDarklyCommands::run(CliApplication &app, const QString &command, const QStringList &args)
{
    if (command == "segments"_L1) {
        const QString sub = args.value(0, u"list"_s);
        QCommandLineParser p;
        addScopeOptions(p);
        const auto positional = app.parse(p, args.mid(1), sub == "show"_L1 ? 1 : 0, sub == "show"_L1 ? 1 : 0,
                                          u"flagbridge-cli segments list | segments show KEY"_s);
        if (!positional)
            return;
        if (sub != "list"_L1 && sub != "show"_L1) {
            app.fail(tr("Usage: flagbridge-cli segments list | segments show KEY"), CliApplication::Usage);
            return;
        }
        const auto s = scope(app, p, true);
        if (!s)
            return;
        if (sub == "list"_L1)
            segmentsList(app, *s);
        else
            segmentShow(app, *s, positional->first());
        return;
    }

    const QString sub = args.value(0);
    const QStringList rest = args.mid(1);
    if (sub == "whoami"_L1) {
        whoami(app, rest);
    } else if (sub == "projects"_L1) {
        projects(app, rest);
    } else if (sub == "environments"_L1) {
        environments(app, rest);
    } else if (sub == "context-kinds"_L1) {
        contextKinds(app, rest);
    } else if (sub == "flags"_L1) {
        flags(app, rest);
    } else if (sub == "flag"_L1) {
        flag(app, rest);
    } else if (sub == "segments"_L1 || sub == "segment"_L1) {
        QCommandLineParser p;
        addScopeOptions(p);
        const bool one = sub == "segment"_L1;
        const auto positional = app.parse(p, rest, one ? 1 : 0, one ? 1 : 0,
                                          one ? u"flagbridge-cli ld segment KEY"_s : u"flagbridge-cli ld segments"_s);
        if (!positional)
            return;
        const auto s = scope(app, p, true);
        if (!s)
            return;
        if (one)
            segmentShow(app, *s, positional->first());
        else
            segmentsList(app, *s);
    } else if (sub == "targets"_L1) {
        targets(app, rest.value(0), rest.mid(1));
    } else if (sub == "segment-members"_L1) {
        segmentMembers(app, rest.value(0), rest.mid(1));
    } else if (sub == "evaluate"_L1) {
        evaluate(app, rest);
    } else {
        app.fail(sub.isEmpty() ? tr("Usage: flagbridge-cli ld <subcommand>; see flagbridge-cli --help")
                               : tr("Unknown ld subcommand: %1; see flagbridge-cli --help").arg(sub),
                 CliApplication::Usage);
    }
}
