#include "MappingFile.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace {


QString keyFieldName(ContextSettings::KeyField f)
{
    switch (f) {
    case ContextSettings::KeyField::ContactId:
        return u"id"_s;
    case ContextSettings::KeyField::Email:
        return u"email"_s;
    case ContextSettings::KeyField::Phone:
        return u"phone"_s;
    case ContextSettings::KeyField::CustomField:
        return u"customField"_s;
    }
    return u"id"_s;
}

QJsonObject without(QJsonObject o, std::initializer_list<const char *> keys)
{
    for (const char *k : keys)
        o.remove(QLatin1String(k));
    return o;
}

class Reader
{
public:
    QList<MappingProblem> problems;

    void problem(const QString &path, const QString &message) { problems.append({path, message}); }

    QString requiredString(const QJsonObject &o, const char *key, const QString &path)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull()) {
            problem(path + u'.' + QLatin1String(key), MappingFile::tr("missing"));
            return {};
        }
        if (!v.isString()) {
            problem(path + u'.' + QLatin1String(key), MappingFile::tr("must be text"));
            return {};
        }
        if (v.toString().trimmed().isEmpty())
            problem(path + u'.' + QLatin1String(key), MappingFile::tr("must not be empty"));
        return v.toString().trimmed();
    }

    QString optionalString(const QJsonObject &o, const char *key, const QString &path)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull())
            return {};
        if (!v.isString()) {
            problem(path + u'.' + QLatin1String(key), MappingFile::tr("must be text"));
            return {};
        }
        return v.toString().trimmed();
    }

    bool optionalBool(const QJsonObject &o, const char *key, bool fallback, const QString &path)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined())
            return fallback;
        if (!v.isBool()) {
            problem(path + u'.' + QLatin1String(key), MappingFile::tr("must be true or false"));
            return fallback;
        }
        return v.toBool();
    }

    Binding binding(const QJsonObject &o, const QString &path)
    {
        Binding b;
        b.id = requiredString(o, "id", path);
        b.name = requiredString(o, "name", path);
        b.enabled = optionalBool(o, "enabled", true, path);
        const QString kind = requiredString(o, "kind", path);
        if (kind == "segment"_L1)
            b.kind = Binding::Kind::Segment;
        else if (kind == "flag-targets"_L1)
            b.kind = Binding::Kind::FlagTargets;
        else if (kind == "flag-outcome"_L1)
            b.kind = Binding::Kind::FlagOutcome;
        else if (!kind.isEmpty())
            problem(path + u".kind"_s, MappingFile::tr("must be \"segment\", \"flag-targets\" or \"flag-outcome\", not \"%1\"").arg(kind));
        const QString mode = optionalString(o, "mode", path);
        if (mode.isEmpty() || mode == "mirror"_L1)
            b.mode = Binding::Mode::Mirror;
        else if (mode == "add-only"_L1)
            b.mode = Binding::Mode::AddOnly;
        else
            problem(path + u".mode"_s, MappingFile::tr("must be \"mirror\" or \"add-only\", not \"%1\"").arg(mode));

        const QJsonValue selector = o.value("selector"_L1);
        if (!selector.isUndefined() && !selector.isObject()) {
            problem(path + u".selector"_s, MappingFile::tr("must be an object"));
        } else {
            const QJsonValue preds = selector.toObject().value("predicates"_L1);
            if (!preds.isUndefined() && !preds.isArray())
                problem(path + u".selector.predicates"_s, MappingFile::tr("must be a list"));
            const QJsonArray list = preds.toArray();
            for (int i = 0; i < list.size(); ++i) {
                const QString ppath = path + u".selector.predicates[%1]"_s.arg(i);
                if (!list.at(i).isObject()) {
                    problem(ppath, MappingFile::tr("must be an object"));
                    continue;
                }
                QString why;
                QString where;
                SelectorPredicate p = SelectorPredicate::fromJson(list.at(i).toObject(), &why, &where);
                if (!why.isEmpty())
                    problem(ppath + where, why);
                else
                    b.selector.predicates.append(p);
            }
        }

        const QJsonValue context = o.value("context"_L1);
        if (!context.isUndefined() && !context.isObject()) {
            problem(path + u".context"_s, MappingFile::tr("must be an object"));
        } else {
            const QJsonObject c = context.toObject();
            const QString kindValue = optionalString(c, "kind", path + u".context"_s);
            if (!kindValue.isEmpty())
                b.context.kind = kindValue;
            const QString key = optionalString(c, "key", path + u".context"_s);
            if (key.isEmpty() || key == "id"_L1)
                b.context.keyField = ContextSettings::KeyField::ContactId;
            else if (key == "email"_L1)
                b.context.keyField = ContextSettings::KeyField::Email;
            else if (key == "phone"_L1)
                b.context.keyField = ContextSettings::KeyField::Phone;
            else if (key == "customField"_L1) {
                b.context.keyField = ContextSettings::KeyField::CustomField;
                b.context.customFieldName = requiredString(c, "customField", path + u".context"_s);
            } else {
                problem(path + u".context.key"_s,
                        MappingFile::tr("must be id, email, phone or customField, not \"%1\"").arg(key));
            }
        }

        if (b.kind == Binding::Kind::FlagOutcome) {
            const QJsonValue outcome = o.value("outcome"_L1);
            if (!outcome.isObject()) {
                problem(path + u".outcome"_s, MappingFile::tr("missing: name the flag, the variation and what to do"));
            } else {
                const QJsonObject oc = outcome.toObject();
                b.flagKey = requiredString(oc, "flag", path + u".outcome"_s);
                b.variationId = requiredString(oc, "variation", path + u".outcome"_s);
                const QJsonValue actions = oc.value("actions"_L1);
                if (!actions.isArray() || actions.toArray().isEmpty())
                    problem(path + u".outcome.actions"_s, MappingFile::tr("name at least one action"));
                const QJsonArray list = actions.toArray();
                for (int i = 0; i < list.size(); ++i)
                    b.actions.append(action(list.at(i).toObject(), path + u".outcome.actions[%1]"_s.arg(i)));
            }
        } else {
            const QJsonValue target = o.value("target"_L1);
            if (!target.isObject()) {
                problem(path + u".target"_s, b.kind == Binding::Kind::Segment ? MappingFile::tr("missing: name the segment")
                                                                              : MappingFile::tr("missing: name the flag and the variation"));
            } else if (b.kind == Binding::Kind::Segment) {
                b.segmentKey = requiredString(target.toObject(), "segment", path + u".target"_s);
            } else {
                b.flagKey = requiredString(target.toObject(), "flag", path + u".target"_s);
                b.variationId = requiredString(target.toObject(), "variation", path + u".target"_s);
            }
        }
        b.extra = without(o, {"id", "name", "enabled", "kind", "mode", "selector", "context", "target", "outcome"});
        return b;
    }

    OutcomeAction action(const QJsonObject &o, const QString &path)
    {
        OutcomeAction a;
        const QString type = o.value("type"_L1).toString();
        if (type == "addTags"_L1 || type == "removeTags"_L1) {
            a.kind = type == "addTags"_L1 ? OutcomeAction::Kind::AddTags : OutcomeAction::Kind::RemoveTags;
            const QJsonArray tags = o.value("tags"_L1).toArray();
            for (const QJsonValue &t : tags) {
                if (!t.toString().trimmed().isEmpty())
                    a.tags.append(t.toString().trimmed());
            }
            if (a.tags.isEmpty())
                problem(path + u".tags"_s, MappingFile::tr("name at least one tag"));
        } else if (type == "createTask"_L1) {
            a.kind = OutcomeAction::Kind::CreateTask;
            a.title = requiredString(o, "title", path);
            const QJsonValue due = o.value("dueInDays"_L1);
            if (!due.isUndefined() && (!due.isDouble() || due.toInt() < 0))
                problem(path + u".dueInDays"_s, MappingFile::tr("must be a whole number of days, 0 or more"));
            a.dueInDays = due.toInt(0);
            a.assignedTo = optionalString(o, "assignedTo", path);
            a.body = optionalString(o, "body", path);
        } else if (type == "addNote"_L1) {
            a.kind = OutcomeAction::Kind::AddNote;
            a.body = requiredString(o, "body", path);
        } else {
            problem(path + u".type"_s, MappingFile::tr("must be addTags, removeTags, createTask or addNote, not \"%1\"").arg(type));
        }
        a.extra = without(o, {"type", "tags", "title", "dueInDays", "assignedTo", "body"});
        return a;
    }
};

} // namespace

