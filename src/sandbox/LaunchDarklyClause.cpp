#include "LaunchDarklyClause.h"

using namespace Qt::StringLiterals;

QStringList LaunchDarklyClause::operators()
{
    return { u"in"_s,
             u"endsWith"_s,
             u"startsWith"_s,
             u"matches"_s,
             u"contains"_s,
             u"lessThan"_s,
             u"lessThanOrEqual"_s,
             u"greaterThan"_s,
             u"greaterThanOrEqual"_s,
             u"before"_s,
             u"after"_s,
             u"segmentMatch"_s,
             u"semVerEqual"_s,
             u"semVerLessThan"_s,
             u"semVerGreaterThan"_s };
}

QJsonObject LaunchDarklyClause::normalise(const QJsonObject &in,
                                          const std::function<QString()> &newId, QString *error)
{
    if (!in.value("attribute"_L1).isString() || !in.value("op"_L1).isString()
        || !in.value("values"_L1).isArray()) {
        *error = u"a clause needs attribute, op and values"_s;
        return {};
    }
    const QString op = in.value("op"_L1).toString();
    if (!operators().contains(op)) {
        // Operators are case-sensitive: "In" or "SEGMENTMATCH" are refused.
        *error = u"unknown clause operator \""_s + op + u'"';
        return {};
    }
    return QJsonObject { { u"_id"_s, newId() },
                         { u"attribute"_s, in.value("attribute"_L1) },
                         { u"op"_s, op },
                         { u"values"_s, in.value("values"_L1) },
                         { u"contextKind"_s, in.value("contextKind"_L1).toString(u"user"_s) },
                         { u"negate"_s, in.value("negate"_L1).toBool(false) } };
}

qsizetype LaunchDarklyClause::indexOf(const QJsonArray &items, const QString &id)
{
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (items.at(i).toObject().value("_id"_L1).toString() == id)
            return i;
    }
    return -1;
}
