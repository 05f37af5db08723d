#include "SegmentSemanticPatch.h"

#include "LaunchDarklyClause.h"

#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace {

bool readValues(const QJsonObject &instruction, const char *field, QStringList *out)
{
    const QJsonValue v = instruction.value(QLatin1StringView(field));
    if (!v.isArray())
        return false;
    out->clear();
    for (const QJsonValue &x : v.toArray()) {
        if (!x.isString() || x.toString().isEmpty())
            return false;
        out->append(x.toString());
    }
    return true;
}

} // namespace

QStringList SegmentSemanticPatch::knownInstructions()
{
    return { u"addIncludedTargets"_s,
             u"removeIncludedTargets"_s,
             u"addExcludedTargets"_s,
             u"removeExcludedTargets"_s,
             u"addIncludedUsers"_s,
             u"removeIncludedUsers"_s,
             u"addExcludedUsers"_s,
             u"removeExcludedUsers"_s,
             u"addBigSegmentIncludedTargets"_s,
             u"removeBigSegmentIncludedTargets"_s,
             u"addBigSegmentExcludedTargets"_s,
             u"removeBigSegmentExcludedTargets"_s,
             u"addTags"_s,
             u"removeTags"_s,
             u"updateName"_s,
             u"updateDescription"_s,
             u"addRule"_s,
             u"removeRule"_s,
             u"addClauses"_s,
             u"removeClauses"_s,
             u"updateClause"_s,
             u"addValuesToClause"_s,
             u"removeValuesFromClause"_s,
             u"updateRuleDescription"_s,
             u"reorderRules"_s };
}

bool SegmentSemanticPatch::isTargetInstruction(const QString &kind)
{
    return kind.endsWith("Targets"_L1) || kind.endsWith("Users"_L1);
}

