#include "SandboxFixture.h"

#include "mapping/MappingFile.h"

#include <QFile>
#include <QSet>

using namespace Qt::StringLiterals;

// The real clients and the sync engine against the sandbox, over loopback HTTP.
class tst_SyncIntegration : public QObject
{
    Q_OBJECT

private:
    static Mapping tagToSegment(const QString &tag, const QString &segment, Binding::Mode mode = Binding::Mode::Mirror)
    {
        Mapping m;
        m.name = u"test"_s;
        m.highLevelConnection = u"test-highlevel"_s;
        m.launchDarklyConnection = u"test-launchdarkly"_s;
        Binding b;
        b.id = u"binding-"_s + tag;
        b.name = tag + u" contacts"_s;
        b.segmentKey = segment;
        b.mode = mode;
        SelectorPredicate p;
        p.tags = {tag};
        b.selector.predicates = {p};
        m.bindings = {b};
        return m;
    }

    static QList<Contact> allContacts(SandboxFixture &f, const ContactQuery &q = {})
    {
        auto r = SandboxFixture::wait<QList<Contact>>([&](QObject *ctx, Callback<QList<Contact>> cb) {
            f.highLevel->readAllContacts(q, ctx, cb);
        });
        if (!r.isOk())
            qWarning("%s", qPrintable(r.error().message()));
        return r.value();
    }

    static LdSegment segment(SandboxFixture &f, const QString &key)
    {
        auto r = SandboxFixture::wait<LdSegment>([&](QObject *ctx, Callback<LdSegment> cb) {
            f.launchDarkly->getSegment(f.ld.projectKey, f.ld.environmentKey, key, ctx, cb);
        });
        return r.value();
    }

    static QSet<QString> ids(const QList<Contact> &contacts, const QString &withTag = {})
    {
        QSet<QString> out;
        for (const Contact &c : contacts) {
            if (withTag.isEmpty() || c.hasTag(withTag))
                out.insert(c.id);
        }
        return out;
    }

private Q_SLOTS:
    void searchPagingReturnsEveryContactExactlyOnce_data()
    {
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("sort");
        QTest::newRow("2,500 by date") << 2500 << int(ContactQuery::SortField::DateAdded);
        QTest::newRow("2,500 by first name") << 2500 << int(ContactQuery::SortField::FirstName);
        QTest::newRow("12,000: beyond the 10,000 page-depth ceiling") << 12000 << int(ContactQuery::SortField::DateAdded);
    }

    void searchPagingReturnsEveryContactExactlyOnce()
    {
        QFETCH(int, count);
        QFETCH(int, sort);
        SandboxOptions options;
        options.contacts = count;
        SandboxFixture f(options);
        QVERIFY(f.started);
        ContactQuery q;
        q.sortField = ContactQuery::SortField(sort);
        q.descending = false;
        const QList<Contact> contacts = allContacts(f, q);
        QCOMPARE(contacts.size(), count);
        QCOMPARE(ids(contacts).size(), count); // no duplicates
        // The fewest calls: one per 500 contacts.
        QCOMPARE(f.highLevelStats().route(u"POST /contacts/search"_s), qint64((count + 499) / 500));
    }

    void tagToSegmentSyncAddsExactlyTheMatchingContacts()
    {
        SandboxFixture f;
        QVERIFY(f.started);
        const QList<Contact> contacts = allContacts(f);
        const QSet<QString> vip = ids(contacts, u"vip"_s);
        QVERIFY2(vip.size() > 100, "the demo data should have a good number of VIP contacts");
        QVERIFY(segment(f, u"vip-customers"_s).included.isEmpty());

        const auto run = f.runSync(tagToSegment(u"vip"_s, u"vip-customers"_s));
        const SyncReport &report = run->report();
        QCOMPARE(report.outcome, SyncReport::Outcome::Success);
        QVERIFY(report.applied);
        QCOMPARE(report.added(), int(vip.size()));
        const LdSegment s = segment(f, u"vip-customers"_s);
        const QSet<QString> members(s.included.cbegin(), s.included.cend());
        QCOMPARE(members, vip);
        // Reads: one search per 500 contacts and the segment; writes: one patch per 1,500 keys.
        QCOMPARE(report.requests().writes, int((vip.size() + 1499) / 1500));
        QCOMPARE(f.launchDarklyStats().writes, qint64(report.requests().writes));
        // Every write names FlagBridge and the binding in LaunchDarkly's audit log.
        QVERIFY(run->plan().bindings.first().operations.first().patch.comment.contains(u"vip contacts"_s));
    }

