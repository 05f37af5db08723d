#pragma once

#include "CompiledClause.h"
#include "KeyIndex.h"
#include "VariationOrRollout.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>
#include <vector>

// A flag's targeting in one environment, parsed once for fast evaluation.
//
// Two JSON shapes carry the same targeting: the SDK data model (a flag object with "on",
// "targets", "rules", … at the top level and "variations" as bare values) and the REST API
// (a flag whose "variations" are objects {"_id", "value", …} and whose targeting sits under
// "environments.<env>"). Both end up here.
struct CompiledFlag
{
    struct Target
    {
        QString contextKind;
        int variation = -1;
        QSet<QString> keys;
    };
    struct Prerequisite
    {
        QString key;
        int flagSlot = -1;
        int variation = -1;
    };
    struct Rule
    {
        QString id;
        int index = 0; // position in the flag's rule list, as reasons report it
        std::vector<CompiledClause> clauses;
        VariationOrRollout serve;
    };

    QString key;
    bool on = false;
    QList<QJsonValue> variations;
    bool hasOffVariation = false;
    int offVariation = -1;
    std::vector<Prerequisite> prerequisites;
    std::vector<Target> userTargets; // "targets": user-kind keys
    std::vector<Target> contextTargets; // "contextTargets", in order; see compileTargeting()
    std::vector<Rule> rules;
    VariationOrRollout fallthrough;
    int attributeSlotCount = 0; // distinct (kind, attribute) pairs the rules read
    QStringList problems; // clauses the evaluation will ignore, for diagnostics

    // `json` is a flag in the SDK data model; `key` overrides a missing "key".
    static CompiledFlag fromSdkJson(const QString &key, const QJsonObject &json, KeyIndex &flagKeys,
                                    KeyIndex &segmentKeys);
    // `json` is a flag as GET /api/v2/flags/{project}/{flag} returns it (with summary=0 when
    // listing). False, with `error` set, when the environment is missing.
    static bool fromRestJson(const QJsonObject &json, const QString &environmentKey,
                             KeyIndex &flagKeys, KeyIndex &segmentKeys, CompiledFlag *out,
                             QString *error);

private:
    void compileTargeting(const QJsonObject &config, KeyIndex &flagKeys, KeyIndex &segmentKeys);
};
