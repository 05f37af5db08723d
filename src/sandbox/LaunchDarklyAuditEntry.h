#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

// One change made through the fake's API, with the comment the client sent: tests read these to
// check that a sync says what it did and why.
struct LaunchDarklyAuditEntry
{
    qint64 date = 0; // epoch ms
    QString resourceKind; // "segment", "flag", "segment-contexts", "context-kind"
    QString projectKey;
    QString environmentKey;
    QString key;
    QString comment;
    QString format; // "semanticpatch", "jsonpatch", "mergepatch", "create", "delete", "batch"
    QJsonArray instructions;
    QString tokenName;
    int version = 0; // the resource's version after the change

    QJsonObject toJson() const
    {
        return QJsonObject { { QStringLiteral("date"), date },
                             { QStringLiteral("resourceKind"), resourceKind },
                             { QStringLiteral("projectKey"), projectKey },
                             { QStringLiteral("environmentKey"), environmentKey },
                             { QStringLiteral("key"), key },
                             { QStringLiteral("comment"), comment },
                             { QStringLiteral("format"), format },
                             { QStringLiteral("instructions"), instructions },
                             { QStringLiteral("tokenName"), tokenName },
                             { QStringLiteral("version"), version } };
    }
};
