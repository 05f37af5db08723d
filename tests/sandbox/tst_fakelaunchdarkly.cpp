#include "FakeLaunchDarkly.h"
#include "Sandbox.h"
#include "SandboxTestClient.h"

#include <QDateTime>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;

// The fake LaunchDarkly over real loopback HTTP.
class TestFakeLaunchDarkly : public QObject
{
    Q_OBJECT

private:
    Sandbox *m_sandbox = nullptr;
    const QString m_segments = u"/api/v2/segments/demo-app/production"_s;

    FakeLaunchDarkly *fake() const { return m_sandbox->launchDarkly(); }

    SandboxTestClient client(const QString &token = QString()) const
    {
        SandboxTestClient c(m_sandbox->launchDarklyBaseUrl());
        c.setHeader("Authorization",
                    (token.isEmpty() ? m_sandbox->launchDarklyToken() : token).toLatin1());
        c.setHeader("LD-API-Version", "20240415");
        return c;
    }

    static TestReply semanticPatch(SandboxTestClient &c, const QString &path,
                                   const QJsonArray &instructions,
                                   const QString &environment = u"production"_s,
                                   const QString &comment = QString())
    {
        QJsonObject body { { u"environmentKey"_s, environment },
                           { u"instructions"_s, instructions } };
        if (!comment.isEmpty())
            body.insert(u"comment"_s, comment);
        return c.send(
            "PATCH", path, QJsonDocument(body).toJson(QJsonDocument::Compact),
            { { "Content-Type", "application/json; domain-model=launchdarkly.semanticpatch" } });
    }

    static QJsonObject targets(const QString &kind, const QStringList &values,
                               const QString &contextKind = u"user"_s)
    {
        QJsonObject o { { u"kind"_s, kind }, { u"values"_s, QJsonArray::fromStringList(values) } };
        if (!contextKind.isEmpty())
            o.insert(u"contextKind"_s, contextKind);
        return o;
    }

    static QStringList keys(int n, const QString &prefix)
    {
        QStringList out;
        for (int i = 0; i < n; ++i)
            out.append(prefix + QString::number(i));
        return out;
    }

    QString variationId(const QString &flagKey, const QJsonValue &value) const
    {
        for (const QJsonValue &v :
             fake()->flag(u"demo-app"_s, flagKey).value("variations"_L1).toArray()) {
            if (v.toObject().value("value"_L1) == value)
                return v.toObject().value("_id"_L1).toString();
        }
        return {};
    }

    TestReply evaluate(SandboxTestClient &c, const QJsonObject &context,
                       const QString &environment = u"staging"_s, const QString &query = QString())
    {
        return c.send("POST",
                      u"/api/v2/projects/demo-app/environments/"_s + environment
                          + u"/flags/evaluate"_s + query,
                      QJsonDocument(context).toJson(QJsonDocument::Compact));
    }

    static QJsonObject evaluation(const TestReply &r, const QString &flagKey)
    {
        for (const QJsonValue &v : r.json().value("items"_L1).toArray()) {
            if (v.toObject().value("key"_L1).toString() == flagKey)
                return v.toObject();
        }
        return {};
    }

    static QString reason(const TestReply &r, const QString &flagKey)
    {
        return evaluation(r, flagKey).value("reason"_L1).toObject().value("kind"_L1).toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        SandboxOptions options;
        options.contacts = 300;
        m_sandbox = new Sandbox(options, this);
        QVERIFY(m_sandbox->start());
    }

    void init()
    {
        fake()->setOptions(LaunchDarklyOptions());
        fake()->resetRateLimits();
        fake()->clearFaults();
        fake()->resetStats();
    }

    void tokenIsSentRawWithoutBearer()
    {
        SandboxTestClient anonymous(m_sandbox->launchDarklyBaseUrl());
        TestReply r = anonymous.get(u"/api/v2/caller-identity"_s);
        QCOMPARE(r.status, 401);
        QCOMPARE(r.json(),
                 QJsonObject({ { u"code"_s, u"unauthorized"_s },
                               { u"message"_s, u"Invalid access token"_s } }));

        SandboxTestClient bearer = client();
        bearer.setHeader("Authorization", "Bearer " + m_sandbox->launchDarklyToken().toLatin1());
        QCOMPARE(bearer.get(u"/api/v2/caller-identity"_s).status, 401);

        r = client().get(u"/api/v2/caller-identity"_s);
        QCOMPARE(r.status, 200);
        QVERIFY(!r.json().value("accountId"_L1).toString().isEmpty());
        QCOMPARE(r.json().value("serviceToken"_L1).toBool(), true);
    }

    void apiVersionHeaderIsCounted()
    {
        SandboxTestClient c = client();
        c.setHeader("LD-API-Version", QByteArray());
        QCOMPARE(c.get(u"/api/v2/projects"_s).status, 200);
        QCOMPARE(client().get(u"/api/v2/projects"_s).status, 200);
        c.setHeader("LD-API-Version", "2019");
        QCOMPARE(c.get(u"/api/v2/projects"_s).status, 400);
        const SandboxStats stats = fake()->stats();
        QCOMPARE(stats.withoutVersionHeader, 1);
        QCOMPARE(stats.byVersionHeader.value(u"20240415"_s), 1);
        SandboxTestClient control(m_sandbox->launchDarklyBaseUrl());
        QCOMPARE(control.get(u"/_sandbox/stats"_s).json().value("withoutVersionHeader"_L1).toInt(),
                 1);
    }

    void listsAreReadToTheEndThroughNextLinks_data()
    {
        QTest::addColumn<QString>("first");
        QTest::addColumn<int>("expectedPages");
        QTest::newRow("segments by 5") << u"/api/v2/segments/demo-app/production?limit=5"_s << 5;
        QTest::newRow("flags, default page size") << u"/api/v2/flags/demo-app"_s << 2;
        QTest::newRow("flags with env filter")
            << u"/api/v2/flags/demo-app?filter=filterEnv:production&summary=0&limit=7"_s << 4;
        QTest::newRow("projects") << u"/api/v2/projects?limit=1"_s << 2;
        QTest::newRow("environments") << u"/api/v2/projects/demo-app/environments?limit=2"_s << 2;
    }

