#pragma once

#include "LaunchDarklyConnection.h"
#include "LdFlag.h"
#include "LdProject.h"
#include "LdSegment.h"
#include "SemanticPatch.h"

#include "net/HttpClient.h"
#include "net/Result.h"

#include <QJsonObject>
#include <QObject>

// The LaunchDarkly REST API v2 (LD-API-Version 20240415) for targeting: projects, environments,
// flags, segments and semantic patches. Lists are read to the end, whatever the page size.
class LaunchDarklyClient : public QObject
{
    Q_OBJECT

public:
    static inline const QByteArray kApiVersion = QByteArrayLiteral("20240415");
    static constexpr int kPageSize = 100;

    explicit LaunchDarklyClient(const LaunchDarklyConnection &connection, QObject *parent = nullptr);

    const LaunchDarklyConnection &connection() const { return m_connection; }
    HttpClient *http() const { return m_http; }

    ApiCall *callerIdentity(QObject *context, Callback<QJsonObject> done);
    ApiCall *listProjects(QObject *context, Callback<QList<LdProject>> done);
    ApiCall *listEnvironments(const QString &projectKey, QObject *context,
                              Callback<QList<LdEnvironment>> done);
    // Flags with their configuration in one environment (targets, rules).
    ApiCall *listFlags(const QString &projectKey, const QString &environmentKey, QObject *context,
                       Callback<QList<LdFlag>> done);
    ApiCall *getFlag(const QString &projectKey, const QString &flagKey, const QString &environmentKey,
                     QObject *context, Callback<LdFlag> done);
    ApiCall *listSegments(const QString &projectKey, const QString &environmentKey, QObject *context,
                          Callback<QList<LdSegment>> done);
    ApiCall *getSegment(const QString &projectKey, const QString &environmentKey,
                        const QString &segmentKey, QObject *context, Callback<LdSegment> done);
    // One semantic patch request (callers split at SemanticPatch::kSegmentTargetLimit).
    // With dryRun the server validates and returns the would-be segment without saving it.
    ApiCall *patchSegment(const QString &projectKey, const QString &segmentKey,
                          const SemanticPatch &patch, bool dryRun, QObject *context,
                          Callback<LdSegment> done);

    static void decodeError(ApiError &error, const HttpResponse &response);
    // Context kinds: letters, digits, ".", "_", "-"; not "kind" or "multi". Empty = valid.
    static QString contextKindProblem(const QString &kind);

private:
    template<typename T>
    ApiCall *call(HttpRequest request, QObject *context,
                  std::function<Result<T>(const QJsonObject &)> decode, Callback<T> done);
    template<typename T>
    ApiCall *readCollection(const QString &path, const QString &route, const QString &operation,
                            const QList<QPair<QString, QString>> &query, QObject *context,
                            Callback<QList<T>> done);
    HttpRequest request(const QByteArray &method, const QString &path, const QString &operation,
                        const QString &route) const;

    friend class LdCollectionRead;
    LaunchDarklyConnection m_connection;
    HttpClient *m_http;
};
