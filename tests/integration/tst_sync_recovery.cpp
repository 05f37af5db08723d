// A sync interrupted anywhere — before a write is sent, after it is sent but before the journal
// knows, by a lost connection, by the user, by a revoked token — is completed by the next run,
// and the end state equals that of a run nobody interrupted: every LaunchDarkly target, every
// HighLevel tag, task and note, exactly once; and the ownership ledger agrees with LaunchDarkly.

#include "SandboxFixture.h"

#include "store/OwnershipLedger.h"
#include "store/SyncJournal.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace {

const QString kTaskTitle = u"Call about pricing plan C"_s;
const QString kNoteText = u"Sees pricing page variant C."_s;

SandboxOptions options()
{
    SandboxOptions o;
    o.contacts = 3200; // the segment binding needs three patches of at most 1,500 keys
    o.highLevelBurstLimit = 1000; // a test, not a benchmark: let the writes through quickly
    return o;
}

// What a user would look at after a sync, on both sides.
struct EndState
{
    QStringList segmentMembers;
    QStringList pricingTagged;         // contacts with the outcome's tag
    QMap<QString, int> tasksByContact; // contacts with the outcome's task, and how many
    QMap<QString, int> notesByContact;

    bool operator==(const EndState &other) const = default;
};

char *describe(const EndState &s)
{
    return qstrdup(QByteArray("members " + QByteArray::number(s.segmentMembers.size()) + ", tagged "
                              + QByteArray::number(s.pricingTagged.size()) + ", with tasks "
                              + QByteArray::number(s.tasksByContact.size()) + ", with notes "
                              + QByteArray::number(s.notesByContact.size()))
                       .constData());
}

} // namespace

namespace QTest {
template<>
char *toString(const EndState &s)
{
    return describe(s);
}
} // namespace QTest

class tst_SyncRecovery : public QObject
{
    Q_OBJECT

private:
    EndState m_reference;
    int m_referenceWrites = 0;
    QList<SyncOperation::Kind> m_order; // the kinds of the writes, in the order they are sent

    static QString pricingVariationC(SandboxFixture &f)
    {
        auto r = SandboxFixture::wait<LdFlag>([&](QObject *ctx, Callback<LdFlag> cb) {
            f.launchDarkly->getFlag(f.ld.projectKey, u"pricing-page"_s, f.ld.environmentKey, ctx, cb);
        });
        return r.isOk() && r.value().variations.size() == 3 ? r.value().variations.at(2).id : QString();
    }

    // Every contact into one segment (three patches); and for VIP contacts that the pricing page
    // shows variant C: a tag (bulk), a task and a note (one request each).
    static Mapping mapping(SandboxFixture &f)
    {
        Mapping m;
        m.name = u"recovery"_s;
        m.highLevelConnection = f.ghl.id;
        m.launchDarklyConnection = f.ld.id;
        m.projectKey = f.ld.projectKey;
        m.environmentKey = f.ld.environmentKey;

        Binding everyone;
        everyone.id = u"everyone"_s;
        everyone.name = u"Every contact"_s;
        everyone.segmentKey = u"vip-customers"_s;
        m.bindings.append(everyone);

        Binding outcome;
        outcome.id = u"pricing-c"_s;
        outcome.name = u"Pricing variant C"_s;
        outcome.kind = Binding::Kind::FlagOutcome;
        outcome.flagKey = u"pricing-page"_s;
        outcome.variationId = pricingVariationC(f);
        SelectorPredicate vip;
        vip.tags = {u"vip"_s};
        outcome.selector.predicates = {vip};
        OutcomeAction tag;
        tag.kind = OutcomeAction::Kind::AddTags;
        tag.tags = {u"pricing-c"_s};
        OutcomeAction task;
        task.kind = OutcomeAction::Kind::CreateTask;
        task.title = kTaskTitle;
        task.dueInDays = 3;
        OutcomeAction note;
        note.kind = OutcomeAction::Kind::AddNote;
        note.body = kNoteText;
        outcome.actions = {tag, task, note};
        m.bindings.append(outcome);
        return m;
    }

