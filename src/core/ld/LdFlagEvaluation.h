#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

// One flag's value for one context, as POST .../flags/evaluate reports it: the variation's value
// (not its index) and why. LaunchDarkly's cross-check for the local evaluator.
struct LdFlagEvaluation
{
    QString key;
    QString name;
    QJsonValue value; // null when the flag serves no variation
    QString reasonKind; // "OFF", "FALLTHROUGH", "TARGET_MATCH", "RULE_MATCH", "PREREQUISITE_FAILED", "ERROR"
    int ruleIndex = -1;
    QString ruleId;
    QString prerequisiteKey;
    bool inExperiment = false;
    QString errorKind;

    static LdFlagEvaluation fromJson(const QJsonObject &o);
    QJsonObject toJson() const;
    // "rule 2 matched", "individually targeted", ... for a table.
    QString reasonText() const;
};
