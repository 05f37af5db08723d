#include "CompiledFlag.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace {

// A variation index as the data gives it; fractional or non-numeric indexes become -1, which
// evaluation reports as a malformed flag.
int variationIndex(const QJsonValue &v)
{
    if (!v.isDouble())
        return -1;
    const int i = v.toInt(-1);
    return double(i) == v.toDouble() ? i : -1;
}

QSet<QString> stringSet(const QJsonValue &array)
{
    QSet<QString> out;
    const QJsonArray a = array.toArray();
    out.reserve(a.size());
    for (const QJsonValue &v : a) {
        if (v.isString())
            out.insert(v.toString());
    }
    return out;
}

} // namespace

CompiledFlag CompiledFlag::fromSdkJson(const QString &key, const QJsonObject &json,
                                       KeyIndex &flagKeys, KeyIndex &segmentKeys)
{
    CompiledFlag f;
    f.key = json.value("key"_L1).toString(key);
    if (f.key.isEmpty())
        f.key = key;
    const QJsonArray variations = json.value("variations"_L1).toArray();
    for (const QJsonValue &v : variations)
        f.variations.append(v);
    f.compileTargeting(json, flagKeys, segmentKeys);
    return f;
}

bool CompiledFlag::fromRestJson(const QJsonObject &json, const QString &environmentKey,
                                KeyIndex &flagKeys, KeyIndex &segmentKeys, CompiledFlag *out,
                                QString *error)
{
    const QJsonObject environments = json.value("environments"_L1).toObject();
    const QJsonValue config = environments.value(environmentKey);
    if (!config.isObject()) {
        if (error)
            *error = u"flag \"%1\" has no configuration for environment \"%2\""_s.arg(
                json.value("key"_L1).toString(), environmentKey);
        return false;
    }
    CompiledFlag f;
    f.key = json.value("key"_L1).toString();
    const QJsonArray variations = json.value("variations"_L1).toArray();
    for (const QJsonValue &v : variations)
        f.variations.append(v.toObject().value("value"_L1));
    f.compileTargeting(config.toObject(), flagKeys, segmentKeys);
    *out = std::move(f);
    return true;
}

void CompiledFlag::compileTargeting(const QJsonObject &config, KeyIndex &flagKeys,
                                    KeyIndex &segmentKeys)
{
    on = config.value("on"_L1).toBool();
    const QString salt = config.value("salt"_L1).toString();
    const QJsonValue off = config.value("offVariation"_L1);
    hasOffVariation = !off.isUndefined() && !off.isNull();
    offVariation = variationIndex(off);

    const QJsonArray prereqs = config.value("prerequisites"_L1).toArray();
    for (const QJsonValue &pv : prereqs) {
        const QJsonObject p = pv.toObject();
        const QString prereqKey = p.value("key"_L1).toString();
        prerequisites.push_back(
            { prereqKey, flagKeys.slot(prereqKey), variationIndex(p.value("variation"_L1)) });
    }

    const QJsonArray targets = config.value("targets"_L1).toArray();
    for (const QJsonValue &tv : targets) {
        const QJsonObject t = tv.toObject();
        userTargets.push_back({ u"user"_s, variationIndex(t.value("variation"_L1)),
                                stringSet(t.value("values"_L1)) });
    }
    // When contextTargets is present it fixes the order of all individual targets. A user-kind
    // entry without values is a placeholder standing for the "targets" entry of the same
    // variation, so it takes those keys here; evaluation then walks one list.
    const QJsonArray ctxTargets = config.value("contextTargets"_L1).toArray();
    for (const QJsonValue &tv : ctxTargets) {
        const QJsonObject t = tv.toObject();
        Target target;
        target.contextKind = t.value("contextKind"_L1).toString();
        if (target.contextKind.isEmpty())
            target.contextKind = u"user"_s;
        target.variation = variationIndex(t.value("variation"_L1));
        target.keys = stringSet(t.value("values"_L1));
        if (target.contextKind == "user"_L1 && target.keys.isEmpty()) {
            for (const Target &u : userTargets) {
                if (u.variation == target.variation)
                    target.keys.unite(u.keys);
            }
        }
        contextTargets.push_back(std::move(target));
    }

    const QJsonArray ruleArray = config.value("rules"_L1).toArray();
    for (qsizetype i = 0; i < ruleArray.size(); ++i) {
        const QJsonObject r = ruleArray.at(i).toObject();
        // The REST API can keep a rule in the list but switched off.
        if (r.value("disabled"_L1).toBool())
            continue;
        Rule rule;
        rule.index = int(i);
        rule.id = r.contains("_id"_L1) ? r.value("_id"_L1).toString() : r.value("id"_L1).toString();
        const QJsonArray clauses = r.value("clauses"_L1).toArray();
        for (const QJsonValue &c : clauses) {
            rule.clauses.push_back(CompiledClause::compile(c.toObject(), segmentKeys));
            if (!rule.clauses.back().problem().isEmpty())
                problems.append(u"rule %1: %2"_s.arg(i).arg(rule.clauses.back().problem()));
        }
        rule.serve = VariationOrRollout::compile(r, key, salt);
        rules.push_back(std::move(rule));
    }
    fallthrough = VariationOrRollout::compile(config.value("fallthrough"_L1).toObject(), key, salt);

    QHash<QStringList, int> attributeSlots;
    for (Rule &rule : rules) {
        for (CompiledClause &clause : rule.clauses) {
            if (clause.mode() != CompiledClause::Mode::Attribute)
                continue;
            QStringList id { clause.contextKind() };
            for (qsizetype i = 0; i < clause.attribute().depth(); ++i)
                id.append(clause.attribute().component(i));
            const auto it = attributeSlots.constFind(id);
            const int slot
                = it != attributeSlots.constEnd() ? it.value() : int(attributeSlots.size());
            if (it == attributeSlots.constEnd())
                attributeSlots.insert(id, slot);
            clause.setAttributeSlot(slot);
        }
    }
    attributeSlotCount = int(attributeSlots.size());
}