    void secondRunMakesZeroWrites()
    {
        SandboxFixture f;
        QVERIFY(f.started);
        const Mapping m = tagToSegment(u"vip"_s, u"vip-customers"_s);
        f.runSync(m);
        const qint64 writesAfterFirst = f.launchDarklyStats().writes;
        QVERIFY(writesAfterFirst > 0);
        const auto second = f.runSync(m);
        QCOMPARE(second->report().outcome, SyncReport::Outcome::NothingToDo);
        QCOMPARE(second->report().requests().writes, 0);
        QCOMPARE(f.launchDarklyStats().writes, writesAfterFirst);
    }

    void dryRunWritesNothing()
    {
        SandboxFixture f;
        QVERIFY(f.started);
        const auto run = f.runSync(tagToSegment(u"vip"_s, u"vip-customers"_s), true);
        QVERIFY(run->report().dryRun);
        QVERIFY(!run->report().applied);
        QVERIFY(run->plan().adds() > 0);
        QCOMPARE(f.launchDarklyStats().writes, 0);
        QCOMPARE(f.highLevelStats().writes, 0);
    }

    void mirrorRemovesOnlyWhatItAddedAndNeverHandAddedTargets()
    {
        SandboxFixture f;
        QVERIFY(f.started);
        const QStringList handAdded = segment(f, u"beta-testers"_s).included;
        QVERIFY2(!handAdded.isEmpty(), "the demo's beta-testers segment has hand-added targets");
        const Mapping m = tagToSegment(u"beta-tester"_s, u"beta-testers"_s);
        f.runSync(m);
        const QList<Contact> testers = allContacts(f, ContactQuery{{}, {u"beta-tester"_s}});
        QVERIFY(!testers.isEmpty());

        // One contact loses the tag in HighLevel; the next sync removes that contact only.
        Contact leaving;
        for (const Contact &c : testers) {
            if (!handAdded.contains(c.id)) {
                leaving = c;
                break;
            }
        }
        QVERIFY(!leaving.id.isEmpty());
        auto removed = SandboxFixture::wait<QStringList>([&](QObject *ctx, Callback<QStringList> cb) {
            f.highLevel->removeTags(leaving.id, {u"Beta-Tester"_s}, ctx, cb);
        });
        QVERIFY(removed.isOk());
        // Also remove the tag from a hand-added contact (if one is in the CRM): it must stay.
        const auto second = f.runSync(m);
        QCOMPARE(second->report().removed(), 1);
        const LdSegment after = segment(f, u"beta-testers"_s);
        QVERIFY(!after.included.contains(leaving.id));
        for (const QString &key : handAdded)
            QVERIFY2(after.included.contains(key), qPrintable(key));
    }

    void largeRemovalsAskForConfirmation()
    {
        SandboxFixture f;
        QVERIFY(f.started);
        f.runSync(tagToSegment(u"vip"_s, u"vip-customers"_s));
        // The same binding now selects nobody: every target it added would go.
        Mapping none = tagToSegment(u"no-such-tag-anywhere"_s, u"vip-customers"_s);
        none.bindings.first().id = u"binding-vip"_s; // same binding, new selector
        auto planOnly = std::make_unique<SyncRun>(f.highLevel.get(), f.launchDarkly.get(), f.db.get(), none);
        planOnly->startPlanning();
        QTRY_VERIFY_WITH_TIMEOUT(planOnly->state() == SyncRun::State::Planned, 30000);
        QVERIFY(planOnly->plan().needsConfirmation());
        QVERIFY(planOnly->plan().removes() > 100);
        planOnly->cancel();
    }

    void exampleMappingRunsAgainstTheSandbox()
    {
        QFile example(qEnvironmentVariable("FLAGBRIDGE_SOURCE_DIR") + u"/examples/demo.flagbridge.json"_s);
        QVERIFY(example.open(QIODevice::ReadOnly));
        const MappingFile::LoadResult loaded = MappingFile::parse(example.readAll());
        QVERIFY(loaded.ok());
        SandboxFixture f;
        QVERIFY(f.started);
        const auto run = f.runSync(loaded.mapping);
        QCOMPARE(run->report().outcome, SyncReport::Outcome::Success);
        QVERIFY(run->report().added() > 0);
    }

