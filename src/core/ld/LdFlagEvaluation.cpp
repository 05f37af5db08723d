#include "LdFlagEvaluation.h"

#include "common/Json.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

LdFlagEvaluation LdFlagEvaluation::fromJson(const QJsonObject &o)
{
    LdFlagEvaluation e;
    e.key = Json::string(o, "key"_L1);
    e.name = Json::string(o, "name"_L1);
    e.value = o.value("_value"_L1);
    if (e.value.isUndefined())
        e.value = QJsonValue::Null;
    const QJsonObject reason = Json::object(o, "reason"_L1);
    e.reasonKind = Json::string(reason, "kind"_L1);
    e.ruleIndex = Json::integer(reason, "ruleIndex"_L1, -1);
    // The REST API spells it "ruleID"; the SDKs' reason objects "ruleId".
    e.ruleId = Json::string(reason, "ruleID"_L1);
    if (e.ruleId.isEmpty())
        e.ruleId = Json::string(reason, "ruleId"_L1);
    e.prerequisiteKey = Json::string(reason, "prerequisiteKey"_L1);
    e.inExperiment = Json::boolean(reason, "inExperiment"_L1);
    e.errorKind = Json::string(reason, "errorKind"_L1);
    return e;
}

QJsonObject LdFlagEvaluation::toJson() const
{
    QJsonObject reason{{"kind"_L1, reasonKind}};
    if (ruleIndex >= 0)
        reason.insert("ruleIndex"_L1, ruleIndex);
    if (!ruleId.isEmpty())
        reason.insert("ruleId"_L1, ruleId);
    if (!prerequisiteKey.isEmpty())
        reason.insert("prerequisiteKey"_L1, prerequisiteKey);
    if (inExperiment)
        reason.insert("inExperiment"_L1, true);
    if (!errorKind.isEmpty())
        reason.insert("errorKind"_L1, errorKind);
    return {{"key"_L1, key}, {"name"_L1, name}, {"value"_L1, value}, {"reason"_L1, reason}};
}

QString LdFlagEvaluation::reasonText() const
{
    if (reasonKind == "OFF"_L1)
        return QCoreApplication::translate("LdFlagEvaluation", "flag is off");
    if (reasonKind == "FALLTHROUGH"_L1)
        return QCoreApplication::translate("LdFlagEvaluation", "default rule");
    if (reasonKind == "TARGET_MATCH"_L1)
        return QCoreApplication::translate("LdFlagEvaluation", "individually targeted");
    if (reasonKind == "RULE_MATCH"_L1)
        return QCoreApplication::translate("LdFlagEvaluation", "rule %1 matched").arg(ruleIndex + 1);
    if (reasonKind == "PREREQUISITE_FAILED"_L1)
        return QCoreApplication::translate("LdFlagEvaluation", "prerequisite %1 not met").arg(prerequisiteKey);
    if (reasonKind == "ERROR"_L1)
        return QCoreApplication::translate("LdFlagEvaluation", "error: %1").arg(errorKind);
    return reasonKind;
}
