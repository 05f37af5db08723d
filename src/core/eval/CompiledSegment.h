#pragma once

#include "AttributeReference.h"
#include "CompiledClause.h"
#include "KeyIndex.h"

#include <QByteArray>
#include <QJsonObject>
#include <QSet>
#include <QString>
#include <optional>
#include <vector>

// A segment parsed for evaluation. The SDK data model and the REST API describe segments with
// the same fields (rule ids are "id" in one and "_id" in the other), so one parser reads both.
struct CompiledSegment
{
    struct KindKeys
    {
        QString contextKind;
        QSet<QString> keys;
    };
    struct Rule
    {
        QString id;
        std::vector<CompiledClause> clauses;
        std::optional<qint64> weight; // 0..100000: only that share of matching contexts is in
        QString rolloutContextKind;
        AttributeReference bucketBy;
    };

    QString key;
    QSet<QString> included; // user-kind keys
    QSet<QString> excluded;
    std::vector<KindKeys> includedContexts;
    std::vector<KindKeys> excludedContexts;
    std::vector<Rule> rules;
    QByteArray bucketPrefix; // "<key>.<salt>."
    // Big ("unbounded") segments keep their members outside the segment data.
    bool unbounded = false;
    QString unboundedContextKind;
    std::optional<qint64> generation;

    static CompiledSegment compile(const QString &key, const QJsonObject &json,
                                   KeyIndex &segmentKeys);
};
