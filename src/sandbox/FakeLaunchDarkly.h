#pragma once

#include "FixedRateWindow.h"
#include "LaunchDarklyAuditEntry.h"
#include "LaunchDarklyDataSet.h"
#include "LaunchDarklyOptions.h"
#include "LaunchDarklyToken.h"
#include "SandboxHttpServer.h"

#include <QHash>
#include <QRandomGenerator>

// A stateful LaunchDarkly REST API v2 on loopback: caller identity and access tokens, projects,
// environments, context kinds, flags (list, get, semantic patch, JSON patch, evaluation for one
// context) and segments (list, get, create, delete, semantic patch, JSON patch, big-segment
// batches and membership). Envelopes, error bodies, rate-limit headers and semantic-patch rules
// follow shared/reference/ld-api.md.
class FakeLaunchDarkly : public SandboxHttpServer
{
    Q_OBJECT

public:
    explicit FakeLaunchDarkly(QObject *parent = nullptr);

    void load(const LaunchDarklyDataSet &data, quint32 idSeed = 1);

    LaunchDarklyOptions options() const { return m_options; }
    void setOptions(const LaunchDarklyOptions &options);

    // A Writer service token; random for every instance. Sent raw: "Authorization: <token>".
    QString token() const { return m_defaultToken; }
    QString addToken(LaunchDarklyToken::Role role, const QString &name = QString());
    void addToken(const LaunchDarklyToken &token);

    // Approvals on an environment: flag PATCHes then answer 405, segment targeting 403.
    bool setApprovalsRequired(const QString &projectKey, const QString &environmentKey, bool flags,
                              bool segments);

    // State, for tests to inspect or arrange.
    const LaunchDarklyDataSet &data() const { return m_data; }
    const LaunchDarklySegment *segment(const QString &projectKey, const QString &environmentKey,
                                       const QString &segmentKey) const;
    QJsonObject flag(const QString &projectKey, const QString &flagKey) const;
    QList<LaunchDarklyAuditEntry> auditLog() const { return m_audit; }
    void clearAuditLog() { m_audit.clear(); }
    void resetRateLimits();

    // A fault rule that answers the next `times` PATCHes with 409 optimistic_locking_error.
    static SandboxFault optimisticLockingFault(int times = 1);

protected:
    std::optional<SandboxResponse> admit(SandboxRequest &request, const Route &route) override;
    void decorate(const SandboxRequest &request, SandboxResponse &response) override;
    SandboxResponse notFound(const SandboxRequest &request, bool otherMethodMatched) override;
    SandboxResponse errorResponse(int status) override;
    SandboxResponse rateLimitedResponse(const SandboxRequest &request,
                                        int retryAfterSeconds) override;
    QByteArray versionHeaderName() const override { return "ld-api-version"; }
    std::optional<SandboxResponse> handleControl(SandboxRequest &request) override;

private:
    enum class PatchFormat { Semantic, JsonPatch, MergePatch };

    void registerRoutes();
    static SandboxResponse error(int status, const QString &code, const QString &message);
    SandboxResponse paginate(const SandboxRequest &request, const QJsonArray &items) const;
    const LaunchDarklyToken *caller(const SandboxRequest &request) const;
    LaunchDarklyProject *project(const QString &key);
    QList<LaunchDarklySegment> *segments(const QString &projectKey, const QString &environmentKey);
    QJsonArray flagsUsingSegment(const QString &projectKey, const QString &environmentKey,
                                 const QString &segmentKey) const;
    QJsonObject presentFlag(const QString &projectKey, const QJsonObject &flag,
                            const QStringList &environments, bool summary) const;
    // Reads a PATCH body: which format, the comment, and the instructions or operations.
    std::optional<SandboxResponse> readPatch(const SandboxRequest &request, PatchFormat *format,
                                             QJsonObject *body) const;
    void audit(const SandboxRequest &request, const QString &kind, const QString &projectKey,
               const QString &environmentKey, const QString &key, const QString &format,
               const QJsonObject &body, int version);
    QString newId();
    qint64 now() const;

    SandboxResponse callerIdentity(SandboxRequest &request);
    SandboxResponse getToken(SandboxRequest &request);
    SandboxResponse versions(SandboxRequest &request);
    SandboxResponse listProjects(SandboxRequest &request);
    SandboxResponse getProject(SandboxRequest &request);
    SandboxResponse listEnvironments(SandboxRequest &request);
    SandboxResponse getEnvironment(SandboxRequest &request);
    SandboxResponse listContextKinds(SandboxRequest &request);
    SandboxResponse putContextKind(SandboxRequest &request);
    SandboxResponse listFlags(SandboxRequest &request);
    SandboxResponse getFlag(SandboxRequest &request);
    SandboxResponse patchFlag(SandboxRequest &request);
    SandboxResponse evaluateFlags(SandboxRequest &request);
    SandboxResponse listSegments(SandboxRequest &request);
    SandboxResponse createSegment(SandboxRequest &request);
    SandboxResponse getSegment(SandboxRequest &request);
    SandboxResponse patchSegment(SandboxRequest &request);
    SandboxResponse deleteSegment(SandboxRequest &request);
    SandboxResponse updateBigSegment(SandboxRequest &request);
    SandboxResponse bigSegmentMembership(SandboxRequest &request);

    LaunchDarklyDataSet m_data;
    LaunchDarklyOptions m_options;
    QHash<QString, LaunchDarklyToken> m_tokens;
    QString m_defaultToken;
    QList<LaunchDarklyAuditEntry> m_audit;
    FixedRateWindow m_global;
    QHash<QString, FixedRateWindow> m_routes;
    QRandomGenerator m_random;
};
