#pragma once

#include "IndividualContext.h"

#include <QJsonObject>
#include <QString>
#include <QVarLengthArray>
#include <vector>

// What a flag is evaluated for: one individual context, or a multi-kind context holding one
// individual context per kind (a user and their organisation, say). Built from LaunchDarkly's
// context JSON, from an old-style user object (no "kind": a user with "custom" attributes), or
// directly from IndividualContext values.
class EvaluationContext
{
public:
    EvaluationContext() = default; // invalid: no context
    explicit EvaluationContext(IndividualContext single);
    static EvaluationContext multi(std::vector<IndividualContext> individuals);
    static EvaluationContext fromJson(const QJsonObject &json);

    bool isValid() const { return m_error.isEmpty() && !m_individuals.isEmpty(); }
    QString error() const;

    bool isMulti() const { return m_individuals.size() > 1; }
    qsizetype kindCount() const { return m_individuals.size(); }
    const IndividualContext &individual(qsizetype i) const { return m_individuals.at(i); }
    // The individual context of that kind, or nullptr.
    const IndividualContext *individual(QStringView kind) const
    {
        for (const IndividualContext &c : m_individuals) {
            if (IndividualContext::sameText(c.kind(), kind))
                return &c;
        }
        return nullptr;
    }

    QJsonObject toJson() const;

private:
    static IndividualContext individualFromJson(const QString &kind, const QJsonObject &json,
                                                QString *error);
    static IndividualContext oldStyleUserFromJson(const QJsonObject &json, QString *error);

    QVarLengthArray<IndividualContext, 1> m_individuals;
    QString m_error;
};
