#include "LaunchDarklyEvaluation.h"

#include "eval/EvaluationContext.h"
#include "eval/FlagEvaluator.h"

#include <QHash>

using namespace Qt::StringLiterals;

LaunchDarklyEvaluation::Outcome
LaunchDarklyEvaluation::evaluate(const QString &projectKey, const QString &environmentKey,
                                 const QList<QJsonObject> &flags,
                                 const QList<LaunchDarklySegment> &segments,
                                 const QJsonObject &contextJson, const QStringList &report)
{
    Outcome out;
    const EvaluationContext context = EvaluationContext::fromJson(contextJson);
    if (!context.isValid()) {
        out.error = context.error();
        if (out.error.isEmpty())
            out.error = u"the context is not valid"_s;
        return out;
    }

    FlagEvaluator evaluator;
    QHash<QString, const LaunchDarklySegment *> byKey;
    for (const LaunchDarklySegment &s : segments) {
        byKey.insert(s.key, &s);
        evaluator.addSegment(s.toJson(projectKey, environmentKey, QJsonArray()));
    }
    evaluator.setBigSegmentProvider([&byKey](const QString &segmentKey, const QString &contextKey) {
        const LaunchDarklySegment *s = byKey.value(segmentKey);
        if (!s)
            return BigSegmentMembership::NotListed;
        if (s->bigIncluded.contains(contextKey))
            return BigSegmentMembership::Included;
        if (s->bigExcluded.contains(contextKey))
            return BigSegmentMembership::Excluded;
        return BigSegmentMembership::NotListed;
    });
    QHash<QString, QString> names;
    for (const QJsonObject &f : flags) {
        evaluator.addRestFlag(f, environmentKey);
        names.insert(f.value("key"_L1).toString(), f.value("name"_L1).toString());
    }

    const QString evaluatePath = u"/api/v2/projects/"_s + projectKey + u"/environments/"_s
        + environmentKey + u"/flags/evaluate"_s;
    for (const QString &key : report) {
        const EvaluationResult result = evaluator.evaluate(key, context);
        // The REST API spells the rule id "ruleID" and reports no big-segment status.
        QJsonObject reason = result.reason().toJson();
        if (reason.contains("ruleId"_L1)) {
            reason.insert(u"ruleID"_s, reason.value("ruleId"_L1));
            reason.remove(u"ruleId"_s);
        }
        reason.remove(u"bigSegmentsStatus"_s);
        out.items.append(QJsonObject {
            { u"key"_s, key },
            { u"name"_s, names.value(key) },
            { u"_value"_s, result.hasVariation() ? result.value() : QJsonValue(QJsonValue::Null) },
            { u"reason"_s, reason },
            { u"_links"_s,
              QJsonObject { { u"self"_s,
                              QJsonObject { { u"href"_s, evaluatePath },
                                            { u"type"_s, u"application/json"_s } } },
                            { u"site"_s,
                              QJsonObject { { u"href"_s,
                                              QString(u'/' + projectKey + u'/' + environmentKey
                                                      + u"/features/"_s + key + u"/targeting"_s) },
                                            { u"type"_s, u"text/html"_s } } } } } });
    }
    out.ok = true;
    return out;
}
