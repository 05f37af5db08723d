#include "FlagSemanticPatch.h"

#include "LaunchDarklyClause.h"

#include <QMap>

using namespace Qt::StringLiterals;

namespace {

// Individual targets of one environment, keyed by (context kind, variation index).
struct TargetTable
{
    QList<QPair<QString, int>> order;
    QMap<QPair<QString, int>, QStringList> values;

    static TargetTable read(const QJsonObject &config)
    {
        TargetTable t;
        auto take = [&](const QJsonArray &list, bool userList) {
            for (const QJsonValue &v : list) {
                const QJsonObject o = v.toObject();
                const QString kind = o.value("contextKind"_L1).toString(u"user"_s);
                // contextTargets repeats user targets as empty placeholders: skip them.
                if (!userList && kind == "user"_L1)
                    continue;
                const QPair<QString, int> key { kind, o.value("variation"_L1).toInt() };
                if (!t.values.contains(key))
                    t.order.append(key);
                for (const QJsonValue &x : o.value("values"_L1).toArray())
                    t.values[key].append(x.toString());
            }
        };
        take(config.value("targets"_L1).toArray(), true);
        take(config.value("contextTargets"_L1).toArray(), false);
        return t;
    }

    void write(QJsonObject &config) const
    {
        QJsonArray targets, contextTargets;
        QList<QPair<QString, int>> keys = values.keys();
        for (const auto &key : keys) {
            const QStringList &v = values.value(key);
            if (v.isEmpty())
                continue;
            QJsonObject o { { u"values"_s, QJsonArray::fromStringList(v) },
                            { u"variation"_s, key.second },
                            { u"contextKind"_s, key.first } };
            (key.first == "user"_L1 ? targets : contextTargets).append(o);
        }
        config.insert(u"targets"_s, targets);
        config.insert(u"contextTargets"_s, contextTargets);
    }

    // The variation that already targets `key` for `kind`, or -1.
    int variationOf(const QString &kind, const QString &key) const
    {
        for (auto it = values.begin(); it != values.end(); ++it) {
            if (it.key().first == kind && it.value().contains(key))
                return it.key().second;
        }
        return -1;
    }
};

} // namespace

QStringList FlagSemanticPatch::knownInstructions()
{
    return { u"turnFlagOn"_s,
             u"turnFlagOff"_s,
             u"addTargets"_s,
             u"removeTargets"_s,
             u"replaceTargets"_s,
             u"clearTargets"_s,
             u"addUserTargets"_s,
             u"removeUserTargets"_s,
             u"replaceUserTargets"_s,
             u"clearUserTargets"_s,
             u"addRule"_s,
             u"removeRule"_s,
             u"addClauses"_s,
             u"removeClauses"_s,
             u"updateClause"_s,
             u"addValuesToClause"_s,
             u"removeValuesFromClause"_s,
             u"reorderRules"_s,
             u"updateRuleVariationOrRollout"_s,
             u"updateRuleDescription"_s,
             u"updateFallthroughVariationOrRollout"_s,
             u"updateOffVariation"_s,
             u"updateName"_s,
             u"updateDescription"_s,
             u"addTags"_s,
             u"removeTags"_s,
             u"archiveFlag"_s,
             u"restoreFlag"_s,
             u"deprecateFlag"_s,
             u"restoreDeprecatedFlag"_s,
             u"makeFlagPermanent"_s,
             u"makeFlagTemporary"_s };
}

bool FlagSemanticPatch::isEnvironmentInstruction(const QString &kind)
{
    static const QStringList flagWide
        = { u"updateName"_s,       u"updateDescription"_s,     u"addTags"_s,
            u"removeTags"_s,       u"archiveFlag"_s,           u"restoreFlag"_s,
            u"deprecateFlag"_s,    u"restoreDeprecatedFlag"_s, u"makeFlagPermanent"_s,
            u"makeFlagTemporary"_s };
    return !flagWide.contains(kind);
}

