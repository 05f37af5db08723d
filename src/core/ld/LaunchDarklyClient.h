#pragma once

#include "LaunchDarklyConnection.h"
#include "LdCallerIdentity.h"
#include "LdContextKind.h"
#include "LdFlag.h"
#include "LdFlagEvaluation.h"
#include "LdProject.h"
#include "LdSegment.h"
#include "LdSegmentDraft.h"
#include "LdTargetChanges.h"
#include "SemanticPatch.h"

#include "net/HttpClient.h"
#include "net/Result.h"

#include <QJsonObject>
#include <QObject>

template<typename T>
class LdTask;

// The LaunchDarkly REST API v2 (LD-API-Version 20240415) for targeting: caller identity,
// projects, environments, context kinds, flags, segments, big segments, semantic patches and
// flag evaluation. Every call goes through one HttpClient, so one queue and one rate limiter per
// connection (per account).
//
// - Lists are read to the end, whatever the page size.
// - Writes carry a comment naming FlagBridge where the API takes one (semantic patches); it shows
//   in LaunchDarkly's audit log.
// - Semantic patches are all-or-nothing; a refusal names the instructions and the server's
//   message, and a 200 whose body lists "errors" is a failure too.
// - 409 optimistic_locking_error: a patch whose instructions do not depend on what was read is
//   sent again (up to kOptimisticLockRetries times); a change planned from what was read (moving
//   flag targets, a segment rule) reads again and plans again.
// - 409 key_exists/conflict on create means "already exists": the existing item is fetched.
// - Context kinds and keys are checked before anything is sent.
class LaunchDarklyClient : public QObject
{
    Q_OBJECT

public:
    static inline const QByteArray kApiVersion = QByteArrayLiteral("20240415");
    static inline const QByteArray kSemanticPatchContentType
        = QByteArrayLiteral("application/json; domain-model=launchdarkly.semanticpatch");
    static constexpr int kPageSize = 100;
    // Big-segment batch requests (POST .../contexts): LaunchDarkly documents no limit; partner
    // integrations stay at 1,000 keys, and so do we.
    static constexpr int kBigSegmentBatchLimit = 1000;
    static constexpr int kOptimisticLockRetries = 2;

    explicit LaunchDarklyClient(const LaunchDarklyConnection &connection, QObject *parent = nullptr);

    const LaunchDarklyConnection &connection() const { return m_connection; }
    HttpClient *http() const { return m_http; }

    // --- identity, projects, environments, context kinds ---------------------------------------

    // The raw GET /api/v2/caller-identity answer.
    ApiCall *callerIdentity(QObject *context, Callback<QJsonObject> done);
    // The token's name, kind and role: caller identity, then the token itself for its role.
    ApiCall *identify(QObject *context, Callback<LdCallerIdentity> done);
    ApiCall *listProjects(QObject *context, Callback<QList<LdProject>> done);
    ApiCall *listEnvironments(const QString &projectKey, QObject *context,
                              Callback<QList<LdEnvironment>> done);
    ApiCall *listContextKinds(const QString &projectKey, QObject *context,
                              Callback<QList<LdContextKind>> done);
    // Creates the kind, or updates the fields given (name is required).
    ApiCall *putContextKind(const QString &projectKey, const LdContextKind &kind, QObject *context,
                            Callback<Done> done);

    // --- flags ---------------------------------------------------------------------------------

    // Flags with their configuration in one environment (targets, rules).
    ApiCall *listFlags(const QString &projectKey, const QString &environmentKey, QObject *context,
                       Callback<QList<LdFlag>> done);
    ApiCall *getFlag(const QString &projectKey, const QString &flagKey, const QString &environmentKey,
                     QObject *context, Callback<LdFlag> done);
    // One semantic patch of a flag, as given. With dryRun LaunchDarkly validates it and answers
    // with the would-be flag without saving it.
    ApiCall *patchFlag(const QString &projectKey, const QString &flagKey, const SemanticPatch &patch,
                       bool dryRun, QObject *context, Callback<LdFlag> done);
    // Adds keys to one variation's individual targets (moving them from another variation in the
    // same request) and removes keys from it. Reads the flag first; sends nothing when nothing
    // needs to change.
    ApiCall *changeFlagTargets(const QString &projectKey, const QString &flagKey,
                               const LdFlagTargetChange &change, bool dryRun, QObject *context,
                               Callback<LdFlagChange> done);
    // Serves `variation` to the members of `segmentKeys`: grows the flag's segmentMatch rule for
    // that variation (addValuesToClause) or adds one (addRule).
    ApiCall *serveVariationToSegments(const QString &projectKey, const QString &flagKey,
                                      const QString &environmentKey, const QStringList &segmentKeys,
                                      const QString &variation, const QString &comment, bool dryRun,
                                      QObject *context, Callback<LdFlagChange> done);
    // POST .../flags/evaluate: every flag's value for one context (LaunchDarkly context JSON,
    // single or multi-kind).
    ApiCall *evaluateFlags(const QString &projectKey, const QString &environmentKey,
                           const QJsonObject &contextJson, QObject *context,
                           Callback<QList<LdFlagEvaluation>> done);

