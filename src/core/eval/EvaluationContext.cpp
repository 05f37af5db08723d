#include "EvaluationContext.h"

using namespace Qt::StringLiterals;

EvaluationContext::EvaluationContext(IndividualContext single)
{
    m_error = single.validationError();
    m_individuals.append(std::move(single));
}

EvaluationContext EvaluationContext::multi(std::vector<IndividualContext> individuals)
{
    EvaluationContext context;
    if (individuals.empty()) {
        context.m_error = u"multi-kind context with no kinds"_s;
        return context;
    }
    for (IndividualContext &c : individuals) {
        if (context.m_error.isEmpty())
            context.m_error = c.validationError();
        if (context.m_error.isEmpty() && context.individual(c.kind()))
            context.m_error = u"multi-kind context lists kind \"%1\" twice"_s.arg(c.kind());
        context.m_individuals.append(std::move(c));
    }
    return context;
}

QString EvaluationContext::error() const
{
    if (!m_error.isEmpty())
        return m_error;
    if (m_individuals.isEmpty())
        return u"no context"_s;
    return QString();
}

IndividualContext EvaluationContext::individualFromJson(const QString &kind,
                                                        const QJsonObject &json, QString *error)
{
    IndividualContext c;
    c.setKind(kind);
    const QJsonValue key = json.value("key"_L1);
    if (!key.isString()) {
        *error = u"context of kind \"%1\" has no string key"_s.arg(kind);
        return c;
    }
    c.setKey(key.toString());
    c.reserve(json.size());
    for (auto it = json.constBegin(); it != json.constEnd(); ++it) {
        const QString name = it.key();
        if (name == "kind"_L1 || name == "key"_L1 || name == "_meta"_L1)
            continue;
        if (name == "name"_L1 && !it.value().isString() && !it.value().isNull()) {
            *error = u"context attribute \"name\" must be a string"_s;
            return c;
        }
        if (name == "anonymous"_L1 && !it.value().isBool() && !it.value().isNull()) {
            *error = u"context attribute \"anonymous\" must be a boolean"_s;
            return c;
        }
        c.setJson(name, it.value());
    }
    *error = c.validationError();
    return c;
}

IndividualContext EvaluationContext::oldStyleUserFromJson(const QJsonObject &json, QString *error)
{
    // Before contexts, a user had a fixed set of top-level attributes and everything else under
    // "custom"; it is a context of kind "user" with all of them at the top level. "secondary"
    // no longer takes part in evaluation and is dropped.
    static const QLatin1StringView kBuiltIns[]
        = { "ip"_L1,        "email"_L1,    "name"_L1,    "avatar"_L1,
            "firstName"_L1, "lastName"_L1, "country"_L1, "anonymous"_L1 };
    IndividualContext c;
    c.setKind(u"user"_s);
    c.setAllowEmptyKey(true);
    const QJsonValue key = json.value("key"_L1);
    if (!key.isString()) {
        *error = u"user has no string key"_s;
        return c;
    }
    c.setKey(key.toString());
    for (QLatin1StringView builtIn : kBuiltIns) {
        const QJsonValue v = json.value(builtIn);
        if (!v.isUndefined() && !v.isNull())
            c.setJson(QString(builtIn), v);
    }
    const QJsonObject custom = json.value("custom"_L1).toObject();
    for (auto it = custom.constBegin(); it != custom.constEnd(); ++it) {
        const QString name = it.key();
        // A custom attribute cannot shadow a built-in one, the kind or the key.
        if (name == "kind"_L1 || name == "key"_L1 || name == "_meta"_L1 || c.attribute(name))
            continue;
        bool builtIn = false;
        for (QLatin1StringView b : kBuiltIns)
            builtIn = builtIn || name == b;
        if (!builtIn)
            c.setJson(name, it.value());
    }
    *error = c.validationError();
    return c;
}

EvaluationContext EvaluationContext::fromJson(const QJsonObject &json)
{
    EvaluationContext context;
    QString error;
    const QJsonValue kind = json.value("kind"_L1);
    if (kind.isUndefined()) {
        context.m_individuals.append(oldStyleUserFromJson(json, &error));
    } else if (!kind.isString()) {
        error = u"context kind must be a string"_s;
    } else if (kind.toString() == "multi"_L1) {
        for (auto it = json.constBegin(); it != json.constEnd() && error.isEmpty(); ++it) {
            if (it.key() == "kind"_L1)
                continue;
            if (!it.value().isObject()) {
                error = u"multi-kind context entry \"%1\" is not an object"_s.arg(it.key());
                break;
            }
            if (context.individual(it.key())) {
                error = u"multi-kind context lists kind \"%1\" twice"_s.arg(it.key());
                break;
            }
            context.m_individuals.append(
                individualFromJson(it.key(), it.value().toObject(), &error));
        }
        if (error.isEmpty() && context.m_individuals.isEmpty())
            error = u"multi-kind context with no kinds"_s;
    } else {
        context.m_individuals.append(individualFromJson(kind.toString(), json, &error));
    }
    context.m_error = error;
    return context;
}

QJsonObject EvaluationContext::toJson() const
{
    if (m_individuals.size() == 1)
        return m_individuals.first().toJson();
    QJsonObject o;
    o.insert(u"kind"_s, u"multi"_s);
    for (const IndividualContext &c : m_individuals)
        o.insert(c.kind(), c.toJson(false));
    return o;
}