SemanticPatchResult FlagSemanticPatch::apply(QJsonObject &flag, const QJsonArray &instructions,
                                             const Context &context)
{
    if (instructions.isEmpty())
        return SemanticPatchResult::failure(
            u"instructions must contain at least one instruction"_s);
    const QStringList known = knownInstructions();
    for (qsizetype i = 0; i < instructions.size(); ++i) {
        const QString kind = instructions.at(i).toObject().value("kind"_L1).toString();
        if (kind.isEmpty())
            return SemanticPatchResult::failure(u"instruction "_s + QString::number(i)
                                                + u" has no \"kind\""_s);
        if (!known.contains(kind))
            return SemanticPatchResult::failure(u"unknown instruction kind \""_s + kind
                                                + u"\" (instruction "_s + QString::number(i)
                                                + u')');
        if (isEnvironmentInstruction(kind) && context.environmentKey.isEmpty())
            return SemanticPatchResult::failure(u"environmentKey is required for instruction "_s
                                                + kind);
    }

    QJsonObject work = flag;
    const QJsonArray variations = work.value("variations"_L1).toArray();
    auto variationIndex = [&](const QString &id) {
        for (qsizetype i = 0; i < variations.size(); ++i) {
            if (variations.at(i).toObject().value("_id"_L1).toString() == id)
                return int(i);
        }
        return -1;
    };
    QJsonObject environments = work.value("environments"_L1).toObject();
    QJsonObject config;
    if (!context.environmentKey.isEmpty()) {
        if (!environments.contains(context.environmentKey))
            return SemanticPatchResult::failure(u"unknown environment \""_s + context.environmentKey
                                                + u'"');
        config = environments.value(context.environmentKey).toObject();
    }
    TargetTable targets = TargetTable::read(config);
    QJsonArray rules = config.value("rules"_L1).toArray();

    // {variationId} or {rolloutWeights:{varId: weight}} → {variation} or {rollout}.
    auto variationOrRollout = [&](const QJsonObject &in, QJsonObject *out, QString *error) {
        if (in.contains("variationId"_L1)) {
            const int v = variationIndex(in.value("variationId"_L1).toString());
            if (v < 0) {
                *error = u"unknown variationId \""_s + in.value("variationId"_L1).toString() + u'"';
                return false;
            }
            *out = QJsonObject { { u"variation"_s, v } };
            return true;
        }
        const QJsonObject weights = in.value("rolloutWeights"_L1).toObject();
        if (weights.isEmpty()) {
            *error = u"variationId or rolloutWeights is required"_s;
            return false;
        }
        QJsonArray list;
        int sum = 0;
        for (auto it = weights.begin(); it != weights.end(); ++it) {
            const int v = variationIndex(it.key());
            if (v < 0) {
                *error = u"unknown variation \""_s + it.key() + u"\" in rolloutWeights"_s;
                return false;
            }
            sum += it.value().toInt();
            list.append(QJsonObject { { u"variation"_s, v }, { u"weight"_s, it.value().toInt() } });
        }
        if (sum != 100000) {
            *error = u"rolloutWeights must add up to 100000"_s;
            return false;
        }
        QJsonObject rollout { { u"variations"_s, list },
                              { u"bucketBy"_s, in.value("rolloutBucketBy"_L1).toString(u"key"_s) },
                              { u"contextKind"_s,
                                in.value("rolloutContextKind"_L1).toString(u"user"_s) } };
        *out = QJsonObject { { u"rollout"_s, rollout } };
        return true;
    };
    auto checkSegments = [&](const QJsonObject &clause, QString *error) {
        if (clause.value("op"_L1).toString() != "segmentMatch"_L1)
            return true;
        for (const QJsonValue &v : clause.value("values"_L1).toArray()) {
            if (context.segmentExists && !context.segmentExists(v.toString())) {
                *error
                    = u"segment \""_s + v.toString() + u"\" does not exist in this environment"_s;
                return false;
            }
        }
        return true;
    };

    for (qsizetype i = 0; i < instructions.size(); ++i) {
        const QJsonObject in = instructions.at(i).toObject();
        const QString kind = in.value("kind"_L1).toString();
        const QString where = u"instruction "_s + QString::number(i) + u" ("_s + kind + u"): "_s;
        auto fail = [&](const QString &message) {
            return SemanticPatchResult::failure(where + message);
        };
        QString error;

        if (kind == "turnFlagOn"_L1 || kind == "turnFlagOff"_L1) {
            config.insert(u"on"_s, kind == "turnFlagOn"_L1);
        } else if (kind == "addTargets"_L1 || kind == "removeTargets"_L1
                   || kind == "addUserTargets"_L1 || kind == "removeUserTargets"_L1) {
            const bool users = kind.contains("User"_L1);
            const QString contextKind
                = users ? u"user"_s : in.value("contextKind"_L1).toString(u"user"_s);
            const int variation = variationIndex(in.value("variationId"_L1).toString());
            if (variation < 0)
                return fail(u"unknown variationId \""_s + in.value("variationId"_L1).toString()
                            + u'"');
            const QJsonArray values = in.value("values"_L1).toArray();
            if (!in.value("values"_L1).isArray() || values.isEmpty())
                return fail(u"values must be a non-empty list of keys"_s);
            const QPair<QString, int> key { contextKind, variation };
            if (!targets.values.contains(key))
                targets.order.append(key);
            QStringList &list = targets.values[key];
            for (const QJsonValue &v : values) {
                const QString k = v.toString();
                if (k.isEmpty())
                    return fail(u"values must be non-empty strings"_s);
                if (kind.startsWith("add"_L1)) {
                    const int current = targets.variationOf(contextKind, k);
                    if (current >= 0 && current != variation)
                        return fail(
                            u"\""_s + k + u"\" is already a target of variation "_s
                            + QString::number(current)
                            + u"; remove it there first (a context can be targeted by only one variation)"_s);
                    if (!list.contains(k))
                        list.append(k);
                } else {
                    list.removeAll(k);
                }
            }
        } else if (kind == "replaceTargets"_L1 || kind == "replaceUserTargets"_L1) {
            TargetTable replacement;
            for (const QJsonValue &t : in.value("targets"_L1).toArray()) {
                const QJsonObject o = t.toObject();
                const QString contextKind = kind == "replaceUserTargets"_L1
                    ? u"user"_s
                    : o.value("contextKind"_L1).toString(u"user"_s);
                const int variation = variationIndex(o.value("variationId"_L1).toString());
                if (variation < 0)
                    return fail(u"unknown variationId \""_s + o.value("variationId"_L1).toString()
                                + u'"');
                for (const QJsonValue &v : o.value("values"_L1).toArray()) {
                    const int current = replacement.variationOf(contextKind, v.toString());
                    if (current >= 0 && current != variation)
                        return fail(u"\""_s + v.toString() + u"\" is listed for two variations"_s);
                    replacement.values[{ contextKind, variation }].append(v.toString());
                }
            }
            if (kind == "replaceUserTargets"_L1) {
                for (auto it = targets.values.begin(); it != targets.values.end(); ++it) {
                    if (it.key().first != "user"_L1)
                        replacement.values.insert(it.key(), it.value());
                }
            }
            targets = replacement;
        } else if (kind == "clearTargets"_L1 || kind == "clearUserTargets"_L1) {
            const int variation = variationIndex(in.value("variationId"_L1).toString());
            if (variation < 0)
                return fail(u"unknown variationId \""_s + in.value("variationId"_L1).toString()
                            + u'"');
            for (auto it = targets.values.begin(); it != targets.values.end(); ++it) {
                if (it.key().second == variation
                    && (kind == "clearTargets"_L1 || it.key().first == "user"_L1))
                    it.value().clear();
            }
        } else if (kind == "addRule"_L1) {
            QJsonArray clauses;
            for (const QJsonValue &c : in.value("clauses"_L1).toArray()) {
                const QJsonObject clause
                    = LaunchDarklyClause::normalise(c.toObject(), context.newId, &error);
                if (!error.isEmpty() || !checkSegments(clause, &error))
                    return fail(error);
                clauses.append(clause);
            }
            if (clauses.isEmpty())
                return fail(u"clauses must contain at least one clause"_s);
            QJsonObject served;
            if (!variationOrRollout(in, &served, &error))
                return fail(error);
            QJsonObject rule { { u"_id"_s, context.newId() },
                               { u"clauses"_s, clauses },
                               { u"trackEvents"_s, in.value("trackEvents"_L1).toBool(false) } };
            for (auto it = served.begin(); it != served.end(); ++it)
                rule.insert(it.key(), it.value());
            if (in.contains("description"_L1))
                rule.insert(u"description"_s, in.value("description"_L1));
            if (in.contains("ref"_L1))
                rule.insert(u"ref"_s, in.value("ref"_L1));
            qsizetype at = rules.size();
            if (in.contains("beforeRuleId"_L1)) {
                at = LaunchDarklyClause::indexOf(rules, in.value("beforeRuleId"_L1).toString());
                if (at < 0)
                    return fail(u"no rule with id \""_s + in.value("beforeRuleId"_L1).toString()
                                + u'"');
            }
            rules.insert(at, rule);
        } else if (kind == "reorderRules"_L1) {
            const QJsonArray ids = in.value("ruleIds"_L1).toArray();
            QJsonArray ordered;
            for (const QJsonValue &id : ids) {
                const qsizetype r = LaunchDarklyClause::indexOf(rules, id.toString());
                if (r < 0 || ordered.contains(rules.at(r)))
                    return fail(u"ruleIds must list every rule exactly once"_s);
                ordered.append(rules.at(r));
            }
            if (ordered.size() != rules.size())
                return fail(u"ruleIds must list every rule exactly once"_s);
            rules = ordered;
        } else if (kind == "removeRule"_L1 || kind == "addClauses"_L1 || kind == "removeClauses"_L1
                   || kind == "updateClause"_L1 || kind == "addValuesToClause"_L1
                   || kind == "removeValuesFromClause"_L1
                   || kind == "updateRuleVariationOrRollout"_L1
                   || kind == "updateRuleDescription"_L1) {
            const qsizetype r
                = LaunchDarklyClause::indexOf(rules, in.value("ruleId"_L1).toString());
            if (r < 0)
                return fail(u"no rule with id \""_s + in.value("ruleId"_L1).toString() + u'"');
            if (kind == "removeRule"_L1) {
                rules.removeAt(r);
                continue;
            }
            QJsonObject rule = rules.at(r).toObject();
            QJsonArray clauses = rule.value("clauses"_L1).toArray();
            if (kind == "updateRuleVariationOrRollout"_L1) {
                QJsonObject served;
                if (!variationOrRollout(in, &served, &error))
                    return fail(error);
                rule.remove(u"variation"_s);
                rule.remove(u"rollout"_s);
                for (auto it = served.begin(); it != served.end(); ++it)
                    rule.insert(it.key(), it.value());
            } else if (kind == "updateRuleDescription"_L1) {
                rule.insert(u"description"_s, in.value("description"_L1).toString());
            } else if (kind == "addClauses"_L1) {
                for (const QJsonValue &c : in.value("clauses"_L1).toArray()) {
                    const QJsonObject clause
                        = LaunchDarklyClause::normalise(c.toObject(), context.newId, &error);
                    if (!error.isEmpty() || !checkSegments(clause, &error))
                        return fail(error);
                    clauses.append(clause);
                }
            } else if (kind == "removeClauses"_L1) {
                for (const QJsonValue &id : in.value("clauseIds"_L1).toArray()) {
                    const qsizetype c = LaunchDarklyClause::indexOf(clauses, id.toString());
                    if (c < 0)
                        return fail(u"no clause with id \""_s + id.toString() + u'"');
                    clauses.removeAt(c);
                }
            } else {
                const qsizetype c
                    = LaunchDarklyClause::indexOf(clauses, in.value("clauseId"_L1).toString());
                if (c < 0)
                    return fail(u"no clause with id \""_s + in.value("clauseId"_L1).toString()
                                + u'"');
                QJsonObject clause = clauses.at(c).toObject();
                if (kind == "updateClause"_L1) {
                    QJsonObject updated = LaunchDarklyClause::normalise(
                        in.value("clause"_L1).toObject(), context.newId, &error);
                    if (!error.isEmpty() || !checkSegments(updated, &error))
                        return fail(error);
                    updated.insert(u"_id"_s, clause.value("_id"_L1));
                    clause = updated;
                } else {
                    QJsonArray values = clause.value("values"_L1).toArray();
                    const QJsonArray change = in.value("values"_L1).toArray();
                    if (change.isEmpty())
                        return fail(u"values must not be empty"_s);
                    if (kind == "addValuesToClause"_L1) {
                        QJsonObject probe = clause;
                        probe.insert(u"values"_s, change);
                        if (!checkSegments(probe, &error))
                            return fail(error);
                    }
                    for (const QJsonValue &v : change) {
                        if (kind == "addValuesToClause"_L1) {
                            if (!values.contains(v))
                                values.append(v);
                        } else {
                            for (qsizetype k = values.size() - 1; k >= 0; --k) {
                                if (values.at(k) == v)
                                    values.removeAt(k);
                            }
                        }
                    }
                    clause.insert(u"values"_s, values);
                }
                clauses.replace(c, clause);
            }
            rule.insert(u"clauses"_s, clauses);
            rules.replace(r, rule);
        } else if (kind == "updateFallthroughVariationOrRollout"_L1) {
            QJsonObject served;
            if (!variationOrRollout(in, &served, &error))
                return fail(error);
            config.insert(u"fallthrough"_s, served);
        } else if (kind == "updateOffVariation"_L1) {
            const int v = variationIndex(in.value("variationId"_L1).toString());
            if (v < 0)
                return fail(u"unknown variationId \""_s + in.value("variationId"_L1).toString()
                            + u'"');
            config.insert(u"offVariation"_s, v);
        } else if (kind == "updateName"_L1) {
            if (in.value("value"_L1).toString().trimmed().isEmpty())
                return fail(u"value must be a non-empty name"_s);
            work.insert(u"name"_s, in.value("value"_L1).toString());
        } else if (kind == "updateDescription"_L1) {
            work.insert(u"description"_s, in.value("value"_L1).toString());
        } else if (kind == "addTags"_L1 || kind == "removeTags"_L1) {
            QJsonArray tags = work.value("tags"_L1).toArray();
            for (const QJsonValue &t : in.value("values"_L1).toArray()) {
                if (kind == "addTags"_L1 && !tags.contains(t))
                    tags.append(t);
                else if (kind == "removeTags"_L1) {
                    for (qsizetype k = tags.size() - 1; k >= 0; --k) {
                        if (tags.at(k) == t)
                            tags.removeAt(k);
                    }
                }
            }
            work.insert(u"tags"_s, tags);
        } else if (kind == "archiveFlag"_L1 || kind == "restoreFlag"_L1) {
            work.insert(u"archived"_s, kind == "archiveFlag"_L1);
        } else if (kind == "deprecateFlag"_L1 || kind == "restoreDeprecatedFlag"_L1) {
            work.insert(u"deprecated"_s, kind == "deprecateFlag"_L1);
        } else if (kind == "makeFlagPermanent"_L1 || kind == "makeFlagTemporary"_L1) {
            work.insert(u"temporary"_s, kind == "makeFlagTemporary"_L1);
        }
    }

    SemanticPatchResult result;
    if (!context.environmentKey.isEmpty()) {
        config.insert(u"rules"_s, rules);
        targets.write(config);
        const QJsonObject before = environments.value(context.environmentKey).toObject();
        // Compare what the instructions can change; the stored arrays may differ only in form.
        QJsonObject normalisedBefore = before;
        TargetTable::read(before).write(normalisedBefore);
        if (normalisedBefore != config) {
            config.insert(u"version"_s, config.value("version"_L1).toInt() + 1);
            environments.insert(context.environmentKey, config);
            work.insert(u"environments"_s, environments);
            result.changed = true;
        }
    }
    if (!result.changed) {
        QJsonObject a = work, b = flag;
        a.remove(u"environments"_s);
        b.remove(u"environments"_s);
        result.changed = a != b;
    }
    if (result.changed)
        work.insert(u"_version"_s, work.value("_version"_L1).toInt() + 1);
    flag = work;
    return result;
}