SemanticPatchResult SegmentSemanticPatch::apply(LaunchDarklySegment &segment,
                                                const QJsonArray &instructions,
                                                const std::function<QString()> &newId)
{
    if (instructions.isEmpty())
        return SemanticPatchResult::failure(
            u"instructions must contain at least one instruction"_s);

    // Shape and batch size first: nothing is applied when any instruction is unusable.
    const QStringList known = knownInstructions();
    qsizetype operations = 0;
    for (qsizetype i = 0; i < instructions.size(); ++i) {
        const QJsonObject in = instructions.at(i).toObject();
        const QString kind = in.value("kind"_L1).toString();
        if (!instructions.at(i).isObject() || kind.isEmpty())
            return SemanticPatchResult::failure(u"instruction "_s + QString::number(i)
                                                + u" has no \"kind\""_s);
        if (!known.contains(kind))
            return SemanticPatchResult::failure(u"unknown instruction kind \""_s + kind
                                                + u"\" (instruction "_s + QString::number(i)
                                                + u')');
        if (isTargetInstruction(kind))
            operations += in.value("values"_L1).toArray().size();
    }
    if (operations > kBatchLimit)
        return SemanticPatchResult::failure(
            u"the number of operations on targets ("_s + QString::number(operations)
            + u") exceeds the batch limit of 1,500; split the change into several requests"_s);

    LaunchDarklySegment work = segment;
    for (qsizetype i = 0; i < instructions.size(); ++i) {
        const QJsonObject in = instructions.at(i).toObject();
        const QString kind = in.value("kind"_L1).toString();
        const QString where = u"instruction "_s + QString::number(i) + u" ("_s + kind + u"): "_s;
        auto fail = [&](const QString &message) {
            return SemanticPatchResult::failure(where + message);
        };

        if (isTargetInstruction(kind)) {
            QStringList values;
            if (!readValues(in, "values", &values))
                return fail(u"values must be a list of non-empty strings"_s);
            const bool big = kind.contains("BigSegment"_L1);
            const bool users = kind.endsWith("Users"_L1);
            const bool adding = kind.startsWith("add"_L1);
            const bool included = kind.contains("Included"_L1);
            if (big != work.unbounded) {
                return fail(big ? u"only big segments (unbounded) accept this instruction"_s
                                : u"this segment is a big segment: change its targets with the "
                                  "BigSegment instructions or the .../contexts endpoint"_s);
            }
            if (big) {
                QSet<QString> &mine = included ? work.bigIncluded : work.bigExcluded;
                const QSet<QString> &other = included ? work.bigExcluded : work.bigIncluded;
                for (const QString &v : std::as_const(values)) {
                    if (adding && other.contains(v))
                        return fail(u"\""_s + v + u"\" would be both included and excluded"_s);
                    if (adding)
                        mine.insert(v);
                    else
                        mine.remove(v);
                }
                continue;
            }
            QString contextKind = u"user"_s;
            if (!users) {
                if (!in.value("contextKind"_L1).isString()
                    || in.value("contextKind"_L1).toString().isEmpty())
                    return fail(u"contextKind is required"_s);
                contextKind = in.value("contextKind"_L1).toString();
            }
            QStringList &mine = work.targets(included, contextKind);
            const QStringList *otherList = work.findTargets(!included, contextKind);
            // Sets for membership: lists reach 15,000 keys and a request carries 1,500.
            const QSet<QString> other
                = otherList ? QSet<QString>(otherList->begin(), otherList->end()) : QSet<QString>();
            QSet<QString> present(mine.begin(), mine.end());
            if (adding) {
                for (const QString &v : std::as_const(values)) {
                    if (other.contains(v))
                        return fail(u"\""_s + v + u"\" ("_s + contextKind
                                    + u") would be both included and excluded"_s);
                    if (!present.contains(v)) {
                        present.insert(v);
                        mine.append(v);
                    }
                }
            } else {
                const QSet<QString> removed(values.begin(), values.end());
                mine.removeIf([&](const QString &k) { return removed.contains(k); });
            }
            continue;
        }

        if (kind == "addTags"_L1 || kind == "removeTags"_L1) {
            QStringList values;
            if (!readValues(in, "values", &values))
                return fail(u"values must be a list of tags"_s);
            for (const QString &t : std::as_const(values)) {
                if (kind == "addTags"_L1 && !work.tags.contains(t))
                    work.tags.append(t);
                else if (kind == "removeTags"_L1)
                    work.tags.removeAll(t);
            }
            continue;
        }
        if (kind == "updateName"_L1) {
            const QString v = in.value("value"_L1).toString();
            if (v.trimmed().isEmpty())
                return fail(u"value must be a non-empty name"_s);
            work.name = v;
            continue;
        }
        if (kind == "updateDescription"_L1) {
            work.description = in.value("value"_L1).toString();
            continue;
        }

        // Rules.
        if (work.unbounded)
            return fail(u"big segments have no targeting rules"_s);
        QJsonArray rules = work.rules;
        if (kind == "addRule"_L1) {
            const QJsonArray clauses = in.value("clauses"_L1).toArray();
            if (clauses.isEmpty())
                return fail(u"clauses must contain at least one clause"_s);
            QJsonArray normalised;
            for (const QJsonValue &c : clauses) {
                QString error;
                const QJsonObject clause
                    = LaunchDarklyClause::normalise(c.toObject(), newId, &error);
                if (!error.isEmpty())
                    return fail(error);
                normalised.append(clause);
            }
            QJsonObject rule { { u"_id"_s, newId() }, { u"clauses"_s, normalised } };
            if (in.contains("description"_L1))
                rule.insert(u"description"_s, in.value("description"_L1));
            if (in.contains("weight"_L1))
                rule.insert(u"weight"_s, in.value("weight"_L1));
            if (in.contains("rolloutContextKind"_L1))
                rule.insert(u"rolloutContextKind"_s, in.value("rolloutContextKind"_L1));
            if (in.contains("bucketBy"_L1))
                rule.insert(u"bucketBy"_s, in.value("bucketBy"_L1));
            qsizetype at = rules.size();
            if (in.contains("beforeRuleId"_L1)) {
                at = LaunchDarklyClause::indexOf(rules, in.value("beforeRuleId"_L1).toString());
                if (at < 0)
                    return fail(u"no rule with id "_s + in.value("beforeRuleId"_L1).toString());
            }
            rules.insert(at, rule);
        } else if (kind == "reorderRules"_L1) {
            const QJsonArray ids = in.value("ruleIds"_L1).toArray();
            if (ids.size() != rules.size())
                return fail(u"ruleIds must list every rule of the segment exactly once"_s);
            QJsonArray ordered;
            for (const QJsonValue &id : ids) {
                const qsizetype r = LaunchDarklyClause::indexOf(rules, id.toString());
                if (r < 0 || ordered.contains(rules.at(r)))
                    return fail(u"ruleIds must list every rule of the segment exactly once"_s);
                ordered.append(rules.at(r));
            }
            rules = ordered;
        } else {
            const qsizetype r
                = LaunchDarklyClause::indexOf(rules, in.value("ruleId"_L1).toString());
            if (r < 0)
                return fail(u"no rule with id \""_s + in.value("ruleId"_L1).toString() + u'"');
            QJsonObject rule = rules.at(r).toObject();
            QJsonArray clauses = rule.value("clauses"_L1).toArray();
            if (kind == "removeRule"_L1) {
                rules.removeAt(r);
                work.rules = rules;
                continue;
            }
            if (kind == "updateRuleDescription"_L1) {
                rule.insert(u"description"_s, in.value("description"_L1).toString());
            } else if (kind == "addClauses"_L1) {
                for (const QJsonValue &c : in.value("clauses"_L1).toArray()) {
                    QString error;
                    const QJsonObject clause
                        = LaunchDarklyClause::normalise(c.toObject(), newId, &error);
                    if (!error.isEmpty())
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
                    QString error;
                    QJsonObject updated = LaunchDarklyClause::normalise(
                        in.value("clause"_L1).toObject(), newId, &error);
                    if (!error.isEmpty())
                        return fail(error);
                    updated.insert(u"_id"_s, clause.value("_id"_L1));
                    clause = updated;
                } else {
                    QJsonArray values = clause.value("values"_L1).toArray();
                    const QJsonArray change = in.value("values"_L1).toArray();
                    if (change.isEmpty())
                        return fail(u"values must not be empty"_s);
                    for (const QJsonValue &v : change) {
                        if (kind == "addValuesToClause"_L1 && !values.contains(v))
                            values.append(v);
                        else if (kind == "removeValuesFromClause"_L1) {
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
        }
        work.rules = rules;
    }

    if (!work.unbounded && work.targetCount() > kStandardLimit)
        return SemanticPatchResult::failure(
            u"a standard segment can hold at most 15,000 individual targets; this change would "
            "leave "_s
            + QString::number(work.targetCount())
            + u". Use a big segment (unbounded) for larger lists"_s);

    SemanticPatchResult result;
    result.changed = work.patchableJson() != segment.patchableJson()
        || work.bigIncluded != segment.bigIncluded || work.bigExcluded != segment.bigExcluded;
    segment = work;
    return result;
}
