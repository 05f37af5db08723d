#pragma once

#include "HighLevelOptions.h"
#include "HighLevelStore.h"
#include "HighLevelToken.h"
#include "SandboxHttpServer.h"
#include "SlidingRateWindow.h"

#include <QHash>

// A stateful HighLevel (LeadConnector) API v2 on loopback: the Contacts API (Version
// 2021-07-28) with tasks, notes, tags, appointments, campaigns, workflows and followers, the
// location's custom fields, tags and users, and the Calendars appointment routes (2021-04-15).
// Paths, headers, status codes, envelopes and error bodies follow shared/reference/ghl-api.md.
class FakeHighLevel : public SandboxHttpServer
{
    Q_OBJECT

public:
    explicit FakeHighLevel(QObject *parent = nullptr);

    // Replaces all state. `idSeed` makes the ids of later creates reproducible.
    void load(const HighLevelDataSet &data, quint32 idSeed = 1);

    HighLevelOptions options() const { return m_options; }
    void setOptions(const HighLevelOptions &options);

    QString locationId() const { return m_store.locationId(); }
    // A token for the loaded location with every scope; random for every instance.
    QString token() const { return m_defaultToken; }
    // Registers another token: bound to another location (→ 403 on this one), or with fewer
    // scopes (→ 401 "The token is not authorized for this scope."). Returns the token.
    QString addToken(const QString &locationId,
                     const QStringList &scopes = HighLevelToken::allScopes());
    void addToken(const HighLevelToken &token);

    HighLevelStore &store() { return m_store; }
    const HighLevelStore &store() const { return m_store; }
    void resetRateLimits();

    // A Marketplace app that may use the OAuth routes (GET /oauth/chooselocation plays the
    // browser's consent page and redirects at once; POST /oauth/token issues and rotates tokens).
    void addOAuthApp(const QString &clientId, const QString &clientSecret);

protected:
    std::optional<SandboxResponse> admit(SandboxRequest &request, const Route &route) override;
    void decorate(const SandboxRequest &request, SandboxResponse &response) override;
    SandboxResponse notFound(const SandboxRequest &request, bool otherMethodMatched) override;
    SandboxResponse errorResponse(int status) override;
    SandboxResponse rateLimitedResponse(const SandboxRequest &request,
                                        int retryAfterSeconds) override;
    QByteArray versionHeaderName() const override { return "version"; }
    std::optional<SandboxResponse> handleControl(SandboxRequest &request) override;

private:
    struct FieldRule
    {
        const char *name;
        char type; // 's' string, 'b' boolean, 'n' number, 'a' array, 'o' object, '*' anything
        bool required;
        bool nullable;
    };

    struct LocationBudget
    {
        SlidingRateWindow burst;
        qint64 day = -1;
        int dailyCount = 0;
    };

    void registerRoutes();

    // Error bodies in HighLevel's NestJS style.
    static SandboxResponse error(int status, const QString &message);
    static SandboxResponse unprocessable(const QStringList &messages);
    SandboxResponse notFoundError(const QString &what) const; // "Contact not found"
    static SandboxResponse forbiddenLocation();

    // Strict DTO validation: unknown properties and missing or mistyped required ones → 422.
    std::optional<SandboxResponse> readBody(const SandboxRequest &request,
                                            std::initializer_list<FieldRule> rules,
                                            QJsonObject *body) const;
    std::optional<SandboxResponse> checkQuery(const SandboxRequest &request,
                                              const QStringList &allowed,
                                              const QStringList &required) const;
    std::optional<SandboxResponse> checkLocation(const SandboxRequest &request,
                                                 const QString &locationId) const;
    // The contact of the path, or the answer to send instead (not found, other location).
    const HighLevelContact *contactFor(const SandboxRequest &request,
                                       std::optional<SandboxResponse> *refusal) const;
    const HighLevelToken *caller(const SandboxRequest &request) const;
    LocationBudget &budget(const QString &locationId);

    QStringList normaliseTags(const QJsonArray &tags) const;
    // Applies create/update/upsert fields to a contact; returns 422 messages.
    QStringList applyContactFields(const QJsonObject &body, HighLevelContact *contact,
                                   bool replaceTags) const;
    std::optional<SandboxResponse> duplicateOf(const HighLevelContact &candidate,
                                               const QString &exceptId) const;
    qint64 now() const;

    // Handlers.
    SandboxResponse searchContacts(SandboxRequest &request);
    SandboxResponse listContacts(SandboxRequest &request);
    SandboxResponse findDuplicate(SandboxRequest &request);
    SandboxResponse contactsByBusiness(SandboxRequest &request);
    SandboxResponse getContact(SandboxRequest &request);
    SandboxResponse createContact(SandboxRequest &request);
    SandboxResponse updateContact(SandboxRequest &request);
    SandboxResponse upsertContact(SandboxRequest &request);
    SandboxResponse deleteContact(SandboxRequest &request);
    SandboxResponse addTags(SandboxRequest &request);
    SandboxResponse removeTags(SandboxRequest &request);
    SandboxResponse bulkTags(SandboxRequest &request);
    SandboxResponse bulkBusiness(SandboxRequest &request);
    SandboxResponse listTasks(SandboxRequest &request);
    SandboxResponse getTask(SandboxRequest &request);
    SandboxResponse createTask(SandboxRequest &request);
    SandboxResponse updateTask(SandboxRequest &request);
    SandboxResponse completeTask(SandboxRequest &request);
    SandboxResponse deleteTask(SandboxRequest &request);
    SandboxResponse listNotes(SandboxRequest &request);
    SandboxResponse getNote(SandboxRequest &request);
    SandboxResponse createNote(SandboxRequest &request);
    SandboxResponse updateNote(SandboxRequest &request);
    SandboxResponse deleteNote(SandboxRequest &request);
    SandboxResponse listAppointments(SandboxRequest &request);
    SandboxResponse addToCampaign(SandboxRequest &request);
    SandboxResponse removeFromCampaign(SandboxRequest &request);
    SandboxResponse removeFromAllCampaigns(SandboxRequest &request);
    SandboxResponse addToWorkflow(SandboxRequest &request);
    SandboxResponse removeFromWorkflow(SandboxRequest &request);
    SandboxResponse addFollowers(SandboxRequest &request);
    SandboxResponse removeFollowers(SandboxRequest &request);
    SandboxResponse getLocation(SandboxRequest &request);
    SandboxResponse listCustomFields(SandboxRequest &request);
    SandboxResponse listLocationTags(SandboxRequest &request);
    SandboxResponse listUsers(SandboxRequest &request);
    SandboxResponse getCalendarEvent(SandboxRequest &request);
    SandboxResponse oauthChooseLocation(SandboxRequest &request);
    SandboxResponse oauthToken(SandboxRequest &request);
    SandboxResponse issueOAuthTokens(const QString &clientId, const QString &locationId, const QStringList &scopes);
    SandboxResponse updateCalendarEvent(SandboxRequest &request);

    HighLevelStore m_store;
    HighLevelOptions m_options;
    QHash<QString, HighLevelToken> m_tokens;
    struct OAuthGrant
    {
        QString clientId;
        QString locationId;
        QStringList scopes;
        QString redirectUri;
    };
    QHash<QString, QString> m_oauthApps;          // client id → secret
    QHash<QString, OAuthGrant> m_oauthCodes;      // authorization code → grant (single use)
    QHash<QString, OAuthGrant> m_refreshTokens;   // refresh token → grant (rotated on use)
    QString m_defaultToken;
    QHash<QString, LocationBudget> m_budgets;
};
