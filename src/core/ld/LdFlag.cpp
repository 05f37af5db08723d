#include "LdFlag.h"

#include "common/Json.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace {

QList<LdTarget> targetsFrom(const QJsonArray &a, const QString &defaultKind)
{
    QList<LdTarget> out;
    for (const QJsonValue &v : a) {
        const QJsonObject o = v.toObject();
        LdTarget t;
        t.contextKind = Json::string(o, "contextKind"_L1);
        if (t.contextKind.isEmpty())
            t.contextKind = defaultKind;
        t.variation = Json::integer(o, "variation"_L1, -1);
        t.values = Json::stringList(o, "values"_L1);
        out.append(t);
    }
    return out;
}

} // namespace

QString LdVariation::displayName() const
{
    if (!name.isEmpty())
        return name;
    return Json::displayText(value);
}

LdClause LdClause::fromJson(const QJsonObject &o)
{
    LdClause c;
    c.id = Json::string(o, "_id"_L1);
    c.contextKind = Json::string(o, "contextKind"_L1);
    c.attribute = Json::string(o, "attribute"_L1);
    c.op = Json::string(o, "op"_L1);
    c.values = Json::array(o, "values"_L1);
    c.negate = Json::boolean(o, "negate"_L1);
    return c;
}

LdFlagEnvironment LdFlagEnvironment::fromJson(const QJsonObject &o)
{
    LdFlagEnvironment e;
    e.raw = o;
    e.on = Json::boolean(o, "on"_L1);
    e.version = Json::integer(o, "version"_L1);
    e.salt = Json::string(o, "salt"_L1);
    e.targets = targetsFrom(Json::array(o, "targets"_L1), u"user"_s);
    // The API also lists user-kind placeholders here (ordering stubs without values): skip them,
    // the user-kind targets are in "targets".
    const QList<LdTarget> contextTargets = targetsFrom(Json::array(o, "contextTargets"_L1), u"user"_s);
    for (const LdTarget &t : contextTargets) {
        if (t.contextKind == "user"_L1 && t.values.isEmpty())
            continue;
        e.contextTargets.append(t);
    }
    const QJsonArray rules = Json::array(o, "rules"_L1);
    for (const QJsonValue &v : rules) {
        const QJsonObject r = v.toObject();
        LdRule rule;
        rule.id = Json::string(r, "_id"_L1);
        rule.description = Json::string(r, "description"_L1);
        rule.variation = Json::integer(r, "variation"_L1, -1);
        rule.rollout = Json::object(r, "rollout"_L1);
        rule.disabled = Json::boolean(r, "disabled"_L1);
        const QJsonArray clauses = Json::array(r, "clauses"_L1);
        for (const QJsonValue &c : clauses)
            rule.clauses.append(LdClause::fromJson(c.toObject()));
        e.rules.append(rule);
    }
    const QJsonObject fallthrough = Json::object(o, "fallthrough"_L1);
    e.fallthroughVariation = Json::integer(fallthrough, "variation"_L1, -1);
    e.fallthroughRollout = Json::object(fallthrough, "rollout"_L1);
    e.offVariation = Json::integer(o, "offVariation"_L1, -1);
    e.prerequisites = Json::array(o, "prerequisites"_L1);
    return e;
}

QStringList LdFlagEnvironment::targetKeys(int variation, const QString &contextKind) const
{
    QStringList keys;
    const QList<LdTarget> &list = contextKind == "user"_L1 ? targets : contextTargets;
    for (const LdTarget &t : list) {
        if (t.variation == variation && t.contextKind == contextKind)
            keys += t.values;
    }
    // Non-user kinds may also show up in "targets" on older data, and user kind in contextTargets.
    const QList<LdTarget> &other = contextKind == "user"_L1 ? contextTargets : targets;
    for (const LdTarget &t : other) {
        if (t.variation == variation && t.contextKind == contextKind)
            keys += t.values;
    }
    keys.removeDuplicates();
    return keys;
}

