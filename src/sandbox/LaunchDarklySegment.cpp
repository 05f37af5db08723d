#include "LaunchDarklySegment.h"

using namespace Qt::StringLiterals;

int LaunchDarklySegment::targetCount() const
{
    qsizetype n = included.size() + excluded.size();
    for (const ContextTargets &t : includedContexts)
        n += t.values.size();
    for (const ContextTargets &t : excludedContexts)
        n += t.values.size();
    return int(n);
}

QStringList &LaunchDarklySegment::targets(bool includedList, const QString &contextKind)
{
    if (contextKind.isEmpty() || contextKind == "user"_L1)
        return includedList ? included : excluded;
    QList<ContextTargets> &list = includedList ? includedContexts : excludedContexts;
    for (ContextTargets &t : list) {
        if (t.contextKind == contextKind)
            return t.values;
    }
    list.append(ContextTargets { contextKind, {} });
    return list.last().values;
}

const QStringList *LaunchDarklySegment::findTargets(bool includedList,
                                                    const QString &contextKind) const
{
    if (contextKind.isEmpty() || contextKind == "user"_L1)
        return includedList ? &included : &excluded;
    const QList<ContextTargets> &list = includedList ? includedContexts : excludedContexts;
    for (const ContextTargets &t : list) {
        if (t.contextKind == contextKind)
            return &t.values;
    }
    return nullptr;
}

static QJsonArray contextTargetsJson(const QList<LaunchDarklySegment::ContextTargets> &list)
{
    QJsonArray a;
    for (const auto &t : list) {
        if (!t.values.isEmpty())
            a.append(QJsonObject { { u"contextKind"_s, t.contextKind },
                                   { u"values"_s, QJsonArray::fromStringList(t.values) } });
    }
    return a;
}

QJsonObject LaunchDarklySegment::toJson(const QString &projectKey, const QString &environmentKey,
                                        const QJsonArray &flags) const
{
    const QString self = u"/api/v2/segments/"_s + projectKey + u'/' + environmentKey + u'/' + key;
    QJsonObject o { { u"name"_s, name },
                    { u"description"_s, description },
                    { u"tags"_s, QJsonArray::fromStringList(tags) },
                    { u"creationDate"_s, creationDate },
                    { u"lastModifiedDate"_s, lastModifiedDate },
                    { u"key"_s, key },
                    { u"_links"_s,
                      QJsonObject { { u"self"_s,
                                      QJsonObject { { u"href"_s, self },
                                                    { u"type"_s, u"application/json"_s } } },
                                    { u"parent"_s,
                                      QJsonObject { { u"href"_s,
                                                      QString(u"/api/v2/segments/"_s + projectKey
                                                              + u'/' + environmentKey) },
                                                    { u"type"_s, u"application/json"_s } } } } },
                    { u"rules"_s, rules },
                    { u"version"_s, version },
                    { u"deleted"_s, false },
                    { u"generation"_s, generation },
                    { u"_flags"_s, flags },
                    { u"unbounded"_s, unbounded } };
    if (unbounded) {
        o.insert(u"unboundedContextKind"_s, unboundedContextKind);
        o.insert(u"included"_s, QJsonArray());
        o.insert(u"excluded"_s, QJsonArray());
        o.insert(u"_unboundedMetadata"_s,
                 QJsonObject { { u"envId"_s, environmentKey },
                               { u"segmentId"_s, key },
                               { u"version"_s, version },
                               { u"includedCount"_s, qint64(bigIncluded.size()) },
                               { u"excludedCount"_s, qint64(bigExcluded.size()) },
                               { u"lastModified"_s, lastModifiedDate },
                               { u"deleted"_s, false } });
    } else {
        o.insert(u"included"_s, QJsonArray::fromStringList(included));
        o.insert(u"excluded"_s, QJsonArray::fromStringList(excluded));
        o.insert(u"includedContexts"_s, contextTargetsJson(includedContexts));
        o.insert(u"excludedContexts"_s, contextTargetsJson(excludedContexts));
    }
    return o;
}

QJsonObject LaunchDarklySegment::patchableJson() const
{
    return QJsonObject { { u"name"_s, name },
                         { u"description"_s, description },
                         { u"tags"_s, QJsonArray::fromStringList(tags) },
                         { u"included"_s, QJsonArray::fromStringList(included) },
                         { u"excluded"_s, QJsonArray::fromStringList(excluded) },
                         { u"includedContexts"_s, contextTargetsJson(includedContexts) },
                         { u"excludedContexts"_s, contextTargetsJson(excludedContexts) },
                         { u"rules"_s, rules },
                         { u"version"_s, version } };
}

static bool stringList(const QJsonValue &v, QStringList *out)
{
    if (!v.isArray())
        return false;
    out->clear();
    for (const QJsonValue &x : v.toArray()) {
        if (!x.isString())
            return false;
        out->append(x.toString());
    }
    return true;
}

static bool contextTargets(const QJsonValue &v, QList<LaunchDarklySegment::ContextTargets> *out)
{
    if (!v.isArray())
        return false;
    out->clear();
    for (const QJsonValue &x : v.toArray()) {
        LaunchDarklySegment::ContextTargets t;
        t.contextKind = x.toObject().value("contextKind"_L1).toString();
        if (t.contextKind.isEmpty() || !stringList(x.toObject().value("values"_L1), &t.values))
            return false;
        out->append(t);
    }
    return true;
}

bool LaunchDarklySegment::applyPatchableJson(const QJsonObject &json, QString *error)
{
    LaunchDarklySegment copy = *this;
    bool ok = json.value("name"_L1).isString() && json.value("description"_L1).isString()
        && stringList(json.value("tags"_L1), &copy.tags)
        && stringList(json.value("included"_L1), &copy.included)
        && stringList(json.value("excluded"_L1), &copy.excluded)
        && contextTargets(json.value("includedContexts"_L1), &copy.includedContexts)
        && contextTargets(json.value("excludedContexts"_L1), &copy.excludedContexts)
        && json.value("rules"_L1).isArray();
    if (!ok) {
        *error = u"the patched segment is not valid"_s;
        return false;
    }
    copy.name = json.value("name"_L1).toString();
    copy.description = json.value("description"_L1).toString();
    copy.rules = json.value("rules"_L1).toArray();
    *this = copy;
    return true;
}