    void listsAreReadToTheEndThroughNextLinks()
    {
        QFETCH(QString, first);
        QFETCH(int, expectedPages);
        SandboxTestClient c = client();
        QSet<QString> seen;
        int total = -1;
        int pages = 0;
        QString next = first;
        while (!next.isEmpty()) {
            const TestReply r = c.get(next);
            QCOMPARE(r.status, 200);
            ++pages;
            const QJsonObject o = r.json();
            total = o.value("totalCount"_L1).toInt();
            const QJsonObject links = o.value("_links"_L1).toObject();
            QVERIFY(links.contains("self"_L1) && links.contains("first"_L1)
                    && links.contains("last"_L1));
            QCOMPARE(links.contains("prev"_L1), pages > 1);
            for (const QJsonValue &v : o.value("items"_L1).toArray()) {
                const QString key = v.toObject().value("key"_L1).toString();
                QVERIFY2(!seen.contains(key), qPrintable(key));
                seen.insert(key);
            }
            next = links.value("next"_L1).toObject().value("href"_L1).toString();
            QVERIFY(next.isEmpty() || next.startsWith("/api/v2/"_L1));
            QVERIFY(pages < 50);
        }
        QCOMPARE(seen.size(), total);
        QCOMPARE(pages, expectedPages);
    }

