#include "MappingFile.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace {

QString kindName(Binding::Kind k)
{
    return k == Binding::Kind::Segment ? u"segment"_s : u"flag-targets"_s;
}

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
        else if (!kind.isEmpty())
            problem(path + u".kind"_s, MappingFile::tr("must be \"segment\" or \"flag-targets\", not \"%1\"").arg(kind));
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
                SelectorPredicate p = SelectorPredicate::fromJson(list.at(i).toObject(), &why);
                if (!why.isEmpty())
                    problem(ppath, why);
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

        if (b.kind == Binding::Kind::Segment) {
            b.segmentKey = requiredString(o, "segment", path);
        } else {
            b.flagKey = requiredString(o, "flag", path);
            b.variationId = requiredString(o, "variation", path);
        }
        b.extra = without(o, {"id", "name", "enabled", "kind", "mode", "selector", "context", "segment",
                              "flag", "variation"});
        return b;
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
    const QJsonObject root = doc.object();
    Mapping &m = result.mapping;
    const QJsonValue version = root.value("version"_L1);
    if (!version.isDouble() || version.toDouble() != double(int(version.toDouble())) || version.toInt() < 1) {
        rd.problem(u"$.version"_s, MappingFile::tr("missing or not a positive whole number"));
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
        o.insert("kind"_L1, kindName(b.kind));
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
            o.insert("segment"_L1, b.segmentKey);
        } else {
            o.insert("flag"_L1, b.flagKey);
            o.insert("variation"_L1, b.variationId);
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
