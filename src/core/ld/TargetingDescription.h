#pragma once

#include "LdFlag.h"

#include <QCoreApplication>
#include <QString>

// Flag targeting in words, for people who have never read LaunchDarkly's API docs:
// "If user email ends with @acme.com, serve “on”".
class TargetingDescription
{
    Q_DECLARE_TR_FUNCTIONS(TargetingDescription)

public:
    static QString clause(const LdClause &clause);
    static QString rule(const LdRule &rule, const LdFlag &flag);
    static QString serve(int variation, const QJsonObject &rollout, const LdFlag &flag);
    static QString variationName(const LdFlag &flag, int index);
};