    void limitIsClampedAndValidated()
    {
        SandboxTestClient c = client();
        TestReply r = c.get(m_segments + u"?limit=500"_s);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value("items"_L1).toArray().size(),
                 r.json().value("totalCount"_L1).toInt()); // < 100
        QCOMPARE(c.get(m_segments + u"?limit=-1"_s).status, 400);
        QCOMPARE(c.get(m_segments + u"?limit=abc"_s).status, 400);
        QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
    }

    void flagEnvironmentsOnlyWhenFiltered()
    {
        SandboxTestClient c = client();
        TestReply r = c.get(u"/api/v2/flags/demo-app?limit=100"_s);
        QJsonObject flag = r.json().value("items"_L1).toArray().first().toObject();
        QVERIFY(!flag.contains("environments"_L1));
        QVERIFY(flag.value("variations"_L1).toArray().first().toObject().contains("_id"_L1));

        r = c.get(u"/api/v2/flags/demo-app?env=production&limit=100"_s);
        flag = r.json().value("items"_L1).toArray().first().toObject();
        QJsonObject env
            = flag.value("environments"_L1).toObject().value("production"_L1).toObject();
        QVERIFY(env.contains("on"_L1) && env.contains("_summary"_L1) && env.contains("version"_L1));
        QVERIFY(!env.contains("targets"_L1) && !env.contains("rules"_L1));
        QVERIFY(!flag.value("environments"_L1).toObject().contains("staging"_L1));

        r = c.get(u"/api/v2/flags/demo-app?filter=filterEnv:production&summary=0&limit=100"_s);
        QJsonObject beta;
        for (const QJsonValue &v : r.json().value("items"_L1).toArray()) {
            if (v.toObject().value("key"_L1).toString() == "beta-dashboard"_L1)
                beta = v.toObject();
        }
        env = beta.value("environments"_L1).toObject().value("production"_L1).toObject();
        QVERIFY(env.value("targets"_L1)
                    .toArray()
                    .first()
                    .toObject()
                    .value("values"_L1)
                    .toArray()
                    .contains(u"qa-user-1"_s));
        QVERIFY(env.contains("rules"_L1) && env.contains("fallthrough"_L1)
                && env.contains("salt"_L1));
        // User targets reappear in contextTargets as empty placeholders, as LaunchDarkly sends
        // them.
        bool placeholder = false;
        for (const QJsonValue &t : env.value("contextTargets"_L1).toArray()) {
            placeholder |= t.toObject().value("contextKind"_L1).toString() == "user"_L1
                && t.toObject().value("values"_L1).toArray().isEmpty();
        }
        QVERIFY(placeholder);

        r = c.get(u"/api/v2/flags/demo-app/new-checkout"_s);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value("environments"_L1).toObject().size(), 3);
        QCOMPARE(c.get(u"/api/v2/flags/demo-app/no-such-flag"_s).json().value("code"_L1).toString(),
                 u"not_found"_s);
    }

    void segmentRepresentation()
    {
        SandboxTestClient c = client();
        TestReply r = c.get(m_segments + u"/beta-testers"_s);
        QCOMPARE(r.status, 200);
        const QJsonObject s = r.json();
        for (const char *field : { "key", "name", "description", "tags", "version", "creationDate",
                                   "included", "excluded", "includedContexts", "excludedContexts",
                                   "rules", "unbounded", "_flags", "_links" })
            QVERIFY2(s.contains(QLatin1StringView(field)), field);
        QCOMPARE(s.value("includedContexts"_L1)
                     .toArray()
                     .first()
                     .toObject()
                     .value("contextKind"_L1)
                     .toString(),
                 u"organization"_s);
        r = c.get(m_segments + u"/vip-customers"_s);
        QCOMPARE(
            r.json().value("_flags"_L1).toArray().first().toObject().value("key"_L1).toString(),
            u"new-checkout"_s);
        r = c.get(m_segments + u"/enterprise-accounts"_s);
        QCOMPARE(r.json().value("unbounded"_L1).toBool(), true);
        QCOMPARE(r.json().value("unboundedContextKind"_L1).toString(), u"user"_s);
    }

    void semanticPatchAppliesAndRecordsTheComment()
    {
        SandboxTestClient c = client();
        const QString path = m_segments + u"/vip-customers"_s;
        const int version
            = fake()->segment(u"demo-app"_s, u"production"_s, u"vip-customers"_s)->version;
        fake()->clearAuditLog();
        TestReply r = semanticPatch(
            c, path,
            QJsonArray { targets(u"addIncludedTargets"_s, { u"ctc-1"_s, u"ctc-2"_s }),
                         targets(u"addIncludedTargets"_s, { u"org-9"_s }, u"organization"_s) },
            u"production"_s, u"FlagBridge: tag vip → vip-customers"_s);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value("version"_L1).toInt(), version + 1);
        QCOMPARE(r.json().value("included"_L1).toArray(), (QJsonArray { u"ctc-1"_s, u"ctc-2"_s }));
        QCOMPARE(r.json()
                     .value("includedContexts"_L1)
                     .toArray()
                     .first()
                     .toObject()
                     .value("values"_L1)
                     .toArray(),
                 QJsonArray { u"org-9"_s });
        QCOMPARE(fake()->auditLog().size(), 1);
        QCOMPARE(fake()->auditLog().first().comment, u"FlagBridge: tag vip → vip-customers"_s);
        QCOMPARE(fake()->auditLog().first().key, u"vip-customers"_s);
        SandboxTestClient control(m_sandbox->launchDarklyBaseUrl());
        QCOMPARE(control.get(u"/_sandbox/audit"_s).json().value("items"_L1).toArray().size(), 1);

        // The same request again changes nothing.
        r = semanticPatch(
            c, path, QJsonArray { targets(u"addIncludedTargets"_s, { u"ctc-1"_s, u"ctc-2"_s }) });
        QCOMPARE(r.json().value("version"_L1).toInt(), version + 1);
        r = semanticPatch(
            c, path,
            QJsonArray { targets(u"removeIncludedTargets"_s, { u"ctc-1"_s, u"ctc-2"_s }),
                         targets(u"removeIncludedTargets"_s, { u"org-9"_s }, u"organization"_s),
                         targets(u"addIncludedUsers"_s, { u"legacy-user"_s }, QString()) });
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value("included"_L1).toArray(), QJsonArray { u"legacy-user"_s });
        semanticPatch(
            c, path,
            QJsonArray { targets(u"removeIncludedUsers"_s, { u"legacy-user"_s }, QString()) });
        QVERIFY(fake()
                    ->segment(u"demo-app"_s, u"production"_s, u"vip-customers"_s)
                    ->included.isEmpty());
        QCOMPARE(fake()->stats().writes, 4);
    }

    void semanticPatchIsAllOrNothing()
    {
        SandboxTestClient c = client();
        const QString path = m_segments + u"/beta-testers"_s;
        const LaunchDarklySegment before
            = *fake()->segment(u"demo-app"_s, u"production"_s, u"beta-testers"_s);

        TestReply r
            = semanticPatch(c, path,
                            QJsonArray { targets(u"addIncludedTargets"_s, { u"new-key"_s }),
                                         QJsonObject { { u"kind"_s, u"frobnicateTargets2"_s } } });
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json().value("code"_L1).toString(), u"invalid_request"_s);
        QVERIFY(r.json().value("message"_L1).toString().contains(u"frobnicateTargets2"_s));

        // qa-user-3 is excluded: including it as well fails, and the first instruction is not kept.
        r = semanticPatch(c, path,
                          QJsonArray { targets(u"addIncludedTargets"_s, { u"new-key"_s }),
                                       targets(u"addIncludedTargets"_s, { u"qa-user-3"_s }) });
        QCOMPARE(r.status, 400);
        QVERIFY(r.json().value("message"_L1).toString().contains(u"qa-user-3"_s));
        const LaunchDarklySegment *after
            = fake()->segment(u"demo-app"_s, u"production"_s, u"beta-testers"_s);
        QCOMPARE(after->included, before.included);
        QCOMPARE(after->version, before.version);

        // Remove, then add, in one request.
        r = semanticPatch(c, path,
                          QJsonArray { targets(u"removeExcludedTargets"_s, { u"qa-user-3"_s }),
                                       targets(u"addIncludedTargets"_s, { u"qa-user-3"_s }) });
        QCOMPARE(r.status, 200);
        QVERIFY(r.json().value("included"_L1).toArray().contains(u"qa-user-3"_s));
        QVERIFY(r.json().value("excluded"_L1).toArray().isEmpty());

        QCOMPARE(semanticPatch(c, path, QJsonArray {}).status, 400);
        QCOMPARE(semanticPatch(c, path, QJsonArray { targets(u"addIncludedTargets"_s, { u"x"_s }) },
                               u"staging"_s)
                     .status,
                 400);
        QCOMPARE(
            semanticPatch(c, path,
                          QJsonArray { targets(u"addIncludedTargets"_s, { u"x"_s }, QString()) })
                .status,
            400);
    }

    void batchAndSegmentSizeLimits()
    {
        SandboxTestClient c = client();
        TestReply r = c.post(m_segments,
                             QJsonObject { { u"key"_s, u"limits"_s }, { u"name"_s, u"Limits"_s } });
        QCOMPARE(r.status, 201);
        const QString path = m_segments + u"/limits"_s;

        r = semanticPatch(c, path,
                          QJsonArray { targets(u"addIncludedTargets"_s, keys(1000, u"a"_s)),
                                       targets(u"addExcludedTargets"_s, keys(501, u"b"_s)) });
        QCOMPARE(r.status, 400);
        QVERIFY2(r.json().value("message"_L1).toString().contains(u"1,500"_s),
                 qPrintable(r.json().value("message"_L1).toString()));

        for (int batch = 0; batch < 10; ++batch) {
            r = semanticPatch(
                c, path,
                QJsonArray { targets(u"addIncludedTargets"_s,
                                     keys(1500, u"k"_s + QString::number(batch) + u'-')) });
            QCOMPARE(r.status, 200);
        }
        QCOMPARE(fake()->segment(u"demo-app"_s, u"production"_s, u"limits"_s)->targetCount(),
                 15000);
        r = semanticPatch(c, path,
                          QJsonArray { targets(u"addIncludedTargets"_s, { u"one-too-many"_s }) });
        QCOMPARE(r.status, 400);
        QVERIFY(r.json().value("message"_L1).toString().contains(u"15,000"_s));
        QCOMPARE(c.del(path).status, 204);
        QCOMPARE(c.get(path).status, 404);
    }

    void dryRunValidatesWithoutSaving()
    {
        SandboxTestClient c = client();
        const QString path = m_segments + u"/churn-risk"_s;
        fake()->clearAuditLog();
        const int version
            = fake()->segment(u"demo-app"_s, u"production"_s, u"churn-risk"_s)->version;
        TestReply r = semanticPatch(c, path + u"?dryRun=true"_s,
                                    QJsonArray { targets(u"addIncludedTargets"_s, { u"dry"_s }) });
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value("included"_L1).toArray(), QJsonArray { u"dry"_s });
        QCOMPARE(r.json().value("version"_L1).toInt(), version + 1);
        QVERIFY(
            fake()->segment(u"demo-app"_s, u"production"_s, u"churn-risk"_s)->included.isEmpty());
        QCOMPARE(fake()->segment(u"demo-app"_s, u"production"_s, u"churn-risk"_s)->version,
                 version);
        QVERIFY(fake()->auditLog().isEmpty());
        r = semanticPatch(c, path + u"?dryRun=true"_s,
                          QJsonArray { QJsonObject { { u"kind"_s, u"nope"_s } } });
        QCOMPARE(r.status, 400);
    }

    void semanticPatchNeedsItsContentType()
    {
        SandboxTestClient c = client();
        const QString path = m_segments + u"/vip-customers"_s;
        const QJsonObject body { { u"environmentKey"_s, u"production"_s },
                                 { u"instructions"_s,
                                   QJsonArray { targets(u"addIncludedTargets"_s, { u"x"_s }) } } };
        TestReply r = c.send("PATCH", path, QJsonDocument(body).toJson(),
                             { { "Content-Type", "application/json" } });
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json().value("code"_L1).toString(), u"invalid_request"_s);
        QVERIFY(fake()
                    ->segment(u"demo-app"_s, u"production"_s, u"vip-customers"_s)
                    ->included.isEmpty());

        // Plain JSON Patch works without it.
        const QJsonArray ops { QJsonObject { { u"op"_s, u"replace"_s },
                                             { u"path"_s, u"/description"_s },
                                             { u"value"_s, u"Patched"_s } } };
        r = c.send("PATCH", path, QJsonDocument(ops).toJson(),
                   { { "Content-Type", "application/json" } });
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value("description"_L1).toString(), u"Patched"_s);
        const int version = r.json().value("version"_L1).toInt();
        const QJsonObject guarded { { u"patch"_s,
                                      QJsonArray { QJsonObject { { u"op"_s, u"test"_s },
                                                                 { u"path"_s, u"/version"_s },
                                                                 { u"value"_s, version - 1 } },
                                                   QJsonObject { { u"op"_s, u"replace"_s },
                                                                 { u"path"_s, u"/name"_s },
                                                                 { u"value"_s, u"x"_s } } } } };
        r = c.send("PATCH", path, QJsonDocument(guarded).toJson(),
                   { { "Content-Type", "application/json" } });
        QCOMPARE(r.status, 409);
    }

    void readerCannotWrite()
    {
        SandboxTestClient c = client(fake()->addToken(LaunchDarklyToken::Role::Reader));
        QCOMPARE(c.get(m_segments + u"/vip-customers"_s).status, 200);
        const TestReply r
            = semanticPatch(c, m_segments + u"/vip-customers"_s,
                            QJsonArray { targets(u"addIncludedTargets"_s, { u"x"_s }) });
        QCOMPARE(r.status, 403);
        QCOMPARE(r.json().value("code"_L1).toString(), u"forbidden"_s);
        QCOMPARE(fake()->stats().writes, 0);
    }

    void approvalsBlockWrites()
    {
        QVERIFY(fake()->setApprovalsRequired(u"demo-app"_s, u"staging"_s, true, true));
        SandboxTestClient c = client();
        TestReply r = semanticPatch(c, u"/api/v2/segments/demo-app/staging/vip-customers"_s,
                                    QJsonArray { targets(u"addIncludedTargets"_s, { u"x"_s }) },
                                    u"staging"_s);
        QCOMPARE(r.status, 403);
        QCOMPARE(r.json().value("message"_L1).toString(), u"approval is required"_s);
        r = semanticPatch(c, u"/api/v2/flags/demo-app/new-checkout"_s,
                          QJsonArray { QJsonObject { { u"kind"_s, u"turnFlagOff"_s } } },
                          u"staging"_s);
        QCOMPARE(r.status, 405);
        QCOMPARE(r.json().value("code"_L1).toString(), u"method_not_allowed"_s);
        fake()->setApprovalsRequired(u"demo-app"_s, u"staging"_s, false, false);
        QCOMPARE(semanticPatch(c, u"/api/v2/flags/demo-app/new-checkout"_s,
                               QJsonArray { QJsonObject { { u"kind"_s, u"turnFlagOn"_s } } },
                               u"staging"_s)
                     .status,
                 200);
    }

    void flagSemanticPatch()
    {
        SandboxTestClient c = client();
        const QString path = u"/api/v2/flags/demo-app/beta-dashboard"_s;
        const QString on = variationId(u"beta-dashboard"_s, true);
        const QString off = variationId(u"beta-dashboard"_s, false);
        QVERIFY(!on.isEmpty() && !off.isEmpty());
        auto addTargets
            = [](const QString &kind, const QString &variation, const QStringList &values) {
                  return QJsonObject { { u"kind"_s, kind },
                                       { u"variationId"_s, variation },
                                       { u"values"_s, QJsonArray::fromStringList(values) },
                                       { u"contextKind"_s, u"user"_s } };
              };
        // qa-user-1 is a target of "true": adding it to "false" as well fails.
        TestReply r = semanticPatch(
            c, path, QJsonArray { addTargets(u"addTargets"_s, off, { u"qa-user-1"_s }) });
        QCOMPARE(r.status, 400);
        r = semanticPatch(c, path,
                          QJsonArray { addTargets(u"removeTargets"_s, on, { u"qa-user-1"_s }),
                                       addTargets(u"addTargets"_s, off, { u"qa-user-1"_s }) },
                          u"production"_s, u"move"_s);
        QCOMPARE(r.status, 200);
        const QJsonObject env
            = r.json().value("environments"_L1).toObject().value("production"_L1).toObject();
        bool moved = false;
        for (const QJsonValue &t : env.value("targets"_L1).toArray())
            moved |= t.toObject().value("variation"_L1).toInt() == 1
                && t.toObject().value("values"_L1).toArray().contains(u"qa-user-1"_s);
        QVERIFY(moved);
        QCOMPARE(semanticPatch(
                     c, path,
                     QJsonArray { addTargets(u"addTargets"_s, u"no-such-variation"_s, { u"z"_s }) })
                     .status,
                 400);

        // Rules with segmentMatch clauses.
        const QJsonObject rule {
            { u"kind"_s, u"addRule"_s },
            { u"variationId"_s, on },
            { u"clauses"_s,
              QJsonArray { QJsonObject { { u"contextKind"_s, u"user"_s },
                                         { u"attribute"_s, u"segmentMatch"_s },
                                         { u"op"_s, u"segmentMatch"_s },
                                         { u"values"_s, QJsonArray { u"no-such-segment"_s } } } } }
        };
        QCOMPARE(semanticPatch(c, path, QJsonArray { rule }).status, 400);
        QJsonObject good = rule;
        good.insert(
            u"clauses"_s,
            QJsonArray { QJsonObject { { u"attribute"_s, u"segmentMatch"_s },
                                       { u"op"_s, u"segmentMatch"_s },
                                       { u"values"_s, QJsonArray { u"beta-testers"_s } } } });
        r = semanticPatch(c, path, QJsonArray { good });
        QCOMPARE(r.status, 200);
        const QJsonArray rules = r.json()
                                     .value("environments"_L1)
                                     .toObject()
                                     .value("production"_L1)
                                     .toObject()
                                     .value("rules"_L1)
                                     .toArray();
        const QJsonObject added = rules.last().toObject();
        QCOMPARE(added.value("variation"_L1).toInt(), 0);
        const QString ruleId = added.value("_id"_L1).toString();
        const QString clauseId
            = added.value("clauses"_L1).toArray().first().toObject().value("_id"_L1).toString();
        r = semanticPatch(
            c, path,
            QJsonArray { QJsonObject { { u"kind"_s, u"addValuesToClause"_s },
                                       { u"ruleId"_s, ruleId },
                                       { u"clauseId"_s, clauseId },
                                       { u"values"_s, QJsonArray { u"vip-customers"_s } } },
                         QJsonObject { { u"kind"_s, u"turnFlagOff"_s } } });
        QCOMPARE(r.status, 200);
        const QJsonObject production
            = r.json().value("environments"_L1).toObject().value("production"_L1).toObject();
        QCOMPARE(production.value("on"_L1).toBool(), false);
        QCOMPARE(production.value("rules"_L1)
                     .toArray()
                     .last()
                     .toObject()
                     .value("clauses"_L1)
                     .toArray()
                     .first()
                     .toObject()
                     .value("values"_L1)
                     .toArray(),
                 (QJsonArray { u"beta-testers"_s, u"vip-customers"_s }));
        // Flag-wide instructions need no environment; targeting ones do.
        QCOMPARE(semanticPatch(c, path,
                               QJsonArray { QJsonObject { { u"kind"_s, u"turnFlagOn"_s } } },
                               QString())
                     .status,
                 400);
        r = semanticPatch(
            c, path,
            QJsonArray { QJsonObject { { u"kind"_s, u"addTags"_s },
                                       { u"values"_s, QJsonArray { u"synced"_s } } } },
            QString());
        QCOMPARE(r.status, 200);
        QVERIFY(r.json().value("tags"_L1).toArray().contains(u"synced"_s));
        QCOMPARE(c.get(m_segments + u"/beta-testers"_s).json().value("_flags"_L1).toArray().size(),
                 1);
    }

    void createSegmentConflictsOnDuplicateKey()
    {
        SandboxTestClient c = client();
        TestReply r = c.post(m_segments,
                             QJsonObject { { u"key"_s, u"ghl-new"_s },
                                           { u"name"_s, u"From the CRM"_s },
                                           { u"tags"_s, QJsonArray { u"crm"_s } } });
        QCOMPARE(r.status, 201);
        QCOMPARE(r.json().value("version"_L1).toInt(), 1);
        r = c.post(m_segments,
                   QJsonObject { { u"key"_s, u"ghl-new"_s }, { u"name"_s, u"Again"_s } });
        QCOMPARE(r.status, 409);
        QCOMPARE(r.json(),
                 QJsonObject({ { u"code"_s, u"key_exists"_s },
                               { u"message"_s, u"Duplicate segment key"_s } }));
        QCOMPARE(
            c.post(m_segments, QJsonObject { { u"key"_s, u"bad key!"_s }, { u"name"_s, u"x"_s } })
                .status,
            400);
        QCOMPARE(c.del(m_segments + u"/ghl-new"_s).status, 204);
    }

    void bigSegments()
    {
        SandboxTestClient c = client();
        const QString path = m_segments + u"/enterprise-accounts"_s;
        TestReply r = c.post(
            path + u"/contexts"_s,
            QJsonObject {
                { u"included"_s,
                  QJsonObject { { u"add"_s, QJsonArray { u"big-1"_s, u"big 2+x@y"_s } } } },
                { u"excluded"_s, QJsonObject { { u"add"_s, QJsonArray { u"big-3"_s } } } } });
        QCOMPARE(r.status, 204);
        QVERIFY(r.body.isEmpty());
        r = c.get(path + u"/contexts/big%202%2Bx%40y"_s);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value("included"_L1).toBool(), true);
        QCOMPARE(r.json().value("excluded"_L1).toBool(), false);
        QCOMPARE(c.get(path + u"/contexts/big-3"_s).json().value("excluded"_L1).toBool(), true);
        QCOMPARE(c.get(path + u"/contexts/nobody"_s).json().value("included"_L1).toBool(), false);
        r = c.post(path + u"/contexts"_s,
                   QJsonObject { { u"included"_s,
                                   QJsonObject { { u"remove"_s, QJsonArray { u"big-1"_s } } } } });
        QCOMPARE(r.status, 204);
        QCOMPARE(c.get(path + u"/contexts/big-1"_s).json().value("included"_L1).toBool(), false);

        r = c.post(
            m_segments + u"/beta-testers/contexts"_s,
            QJsonObject { { u"included"_s, QJsonObject { { u"add"_s, QJsonArray { u"x"_s } } } } });
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json().value("message"_L1).toString(),
                 u"This operation does not support standard segments"_s);
        QCOMPARE(semanticPatch(c, path, QJsonArray { targets(u"addIncludedTargets"_s, { u"x"_s }) })
                     .status,
                 400);
        r = semanticPatch(
            c, path,
            QJsonArray { QJsonObject { { u"kind"_s, u"addBigSegmentIncludedTargets"_s },
                                       { u"values"_s, QJsonArray { u"via-patch"_s } } } });
        QCOMPARE(r.status, 200);
        QVERIFY(fake()
                    ->segment(u"demo-app"_s, u"production"_s, u"enterprise-accounts"_s)
                    ->bigIncluded.contains(u"via-patch"_s));
    }

    void contextKinds()
    {
        SandboxTestClient c = client();
        TestReply r = c.get(u"/api/v2/projects/demo-app/context-kinds"_s);
        QCOMPARE(r.status, 200);
        QVERIFY(r.json().value("items"_L1).toArray().size() >= 2);
        r = c.put(u"/api/v2/projects/demo-app/context-kinds/ghl-contact"_s,
                  QJsonObject { { u"name"_s, u"HighLevel contact"_s } });
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value("status"_L1).toString(), u"success"_s);
        r = c.get(u"/api/v2/projects/demo-app/context-kinds"_s);
        bool found = false;
        for (const QJsonValue &k : r.json().value("items"_L1).toArray())
            found |= k.toObject().value("key"_L1).toString() == "ghl-contact"_L1;
        QVERIFY(found);
        QCOMPARE(c.put(u"/api/v2/projects/demo-app/context-kinds/kind"_s,
                       QJsonObject { { u"name"_s, u"x"_s } })
                     .status,
                 400);
        QCOMPARE(c.put(u"/api/v2/projects/demo-app/context-kinds/org"_s, QJsonObject()).status,
                 400);
    }

    void rateLimitAnswers429WithHeaders()
    {
        LaunchDarklyOptions o = fake()->options();
        o.routeLimit = 3;
        fake()->setOptions(o);
        fake()->resetRateLimits();
        SandboxTestClient c = client();
        for (int i = 0; i < 3; ++i) {
            const TestReply r = c.get(m_segments + u"?limit=1"_s);
            QCOMPARE(r.status, 200);
            QCOMPARE(r.header("X-Ratelimit-Route-Remaining").toInt(), 2 - i);
            QVERIFY(r.header("X-Ratelimit-Global-Remaining").toInt() > 0);
        }
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const TestReply r = c.get(m_segments + u"?limit=1"_s);
        QCOMPARE(r.status, 429);
        QCOMPARE(r.json().value("code"_L1).toString(), u"rate_limited"_s);
        QCOMPARE(r.header("X-Ratelimit-Route-Remaining"), QByteArray("0"));
        const qint64 reset = r.header("X-Ratelimit-Reset").toLongLong();
        QVERIFY2(reset > now - 1000 && reset <= now + 10500,
                 qPrintable(QString::number(reset - now)));
        QVERIFY(r.header("Retry-After").toInt() >= 1);
        QCOMPARE(fake()->stats().rateLimited, 1);
        // Another route still has its own budget.
        QCOMPARE(c.get(u"/api/v2/projects"_s).status, 200);
    }

    void rateLimitHeadersCanBeLeftOut()
    {
        LaunchDarklyOptions o = fake()->options();
        o.routeLimit = 1;
        o.rateLimitHeaders = false;
        o.retryAfterOn429 = false;
        fake()->setOptions(o);
        fake()->resetRateLimits();
        SandboxTestClient c = client();
        TestReply r = c.get(m_segments + u"?limit=1"_s);
        QCOMPARE(r.status, 200);
        QVERIFY(r.header("X-Ratelimit-Route-Remaining").isEmpty());
        r = c.get(m_segments + u"?limit=1"_s);
        QCOMPARE(r.status, 429);
        QVERIFY(r.header("X-Ratelimit-Reset").isEmpty());
        QVERIFY(r.header("X-Ratelimit-Global-Remaining").isEmpty());
        QVERIFY(r.header("Retry-After").isEmpty());
    }

    void optimisticLockingOnDemand()
    {
        fake()->addFault(FakeLaunchDarkly::optimisticLockingFault(1));
        SandboxTestClient c = client();
        const QString path = m_segments + u"/vip-customers"_s;
        TestReply r = semanticPatch(c, path,
                                    QJsonArray { targets(u"addIncludedTargets"_s, { u"lock"_s }) });
        QCOMPARE(r.status, 409);
        QCOMPARE(r.json().value("code"_L1).toString(), u"optimistic_locking_error"_s);
        QVERIFY(fake()
                    ->segment(u"demo-app"_s, u"production"_s, u"vip-customers"_s)
                    ->included.isEmpty());
        r = semanticPatch(c, path,
                          QJsonArray { targets(u"removeIncludedTargets"_s, { u"lock"_s }) });
        QCOMPARE(r.status, 200);
    }

    void unknownRoutesAndMethods()
    {
        SandboxTestClient c = client();
        TestReply r = c.get(u"/api/v2/nothing-here"_s);
        QCOMPARE(r.status, 404);
        QCOMPARE(r.json().value("code"_L1).toString(), u"not_found"_s);
        r = c.put(m_segments + u"/vip-customers"_s, QJsonObject());
        QCOMPARE(r.status, 405);
        QCOMPARE(r.json().value("code"_L1).toString(), u"method_not_allowed"_s);
        QCOMPARE(c.get(u"/api/v2/segments/demo-app/nowhere"_s).status, 404);
    }
    void evaluateTargetsRulesAndFallthrough()
    {
        SandboxTestClient c = client();
        TestReply r
            = evaluate(c, QJsonObject { { u"kind"_s, u"user"_s }, { u"key"_s, u"qa-user-1"_s } });
        QCOMPARE(r.status, 200);
        const qsizetype flags = fake()->data().flags.value(u"demo-app"_s).size();
        QCOMPARE(r.json().value("items"_L1).toArray().size(), flags); // limit -1: every flag
        QCOMPARE(r.json().value("totalCount"_L1).toInt(), int(flags));
        QCOMPARE(reason(r, u"beta-dashboard"_s), u"TARGET_MATCH"_s);
        QCOMPARE(evaluation(r, u"beta-dashboard"_s).value("_value"_L1), QJsonValue(true));
        QCOMPARE(reason(r, u"onboarding-tour"_s), u"OFF"_s);
        QCOMPARE(evaluation(r, u"onboarding-tour"_s).value("_value"_L1), QJsonValue(false));
        QVERIFY(
            evaluation(r, u"beta-dashboard"_s).value("_links"_L1).toObject().contains("site"_L1));

        r = evaluate(c, QJsonObject { { u"kind"_s, u"user"_s }, { u"key"_s, u"stranger"_s } });
        QCOMPARE(reason(r, u"beta-dashboard"_s), u"FALLTHROUGH"_s);

        // Context targets of another kind, and a multi-kind context.
        r = evaluate(c,
                     QJsonObject { { u"kind"_s, u"organization"_s }, { u"key"_s, u"org-acme"_s } });
        QCOMPARE(reason(r, u"beta-dashboard"_s), u"TARGET_MATCH"_s);
        r = evaluate(
            c,
            QJsonObject { { u"kind"_s, u"multi"_s },
                          { u"user"_s, QJsonObject { { u"key"_s, u"someone"_s } } },
                          { u"organization"_s, QJsonObject { { u"key"_s, u"org-acme"_s } } } });
        QCOMPARE(reason(r, u"beta-dashboard"_s), u"TARGET_MATCH"_s);

        // Rules: "in" on a custom attribute, "endsWith" on email; ruleID as the REST API spells it.
        r = evaluate(c,
                     QJsonObject { { u"kind"_s, u"user"_s },
                                   { u"key"_s, u"hans"_s },
                                   { u"country"_s, u"DE"_s },
                                   { u"email"_s, u"hans@brightside.example"_s } });
        const QJsonObject config = evaluation(r, u"checkout-config"_s);
        QCOMPARE(config.value("reason"_L1).toObject().value("kind"_L1).toString(), u"RULE_MATCH"_s);
        QCOMPARE(config.value("reason"_L1).toObject().value("ruleIndex"_L1).toInt(), 0);
        const QString ruleId = fake()
                                   ->flag(u"demo-app"_s, u"checkout-config"_s)
                                   .value("environments"_L1)
                                   .toObject()
                                   .value("staging"_L1)
                                   .toObject()
                                   .value("rules"_L1)
                                   .toArray()
                                   .first()
                                   .toObject()
                                   .value("_id"_L1)
                                   .toString();
        QCOMPARE(config.value("reason"_L1).toObject().value("ruleID"_L1).toString(), ruleId);
        QCOMPARE(config.value("_value"_L1).toObject().value("currency"_L1).toString(), u"EUR"_s);
        QCOMPARE(reason(r, u"dark-mode"_s), u"RULE_MATCH"_s);
        r = evaluate(c,
                     QJsonObject { { u"kind"_s, u"user"_s },
                                   { u"key"_s, u"joe"_s },
                                   { u"country"_s, u"US"_s },
                                   { u"email"_s, u"joe@example.com"_s } });
        QCOMPARE(reason(r, u"checkout-config"_s), u"FALLTHROUGH"_s);
        QCOMPARE(evaluation(r, u"checkout-config"_s)
                     .value("_value"_L1)
                     .toObject()
                     .value("currency"_L1)
                     .toString(),
                 u"USD"_s);
        QCOMPARE(reason(r, u"dark-mode"_s), u"FALLTHROUGH"_s);

        // A percentage rollout: stable per key, and spread over the three variations.
        QSet<QString> served;
        for (int i = 0; i < 60; ++i) {
            const QJsonObject user { { u"kind"_s, u"user"_s },
                                     { u"key"_s, QString(u"rollout-"_s + QString::number(i)) } };
            const QJsonValue first
                = evaluation(evaluate(c, user), u"pricing-page"_s).value("_value"_L1);
            QCOMPARE(evaluation(evaluate(c, user), u"pricing-page"_s).value("_value"_L1), first);
            served.insert(first.toString());
        }
        QCOMPARE(served.size(), 3);
    }

    void evaluateSegmentMatchIncludingBigSegments()
    {
        SandboxTestClient c = client();
        const QJsonObject vip { { u"kind"_s, u"user"_s }, { u"key"_s, u"vip-evaluated"_s } };
        QCOMPARE(reason(evaluate(c, vip), u"new-checkout"_s), u"FALLTHROUGH"_s);
        QCOMPARE(
            semanticPatch(c, u"/api/v2/segments/demo-app/staging/vip-customers"_s,
                          QJsonArray { targets(u"addIncludedTargets"_s, { u"vip-evaluated"_s }) },
                          u"staging"_s)
                .status,
            200);
        QCOMPARE(reason(evaluate(c, vip), u"new-checkout"_s), u"RULE_MATCH"_s);

        // A big segment: membership from the /contexts batches.
        const QString on = variationId(u"audit-log"_s, true);
        TestReply r = semanticPatch(
            c, u"/api/v2/flags/demo-app/audit-log"_s,
            QJsonArray { QJsonObject { { u"kind"_s, u"turnFlagOn"_s } },
                         QJsonObject { { u"kind"_s, u"addRule"_s },
                                       { u"variationId"_s, on },
                                       { u"clauses"_s,
                                         QJsonArray { QJsonObject {
                                             { u"attribute"_s, u"segmentMatch"_s },
                                             { u"op"_s, u"segmentMatch"_s },
                                             { u"values"_s,
                                               QJsonArray { u"enterprise-accounts"_s } } } } } } });
        QCOMPARE(r.status, 200);
        r = c.post(
            m_segments + u"/enterprise-accounts/contexts"_s,
            QJsonObject {
                { u"included"_s, QJsonObject { { u"add"_s, QJsonArray { u"big-in"_s } } } },
                { u"excluded"_s, QJsonObject { { u"add"_s, QJsonArray { u"big-out"_s } } } } });
        QCOMPARE(r.status, 204);
        auto auditLog = [&](const QString &key) {
            return evaluation(evaluate(c,
                                       QJsonObject { { u"key"_s, key }, { u"kind"_s, u"user"_s } },
                                       u"production"_s),
                              u"audit-log"_s);
        };
        QCOMPARE(auditLog(u"big-in"_s).value("_value"_L1), QJsonValue(true));
        QCOMPARE(auditLog(u"big-in"_s).value("reason"_L1).toObject().value("kind"_L1).toString(),
                 u"RULE_MATCH"_s);
        QCOMPARE(auditLog(u"big-out"_s).value("_value"_L1), QJsonValue(false));
        QCOMPARE(auditLog(u"nobody"_s).value("reason"_L1).toObject().value("kind"_L1).toString(),
                 u"FALLTHROUGH"_s);
    }

    void evaluateRefusesInvalidContextsAndPages()
    {
        SandboxTestClient c = client();
        TestReply r = evaluate(c, QJsonObject { { u"kind"_s, u"user"_s } });
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json().value("code"_L1).toString(), u"invalid_request"_s);
        QCOMPARE(
            evaluate(c, QJsonObject { { u"kind"_s, u"multi"_s }, { u"key"_s, u"x"_s } }).status,
            400);
        QCOMPARE(
            evaluate(c, QJsonObject { { u"kind"_s, u"bad kind!"_s }, { u"key"_s, u"x"_s } }).status,
            400);
        QCOMPARE(c.send("POST", u"/api/v2/projects/demo-app/environments/staging/flags/evaluate"_s,
                        "[1]")
                     .status,
                 400);
        QCOMPARE(evaluate(c, QJsonObject { { u"key"_s, u"x"_s } }, u"nowhere"_s).status, 404);

        const QJsonObject user { { u"kind"_s, u"user"_s }, { u"key"_s, u"pager"_s } };
        r = evaluate(c, user, u"staging"_s, u"?limit=5&offset=5"_s);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value("items"_L1).toArray().size(), 5);
        QVERIFY(r.json().value("totalCount"_L1).toInt() > 10);
        QVERIFY(r.json().value("_links"_L1).toObject().contains("next"_L1));
        r = evaluate(c, user, u"staging"_s, u"?filter=query%20equals%20checkout"_s);
        QStringList keys;
        for (const QJsonValue &v : r.json().value("items"_L1).toArray())
            keys.append(v.toObject().value("key"_L1).toString());
        QCOMPARE(keys, (QStringList { u"checkout-config"_s, u"new-checkout"_s }));

        // Evaluating reads: a Reader may.
        SandboxTestClient reader = client(fake()->addToken(LaunchDarklyToken::Role::Reader));
        QCOMPARE(evaluate(reader, user).status, 200);
    }

    void evaluatePrerequisitesAcrossAFilter()
    {
        SandboxTestClient c = client();
        auto addPrerequisite = [&](const QString &key, int variation) {
            const QJsonArray ops { QJsonObject {
                { u"op"_s, u"add"_s },
                { u"path"_s, u"/environments/staging/prerequisites/-"_s },
                { u"value"_s,
                  QJsonObject { { u"key"_s, key }, { u"variation"_s, variation } } } } };
            return c
                .send("PATCH", u"/api/v2/flags/demo-app/search-v2"_s,
                      QJsonDocument(ops).toJson(QJsonDocument::Compact))
                .status;
        };
        auto searchV2 = [&] {
            const TestReply r
                = evaluate(c, QJsonObject { { u"kind"_s, u"user"_s }, { u"key"_s, u"p"_s } },
                           u"staging"_s, u"?filter=query%20equals%20search"_s);
            [&] {
                QCOMPARE(r.json().value("items"_L1).toArray().size(), 1);
            }();
            return evaluation(r, u"search-v2"_s).value("reason"_L1).toObject();
        };
        // beta-dashboard serves "true" (variation 0) to everyone in staging: the prerequisite
        // holds although the filter leaves beta-dashboard out of the answer.
        QCOMPARE(addPrerequisite(u"beta-dashboard"_s, 0), 200);
        QCOMPARE(searchV2().value("kind"_L1).toString(), u"FALLTHROUGH"_s);
        // onboarding-tour is off: its off variation is not the one required.
        QCOMPARE(addPrerequisite(u"onboarding-tour"_s, 0), 200);
        QCOMPARE(searchV2().value("kind"_L1).toString(), u"PREREQUISITE_FAILED"_s);
        QCOMPARE(searchV2().value("prerequisiteKey"_L1).toString(), u"onboarding-tour"_s);
    }

    void tokensCarryTheirRole()
    {
        SandboxTestClient c = client();
        const QString id
            = c.get(u"/api/v2/caller-identity"_s).json().value("tokenId"_L1).toString();
        TestReply r = c.get(u"/api/v2/tokens/"_s + id);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value("role"_L1).toString(), u"writer"_s);
        QCOMPARE(r.json().value("token"_L1).toString().size(), 4); // never the whole secret
        SandboxTestClient reader
            = client(fake()->addToken(LaunchDarklyToken::Role::Reader, u"ci reader"_s));
        const QJsonObject identity = reader.get(u"/api/v2/caller-identity"_s).json();
        QCOMPARE(identity.value("tokenName"_L1).toString(), u"ci reader"_s);
        r = reader.get(u"/api/v2/tokens/"_s + identity.value("tokenId"_L1).toString());
        QCOMPARE(r.json().value("role"_L1).toString(), u"reader"_s);
        QCOMPARE(c.get(u"/api/v2/tokens/no-such-token"_s).status, 404);
    }

    void bigSegmentBatchesAreLimited()
    {
        SandboxTestClient c = client();
        const QString path = m_segments + u"/enterprise-accounts/contexts"_s;
        TestReply r = c.post(
            path,
            QJsonObject {
                { u"included"_s,
                  QJsonObject { { u"add"_s, QJsonArray::fromStringList(keys(1000, u"b"_s)) } } } });
        QCOMPARE(r.status, 204);
        r = c.post(
            path,
            QJsonObject {
                { u"included"_s,
                  QJsonObject { { u"add"_s, QJsonArray::fromStringList(keys(600, u"c"_s)) } } },
                { u"excluded"_s,
                  QJsonObject { { u"add"_s, QJsonArray::fromStringList(keys(401, u"d"_s)) } } } });
        QCOMPARE(r.status, 400);
        QVERIFY2(r.json().value("message"_L1).toString().contains(u"batch limit of 1000"_s),
                 r.body.constData());
        QVERIFY(!fake()
                     ->segment(u"demo-app"_s, u"production"_s, u"enterprise-accounts"_s)
                     ->bigIncluded.contains(u"c0"_s));
    }
};

QTEST_GUILESS_MAIN(TestFakeLaunchDarkly)
#include "tst_fakelaunchdarkly.moc"