    void badTokenStopsPlanningWithAClearMessage()
    {
        SandboxFixture f;
        QVERIFY(f.started);
        HighLevelConnection wrong = f.ghl;
        wrong.token = u"not-a-valid-token"_s;
        HighLevelClient client(wrong);
        SyncRun run(&client, f.launchDarkly.get(), f.db.get(), tagToSegment(u"vip"_s, u"vip-customers"_s));
        ApiError error;
        connect(&run, &SyncRun::planningFailed, this, [&](const ApiError &e) { error = e; });
        run.startPlanning();
        QTRY_VERIFY(run.state() == SyncRun::State::Finished);
        QCOMPARE(error.httpStatus(), 401);
        QVERIFY2(error.message().contains(u"HighLevel could not search contacts"_s), qPrintable(error.message()));
        QVERIFY2(error.message().contains(u"Private Integration"_s), qPrintable(error.message()));
        QVERIFY(!error.message().contains(u"not-a-valid-token"_s));
        QCOMPARE(run.report().outcome, SyncReport::Outcome::Failed);
        QCOMPARE(f.launchDarklyStats().writes, 0);
    }

    void unprocessableAnswerNamesTheProblem()
    {
        SandboxFixture f;
        QVERIFY(f.started);
        SandboxFault fault;
        fault.kind = SandboxFault::Kind::Status;
        fault.status = 422;
        fault.method = "POST";
        fault.route = u"/contacts/{contactId}/tags"_s;
        fault.body = R"({"statusCode":422,"message":["tags must contain no more than 50 elements"],"error":"Unprocessable Entity"})";
        f.addHighLevelFault(fault);
        const QList<Contact> one = allContacts(f, ContactQuery{u"a"_s, {}});
        QVERIFY(!one.isEmpty());
        auto r = SandboxFixture::wait<QStringList>([&](QObject *ctx, Callback<QStringList> cb) {
            f.highLevel->addTags(one.first().id, {u"x"_s}, ctx, cb);
        });
        QCOMPARE(r.error().httpStatus(), 422);
        QVERIFY2(r.error().message().contains(u"tags must contain no more than 50 elements"_s), qPrintable(r.error().message()));
    }

    void malformedJsonIsReportedNotSwallowed()
    {
        SandboxFixture f;
        QVERIFY(f.started);
        SandboxFault fault;
        fault.kind = SandboxFault::Kind::MalformedJson;
        fault.route = u"/api/v2/segments/{projectKey}/{environmentKey}/{segmentKey}"_s;
        fault.method = "GET";
        f.addLaunchDarklyFault(fault);
        SyncRun run(f.highLevel.get(), f.launchDarkly.get(), f.db.get(), tagToSegment(u"vip"_s, u"vip-customers"_s));
        ApiError error;
        connect(&run, &SyncRun::planningFailed, this, [&](const ApiError &e) { error = e; });
        run.startPlanning();
        QTRY_VERIFY_WITH_TIMEOUT(run.state() == SyncRun::State::Finished, 30000);
        QCOMPARE(error.kind(), ApiError::Kind::BadResponse);
        QVERIFY2(error.message().contains(u"LaunchDarkly could not load the segment"_s), qPrintable(error.message()));
        QVERIFY2(error.message().contains(u"malformed JSON"_s), qPrintable(error.message()));
    }

    void serverErrorsAndRateLimitsAreRiddenOut()
    {
        SandboxFixture f;
        QVERIFY(f.started);
        f.highLevel->http()->setRetryBaseDelay(20);
        SandboxFault five;
        five.kind = SandboxFault::Kind::Status;
        five.status = 503;
        five.route = u"/contacts/search"_s;
        five.times = 2;
        f.addHighLevelFault(five);
        SandboxFault storm;
        storm.kind = SandboxFault::Kind::RateLimit;
        storm.method = "PATCH";
        storm.times = 2;
        storm.retryAfterSeconds = 1;
        f.addLaunchDarklyFault(storm);
        const auto run = f.runSync(tagToSegment(u"vip"_s, u"vip-customers"_s));
        QCOMPARE(run->report().outcome, SyncReport::Outcome::Success);
        QVERIFY(run->report().requests().retries >= 4);
        QCOMPARE(run->report().requests().rateLimited, 2);
    }

    void cancelDuringPlanningWritesNothing()
    {
        SandboxOptions options;
        options.latencyMs = 200;
        SandboxFixture f(options);
        QVERIFY(f.started);
        SyncRun run(f.highLevel.get(), f.launchDarkly.get(), f.db.get(), tagToSegment(u"vip"_s, u"vip-customers"_s));
        run.startPlanning();
        QTest::qWait(100);
        run.cancel();
        QTRY_VERIFY(run.state() == SyncRun::State::Finished);
        QCOMPARE(run.report().outcome, SyncReport::Outcome::Cancelled);
        QCOMPARE(f.launchDarklyStats().writes, 0);
    }
};

QTEST_GUILESS_MAIN(tst_SyncIntegration)
#include "tst_sync_integration.moc"
