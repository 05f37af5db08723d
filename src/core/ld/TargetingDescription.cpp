#include "TargetingDescription.h"

#include "common/Json.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

QString TargetingDescription::variationName(const LdFlag &flag, int index)
{
    if (index < 0 || index >= flag.variations.size())
        return tr("(no variation)");
    return u"“"_s + flag.variations.at(index).displayName() + u"”"_s;
}

QString TargetingDescription::clause(const LdClause &c)
{
    QStringList values;
    for (const QJsonValue &v : c.values)
        values.append(Json::displayText(v));
    const QString list = values.join(tr(" or "));
    const QString kind = c.contextKind.isEmpty() ? u"user"_s : c.contextKind;
    if (c.op == "segmentMatch"_L1) {
        return c.negate ? tr("%1 is not in segment %2").arg(kind, list) : tr("%1 is in segment %2").arg(kind, list);
    }
    QString verb;
    if (c.op == "in"_L1)
        verb = c.negate ? tr("is not") : tr("is");
    else if (c.op == "endsWith"_L1)
        verb = c.negate ? tr("does not end with") : tr("ends with");
    else if (c.op == "startsWith"_L1)
        verb = c.negate ? tr("does not start with") : tr("starts with");
    else if (c.op == "contains"_L1)
        verb = c.negate ? tr("does not contain") : tr("contains");
    else if (c.op == "matches"_L1)
        verb = c.negate ? tr("does not match") : tr("matches");
    else if (c.op == "lessThan"_L1)
        verb = c.negate ? tr("is not less than") : tr("is less than");
    else if (c.op == "lessThanOrEqual"_L1)
        verb = c.negate ? tr("is not at most") : tr("is at most");
    else if (c.op == "greaterThan"_L1)
        verb = c.negate ? tr("is not greater than") : tr("is greater than");
    else if (c.op == "greaterThanOrEqual"_L1)
        verb = c.negate ? tr("is not at least") : tr("is at least");
    else if (c.op == "before"_L1)
        verb = c.negate ? tr("is not before") : tr("is before");
    else if (c.op == "after"_L1)
        verb = c.negate ? tr("is not after") : tr("is after");
    else if (c.op.startsWith("semVer"_L1))
        verb = (c.negate ? tr("not ") : QString()) + tr("version %1").arg(c.op.mid(6));
    else
        verb = (c.negate ? tr("not ") : QString()) + c.op;
    //: e.g. "user email ends with @acme.com"
    return tr("%1 %2 %3 %4").arg(kind, c.attribute, verb, list);
}

QString TargetingDescription::serve(int variation, const QJsonObject &rollout, const LdFlag &flag)
{
    if (variation >= 0)
        return tr("serve %1").arg(variationName(flag, variation));
    const QJsonArray parts = rollout.value("variations"_L1).toArray();
    if (parts.isEmpty())
        return tr("serve nothing");
    QStringList shares;
    for (const QJsonValue &v : parts) {
        const QJsonObject o = v.toObject();
        const double percent = o.value("weight"_L1).toDouble() / 1000.0;
        shares.append(tr("%1 % %2").arg(QLocale().toString(percent, 'g', 4),
                                        variationName(flag, o.value("variation"_L1).toInt(-1))));
    }
    return tr("roll out %1").arg(shares.join(u", "_s));
}

QString TargetingDescription::rule(const LdRule &r, const LdFlag &flag)
{
    QStringList conditions;
    for (const LdClause &c : r.clauses)
        conditions.append(clause(c));
    QString text = tr("If %1, %2").arg(conditions.join(tr(" and ")), serve(r.variation, r.rollout, flag));
    if (r.disabled)
        text = tr("(disabled) %1").arg(text);
    return text;
}
