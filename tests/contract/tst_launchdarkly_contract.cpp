#include "PrismServers.h"

#include "ld/LaunchDarklyClient.h"

#include <QTest>

using namespace Qt::StringLiterals;

// Every LaunchDarkly client request that is not a semantic patch, sent to Prism serving
// LaunchDarkly's official OpenAPI spec: Prism validates path, query, headers and body of each,
// and the test fails on any violation. (The spec types PATCH bodies as JSON Patch and cannot
// describe semantic patches; those are checked against the fake LaunchDarkly in
// tst_launchdarkly_client.)
class tst_LaunchDarklyContract : public QObject
{
    Q_OBJECT

private:
    PrismServers m_prism;
    std::unique_ptr<LaunchDarklyClient> m_ld;
    ViolationRecorder m_recorder;
    QStringList m_failures;
    int m_pending = 0;
    const QString m_project = u"default"_s;
    const QString m_env = u"production"_s;

    // Prism answers with the spec's examples; what matters here is that it accepted the request.
    // A 4xx other than the one asked for would mean Prism refused it.
    template<typename T>
    Callback<T> track(const QString &what)
    {
        ++m_pending;
        return [this, what](const Result<T> &r) {
            --m_pending;
            if (!r.isOk() && r.error().kind() != ApiError::Kind::BadResponse)
                m_failures.append(what + u": "_s + r.error().message());
        };
    }

    void waitForAll()
    {
        QTRY_VERIFY_WITH_TIMEOUT(m_pending == 0, 60000);
    }

    void expectNoViolations()
    {
        if (!m_recorder.violations.isEmpty())
            QFAIL(qPrintable(u"Prism reported:\n"_s + m_recorder.violations.join(u'\n')));
        if (!m_failures.isEmpty())
            QFAIL(qPrintable(u"Requests Prism did not accept:\n"_s + m_failures.join(u'\n')));
    }

    // Every call reached Prism (a call refused before sending would not).
    void expectResponses(int before, int atLeast)
    {
        QVERIFY2(m_recorder.responses - before >= atLeast,
                 qPrintable(u"only %1 of %2 requests reached Prism"_s.arg(m_recorder.responses - before).arg(atLeast)));
    }

private Q_SLOTS:
    void init()
    {
        m_recorder.violations.clear();
        m_failures.clear();
    }

    void initTestCase()
    {
        if (!m_prism.skipReason.isEmpty())
            QSKIP(qPrintable(m_prism.skipReason));
        LaunchDarklyConnection c;
        c.token = u"api-contract-test-token"_s;
        c.baseUrl = m_prism.urls.value(u"PRISM_LAUNCHDARKLY"_s);
        c.projectKey = m_project;
        c.environmentKey = m_env;
        QVERIFY2(c.baseUrl.isValid(), "PRISM_LAUNCHDARKLY is missing from the Prism fixture's ports");
        m_ld = std::make_unique<LaunchDarklyClient>(c);
        // Prism answers mocks, errors included: nothing to retry or wait for.
        m_ld->http()->setRetryLimits(0, 0);
        // Prism checks the spec's security scheme (the Authorization header) on every request.
        m_recorder.watch(m_ld->http());
    }

    void identityProjectsEnvironmentsContextKinds()
    {
        LaunchDarklyClient *ld = m_ld.get();
        const int before = m_recorder.responses;
        ld->callerIdentity(this, track<QJsonObject>(u"caller identity"_s));
        ld->identify(this, track<LdCallerIdentity>(u"identify (caller identity, then GET /tokens/{id})"_s));
        ld->listProjects(this, track<QList<LdProject>>(u"list projects"_s));
        ld->listEnvironments(m_project, this, track<QList<LdEnvironment>>(u"list environments"_s));
        ld->listContextKinds(m_project, this, track<QList<LdContextKind>>(u"list context kinds"_s));
        LdContextKind kind;
        kind.key = u"ghl-contact"_s;
        kind.name = u"HighLevel contact"_s;
        kind.description = u"A contact of the CRM"_s;
        ld->putContextKind(m_project, kind, this, track<Done>(u"put context kind"_s));
        kind.description.clear();
        kind.archived = true;
        ld->putContextKind(m_project, kind, this, track<Done>(u"archive context kind"_s));
        waitForAll();
        expectNoViolations();
        expectResponses(before, 8);
    }