    static EndState endState(SandboxFixture &f)
    {
        EndState s;
        auto segment = SandboxFixture::wait<LdSegment>([&](QObject *ctx, Callback<LdSegment> cb) {
            f.launchDarkly->getSegment(f.ld.projectKey, f.ld.environmentKey, u"vip-customers"_s, ctx, cb);
        });
        s.segmentMembers = segment.value().included;
        s.segmentMembers.sort();
        f.thread.runInSandbox([&s](Sandbox &sb) {
            HighLevelStore &store = sb.highLevel()->store();
            for (const HighLevelContact &c : store.contacts()) {
                if (c.tags.contains(u"pricing-c"_s))
                    s.pricingTagged.append(c.id);
                int tasks = 0;
                for (const HighLevelTask &t : store.tasks(c.id))
                    tasks += t.title == kTaskTitle ? 1 : 0;
                if (tasks > 0)
                    s.tasksByContact.insert(c.id, tasks);
                int notes = 0;
                for (const HighLevelNote &n : store.notes(c.id))
                    notes += n.body.contains(kNoteText) ? 1 : 0;
                if (notes > 0)
                    s.notesByContact.insert(c.id, notes);
            }
        });
        s.pricingTagged.sort();
        return s;
    }

    // Runs `mapping` with a crash simulated at `point`, write number `at`.
    static std::unique_ptr<SyncRun> crashingRun(SandboxFixture &f, const Mapping &m, SyncRun::CrashPoint point, int at)
    {
        auto run = std::make_unique<SyncRun>(f.highLevel.get(), f.launchDarkly.get(), f.db.get(), m);
        SyncRun *r = run.get();
        r->simulateCrash(point, at);
        QObject::connect(r, &SyncRun::planned, r, [r] { r->apply(); });
        r->startPlanning();
        [&] { QTRY_VERIFY_WITH_TIMEOUT(r->state() == SyncRun::State::Finished, 60000); }();
        return run;
    }

    static QString scope(SandboxFixture &f)
    {
        const QUrl url = f.ld.baseUrl;
        return OwnershipLedger::scopeFor(url.host() + u":"_s + QString::number(url.port()), f.ld.projectKey, f.ld.environmentKey);
    }

    // Completes an interrupted run and checks everything a user could check afterwards.
    void recoverAndCompare(SandboxFixture &f, const Mapping &m, bool expectPending)
    {
        const int pendingBefore = int(SyncJournal(f.db.get()).pending(scope(f)).size());
        if (expectPending)
            QVERIFY2(pendingBefore > 0, "the interrupted run should leave its unfinished writes in the journal");
        const auto second = f.runSync(m);
        QVERIFY2(second->report().outcome == SyncReport::Outcome::Success
                     || second->report().outcome == SyncReport::Outcome::NothingToDo,
                 qPrintable(second->report().summary() + u' ' + second->report().error));
        QCOMPARE(second->report().recovered, pendingBefore);
        QCOMPARE(SyncJournal(f.db.get()).pending(scope(f)).size(), 0);

        const EndState state = endState(f);
        if (!(state == m_reference)) {
            for (auto it = state.tasksByContact.cbegin(); it != state.tasksByContact.cend(); ++it) {
                if (m_reference.tasksByContact.value(it.key()) != it.value())
                    qWarning("tasks of %s: %d, expected %d", qPrintable(it.key()), it.value(), m_reference.tasksByContact.value(it.key()));
            }
            for (auto it = state.notesByContact.cbegin(); it != state.notesByContact.cend(); ++it) {
                if (m_reference.notesByContact.value(it.key()) != it.value())
                    qWarning("notes of %s: %d, expected %d", qPrintable(it.key()), it.value(), m_reference.notesByContact.value(it.key()));
            }
        }
        QCOMPARE(state, m_reference);
        for (auto it = state.tasksByContact.cbegin(); it != state.tasksByContact.cend(); ++it)
            QVERIFY2(it.value() == 1, qPrintable(u"duplicate task for "_s + it.key()));
        for (auto it = state.notesByContact.cbegin(); it != state.notesByContact.cend(); ++it)
            QVERIFY2(it.value() == 1, qPrintable(u"duplicate note for "_s + it.key()));

        // The ledger agrees with LaunchDarkly: the binding owns exactly the members it put there.
        OwnershipLedger ledger(f.db.get());
        const QSet<QString> owned = ledger.ownedKeys({scope(f), u"everyone"_s, u"segment:vip-customers"_s, u"user"_s});
        QCOMPARE(owned, QSet<QString>(state.segmentMembers.cbegin(), state.segmentMembers.cend()));

        // And the next run has nothing left to do.
        const qint64 ldWrites = f.launchDarklyStats().writes;
        const qint64 hlWrites = f.highLevelStats().writes;
        const auto third = f.runSync(m);
        QCOMPARE(third->report().outcome, SyncReport::Outcome::NothingToDo);
        QCOMPARE(third->report().requests().writes, 0);
        QCOMPARE(f.launchDarklyStats().writes, ldWrites);
        QCOMPARE(f.highLevelStats().writes, hlWrites);
    }

private Q_SLOTS:
    void initTestCase()
    {
        SandboxFixture f(options());
        QVERIFY(f.started);
        const Mapping m = mapping(f);
        QVERIFY(!m.bindings.last().variationId.isEmpty());

        // The preview is what gets applied: the same writes, and nothing else.
        auto planOnly = f.runSync(m, true);
        const SyncPlan preview = planOnly->plan();
        QCOMPARE(preview.bindings.size(), 2);
        QCOMPARE(preview.bindings.first().operations.size(), 3);
        const int served = preview.bindings.last().served;
        QVERIFY2(served >= 10 && served <= 200, qPrintable(QString::number(served)));
        QCOMPARE(f.launchDarklyStats().writes + f.highLevelStats().writes, 0);

        const auto run = f.runSync(m);
        QCOMPARE(run->report().outcome, SyncReport::Outcome::Success);
        QCOMPARE(run->plan().writeRequests(), preview.writeRequests());
        // Round trips: the planned writes, plus any retry of a write that was refused (a 429).
        QCOMPARE(run->report().requests().writes, preview.writeRequests() + run->report().requests().rateLimited);
        QCOMPARE(f.launchDarklyStats().writes + f.highLevelStats().writes, qint64(preview.writeRequests()));
        QCOMPARE(run->report().bindings.first().added, preview.bindings.first().adds.size());
        m_reference = endState(f);
        m_referenceWrites = preview.writeRequests();
        for (const BindingPlan &b : preview.bindings) {
            for (const SyncOperation &op : b.operations)
                m_order.append(op.kind);
        }
        QCOMPARE(m_reference.segmentMembers.size(), 3200);
        QCOMPARE(m_reference.tasksByContact.size(), served);
        QCOMPARE(m_reference.notesByContact.size(), served);
        QCOMPARE(m_reference.pricingTagged.size(), served);
    }