MappingFile::LoadResult MappingFile::parse(const QByteArray &bytes)
{
    LoadResult result;
    Reader rd;
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &pe);
    if (pe.error != QJsonParseError::NoError) {
        // Name the line and column, which is what an editor shows.
        const QByteArray before = bytes.left(pe.offset);
        const int line = int(before.count('\n')) + 1;
        const int column = int(pe.offset - before.lastIndexOf('\n'));
        rd.problem(u"$"_s, MappingFile::tr("not valid JSON at line %1, column %2: %3").arg(line).arg(column).arg(pe.errorString()));
        result.problems = rd.problems;
        return result;
    }
    if (!doc.isObject()) {
        rd.problem(u"$"_s, MappingFile::tr("a mapping file must hold a JSON object"));
        result.problems = rd.problems;
        return result;
    }
    QJsonObject root = doc.object();
    Mapping &m = result.mapping;
    const QJsonValue version = root.value("version"_L1);
    if (!version.isDouble() || version.toDouble() != double(int(version.toDouble())) || version.toInt() < 1) {
        rd.problem(u"$.version"_s, MappingFile::tr("missing or not a positive whole number"));
    } else if (version.toInt() < Mapping::kCurrentVersion) {
        result.migratedFrom = version.toInt();
        root = migrate(root, version.toInt());
    } else if (version.toInt() > Mapping::kCurrentVersion) {
        rd.problem(u"$.version"_s, MappingFile::tr("this file was written by a newer FlagBridge (format %1; this version reads up to %2)")
                                      .arg(version.toInt())
                                      .arg(Mapping::kCurrentVersion));
        result.problems = rd.problems;
        return result;
    }
    m.version = Mapping::kCurrentVersion;
    m.name = rd.optionalString(root, "name", u"$"_s);

    const QJsonValue connections = root.value("connections"_L1);
    if (!connections.isObject()) {
        rd.problem(u"$.connections"_s, MappingFile::tr("missing: name the HighLevel and LaunchDarkly connections"));
    } else {
        m.highLevelConnection = rd.requiredString(connections.toObject(), "highlevel", u"$.connections"_s);
        m.launchDarklyConnection = rd.requiredString(connections.toObject(), "launchdarkly", u"$.connections"_s);
    }
    const QJsonValue ld = root.value("launchdarkly"_L1);
    if (!ld.isUndefined() && !ld.isObject()) {
        rd.problem(u"$.launchdarkly"_s, MappingFile::tr("must be an object"));
    } else {
        m.projectKey = rd.optionalString(ld.toObject(), "project", u"$.launchdarkly"_s);
        m.environmentKey = rd.optionalString(ld.toObject(), "environment", u"$.launchdarkly"_s);
    }

    const QJsonValue bindings = root.value("bindings"_L1);
    if (!bindings.isArray()) {
        rd.problem(u"$.bindings"_s, MappingFile::tr("missing or not a list"));
    } else {
        const QJsonArray list = bindings.toArray();
        QStringList ids;
        for (int i = 0; i < list.size(); ++i) {
            const QString path = u"$.bindings[%1]"_s.arg(i);
            if (!list.at(i).isObject()) {
                rd.problem(path, MappingFile::tr("must be an object"));
                continue;
            }
            Binding b = rd.binding(list.at(i).toObject(), path);
            if (!b.id.isEmpty() && ids.contains(b.id))
                rd.problem(path + u".id"_s, MappingFile::tr("\"%1\" is used by another binding").arg(b.id));
            ids.append(b.id);
            m.bindings.append(b);
        }
    }
    m.extra = without(root, {"version", "name", "connections", "launchdarkly", "bindings"});
    result.problems = rd.problems;
    return result;
}

