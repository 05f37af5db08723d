#pragma once

#include "LaunchDarklySegment.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

// What POST /api/v2/projects/{p}/environments/{e}/flags/evaluate answers for one context: every
// flag's value and reason in that environment. The evaluation itself is FlagBridge's evaluator
// library (flagbridge_eval, QtCore only), which follows LaunchDarkly's documented semantics and
// is checked against LaunchDarkly's conformance data; the LaunchDarkly client under test does not
// take part. Big-segment membership comes from the fake's own store.
class LaunchDarklyEvaluation
{
public:
    struct Outcome
    {
        bool ok = false;
        QString error; // why the context is unusable
        QJsonArray items; // ContextInstanceEvaluation objects, in the order of `report`
    };

    // `flags`: every flag of the project as the REST API shows it (prerequisites may name any of
    // them); `report`: the keys to answer for.
    static Outcome evaluate(const QString &projectKey, const QString &environmentKey,
                            const QList<QJsonObject> &flags,
                            const QList<LaunchDarklySegment> &segments, const QJsonObject &context,
                            const QStringList &report);
};