    void crashRecovers_data()
    {
        QTest::addColumn<int>("point");
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("nth");
        using P = SyncRun::CrashPoint;
        using K = SyncOperation::Kind;
        QTest::newRow("before sending the first write") << int(P::BeforeSend) << int(K::SegmentPatch) << 1;
        QTest::newRow("before sending a segment patch") << int(P::BeforeSend) << int(K::SegmentPatch) << 2;
        QTest::newRow("segment patch sent, not journaled") << int(P::AfterSendBeforeJournal) << int(K::SegmentPatch) << 2;
        QTest::newRow("bulk tags sent, not journaled") << int(P::AfterSendBeforeJournal) << int(K::AddTags) << 1;
        QTest::newRow("before sending a task") << int(P::BeforeSend) << int(K::CreateTask) << 3;
        QTest::newRow("task created, not journaled") << int(P::AfterSendBeforeJournal) << int(K::CreateTask) << 2;
        QTest::newRow("note added, not journaled") << int(P::AfterSendBeforeJournal) << int(K::AddNote) << 5;
    }

    void crashRecovers()
    {
        QFETCH(int, point);
        QFETCH(int, kind);
        QFETCH(int, nth);
        // The position of that write in the run (writes go out in plan order).
        int at = 0;
        for (int i = 0, seen = 0; i < m_order.size() && at == 0; ++i) {
            if (int(m_order.at(i)) == kind && ++seen == nth)
                at = i + 1;
        }
        QVERIFY(at > 0);
        SandboxFixture f(options());
        QVERIFY(f.started);
        const Mapping m = mapping(f);
        const auto crashed = crashingRun(f, m, SyncRun::CrashPoint(point), at);
        QCOMPARE(crashed->report().outcome, SyncReport::Outcome::Failed);
        const qint64 written = f.launchDarklyStats().writes + f.highLevelStats().writes;
        QCOMPARE(written, qint64(point == int(SyncRun::CrashPoint::BeforeSend) ? at - 1 : at));
        recoverAndCompare(f, m, true);
    }

