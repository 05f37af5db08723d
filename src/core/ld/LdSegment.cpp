#include "LdSegment.h"

#include "common/Json.h"

using namespace Qt::StringLiterals;

namespace {

QList<LdContextTargets> contextTargets(const QJsonArray &a)
{
    QList<LdContextTargets> out;
    for (const QJsonValue &v : a) {
        const QJsonObject o = v.toObject();
        out.append({Json::string(o, "contextKind"_L1), Json::stringList(o, "values"_L1)});
    }
    return out;
}

QStringList keysOf(const QStringList &userKeys, const QList<LdContextTargets> &others, const QString &kind)
{
    QStringList keys;
    if (kind == "user"_L1)
        keys = userKeys;
    for (const LdContextTargets &t : others) {
        if (t.contextKind == kind)
            keys += t.values;
    }
    keys.removeDuplicates();
    return keys;
}

} // namespace

LdSegment LdSegment::fromJson(const QJsonObject &o)
{
    LdSegment s;
    s.key = Json::string(o, "key"_L1);
    s.name = Json::string(o, "name"_L1);
    s.description = Json::string(o, "description"_L1);
    s.tags = Json::stringList(o, "tags"_L1);
    s.version = Json::integer(o, "version"_L1);
    s.unbounded = Json::boolean(o, "unbounded"_L1);
    s.unboundedContextKind = Json::string(o, "unboundedContextKind"_L1);
    s.included = Json::stringList(o, "included"_L1);
    s.excluded = Json::stringList(o, "excluded"_L1);
    s.includedContexts = contextTargets(Json::array(o, "includedContexts"_L1));
    s.excludedContexts = contextTargets(Json::array(o, "excludedContexts"_L1));
    s.rules = Json::array(o, "rules"_L1);
    const QJsonArray flags = Json::array(o, "_flags"_L1);
    for (const QJsonValue &v : flags) {
        const QString key = v.isString() ? v.toString() : Json::string(v.toObject(), "key"_L1);
        if (!key.isEmpty())
            s.flagKeys.append(key);
    }
    const QJsonObject meta = Json::object(o, "_unboundedMetadata"_L1);
    if (!meta.isEmpty())
        s.unboundedIncludedCount = Json::integer64(meta, "includedCount"_L1, -1);
    return s;
}

QStringList LdSegment::includedKeys(const QString &contextKind) const
{
    return keysOf(included, includedContexts, contextKind);
}

QStringList LdSegment::excludedKeys(const QString &contextKind) const
{
    return keysOf(excluded, excludedContexts, contextKind);
}

int LdSegment::includedCount() const
{
    if (unbounded)
        return int(std::max<qint64>(unboundedIncludedCount, 0));
    int n = int(included.size());
    for (const LdContextTargets &t : includedContexts)
        n += int(t.values.size());
    return n;
}
