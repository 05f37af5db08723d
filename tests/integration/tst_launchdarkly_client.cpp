#include "SandboxFixture.h"

#include "ld/LaunchDarklyClient.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QProcess>
#include <QSet>

using namespace Qt::StringLiterals;

// The LaunchDarkly client against the fake LaunchDarkly over loopback HTTP: every operation,
// every error class, what reaches the wire (request counts, headers, comments, chunk sizes), and
// flagbridge-cli's `ld` commands on top of it.
class tst_LaunchDarklyClient : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SandboxFixture> m_f;
    const QString m_project = u"demo-app"_s;
    const QString m_env = u"production"_s;
    static inline const QString kSegmentPatch = u"PATCH /api/v2/segments/{projectKey}/{environmentKey}/{segmentKey}"_s;
    static inline const QString kSegmentGet = u"GET /api/v2/segments/{projectKey}/{environmentKey}/{segmentKey}"_s;
    static inline const QString kSegmentPost = u"POST /api/v2/segments/{projectKey}/{environmentKey}"_s;
    static inline const QString kContexts = u"POST /api/v2/segments/{projectKey}/{environmentKey}/{segmentKey}/contexts"_s;
    static inline const QString kFlagPatch = u"PATCH /api/v2/flags/{projectKey}/{featureFlagKey}"_s;
    static inline const QString kFlagGet = u"GET /api/v2/flags/{projectKey}/{featureFlagKey}"_s;

    // A client of its own for each test: rate-limit waits and counters do not leak between tests.
    std::unique_ptr<LaunchDarklyClient> client(const QString &token = {})
    {
        LaunchDarklyConnection c = m_f->ld;
        if (!token.isEmpty())
            c.token = token;
        auto ld = std::make_unique<LaunchDarklyClient>(c);
        ld->http()->setRetryBaseDelay(20);
        return ld;
    }

    template<typename T, typename Start>
    static Result<T> wait(Start start, int timeoutMs = 20000)
    {
        return SandboxFixture::wait<T>(start, timeoutMs);
    }

    void fake(const std::function<void(FakeLaunchDarkly &)> &fn)
    {
        m_f->thread.runInSandbox([&fn](Sandbox &s) { fn(*s.launchDarkly()); });
    }

    SandboxStats stats() { return m_f->launchDarklyStats(); }

    void setOptions(const std::function<void(LaunchDarklyOptions &)> &change)
    {
        fake([&change](FakeLaunchDarkly &ld) {
            LaunchDarklyOptions o = ld.options();
            change(o);
            ld.setOptions(o);
            ld.resetRateLimits();
        });
    }

    QString newToken(LaunchDarklyToken::Role role, const QString &name)
    {
        QString token;
        fake([&](FakeLaunchDarkly &ld) { token = ld.addToken(role, name); });
        return token;
    }

    LaunchDarklySegment fakeSegment(const QString &key, const QString &env = u"production"_s)
    {
        LaunchDarklySegment s;
        fake([&](FakeLaunchDarkly &ld) {
            if (const LaunchDarklySegment *found = ld.segment(u"demo-app"_s, env, key))
                s = *found;
        });
        return s;
    }

    QJsonObject fakeFlag(const QString &key)
    {
        QJsonObject f;
        fake([&](FakeLaunchDarkly &ld) { f = ld.flag(u"demo-app"_s, key); });
        return f;
    }

    LaunchDarklyAuditEntry lastAudit()
    {
        LaunchDarklyAuditEntry e;
        fake([&](FakeLaunchDarkly &ld) {
            if (!ld.auditLog().isEmpty())
                e = ld.auditLog().last();
        });
        return e;
    }

    static QStringList kinds(const QJsonArray &instructions)
    {
        QStringList out;
        for (const QJsonValue &i : instructions)
            out.append(i.toObject().value("kind"_L1).toString());
        return out;
    }

    static QStringList keys(int n, const QString &prefix)
    {
        QStringList out;
        for (int i = 0; i < n; ++i)
            out.append(prefix + QString::number(i));
        return out;
    }

    SandboxFault fault(SandboxFault::Kind kind, const QByteArray &method, const QString &route, int times = 1)
    {
        SandboxFault f;
        f.kind = kind;
        f.method = method;
        f.route = route;
        f.times = times;
        return f;
    }

    LdFlag flag(LaunchDarklyClient &ld, const QString &key)
    {
        return wait<LdFlag>([&](QObject *ctx, Callback<LdFlag> cb) { ld.getFlag(m_project, key, m_env, ctx, cb); }).value();
    }

    Result<LdFlagChange> changeTargets(LaunchDarklyClient &ld, const QString &flagKey, const LdFlagTargetChange &change,
                                       bool dryRun = false)
    {
        return wait<LdFlagChange>([&](QObject *ctx, Callback<LdFlagChange> cb) {
            ld.changeFlagTargets(m_project, flagKey, change, dryRun, ctx, cb);
        });
    }

    Result<LdSegmentChangeResult> changeSegment(LaunchDarklyClient &ld, const QString &segmentKey,
                                                const LdSegmentTargetChange &change, bool dryRun = false)
    {
        return wait<LdSegmentChangeResult>([&](QObject *ctx, Callback<LdSegmentChangeResult> cb) {
            ld.changeSegmentTargets(m_project, segmentKey, change, dryRun, ctx, cb);
        });
    }

    Result<LdBigSegmentChangeResult> changeBig(LaunchDarklyClient &ld, const QString &segmentKey, const LdBigSegmentChange &change)
    {
        return wait<LdBigSegmentChangeResult>([&](QObject *ctx, Callback<LdBigSegmentChangeResult> cb) {
            ld.changeBigSegmentTargets(m_project, m_env, segmentKey, change, ctx, cb);
        });
    }

    LdBigSegmentMembership membership(LaunchDarklyClient &ld, const QString &segmentKey, const QString &key)
    {
        auto r = wait<LdBigSegmentMembership>([&](QObject *ctx, Callback<LdBigSegmentMembership> cb) {
            ld.bigSegmentMembership(m_project, m_env, segmentKey, key, ctx, cb);
        });
        [&] { QVERIFY2(r.isOk(), qPrintable(r.error().message())); }();
        return r.value();
    }

    LdSegmentTargetChange segmentChange() const
    {
        LdSegmentTargetChange c;
        c.environmentKey = m_env;
        c.comment = u"binding \"VIP contacts\""_s;
        return c;
    }

    struct CliRun
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
        QJsonDocument json() const { return QJsonDocument::fromJson(out); }
    };

    CliRun cli(const QStringList &args)
    {
        const SandboxEndpoints e = m_f->thread.endpoints();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const QString &line : e.exportLines()) {
            const QString assignment = line.mid(7); // "export "
            env.insert(assignment.section(u'=', 0, 0), assignment.section(u'=', 1));
        }
        env.insert(u"FLAGBRIDGE_DATA_DIR"_s, m_f->dataDir.path());
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(qEnvironmentVariable("FLAGBRIDGE_CLI"), args);
        if (!p.waitForFinished(30000))
            qWarning("flagbridge-cli did not finish");
        return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
    }