    // The server makes the change but the answer never arrives: the client cannot know.
    void lostAnswerRecovers_data()
    {
        QTest::addColumn<QString>("service");
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("route");
        QTest::newRow("second segment patch") << u"ld"_s << QByteArray("PATCH") << u"/api/v2/segments/{projectKey}/{environmentKey}/{segmentKey}"_s;
        QTest::newRow("a task") << u"ghl"_s << QByteArray("POST") << u"/contacts/{contactId}/tasks"_s;
        QTest::newRow("a note") << u"ghl"_s << QByteArray("POST") << u"/contacts/{contactId}/notes"_s;
    }

    void lostAnswerRecovers()
    {
        QFETCH(QString, service);
        QFETCH(QByteArray, method);
        QFETCH(QString, route);
        SandboxFixture f(options());
        QVERIFY(f.started);
        f.highLevel->http()->setRetryBaseDelay(20);
        f.launchDarkly->http()->setRetryBaseDelay(20);
        SandboxFault drop;
        drop.kind = SandboxFault::Kind::DropConnection;
        drop.afterHandler = true;
        drop.method = method;
        drop.route = route;
        drop.skip = 1;
        drop.times = 1;
        if (service == "ld"_L1)
            f.addLaunchDarklyFault(drop);
        else
            f.addHighLevelFault(drop);
        const Mapping m = mapping(f);
        const auto first = f.runSync(m);
        // The run looked before sending again (a task or note: its marker; a patch: it is
        // idempotent), so it ends complete, with each change made once.
        QCOMPARE(first->report().outcome, SyncReport::Outcome::Success);
        recoverAndCompare(f, m, false);
    }

    void cancelMidBatchRecovers()
    {
        SandboxOptions o = options();
        o.latencyMs = 40;
        SandboxFixture f(o);
        QVERIFY(f.started);
        const Mapping m = mapping(f);
        SyncRun run(f.highLevel.get(), f.launchDarkly.get(), f.db.get(), m);
        connect(&run, &SyncRun::planned, &run, &SyncRun::apply);
        bool cancelled = false;
        // Cancel while a write is on the wire, once a few have been made.
        connect(&run, &SyncRun::progress, &run, [&](qint64 done) {
            if (!cancelled && run.state() == SyncRun::State::Applying && done >= 3000) {
                cancelled = true;
                run.cancel();
            }
        });
        run.startPlanning();
        QTRY_VERIFY_WITH_TIMEOUT(run.state() == SyncRun::State::Finished, 60000);
        QVERIFY(cancelled);
        QCOMPARE(run.report().outcome, SyncReport::Outcome::Cancelled);
        QVERIFY(f.launchDarklyStats().writes + f.highLevelStats().writes < m_referenceWrites);
        recoverAndCompare(f, m, false);
    }

    void revokedTokenStopsAndTheNextRunCompletes()
    {
        SandboxFixture f(options());
        QVERIFY(f.started);
        const Mapping m = mapping(f);
        // The token is revoked after the first segment patch.
        SandboxFault revoked;
        revoked.kind = SandboxFault::Kind::Status;
        revoked.status = 401;
        revoked.body = R"({"code":"unauthorized","message":"Invalid access token"})";
        revoked.method = "PATCH";
        revoked.skip = 1;
        revoked.times = -1;
        f.addLaunchDarklyFault(revoked);
        const auto first = f.runSync(m);
        const SyncReport &report = first->report();
        QCOMPARE(report.outcome, SyncReport::Outcome::Partial);
        QVERIFY2(report.error.contains(u"401"_s) || report.error.contains(u"token"_s, Qt::CaseInsensitive), qPrintable(report.error));
        QVERIFY2(report.error.contains(u"Invalid access token"_s), qPrintable(report.error));
        // It stopped at the refusal instead of trying every other write.
        QCOMPARE(f.launchDarklyStats().route(u"PATCH /api/v2/segments/{projectKey}/{environmentKey}/{segmentKey}"_s), 2);
        QCOMPARE(f.highLevelStats().writes, 0);
        QCOMPARE(SyncJournal(f.db.get()).pending(scope(f)).size(), 1);

        // A new token: the next run completes the rest.
        f.thread.runInSandbox([](Sandbox &sb) { sb.launchDarkly()->clearFaults(); });
        recoverAndCompare(f, m, true);
    }
};

QTEST_GUILESS_MAIN(tst_SyncRecovery)
#include "tst_sync_recovery.moc"
