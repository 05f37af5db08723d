#include "CompiledSegment.h"

#include "Bucketer.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace {

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

std::vector<CompiledSegment::KindKeys> kindKeys(const QJsonValue &array)
{
    std::vector<CompiledSegment::KindKeys> out;
    const QJsonArray a = array.toArray();
    for (const QJsonValue &v : a) {
        const QJsonObject o = v.toObject();
        QString kind = o.value("contextKind"_L1).toString();
        if (kind.isEmpty())
            kind = u"user"_s;
        out.push_back({ kind, stringSet(o.value("values"_L1)) });
    }
    return out;
}

} // namespace

CompiledSegment CompiledSegment::compile(const QString &key, const QJsonObject &json,
                                         KeyIndex &segmentKeys)
{
    CompiledSegment s;
    s.key = key;
    s.included = stringSet(json.value("included"_L1));
    s.excluded = stringSet(json.value("excluded"_L1));
    s.includedContexts = kindKeys(json.value("includedContexts"_L1));
    s.excludedContexts = kindKeys(json.value("excludedContexts"_L1));
    s.bucketPrefix = Bucketer::prefix(key, json.value("salt"_L1).toString());
    s.unbounded = json.value("unbounded"_L1).toBool();
    s.unboundedContextKind = json.value("unboundedContextKind"_L1).toString();
    if (s.unboundedContextKind.isEmpty())
        s.unboundedContextKind = u"user"_s;
    if (json.value("generation"_L1).isDouble())
        s.generation = qint64(json.value("generation"_L1).toDouble());

    const QJsonArray rules = json.value("rules"_L1).toArray();
    for (const QJsonValue &rv : rules) {
        const QJsonObject r = rv.toObject();
        Rule rule;
        rule.id = r.contains("_id"_L1) ? r.value("_id"_L1).toString() : r.value("id"_L1).toString();
        const QJsonArray clauses = r.value("clauses"_L1).toArray();
        for (const QJsonValue &c : clauses)
            rule.clauses.push_back(CompiledClause::compile(c.toObject(), segmentKeys));
        if (r.value("weight"_L1).isDouble())
            rule.weight = qint64(r.value("weight"_L1).toDouble());
        // As with clauses and rollouts: no kind means a plain attribute name about users.
        const QString kind = r.value("rolloutContextKind"_L1).toString();
        const QString bucketBy = r.value("bucketBy"_L1).toString();
        rule.rolloutContextKind = kind.isEmpty() ? u"user"_s : kind;
        if (bucketBy.isEmpty())
            rule.bucketBy = AttributeReference::literal(u"key"_s);
        else
            rule.bucketBy = kind.isEmpty() ? AttributeReference::literal(bucketBy)
                                           : AttributeReference::fromPath(bucketBy);
        s.rules.push_back(std::move(rule));
    }
    return s;
}