private Q_SLOTS:
    void initTestCase()
    {
        SandboxOptions options;
        options.contacts = 400;
        m_f = std::make_unique<SandboxFixture>(options);
        QVERIFY(m_f->started);
    }

    void init()
    {
        fake([](FakeLaunchDarkly &ld) {
            ld.clearFaults();
            ld.setOptions(LaunchDarklyOptions());
            ld.resetRateLimits();
            ld.resetStats();
            ld.setApprovalsRequired(u"demo-app"_s, u"production"_s, false, false);
        });
    }

    // --- what every request carries ------------------------------------------------------------

    void everyCallCarriesTheApiVersionAndEveryWriteACommentNamingFlagBridge()
    {
        auto ld = client();
        QVERIFY(wait<QList<LdProject>>([&](QObject *ctx, auto cb) { ld->listProjects(ctx, cb); }).isOk());
        QVERIFY(wait<LdSegment>([&](QObject *ctx, auto cb) { ld->getSegment(m_project, m_env, u"vip-customers"_s, ctx, cb); }).isOk());
        LdSegmentTargetChange c = segmentChange();
        c.addIncluded = {u"carrier-1"_s};
        QVERIFY(changeSegment(*ld, u"vip-customers"_s, c).isOk());
        const SandboxStats s = stats();
        QCOMPARE(s.requests, 3);
        QCOMPARE(s.withoutVersionHeader, 0);
        QCOMPARE(s.byVersionHeader.value(u"20240415"_s), 3);
        // The fake only knows the raw token: "Bearer ..." would have been a 401.
        QCOMPARE(s.byStatus.value(u"401"_s), 0);
        const LaunchDarklyAuditEntry audit = lastAudit();
        QCOMPARE(audit.comment, u"FlagBridge: binding \"VIP contacts\""_s);
        QCOMPARE(audit.format, u"semanticpatch"_s);
        QCOMPARE(LaunchDarklyClient::auditComment({}), u"FlagBridge"_s);
        QCOMPARE(LaunchDarklyClient::auditComment(u"FlagBridge sync: binding x"_s), u"FlagBridge sync: binding x"_s);
    }

    // --- identity, projects, environments, context kinds ----------------------------------------

    void identifyGivesTokenNameKindAndRole()
    {
        auto ld = client();
        auto r = wait<LdCallerIdentity>([&](QObject *ctx, auto cb) { ld->identify(ctx, cb); });
        QVERIFY2(r.isOk(), qPrintable(r.error().message()));
        QCOMPARE(r.value().tokenName, u"FlagBridge sandbox"_s);
        QVERIFY(r.value().serviceToken);
        QCOMPARE(r.value().kindText(), u"service token"_s);
        QCOMPARE(r.value().role, u"writer"_s);
        QVERIFY(r.value().mayWrite());
        QVERIFY(!r.value().accountId.isEmpty());

        auto reader = client(newToken(LaunchDarklyToken::Role::Reader, u"CI reader"_s));
        r = wait<LdCallerIdentity>([&](QObject *ctx, auto cb) { reader->identify(ctx, cb); });
        QCOMPARE(r.value().tokenName, u"CI reader"_s);
        QCOMPARE(r.value().role, u"reader"_s);
        QVERIFY(!r.value().mayWrite());

        // A token that may not read tokens still identifies; the role is unknown, and says why.
        SandboxFault refused = fault(SandboxFault::Kind::Status, "GET", u"/api/v2/tokens/{id}"_s);
        refused.status = 403;
        m_f->addLaunchDarklyFault(refused);
        r = wait<LdCallerIdentity>([&](QObject *ctx, auto cb) { ld->identify(ctx, cb); });
        QVERIFY(r.isOk());
        QVERIFY(r.value().role.isEmpty());
        QVERIFY2(r.value().roleProblem.contains(u"403"_s), qPrintable(r.value().roleProblem));
        QCOMPARE(r.value().roleText(), u"unknown"_s);
    }

    void listsAreReadToTheEnd()
    {
        // Pages of 7: whatever the client asks for, it must follow the collection to its end.
        setOptions([](LaunchDarklyOptions &o) { o.maxPageLimit = 7; });
        auto ld = client();
        qsizetype flagCount = 0;
        qsizetype segmentCount = 0;
        fake([&](FakeLaunchDarkly &f) {
            flagCount = f.data().flags.value(u"demo-app"_s).size();
            segmentCount = f.data().segments.value(u"demo-app/production"_s).size();
        });
        QVERIFY2(flagCount > 20 && segmentCount > 20, "the demo data has more than one default page of each");

        auto flags = wait<QList<LdFlag>>([&](QObject *ctx, auto cb) { ld->listFlags(m_project, m_env, ctx, cb); });
        QVERIFY(flags.isOk());
        QCOMPARE(flags.value().size(), flagCount);
        QSet<QString> flagKeys;
        for (const LdFlag &f : flags.value()) {
            flagKeys.insert(f.key);
            QVERIFY2(f.environments.contains(m_env), qPrintable(f.key)); // env-filtered, summary=0
        }
        QCOMPARE(flagKeys.size(), flagCount); // no page read twice
        for (const LdFlag &f : flags.value()) {
            if (f.key == "beta-dashboard"_L1)
                QVERIFY(!f.environments.value(m_env).targets.isEmpty());
        }
        auto segments = wait<QList<LdSegment>>([&](QObject *ctx, auto cb) { ld->listSegments(m_project, m_env, ctx, cb); });
        QCOMPARE(segments.value().size(), segmentCount);
        auto projects = wait<QList<LdProject>>([&](QObject *ctx, auto cb) { ld->listProjects(ctx, cb); });
        QCOMPARE(projects.value().size(), 2);
        auto envs = wait<QList<LdEnvironment>>([&](QObject *ctx, auto cb) { ld->listEnvironments(m_project, ctx, cb); });
        QCOMPARE(envs.value().size(), 3);
        const SandboxStats s = stats();
        QCOMPARE(s.route(u"GET /api/v2/flags/{projectKey}"_s), (flagCount + 6) / 7);
        QCOMPARE(s.route(u"GET /api/v2/segments/{projectKey}/{environmentKey}"_s), (segmentCount + 6) / 7);

        // With the server's usual maximum, one request of 100 reads them all.
        setOptions([](LaunchDarklyOptions &o) { o.maxPageLimit = 100; });
        fake([](FakeLaunchDarkly &f) { f.resetStats(); });
        flags = wait<QList<LdFlag>>([&](QObject *ctx, auto cb) { ld->listFlags(m_project, m_env, ctx, cb); });
        QCOMPARE(flags.value().size(), flagCount);
        QCOMPARE(stats().route(u"GET /api/v2/flags/{projectKey}"_s), 1);
    }

    void contextKindsAreListedAndUpserted()
    {
        auto ld = client();
        auto list = [&] {
            QStringList keys;
            auto r = wait<QList<LdContextKind>>([&](QObject *ctx, auto cb) { ld->listContextKinds(m_project, ctx, cb); });
            [&] { QVERIFY2(r.isOk(), qPrintable(r.error().message())); }();
            for (const LdContextKind &k : r.value())
                keys.append(k.key);
            return keys;
        };
        QVERIFY(list().contains(u"organization"_s));
        QVERIFY(!list().contains(u"ghl-contact"_s));
        LdContextKind kind;
        kind.key = u"ghl-contact"_s;
        kind.name = u"HighLevel contact"_s;
        kind.description = u"Created by FlagBridge"_s;
        QVERIFY(wait<Done>([&](QObject *ctx, auto cb) { ld->putContextKind(m_project, kind, ctx, cb); }).isOk());
        QVERIFY(list().contains(u"ghl-contact"_s));
        kind.name = u"HighLevel contact (renamed)"_s;
        QVERIFY(wait<Done>([&](QObject *ctx, auto cb) { ld->putContextKind(m_project, kind, ctx, cb); }).isOk());

        const qint64 before = stats().requests;
        kind.key = u"multi"_s;
        auto refused = wait<Done>([&](QObject *ctx, auto cb) { ld->putContextKind(m_project, kind, ctx, cb); });
        QCOMPARE(refused.error().kind(), ApiError::Kind::InvalidInput);
        QVERIFY2(refused.error().message().contains(u"\"multi\" cannot be used as a context kind"_s), qPrintable(refused.error().message()));
        QCOMPARE(stats().requests, before); // refused before sending
    }

    // --- flags ---------------------------------------------------------------------------------

    void flagTargetsMoveBetweenVariationsInOneRequest()
    {
        auto ld = client();
        const LdFlag before = flag(*ld, u"beta-dashboard"_s);
        QCOMPARE(before.variations.size(), 2);
        QCOMPARE(before.environments.value(m_env).targetedVariation(u"user"_s, u"qa-user-1"_s), 0);

        LdFlagTargetChange c;
        c.environmentKey = m_env;
        c.comment = u"binding \"Churned\""_s;
        c.variation = u"Off"_s; // by name
        c.add = {u"qa-user-1"_s, u"ghl-new-1"_s};
        auto r = changeTargets(*ld, u"beta-dashboard"_s, c);
        QVERIFY2(r.isOk(), qPrintable(r.error().message()));
        QCOMPARE(r.value().variationIndex, 1);
        QCOMPARE(r.value().variationId, before.variations.at(1).id); // the _id, not the index
        QCOMPARE(r.value().moved, QStringList{u"qa-user-1"_s});
        QCOMPARE(r.value().added, (QStringList{u"qa-user-1"_s, u"ghl-new-1"_s}));
        QVERIFY(r.value().written);
        QCOMPARE(r.value().flag.environments.value(m_env).targetedVariation(u"user"_s, u"qa-user-1"_s), 1);
        QCOMPARE(stats().route(kFlagPatch), 1); // one request: removeTargets there, addTargets here
        const LaunchDarklyAuditEntry audit = lastAudit();
        QCOMPARE(kinds(audit.instructions), (QStringList{u"removeTargets"_s, u"addTargets"_s}));
        QCOMPARE(audit.instructions.at(0).toObject().value("variationId"_L1).toString(), before.variations.at(0).id);
        QCOMPARE(audit.comment, u"FlagBridge: binding \"Churned\""_s);

        // The same change again changes nothing and sends nothing.
        r = changeTargets(*ld, u"beta-dashboard"_s, c);
        QVERIFY(r.isOk());
        QVERIFY(!r.value().written);
        QCOMPARE(r.value().unchanged.size(), 2);
        QCOMPARE(stats().route(kFlagPatch), 1);

        // By value ("false") and by index ("1"): the same variation.
        LdFlagTargetChange remove = c;
        remove.add.clear();
        remove.variation = u"false"_s;
        remove.remove = {u"ghl-new-1"_s, u"never-targeted"_s};
        r = changeTargets(*ld, u"beta-dashboard"_s, remove);
        QCOMPARE(r.value().removed, QStringList{u"ghl-new-1"_s});
        QCOMPARE(r.value().unchanged, QStringList{u"never-targeted"_s});
        QCOMPARE(kinds(lastAudit().instructions), QStringList{u"removeTargets"_s});
        QCOMPARE(flag(*ld, u"beta-dashboard"_s).environments.value(m_env).targetedVariation(u"user"_s, u"ghl-new-1"_s), -1);

        // Another context kind lands in contextTargets.
        LdFlagTargetChange org;
        org.environmentKey = m_env;
        org.contextKind = u"organization"_s;
        org.variation = u"0"_s;
        org.add = {u"org-globex"_s};
        QVERIFY(changeTargets(*ld, u"beta-dashboard"_s, org).isOk());
        QCOMPARE(flag(*ld, u"beta-dashboard"_s).environments.value(m_env).targetedVariation(u"organization"_s, u"org-globex"_s), 0);
    }

    void flagTargetConflictIsPlannedAgainFromAFreshRead()
    {
        auto ld = client();
        m_f->addLaunchDarklyFault(FakeLaunchDarkly::optimisticLockingFault(1));
        LdFlagTargetChange c;
        c.environmentKey = m_env;
        c.variation = u"true"_s;
        c.add = {u"lock-1"_s};
        auto r = changeTargets(*ld, u"dark-mode"_s, c);
        QVERIFY2(r.isOk(), qPrintable(r.error().message()));
        QCOMPARE(stats().route(kFlagPatch), 2);
        QCOMPARE(stats().route(kFlagGet), 2); // read again before sending again

        // A conflict that does not clear: tried three times, then reported.
        fake([](FakeLaunchDarkly &f) { f.resetStats(); });
        m_f->addLaunchDarklyFault(FakeLaunchDarkly::optimisticLockingFault(10));
        c.add = {u"lock-2"_s};
        r = changeTargets(*ld, u"dark-mode"_s, c);
        QCOMPARE(r.error().httpStatus(), 409);
        QVERIFY2(r.error().message().contains(u"Someone changed it at the same time"_s), qPrintable(r.error().message()));
        QCOMPARE(stats().route(kFlagPatch), 1 + LaunchDarklyClient::kOptimisticLockRetries);
    }

    void flagTargetsAreValidatedBeforeSending()
    {
        auto ld = client();
        LdFlagTargetChange c;
        c.environmentKey = m_env;
        c.variation = u"0"_s;
        c.contextKind = u"multi"_s;
        c.add = {u"x"_s};
        auto r = changeTargets(*ld, u"dark-mode"_s, c);
        QCOMPARE(r.error().kind(), ApiError::Kind::InvalidInput);
        c.contextKind = u"ghl contact"_s;
        r = changeTargets(*ld, u"dark-mode"_s, c);
        QVERIFY2(r.error().message().contains(u"may only contain letters, digits"_s), qPrintable(r.error().message()));
        c.contextKind = u"user"_s;
        c.add = {u"ok"_s, QString()};
        r = changeTargets(*ld, u"dark-mode"_s, c);
        QVERIFY2(r.error().message().contains(u"Key 2 of the keys to add is empty"_s), qPrintable(r.error().message()));
        QCOMPARE(stats().requests, 0);

        // An unknown variation is found out from the flag, and the message lists the real ones.
        c.add = {u"ok"_s};
        c.variation = u"purple"_s;
        r = changeTargets(*ld, u"dark-mode"_s, c);
        QCOMPARE(r.error().kind(), ApiError::Kind::InvalidInput);
        QVERIFY2(r.error().message().contains(u"0: On"_s) && r.error().message().contains(u"1: Off"_s),
                 qPrintable(r.error().message()));
        QCOMPARE(stats().route(kFlagPatch), 0);

        // Whoever builds contexts from contacts names the contact in the message.
        const QString problem = LaunchDarklyClient::contextProblem(u"user"_s, QString(), u"The contact “Ada Lovelace”"_s);
        QVERIFY2(problem.contains(u"Ada Lovelace"_s) && problem.contains(u"context key is empty"_s), qPrintable(problem));
        QVERIFY(LaunchDarklyClient::contextProblem(u"ghl-contact"_s, u"abc"_s, u"x"_s).isEmpty());
        QVERIFY(!LaunchDarklyClient::contextKindProblem(u"kind"_s).isEmpty());
    }

    void segmentRuleIsGrownOrAdded()
    {
        auto ld = client();
        auto serve = [&](const QString &flagKey, const QStringList &segments, const QString &variation) {
            return wait<LdFlagChange>([&](QObject *ctx, auto cb) {
                ld->serveVariationToSegments(m_project, flagKey, m_env, segments, variation, u"segment binding"_s, false, ctx, cb);
            });
        };
        // new-checkout serves "true" to vip-customers already: the clause grows.
        auto r = serve(u"new-checkout"_s, {u"beta-testers"_s, u"vip-customers"_s}, u"true"_s);
        QVERIFY2(r.isOk(), qPrintable(r.error().message()));
        QCOMPARE(r.value().added, QStringList{u"beta-testers"_s});
        QCOMPARE(r.value().unchanged, QStringList{u"vip-customers"_s});
        QCOMPARE(kinds(lastAudit().instructions), QStringList{u"addValuesToClause"_s});
        const LdRule rule = r.value().flag.environments.value(m_env).rules.first();
        QCOMPARE(rule.clauses.first().values, (QJsonArray{u"vip-customers"_s, u"beta-testers"_s}));
        r = serve(u"new-checkout"_s, {u"beta-testers"_s}, u"true"_s);
        QVERIFY(!r.value().written);

        // export-csv has no rule: one is added, with a segmentMatch clause.
        r = serve(u"export-csv"_s, {u"vip-customers"_s}, u"On"_s);
        QVERIFY2(r.isOk(), qPrintable(r.error().message()));
        QCOMPARE(kinds(lastAudit().instructions), QStringList{u"addRule"_s});
        const LdFlagEnvironment env = flag(*ld, u"export-csv"_s).environments.value(m_env);
        QCOMPARE(env.rules.size(), 1);
        QCOMPARE(env.rules.first().variation, 0);
        QCOMPARE(env.rules.first().clauses.first().op, u"segmentMatch"_s);
        QCOMPARE(env.segmentKeys(), QStringList{u"vip-customers"_s});

        // A segment that does not exist: LaunchDarkly refuses, nothing is applied.
        r = serve(u"export-csv"_s, {u"no-such-segment"_s}, u"On"_s);
        QCOMPARE(r.error().httpStatus(), 400);
        QVERIFY2(r.error().message().contains(u"addValuesToClause"_s), qPrintable(r.error().message()));
    }

    void refusedPatchNamesTheInstructionAndTheServerMessageAndAppliesNothing()
    {
        auto ld = client();
        const bool wasOn = flag(*ld, u"holiday-theme"_s).environments.value(m_env).on;
        SemanticPatch patch{m_env, u"test"_s, {}};
        patch.instructions.append(QJsonObject{{"kind"_L1, wasOn ? u"turnFlagOff"_s : u"turnFlagOn"_s}});
        patch.instructions.append(SemanticPatch::flagTargets(u"addTargets"_s, u"user"_s, u"no-such-variation"_s, {u"k"_s}));
        auto r = wait<LdFlag>([&](QObject *ctx, auto cb) { ld->patchFlag(m_project, u"holiday-theme"_s, patch, false, ctx, cb); });
        QCOMPARE(r.error().httpStatus(), 400);
        const QString message = r.error().message();
        QVERIFY2(message.contains(u"LaunchDarkly could not update the flag holiday-theme"_s), qPrintable(message));
        QVERIFY2(message.contains(u"instruction 1 (addTargets)"_s), qPrintable(message));
        QVERIFY2(message.contains(u"unknown variationId"_s), qPrintable(message));
        QVERIFY2(message.contains(u"Nothing of this change was applied"_s), qPrintable(message));
        QCOMPARE(flag(*ld, u"holiday-theme"_s).environments.value(m_env).on, wasOn);
    }

    void okAnswerListingErrorsIsAFailure()
    {
        auto ld = client();
        SandboxFault partial = fault(SandboxFault::Kind::Status, "PATCH", u"/api/v2/segments/{projectKey}/{environmentKey}/{segmentKey}"_s);
        partial.status = 200;
        partial.body = R"({"key":"vip-customers","errors":[{"instructionIndex":0,"message":"context kind is not enabled"}]})";
        m_f->addLaunchDarklyFault(partial);
        LdSegmentTargetChange c = segmentChange();
        c.addIncluded = {u"partial-1"_s};
        auto r = changeSegment(*ld, u"vip-customers"_s, c);
        QVERIFY(!r.isOk());
        QVERIFY2(r.error().message().contains(u"instruction 1 (addIncludedTargets): context kind is not enabled"_s),
                 qPrintable(r.error().message()));
    }

    void evaluateOneContext()
    {
        auto ld = client();
        auto evaluate = [&](const QJsonObject &context) {
            return wait<QList<LdFlagEvaluation>>([&](QObject *ctx, auto cb) { ld->evaluateFlags(m_project, m_env, context, ctx, cb); });
        };
        auto find = [](const QList<LdFlagEvaluation> &list, const QString &key) {
            for (const LdFlagEvaluation &e : list) {
                if (e.key == key)
                    return e;
            }
            return LdFlagEvaluation();
        };
        auto r = evaluate({{"kind"_L1, u"user"_s}, {"key"_L1, u"qa-user-2"_s}, {"name"_L1, u"QA"_s}});
        QVERIFY2(r.isOk(), qPrintable(r.error().message()));
        qsizetype flagCount = 0;
        fake([&](FakeLaunchDarkly &f) { flagCount = f.data().flags.value(u"demo-app"_s).size(); });
        QCOMPARE(r.value().size(), flagCount);
        QCOMPARE(find(r.value(), u"beta-dashboard"_s).reasonKind, u"TARGET_MATCH"_s);
        QCOMPARE(find(r.value(), u"beta-dashboard"_s).value, QJsonValue(true));
        QCOMPARE(find(r.value(), u"onboarding-tour"_s).reasonKind, u"OFF"_s);
        QCOMPARE(stats().route(u"POST /api/v2/projects/{projectKey}/environments/{environmentKey}/flags/evaluate"_s), 1);

        // A segment member matches the segmentMatch rule of new-checkout.
        LdSegmentTargetChange c = segmentChange();
        c.addIncluded = {u"evaluated-vip"_s};
        QVERIFY(changeSegment(*ld, u"vip-customers"_s, c).isOk());
        r = evaluate({{"kind"_L1, u"user"_s}, {"key"_L1, u"evaluated-vip"_s}});
        const LdFlagEvaluation e = find(r.value(), u"new-checkout"_s);
        QCOMPARE(e.reasonKind, u"RULE_MATCH"_s);
        QCOMPARE(e.ruleIndex, 0);
        QCOMPARE(e.ruleId, flag(*ld, u"new-checkout"_s).environments.value(m_env).rules.first().id);

        // Invalid contexts are refused before sending, naming who is at fault.
        const qint64 sent = stats().requests;
        r = evaluate({{"kind"_L1, u"user"_s}, {"key"_L1, QString()}, {"name"_L1, u"Ada Lovelace"_s}});
        QCOMPARE(r.error().kind(), ApiError::Kind::InvalidInput);
        QVERIFY2(r.error().message().contains(u"Ada Lovelace"_s), qPrintable(r.error().message()));
        r = evaluate({{"kind"_L1, u"multi"_s}, {"organization"_L1, QJsonObject{{"name"_L1, u"Acme"_s}}}});
        QVERIFY2(r.error().message().contains(u"Acme"_s), qPrintable(r.error().message()));
        QCOMPARE(stats().requests, sent); // none of them sent
    }

    // --- segments ------------------------------------------------------------------------------

    void fiveThousandKeySegmentChangeArrivesInExactlyFourRequests()
    {
        auto ld = client();
        LdSegmentDraft draft;
        draft.key = u"ghl-five-thousand"_s;
        draft.name = u"5,000 contacts"_s;
        QVERIFY(wait<LdSegmentCreation>([&](QObject *ctx, auto cb) { ld->createSegment(m_project, m_env, draft, ctx, cb); }).isOk());
        LdSegmentTargetChange c = segmentChange();
        c.addIncluded = keys(5000, u"contact-"_s);
        auto r = changeSegment(*ld, draft.key, c);
        QVERIFY2(r.isOk(), qPrintable(r.error().message()));
        QCOMPARE(r.value().requests, 4);
        QCOMPARE(r.value().keys, 5000);
        QCOMPARE(stats().route(kSegmentPatch), 4);
        QCOMPARE(fakeSegment(draft.key).included.size(), 5000);
        QCOMPARE(r.value().segment.included.size(), 5000);

        // Removals and additions share requests: 1,500 + 3,000 keys = 3 requests.
        fake([](FakeLaunchDarkly &f) { f.resetStats(); });
        LdSegmentTargetChange mixed = segmentChange();
        mixed.removeIncluded = keys(1500, u"contact-"_s);
        mixed.addIncluded = keys(3000, u"other-"_s);
        r = changeSegment(*ld, draft.key, mixed);
        QVERIFY2(r.isOk(), qPrintable(r.error().message()));
        QCOMPARE(r.value().requests, 3);
        QCOMPARE(stats().route(kSegmentPatch), 3);
        QCOMPARE(fakeSegment(draft.key).included.size(), 6500);
    }

    void excludedTargetsAndMovesBetweenLists()
    {
        auto ld = client();
        LdSegmentTargetChange c = segmentChange();
        c.addExcluded = {u"ex-1"_s, u"ex-2"_s};
        QVERIFY(changeSegment(*ld, u"beta-testers"_s, c).isOk());
        QVERIFY(fakeSegment(u"beta-testers"_s).excluded.contains(u"ex-1"_s));
        // Out of the excluded list and into the included one: one request, removal first.
        LdSegmentTargetChange move = segmentChange();
        move.removeExcluded = {u"ex-1"_s};
        move.addIncluded = {u"ex-1"_s};
        auto r = changeSegment(*ld, u"beta-testers"_s, move);
        QVERIFY2(r.isOk(), qPrintable(r.error().message()));
        QCOMPARE(r.value().requests, 1);
        QCOMPARE(kinds(lastAudit().instructions), (QStringList{u"removeExcludedTargets"_s, u"addIncludedTargets"_s}));
        const LaunchDarklySegment s = fakeSegment(u"beta-testers"_s);
        QVERIFY(s.included.contains(u"ex-1"_s));
        QVERIFY(!s.excluded.contains(u"ex-1"_s));
        QVERIFY(s.excluded.contains(u"ex-2"_s));
        // Other kinds, too.
        LdSegmentTargetChange org = segmentChange();
        org.contextKind = u"organization"_s;
        org.addIncluded = {u"org-initech"_s};
        QVERIFY(changeSegment(*ld, u"beta-testers"_s, org).isOk());
        QVERIFY(fakeSegment(u"beta-testers"_s).findTargets(true, u"organization"_s)->contains(u"org-initech"_s));
    }

    void dryRunsSaveNothing()
    {
        auto ld = client();
        QStringList queries;
        connect(ld->http(), &HttpClient::responseReceived, this, [&](const HttpRequest &req, const HttpResponse &) {
            if (req.method == "PATCH") {
                for (const auto &q : req.query)
                    queries.append(q.first + u'=' + q.second);
            }
        });
        const qsizetype before = fakeSegment(u"churn-risk"_s).included.size();
        qsizetype auditsBefore = 0;
        qsizetype audits = 0;
        fake([&](FakeLaunchDarkly &fl) { auditsBefore = fl.auditLog().size(); });
        LdSegmentTargetChange c = segmentChange();
        c.addIncluded = {u"dry-1"_s, u"dry-2"_s};
        auto r = changeSegment(*ld, u"churn-risk"_s, c, true);
        QVERIFY2(r.isOk(), qPrintable(r.error().message()));
        QVERIFY(r.value().segment.included.contains(u"dry-1"_s)); // the would-be segment
        QCOMPARE(fakeSegment(u"churn-risk"_s).included.size(), before);

        LdFlagTargetChange f;
        f.environmentKey = m_env;
        f.variation = u"0"_s;
        f.add = {u"dry-flag"_s};
        auto fr = changeTargets(*ld, u"search-v2"_s, f, true);
        QVERIFY2(fr.isOk(), qPrintable(fr.error().message()));
        QCOMPARE(fr.value().flag.environments.value(m_env).targetedVariation(u"user"_s, u"dry-flag"_s), 0);
        QCOMPARE(flag(*ld, u"search-v2"_s).environments.value(m_env).targetedVariation(u"user"_s, u"dry-flag"_s), -1);
        QCOMPARE(queries, (QStringList{u"dryRun=true"_s, u"dryRun=true"_s}));
        fake([&](FakeLaunchDarkly &fl) { audits = fl.auditLog().size(); });
        QCOMPARE(audits, auditsBefore); // nothing saved, nothing in the audit log
    }

    void createSegmentStandardOrBigAndExistingIsReturned()
    {
        auto ld = client();
        auto create = [&](const LdSegmentDraft &d) {
            return wait<LdSegmentCreation>([&](QObject *ctx, auto cb) { ld->createSegment(m_project, m_env, d, ctx, cb); });
        };
        LdSegmentDraft d;
        d.key = u"ghl-created"_s;
        d.name = u"Created by FlagBridge"_s;
        d.tags = {u"flagbridge"_s};
        auto r = create(d);
        QVERIFY2(r.isOk(), qPrintable(r.error().message()));
        QVERIFY(r.value().created);
        QVERIFY(!r.value().segment.unbounded);
        // Taken key: 409 key_exists, then the existing segment; never a second POST.
        d.name = u"Another name"_s;
        r = create(d);
        QVERIFY2(r.isOk(), qPrintable(r.error().message()));
        QVERIFY(!r.value().created);
        QCOMPARE(r.value().segment.name, u"Created by FlagBridge"_s);
        QCOMPARE(stats().route(kSegmentPost), 2);
        QCOMPARE(stats().byStatus.value(u"409"_s), 1);
        QCOMPARE(stats().route(kSegmentGet), 1);

        LdSegmentDraft big;
        big.key = u"ghl-big"_s;
        big.name = u"Big one"_s;
        big.unbounded = true;
        big.unboundedContextKind = u"ghl-contact"_s;
        r = create(big);
        QVERIFY(r.value().created);
        QVERIFY(r.value().segment.unbounded);
        QCOMPARE(r.value().segment.unboundedContextKind, u"ghl-contact"_s);
        QCOMPARE(stats().route(kSegmentPatch), 0); // POST, then nothing else

        big.key = u"bad key"_s;
        QCOMPARE(create(big).error().kind(), ApiError::Kind::InvalidInput);
    }

    void createWhoseAnswerIsLostIsCheckedBeforePostingAgain()
    {
        auto ld = client();
        auto create = [&](const QString &key) {
            LdSegmentDraft d;
            d.key = key;
            return wait<LdSegmentCreation>([&](QObject *ctx, auto cb) { ld->createSegment(m_project, m_env, d, ctx, cb); });
        };
        // Made, but the answer is a 502: found on re-reading, not posted again.
        SandboxFault lost = fault(SandboxFault::Kind::Status, "POST", u"/api/v2/segments/{projectKey}/{environmentKey}"_s);
        lost.status = 502;
        lost.afterHandler = true;
        m_f->addLaunchDarklyFault(lost);
        auto r = create(u"ghl-lost-answer"_s);
        QVERIFY2(r.isOk(), qPrintable(r.error().message()));
        QVERIFY(r.value().created);
        QVERIFY(r.value().recovered);
        QCOMPARE(stats().route(kSegmentPost), 1);
        QCOMPARE(stats().route(kSegmentGet), 1);

        // Not made (503 before the service saw it): re-read finds nothing, one more POST.
        fake([](FakeLaunchDarkly &f) { f.resetStats(); });
        SandboxFault refused = lost;
        refused.status = 503;
        refused.afterHandler = false;
        m_f->addLaunchDarklyFault(refused);
        r = create(u"ghl-not-made"_s);
        QVERIFY2(r.isOk(), qPrintable(r.error().message()));
        QVERIFY(r.value().created);
        QCOMPARE(stats().route(kSegmentPost), 2);
        QVERIFY(!fakeSegment(u"ghl-not-made"_s).key.isEmpty());
    }

    void deleteSegment()
    {
        auto ld = client();
        LdSegmentDraft d;
        d.key = u"ghl-to-delete"_s;
        QVERIFY(wait<LdSegmentCreation>([&](QObject *ctx, auto cb) { ld->createSegment(m_project, m_env, d, ctx, cb); }).isOk());
        auto del = [&] { return wait<Done>([&](QObject *ctx, auto cb) { ld->deleteSegment(m_project, m_env, d.key, ctx, cb); }); };
        QVERIFY(del().isOk());
        auto gone = wait<LdSegment>([&](QObject *ctx, auto cb) { ld->getSegment(m_project, m_env, d.key, ctx, cb); });
        QCOMPARE(gone.error().httpStatus(), 404);
        QVERIFY2(gone.error().message().contains(u"Check the project, environment, flag or segment key"_s), qPrintable(gone.error().message()));
        QCOMPARE(del().error().httpStatus(), 404);
    }

    void bigSegmentMembersGoInBatchesOfAThousand()
    {
        auto ld = client();
        const QStringList special{u"ada+test@example.com"_s, u"a/b c"_s, u"ümlaut%20"_s};
        LdBigSegmentChange c;
        c.addIncluded = keys(2497, u"big-"_s) + special;
        auto r = changeBig(*ld, u"enterprise-accounts"_s, c);
        QVERIFY2(r.isOk(), qPrintable(r.error().message()));
        QCOMPARE(r.value().requests, 3);
        QCOMPARE(r.value().keys, 2500);
        QCOMPARE(stats().route(kContexts), 3);
        // Keys with "+", "@", "/", spaces and "%" reach the server as written.
        for (const QString &key : special)
            QVERIFY2(membership(*ld, u"enterprise-accounts"_s, key).included, qPrintable(key));
        QVERIFY(fakeSegment(u"enterprise-accounts"_s).bigIncluded.contains(u"a/b c"_s));
        const LdBigSegmentMembership nobody = membership(*ld, u"enterprise-accounts"_s, u"nobody"_s);
        QVERIFY(!nobody.included && !nobody.excluded);

        LdBigSegmentChange out;
        out.removeIncluded = {u"a/b c"_s};
        out.addExcluded = {u"ada+test@example.com"_s};
        out.removeExcluded = {u"never-there"_s};
        r = changeBig(*ld, u"enterprise-accounts"_s, out);
        QCOMPARE(r.value().requests, 1);
        QVERIFY(!membership(*ld, u"enterprise-accounts"_s, u"a/b c"_s).included);
        QVERIFY(membership(*ld, u"enterprise-accounts"_s, u"ada+test@example.com"_s).excluded);

        LdBigSegmentChange empty;
        empty.addIncluded = {QString()};
        QCOMPARE(changeBig(*ld, u"enterprise-accounts"_s, empty).error().kind(), ApiError::Kind::InvalidInput);
    }

    void bigSegmentEndpointOnAStandardSegmentSaysSo()
    {
        auto ld = client();
        LdBigSegmentChange c;
        c.addIncluded = {u"x"_s};
        auto r = changeBig(*ld, u"beta-testers"_s, c);
        QCOMPARE(r.error().httpStatus(), 400);
        QVERIFY2(r.error().message().contains(u"This is a standard segment"_s), qPrintable(r.error().message()));
    }

    // --- error classes -------------------------------------------------------------------------

    void batchLimitRefusalsExplainThemselves()
    {
        auto ld = client();
        // One patch over the 1,500 limit, sent as is: 400 with the reason.
        SemanticPatch tooBig{m_env, {}, {SemanticPatch::segmentTargets(u"addIncludedTargets"_s, u"user"_s, keys(1501, u"k"_s))}};
        auto r = wait<LdSegment>([&](QObject *ctx, auto cb) { ld->patchSegment(m_project, u"vip-customers"_s, tooBig, false, ctx, cb); });
        QCOMPARE(r.error().httpStatus(), 400);
        QVERIFY2(r.error().message().contains(u"at most 1,500 target changes per request"_s), qPrintable(r.error().message()));

        // A server stricter than our 1,000 per batch: the refusal says what was applied.
        setOptions([](LaunchDarklyOptions &o) { o.bigSegmentBatchLimit = 1200; });
        LdBigSegmentChange c;
        c.addIncluded = keys(1500, u"strict-"_s);
        auto big = changeBig(*ld, u"enterprise-accounts"_s, c);
        QVERIFY2(big.isOk(), qPrintable(big.error().message())); // 1,000 + 500
        setOptions([](LaunchDarklyOptions &o) { o.bigSegmentBatchLimit = 600; });
        big = changeBig(*ld, u"enterprise-accounts"_s, c);
        QCOMPARE(big.error().httpStatus(), 400);
        QVERIFY2(big.error().message().contains(u"batch limit"_s), qPrintable(big.error().message()));
        QVERIFY2(big.error().message().contains(u"0 of 2 requests"_s), qPrintable(big.error().message()));
    }

    void unauthorizedTokenIsExplainedAndNeverEchoed()
    {
        const QString wrong = u"api-0000-this-is-not-a-token"_s;
        auto ld = client(wrong);
        auto r = wait<QList<LdProject>>([&](QObject *ctx, auto cb) { ld->listProjects(ctx, cb); });
        QCOMPARE(r.error().httpStatus(), 401);
        QVERIFY2(r.error().message().contains(u"LaunchDarkly could not list projects"_s), qPrintable(r.error().message()));
        QVERIFY2(r.error().message().contains(u"SDK keys do not work here"_s), qPrintable(r.error().message()));
        QVERIFY(!r.error().message().contains(wrong));
    }

    void readerTokenCannotWrite()
    {
        auto ld = client(newToken(LaunchDarklyToken::Role::Reader, u"reader"_s));
        LdSegmentTargetChange c = segmentChange();
        c.addIncluded = {u"r-1"_s};
        auto r = changeSegment(*ld, u"vip-customers"_s, c);
        QCOMPARE(r.error().httpStatus(), 403);
        QVERIFY2(r.error().message().contains(u"Writer role"_s), qPrintable(r.error().message()));
        QVERIFY(!fakeSegment(u"vip-customers"_s).included.contains(u"r-1"_s));
    }

    void approvalsAreExplained()
    {
        fake([](FakeLaunchDarkly &f) { f.setApprovalsRequired(u"demo-app"_s, u"production"_s, true, true); });
        auto ld = client();
        LdSegmentTargetChange c = segmentChange();
        c.addIncluded = {u"a-1"_s};
        auto r = changeSegment(*ld, u"vip-customers"_s, c);
        QCOMPARE(r.error().httpStatus(), 403);
        QVERIFY2(r.error().message().contains(u"approval is required"_s), qPrintable(r.error().message()));
        QVERIFY2(r.error().message().contains(u"requires approval"_s), qPrintable(r.error().message()));
        LdFlagTargetChange f;
        f.environmentKey = m_env;
        f.variation = u"0"_s;
        f.add = {u"a-1"_s};
        auto fr = changeTargets(*ld, u"dark-mode"_s, f);
        QCOMPARE(fr.error().httpStatus(), 405);
        QVERIFY2(fr.error().message().contains(u"requires approval for flag changes"_s), qPrintable(fr.error().message()));
        QCOMPARE(stats().route(kFlagPatch), 1); // an approval refusal is not retried
    }

    void notFoundNamesWhatToCheck()
    {
        auto ld = client();
        auto r = wait<LdFlag>([&](QObject *ctx, auto cb) { ld->getFlag(m_project, u"no-such-flag"_s, m_env, ctx, cb); });
        QCOMPARE(r.error().httpStatus(), 404);
        QCOMPARE(r.error().serverCode(), u"not_found"_s);
        QVERIFY2(r.error().message().contains(u"Check the project"_s), qPrintable(r.error().message()));
    }

    void optimisticLockingOnASegmentPatchIsSentAgain()
    {
        auto ld = client();
        m_f->addLaunchDarklyFault(FakeLaunchDarkly::optimisticLockingFault(1));
        LdSegmentTargetChange c = segmentChange();
        c.addIncluded = {u"lock-s-1"_s};
        auto r = changeSegment(*ld, u"vip-customers"_s, c);
        QVERIFY2(r.isOk(), qPrintable(r.error().message()));
        QCOMPARE(stats().route(kSegmentPatch), 2);
        QVERIFY(fakeSegment(u"vip-customers"_s).included.contains(u"lock-s-1"_s));

        fake([](FakeLaunchDarkly &f) { f.resetStats(); });
        m_f->addLaunchDarklyFault(FakeLaunchDarkly::optimisticLockingFault(10));
        c.addIncluded = {u"lock-s-2"_s};
        r = changeSegment(*ld, u"vip-customers"_s, c);
        QCOMPARE(r.error().httpStatus(), 409);
        QCOMPARE(r.error().serverCode(), u"optimistic_locking_error"_s);
        QCOMPARE(stats().route(kSegmentPatch), 3);
    }

    void rateLimitStormIsRiddenOutWithoutAnErrorReachingTheCaller()
    {
        // The server's own limits: 4 requests a second per route.
        setOptions([](LaunchDarklyOptions &o) {
            o.routeLimit = 4;
            o.windowMs = 1000;
        });
        auto ld = client();
        int ok = 0;
        int failed = 0;
        QString firstError;
        QObject ctx;
        for (int i = 0; i < 14; ++i) {
            ld->getSegment(m_project, m_env, u"beta-testers"_s, &ctx, [&](const Result<LdSegment> &r) {
                r.isOk() ? ++ok : ++failed;
                if (!r.isOk() && firstError.isEmpty())
                    firstError = r.error().message();
            });
        }
        QTRY_VERIFY_WITH_TIMEOUT(ok + failed == 14, 20000);
        QVERIFY2(failed == 0, qPrintable(firstError));
        const SandboxStats s = stats();
        QCOMPARE(s.route(kSegmentGet) - s.rateLimited, 14);
        // Paced on X-Ratelimit-Route-Remaining: a 429 is the exception, not the rule.
        QVERIFY2(s.rateLimited == 0, qPrintable(QString::number(s.rateLimited)));
    }

    void injected429sHonourRetryAfter()
    {
        auto ld = client();
        SandboxFault storm = fault(SandboxFault::Kind::RateLimit, "PATCH", u"/api/v2/segments/{projectKey}/{environmentKey}/{segmentKey}"_s, 2);
        storm.retryAfterSeconds = 1;
        m_f->addLaunchDarklyFault(storm);
        LdSegmentTargetChange c = segmentChange();
        c.addIncluded = {u"storm-1"_s};
        QElapsedTimer t;
        t.start();
        auto r = changeSegment(*ld, u"vip-customers"_s, c);
        QVERIFY2(r.isOk(), qPrintable(r.error().message()));
        QVERIFY2(t.elapsed() >= 1900, qPrintable(QString::number(t.elapsed()))); // twice Retry-After: 1
        // Retry-After comes first: not the window's reset, 10 s away, that the same answers name.
        QVERIFY2(t.elapsed() < 6000, qPrintable(QString::number(t.elapsed())));
        QCOMPARE(stats().rateLimited, 2);
        QCOMPARE(ld->http()->counters().rateLimited, 2);
    }

    void a429WithoutHeadersBacksOff()
    {
        QCOMPARE(RateLimitPolicy::launchDarkly().defaultBackoffMs, 10000);
        setOptions([](LaunchDarklyOptions &o) {
            o.rateLimitHeaders = false;
            o.retryAfterOn429 = false;
        });
        auto ld = client();
        // The 10 s of the real policy, shortened for the test; the path taken is the same.
        RateLimitPolicy p = ld->http()->rateLimiter()->policy();
        p.defaultBackoffMs = 300;
        ld->http()->rateLimiter()->setPolicy(p);
        m_f->addLaunchDarklyFault(fault(SandboxFault::Kind::RateLimit, "GET", u"/api/v2/projects"_s, 2));
        QElapsedTimer t;
        t.start();
        auto r = wait<QList<LdProject>>([&](QObject *ctx, auto cb) { ld->listProjects(ctx, cb); });
        QVERIFY2(r.isOk(), qPrintable(r.error().message()));
        QVERIFY2(t.elapsed() >= 900, qPrintable(QString::number(t.elapsed()))); // 300 ms, then 600 ms
        QCOMPARE(stats().rateLimited, 2);
    }

    void serverErrorBurstsAreRetriedWhereSafe()
    {
        auto ld = client();
        SandboxFault reads = fault(SandboxFault::Kind::Status, "GET", u"/api/v2/segments/{projectKey}/{environmentKey}/{segmentKey}"_s, 2);
        reads.status = 503;
        m_f->addLaunchDarklyFault(reads);
        QVERIFY(wait<LdSegment>([&](QObject *ctx, auto cb) { ld->getSegment(m_project, m_env, u"vip-customers"_s, ctx, cb); }).isOk());
        // Target patches are idempotent: sent again after a 502.
        SandboxFault writes = fault(SandboxFault::Kind::Status, "PATCH", u"/api/v2/segments/{projectKey}/{environmentKey}/{segmentKey}"_s, 2);
        writes.status = 502;
        m_f->addLaunchDarklyFault(writes);
        LdSegmentTargetChange c = segmentChange();
        c.addIncluded = {u"burst-1"_s};
        QVERIFY(changeSegment(*ld, u"vip-customers"_s, c).isOk());
        QCOMPARE(stats().byStatus.value(u"503"_s), 2);
        QCOMPARE(stats().byStatus.value(u"502"_s), 2);
        // A burst longer than the retries reaches the caller with LaunchDarkly's hint.
        writes.times = 10;
        m_f->addLaunchDarklyFault(writes);
        c.addIncluded = {u"burst-2"_s};
        auto r = changeSegment(*ld, u"vip-customers"_s, c);
        QCOMPARE(r.error().httpStatus(), 502);
        QVERIFY2(r.error().message().contains(u"LaunchDarkly had a problem answering"_s), qPrintable(r.error().message()));
    }

    void malformedJsonIsReported()
    {
        auto ld = client();
        m_f->addLaunchDarklyFault(fault(SandboxFault::Kind::MalformedJson, "GET", u"/api/v2/flags/{projectKey}"_s));
        auto r = wait<QList<LdFlag>>([&](QObject *ctx, auto cb) { ld->listFlags(m_project, m_env, ctx, cb); });
        QCOMPARE(r.error().kind(), ApiError::Kind::BadResponse);
        QVERIFY2(r.error().message().contains(u"LaunchDarkly could not list flags"_s), qPrintable(r.error().message()));
        QVERIFY2(r.error().message().contains(u"malformed JSON"_s), qPrintable(r.error().message()));
        m_f->addLaunchDarklyFault(fault(SandboxFault::Kind::TruncatedJson, "GET", u"/api/v2/flags/{projectKey}/{featureFlagKey}"_s));
        auto one = wait<LdFlag>([&](QObject *ctx, auto cb) { ld->getFlag(m_project, u"dark-mode"_s, m_env, ctx, cb); });
        QCOMPARE(one.error().kind(), ApiError::Kind::BadResponse);
    }

    void cancellingAChunkedChangeStopsIt()
    {
        auto ld = client();
        fake([](FakeLaunchDarkly &f) { f.setLatency(150); });
        LdSegmentTargetChange c = segmentChange();
        c.addIncluded = keys(4000, u"cancel-"_s);
        std::optional<Result<LdSegmentChangeResult>> result;
        QObject ctx;
        QPointer<ApiCall> call = ld->changeSegmentTargets(m_project, u"high-nps"_s, c, false, &ctx,
                                                          [&](const Result<LdSegmentChangeResult> &r) { result = r; });
        QTRY_VERIFY_WITH_TIMEOUT(stats().route(kSegmentPatch) >= 1, 5000);
        call->cancel();
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 5000);
        fake([](FakeLaunchDarkly &f) { f.setLatency(0); });
        QCOMPARE(result->error().kind(), ApiError::Kind::Cancelled);
        QTest::qWait(400);
        QVERIFY(stats().route(kSegmentPatch) < 3);
    }

    // --- flagbridge-cli ld ---------------------------------------------------------------------

    void cliReads()
    {
        CliRun r = cli({u"ld"_s, u"whoami"_s, u"--json"_s});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.json().object().value("role"_L1).toString(), u"writer"_s);
        r = cli({u"ld"_s, u"whoami"_s});
        QVERIFY2(r.out.contains("FlagBridge sandbox (service token)"), r.out.constData());
        r = cli({u"ld"_s, u"projects"_s, u"--json"_s});
        QCOMPARE(r.json().array().size(), 2);
        r = cli({u"ld"_s, u"environments"_s, u"mobile-app"_s, u"--json"_s});
        QCOMPARE(r.json().array().size(), 2);
        r = cli({u"ld"_s, u"environments"_s, u"--json"_s});
        QCOMPARE(r.json().array().size(), 3);
        r = cli({u"ld"_s, u"context-kinds"_s, u"--json"_s});
        QVERIFY(r.json().array().size() >= 2);
        r = cli({u"ld"_s, u"flags"_s, u"--json"_s});
        QVERIFY2(r.json().array().size() > 20, r.err.constData());
        r = cli({u"ld"_s, u"flag"_s, u"checkout-config"_s});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("Variations:") && r.out.contains("country is") && r.out.contains("Rule 1"), r.out.constData());
        r = cli({u"ld"_s, u"segments"_s, u"--json"_s});
        QVERIFY(r.json().array().size() > 20);
        r = cli({u"ld"_s, u"segments"_s, u"--env"_s, u"staging"_s, u"--json"_s}); // --env overrides FLAGBRIDGE_LD_ENV
        QCOMPARE(r.json().array().size(), 2);
        r = cli({u"ld"_s, u"segment"_s, u"beta-testers"_s, u"--json"_s});
        QCOMPARE(r.json().object().value("key"_L1).toString(), u"beta-testers"_s);
        r = cli({u"segments"_s, u"show"_s, u"beta-testers"_s, u"--json"_s}); // issue 2's spelling still works
        QCOMPARE(r.json().object().value("key"_L1).toString(), u"beta-testers"_s);
        r = cli({u"ld"_s, u"evaluate"_s, u"cli-eval"_s, u"--attr"_s, u"country=DE"_s, u"--flag"_s, u"checkout-config"_s,
                 u"--env"_s, u"staging"_s, u"--json"_s});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.json().array().first().toObject().value("reason"_L1).toObject().value("kind"_L1).toString(), u"RULE_MATCH"_s);
        r = cli({u"ld"_s, u"evaluate"_s, u"qa-user-2"_s});
        QVERIFY2(r.out.contains("individually targeted"), r.out.constData());
    }

    void cliWrites()
    {
        CliRun r = cli({u"ld"_s, u"targets"_s, u"add"_s, u"webhooks-v2"_s, u"true"_s, u"cli-1"_s, u"cli-2"_s, u"--json"_s});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.json().object().value("added"_L1).toArray().size(), 2);
        QVERIFY(lastAudit().comment.startsWith(u"FlagBridge CLI: targets add webhooks-v2"_s));
        // A dry run moves nothing.
        r = cli({u"ld"_s, u"targets"_s, u"add"_s, u"webhooks-v2"_s, u"1"_s, u"cli-1"_s, u"--dry-run"_s, u"--json"_s});
        QCOMPARE(r.json().object().value("moved"_L1).toArray(), QJsonArray{u"cli-1"_s});
        QVERIFY(r.json().object().value("dryRun"_L1).toBool());
        auto ld = client();
        QCOMPARE(flag(*ld, u"webhooks-v2"_s).environments.value(m_env).targetedVariation(u"user"_s, u"cli-1"_s), 0);
        r = cli({u"ld"_s, u"targets"_s, u"remove"_s, u"webhooks-v2"_s, u"On"_s, u"cli-2"_s, u"--comment"_s, u"ticket 42"_s});
        QVERIFY2(r.exitCode == 0 && r.out.contains("Removed 1 key"), r.out.constData());
        QVERIFY2(lastAudit().comment.contains(u"ticket 42"_s), qPrintable(lastAudit().comment));

        r = cli({u"ld"_s, u"segment-members"_s, u"add"_s, u"vip-customers"_s, u"cli-vip"_s, u"--json"_s});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.json().object().value("requests"_L1).toInt(), 1);
        QVERIFY(fakeSegment(u"vip-customers"_s).included.contains(u"cli-vip"_s));
        r = cli({u"ld"_s, u"segment-members"_s, u"add"_s, u"vip-customers"_s, u"cli-out"_s, u"--excluded"_s});
        QVERIFY(fakeSegment(u"vip-customers"_s).excluded.contains(u"cli-out"_s));
        r = cli({u"ld"_s, u"segment-members"_s, u"add"_s, u"enterprise-accounts"_s, u"cli-big@example.com"_s, u"--json"_s});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = cli({u"ld"_s, u"segment-members"_s, u"check"_s, u"enterprise-accounts"_s, u"cli-big@example.com"_s, u"--json"_s});
        QVERIFY(r.json().object().value("included"_L1).toBool());
        r = cli({u"ld"_s, u"segment-members"_s, u"remove"_s, u"enterprise-accounts"_s, u"cli-big@example.com"_s});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(!fakeSegment(u"enterprise-accounts"_s).bigIncluded.contains(u"cli-big@example.com"_s));
    }

    void cliErrorsHaveExitCodesAndMessages()
    {
        CliRun r = cli({u"ld"_s, u"targets"_s, u"add"_s, u"webhooks-v2"_s, u"purple"_s, u"x"_s});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("has no variation \"purple\""), r.err.constData());
        r = cli({u"ld"_s, u"targets"_s, u"add"_s, u"webhooks-v2"_s, u"0"_s, u"x"_s, u"--context-kind"_s, u"multi"_s});
        QCOMPARE(r.exitCode, 1);
        r = cli({u"ld"_s, u"flag"_s, u"no-such-flag"_s});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("HTTP 404"), r.err.constData());
        r = cli({u"ld"_s, u"targets"_s, u"add"_s, u"webhooks-v2"_s});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("ld targets add|remove FLAG VARIATION KEY"), r.err.constData());
        r = cli({u"ld"_s, u"nothing"_s});
        QCOMPARE(r.exitCode, 1);
        r = cli({u"--help"_s});
        QVERIFY(r.out.contains("ld segment-members add|remove"));
    }
};

QTEST_GUILESS_MAIN(tst_LaunchDarklyClient)
#include "tst_launchdarkly_client.moc"