QStringList LdFlagEnvironment::segmentKeys() const
{
    QStringList keys;
    for (const LdRule &r : rules) {
        for (const LdClause &c : r.clauses) {
            if (c.op != "segmentMatch"_L1)
                continue;
            for (const QJsonValue &v : c.values)
                keys.append(v.toString());
        }
    }
    keys.removeDuplicates();
    return keys;
}

LdFlag LdFlag::fromJson(const QJsonObject &o)
{
    LdFlag f;
    f.key = Json::string(o, "key"_L1);
    f.name = Json::string(o, "name"_L1);
    f.description = Json::string(o, "description"_L1);
    f.kind = Json::string(o, "kind"_L1);
    f.tags = Json::stringList(o, "tags"_L1);
    f.temporary = Json::boolean(o, "temporary"_L1);
    f.archived = Json::boolean(o, "archived"_L1);
    f.deprecated = Json::boolean(o, "deprecated"_L1);
    f.version = Json::integer(o, "_version"_L1);
    const QJsonArray variations = Json::array(o, "variations"_L1);
    for (const QJsonValue &v : variations) {
        const QJsonObject vo = v.toObject();
        LdVariation var;
        var.id = Json::string(vo, "_id"_L1);
        var.value = vo.value("value"_L1);
        var.name = Json::string(vo, "name"_L1);
        var.description = Json::string(vo, "description"_L1);
        f.variations.append(var);
    }
    const QJsonObject envs = Json::object(o, "environments"_L1);
    for (auto it = envs.constBegin(); it != envs.constEnd(); ++it)
        f.environments.insert(it.key(), LdFlagEnvironment::fromJson(it.value().toObject()));
    return f;
}

int LdFlag::variationIndex(const QString &variationId) const
{
    for (int i = 0; i < variations.size(); ++i) {
        if (variations.at(i).id == variationId)
            return i;
    }
    return -1;
}

int LdFlagEnvironment::targetedVariation(const QString &contextKind, const QString &key) const
{
    for (const QList<LdTarget> *list : {&targets, &contextTargets}) {
        for (const LdTarget &t : *list) {
            if (t.contextKind == contextKind && t.values.contains(key))
                return t.variation;
        }
    }
    return -1;
}

int LdFlag::resolveVariation(const QString &reference, QString *error) const
{
    auto fail = [&](const QString &message) {
        if (error)
            *error = message;
        return -1;
    };
    const QString ref = reference.trimmed();
    if (ref.isEmpty())
        return fail(QCoreApplication::translate("LdFlag", "No variation given."));
    const int byId = variationIndex(ref);
    if (byId >= 0)
        return byId;
    bool isNumber = false;
    const int index = ref.toInt(&isNumber);
    if (isNumber && index >= 0 && index < variations.size())
        return index;
    QList<int> matches;
    for (int i = 0; i < variations.size(); ++i) {
        if (variations.at(i).name.compare(ref, Qt::CaseInsensitive) == 0)
            matches.append(i);
    }
    if (matches.isEmpty()) {
        for (int i = 0; i < variations.size(); ++i) {
            const QJsonValue v = variations.at(i).value;
            const QString text = v.isString() ? v.toString() : Json::displayText(v);
            if (text == ref)
                matches.append(i);
        }
    }
    if (matches.size() == 1)
        return matches.first();
    QStringList known;
    for (int i = 0; i < variations.size(); ++i)
        known.append(QString::number(i) + u": "_s + variations.at(i).displayName());
    if (matches.size() > 1)
        return fail(QCoreApplication::translate("LdFlag", "\"%1\" names more than one variation of %2; use the index (%3).")
                        .arg(ref, key, known.join(u", "_s)));
    return fail(QCoreApplication::translate("LdFlag", "The flag %1 has no variation \"%2\" (variations: %3).")
                    .arg(key, ref, known.join(u", "_s)));
}