MappingFile::LoadResult MappingFile::load(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        LoadResult r;
        r.problems.append({u"$"_s, MappingFile::tr("cannot open %1: %2").arg(path, f.errorString())});
        return r;
    }
    if (f.size() > kMaxFileSize) {
        LoadResult r;
        r.problems.append({u"$"_s, MappingFile::tr("%1 is larger than a mapping file can be (%2 MB)").arg(path).arg(kMaxFileSize / (1024 * 1024))});
        return r;
    }
    return parse(f.readAll());
}

QByteArray MappingFile::serialize(const Mapping &m)
{
    QJsonObject root = m.extra;
    root.insert("version"_L1, Mapping::kCurrentVersion);
    if (!m.name.isEmpty())
        root.insert("name"_L1, m.name);
    root.insert("connections"_L1, QJsonObject{{"highlevel"_L1, m.highLevelConnection},
                                             {"launchdarkly"_L1, m.launchDarklyConnection}});
    QJsonObject ld;
    if (!m.projectKey.isEmpty())
        ld.insert("project"_L1, m.projectKey);
    if (!m.environmentKey.isEmpty())
        ld.insert("environment"_L1, m.environmentKey);
    if (!ld.isEmpty())
        root.insert("launchdarkly"_L1, ld);
    QJsonArray bindings;
    for (const Binding &b : m.bindings) {
        QJsonObject o = b.extra;
        o.insert("id"_L1, b.id);
        o.insert("name"_L1, b.name);
        o.insert("kind"_L1, Binding::kindName(b.kind));
        o.insert("enabled"_L1, b.enabled);
        o.insert("mode"_L1, b.mode == Binding::Mode::Mirror ? "mirror"_L1 : "add-only"_L1);
        QJsonArray preds;
        for (const SelectorPredicate &p : b.selector.predicates)
            preds.append(p.toJson());
        o.insert("selector"_L1, QJsonObject{{"predicates"_L1, preds}});
        QJsonObject context{{"kind"_L1, b.context.kind}, {"key"_L1, keyFieldName(b.context.keyField)}};
        if (b.context.keyField == ContextSettings::KeyField::CustomField)
            context.insert("customField"_L1, b.context.customFieldName);
        o.insert("context"_L1, context);
        if (b.kind == Binding::Kind::Segment) {
            o.insert("target"_L1, QJsonObject{{"segment"_L1, b.segmentKey}});
        } else if (b.kind == Binding::Kind::FlagTargets) {
            o.insert("target"_L1, QJsonObject{{"flag"_L1, b.flagKey}, {"variation"_L1, b.variationId}});
        } else {
            QJsonArray actions;
            for (const OutcomeAction &a : b.actions) {
                QJsonObject ao = a.extra;
                switch (a.kind) {
                case OutcomeAction::Kind::AddTags:
                case OutcomeAction::Kind::RemoveTags:
                    ao.insert("type"_L1, a.kind == OutcomeAction::Kind::AddTags ? "addTags"_L1 : "removeTags"_L1);
                    ao.insert("tags"_L1, QJsonArray::fromStringList(a.tags));
                    break;
                case OutcomeAction::Kind::CreateTask:
                    ao.insert("type"_L1, "createTask"_L1);
                    ao.insert("title"_L1, a.title);
                    ao.insert("dueInDays"_L1, a.dueInDays);
                    if (!a.assignedTo.isEmpty())
                        ao.insert("assignedTo"_L1, a.assignedTo);
                    if (!a.body.isEmpty())
                        ao.insert("body"_L1, a.body);
                    break;
                case OutcomeAction::Kind::AddNote:
                    ao.insert("type"_L1, "addNote"_L1);
                    ao.insert("body"_L1, a.body);
                    break;
                }
                actions.append(ao);
            }
            o.insert("outcome"_L1, QJsonObject{{"flag"_L1, b.flagKey}, {"variation"_L1, b.variationId}, {"actions"_L1, actions}});
        }
        bindings.append(o);
    }
    root.insert("bindings"_L1, bindings);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

bool MappingFile::save(const QString &path, const Mapping &mapping, QString *error)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly)) {
        if (error)
            *error = MappingFile::tr("cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    f.write(serialize(mapping));
    if (!f.commit()) {
        if (error)
            *error = MappingFile::tr("cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

QJsonObject MappingFile::migrate(QJsonObject root, int fromVersion)
{
    if (fromVersion < 2 && root.value("bindings"_L1).isArray()) {
        // Version 1 kept a binding's target at the top of the binding ("segment", or "flag" and
        // "variation"); version 2 groups it under "target" (and adds flag-outcome bindings).
        QJsonArray bindings = root.value("bindings"_L1).toArray();
        for (qsizetype i = 0; i < bindings.size(); ++i) {
            if (!bindings.at(i).isObject())
                continue; // reported by the reader, at its own path
            QJsonObject b = bindings.at(i).toObject();
            QJsonObject target;
            for (const char *key : {"segment", "flag", "variation"}) {
                if (b.contains(QLatin1String(key))) {
                    target.insert(QLatin1String(key), b.value(QLatin1String(key)));
                    b.remove(QLatin1String(key));
                }
            }
            if (!target.isEmpty() && !b.contains("target"_L1))
                b.insert("target"_L1, target);
            bindings[i] = b;
        }
        root.insert("bindings"_L1, bindings);
    }
    root.insert("version"_L1, Mapping::kCurrentVersion);
    return root;
}