    // --- segments ------------------------------------------------------------------------------

    ApiCall *listSegments(const QString &projectKey, const QString &environmentKey, QObject *context,
                          Callback<QList<LdSegment>> done);
    ApiCall *getSegment(const QString &projectKey, const QString &environmentKey,
                        const QString &segmentKey, QObject *context, Callback<LdSegment> done);
    // POST only (targets follow as separate changes). A taken key returns the existing segment.
    ApiCall *createSegment(const QString &projectKey, const QString &environmentKey,
                           const LdSegmentDraft &draft, QObject *context,
                           Callback<LdSegmentCreation> done);
    ApiCall *deleteSegment(const QString &projectKey, const QString &environmentKey,
                           const QString &segmentKey, QObject *context, Callback<Done> done);
    // One semantic patch request (callers split at SemanticPatch::kSegmentTargetLimit).
    // With dryRun the server validates and returns the would-be segment without saving it.
    ApiCall *patchSegment(const QString &projectKey, const QString &segmentKey,
                          const SemanticPatch &patch, bool dryRun, QObject *context,
                          Callback<LdSegment> done);
    // Included/excluded targets of a standard segment, in as few patches of at most 1,500 keys
    // as possible, one after the other. A failure says how many were applied.
    ApiCall *changeSegmentTargets(const QString &projectKey, const QString &segmentKey,
                                  const LdSegmentTargetChange &change, bool dryRun, QObject *context,
                                  Callback<LdSegmentChangeResult> done);
    // Members of a big segment, kBigSegmentBatchLimit keys a request.
    ApiCall *changeBigSegmentTargets(const QString &projectKey, const QString &environmentKey,
                                     const QString &segmentKey, const LdBigSegmentChange &change,
                                     QObject *context, Callback<LdBigSegmentChangeResult> done);
    ApiCall *bigSegmentMembership(const QString &projectKey, const QString &environmentKey,
                                  const QString &segmentKey, const QString &contextKey,
                                  QObject *context, Callback<LdBigSegmentMembership> done);

    // --- helpers -------------------------------------------------------------------------------

    static void decodeError(ApiError &error, const HttpResponse &response);
    // Context kinds: letters, digits, ".", "_", "-"; not "kind" or "multi". Empty = valid.
    static QString contextKindProblem(const QString &kind);
    // Context keys: any non-empty string. Empty = valid.
    static QString contextKeyProblem(const QString &key);
    // Kind and key together, naming who they belong to ("the contact Ada Lovelace"), for
    // messages that tell the user which record to fix. Empty = valid.
    static QString contextProblem(const QString &kind, const QString &key, const QString &who);
    // The first problem of a context JSON object (single or multi-kind), or empty.
    static QString contextJsonProblem(const QJsonObject &contextJson);
    // The audit-log comment of a write: `comment`, made to name FlagBridge.
    static QString auditComment(const QString &comment);

private:
    template<typename T>
    ApiCall *call(HttpRequest request, QObject *context,
                  std::function<Result<T>(const QJsonObject &)> decode, Callback<T> done);
    // For answers without a body (204) or whose body does not matter.
    ApiCall *callForDone(HttpRequest request, QObject *context, Callback<Done> done);
    template<typename T>
    ApiCall *readCollection(HttpRequest base, int pageSize, QObject *context, Callback<QList<T>> done);
    template<typename T>
    ApiCall *readCollection(const QString &path, const QString &route, const QString &operation,
                            const QList<QPair<QString, QString>> &query, QObject *context,
                            Callback<QList<T>> done);
    HttpRequest request(const QByteArray &method, const QString &path, const QString &operation,
                        const QString &route) const;
    HttpRequest patchRequest(const QString &path, const QString &route, const QString &operation,
                             const SemanticPatch &patch, bool dryRun) const;
    // Sends a semantic patch, again after an optimistic-locking 409.
    template<typename T>
    void sendPatch(LdTask<T> *task, const HttpRequest &request, const SemanticPatch &patch,
                   std::function<Result<T>(const QJsonObject &)> decode, int attempt);
    void planFlagTargets(LdTask<LdFlagChange> *task, const QString &projectKey, const QString &flagKey,
                         const LdFlagTargetChange &change, bool dryRun, int attempt);
    void planSegmentRule(LdTask<LdFlagChange> *task, const QString &projectKey, const QString &flagKey,
                         const QString &environmentKey, const QStringList &segmentKeys,
                         const QString &variation, const QString &comment, bool dryRun, int attempt);
    void createSegmentStep(LdTask<LdSegmentCreation> *task, const QString &projectKey,
                           const QString &environmentKey, const LdSegmentDraft &draft, bool again);
    void recoverCreatedSegment(LdTask<LdSegmentCreation> *task, const QString &projectKey,
                               const QString &environmentKey, const LdSegmentDraft &draft,
                               const ApiError &error, bool again);
    template<typename T>
    ApiCall *refuse(QObject *context, const QString &operation, const QString &problem, Callback<T> done);

    friend class LdCollectionRead;
    LaunchDarklyConnection m_connection;
    HttpClient *m_http;
};