    void flagsAndEvaluation()
    {
        LaunchDarklyClient *ld = m_ld.get();
        const int before = m_recorder.responses;
        ld->listFlags(m_project, m_env, this, track<QList<LdFlag>>(u"list flags (env, filterEnv, summary, limit, offset)"_s));
        ld->getFlag(m_project, u"new-checkout"_s, m_env, this, track<LdFlag>(u"get flag"_s));
        ld->getFlag(m_project, u"new-checkout"_s, QString(), this, track<LdFlag>(u"get flag, every environment"_s));
        ld->evaluateFlags(m_project, m_env,
                          QJsonObject{{"kind"_L1, u"ghl-contact"_s},
                                      {"key"_L1, u"ctc_123"_s},
                                      {"name"_L1, u"Sandy"_s},
                                      {"email"_L1, u"sandy+crm@example.com"_s},
                                      {"tags"_L1, QJsonArray{u"vip"_s}}},
                          this, track<QList<LdFlagEvaluation>>(u"evaluate flags"_s));
        ld->evaluateFlags(m_project, m_env,
                          QJsonObject{{"kind"_L1, u"multi"_s},
                                      {"user"_L1, QJsonObject{{"key"_L1, u"u-1"_s}}},
                                      {"organization"_L1, QJsonObject{{"key"_L1, u"org-acme"_s}}}},
                          this, track<QList<LdFlagEvaluation>>(u"evaluate flags, multi-kind context"_s));
        waitForAll();
        expectNoViolations();
        expectResponses(before, 5);
    }

    void segmentsAndBigSegments()
    {
        LaunchDarklyClient *ld = m_ld.get();
        const int before = m_recorder.responses;
        ld->listSegments(m_project, m_env, this, track<QList<LdSegment>>(u"list segments"_s));
        ld->getSegment(m_project, m_env, u"vip-customers"_s, this, track<LdSegment>(u"get segment"_s));
        LdSegmentDraft standard;
        standard.key = u"ghl-vip"_s;
        standard.name = u"VIP contacts"_s;
        standard.description = u"Synced by FlagBridge"_s;
        standard.tags = {u"flagbridge"_s};
        ld->createSegment(m_project, m_env, standard, this, track<LdSegmentCreation>(u"create standard segment"_s));
        LdSegmentDraft big;
        big.key = u"ghl-all"_s;
        big.name = u"All contacts"_s;
        big.unbounded = true;
        big.unboundedContextKind = u"ghl-contact"_s;
        ld->createSegment(m_project, m_env, big, this, track<LdSegmentCreation>(u"create big segment"_s));
        ld->deleteSegment(m_project, m_env, u"ghl-old"_s, this, track<Done>(u"delete segment"_s));
        LdBigSegmentChange change;
        change.addIncluded = {u"ctc_1"_s, u"sandy+crm@example.com"_s};
        change.removeIncluded = {u"ctc_9"_s};
        change.addExcluded = {u"ctc_3"_s};
        change.removeExcluded = {u"ctc_4"_s};
        ld->changeBigSegmentTargets(m_project, m_env, u"ghl-all"_s, change, this,
                                    track<LdBigSegmentChangeResult>(u"big segment batch"_s));
        ld->bigSegmentMembership(m_project, m_env, u"ghl-all"_s, u"sandy+crm@example.com"_s, this,
                                 track<LdBigSegmentMembership>(u"big segment membership"_s));
        waitForAll();
        expectNoViolations();
        expectResponses(before, 7);
    }
};

QTEST_GUILESS_MAIN(tst_LaunchDarklyContract)
#include "tst_launchdarkly_contract.moc"
