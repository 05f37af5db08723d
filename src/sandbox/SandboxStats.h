#pragma once

#include <QJsonObject>
#include <QMap>
#include <QString>

// What a fake has served since it started (or since the last reset). The /_sandbox routes
// themselves are never counted.
struct SandboxStats
{
    qint64 requests = 0;
    // Requests to write routes that reached their handler: a request refused by auth, a rate
    // limit or an injected fault changed nothing and is not a write.
    qint64 writes = 0;
    qint64 rateLimited = 0; // 429s sent, real or injected
    qint64 faultsFired = 0;
    qint64 withoutVersionHeader = 0; // HighLevel "Version" / LaunchDarkly "LD-API-Version"
    QMap<QString, qint64> byMethod;
    QMap<QString, qint64>
        byRoute; // "PATCH /api/v2/segments/{projectKey}/{environmentKey}/{segmentKey}"
    QMap<QString, qint64> byStatus; // "200", "429"
    QMap<QString, qint64> byVersionHeader; // "2021-07-28", "20240415"

    qint64 route(const QString &methodAndPattern) const { return byRoute.value(methodAndPattern); }
    QJsonObject toJson() const;
};
