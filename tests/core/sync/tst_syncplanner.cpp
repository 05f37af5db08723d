#include "ld/SemanticPatch.h"
#include "sync/SyncPlanner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;

class tst_SyncPlanner : public QObject
{
    Q_OBJECT

private:
    QList<CustomFieldDefinition> m_fields;

    static Contact contact(const QString &id, const QStringList &tags, const QString &email = {})
    {
        Contact c;
        c.id = id;
        c.firstName = id.toUpper();
        c.tags = tags;
        c.email = email;
        return c;
    }

    static Binding vipBinding(Binding::Kind kind = Binding::Kind::Segment)
    {
        Binding b;
        b.id = u"b1"_s;
        b.name = u"VIP"_s;
        b.kind = kind;
        b.segmentKey = u"vip"_s;
        b.flagKey = u"new-checkout"_s;
        b.variationId = u"v-on"_s;
        SelectorPredicate p;
        p.tags = {u"vip"_s};
        b.selector.predicates = {p};
        return b;
    }

    SyncPlanner::Input input(const Binding &b, const QList<Contact> &contacts, const QSet<QString> &owned = {})
    {
        SyncPlanner::Input in;
        in.binding = &b;
        in.contacts = &contacts;
        in.customFields = &m_fields;
        in.owned = owned;
        in.environmentKey = u"production"_s;
        in.comment = u"c"_s;
        return in;
    }

    static LdSegment segment(const QStringList &included, bool big = false)
    {
        LdSegment s;
        s.key = u"vip"_s;
        s.included = included;
        s.unbounded = big;
        return s;
    }

    static LdFlag flag(const QStringList &onTargets, const QStringList &offTargets = {})
    {
        return LdFlag::fromJson(
            QJsonObject{{"key"_L1, "new-checkout"_L1},
                        {"variations"_L1, QJsonArray{QJsonObject{{"_id"_L1, "v-on"_L1}, {"value"_L1, true}},
                                                     QJsonObject{{"_id"_L1, "v-off"_L1}, {"value"_L1, false}}}},
                        {"environments"_L1, QJsonObject{{"production"_L1, QJsonObject{
                             {"on"_L1, true},
                             {"targets"_L1, QJsonArray{QJsonObject{{"variation"_L1, 0}, {"values"_L1, QJsonArray::fromStringList(onTargets)}},
                                                       QJsonObject{{"variation"_L1, 1}, {"values"_L1, QJsonArray::fromStringList(offTargets)}}}}}}}}});
    }

    static QStringList keys(const QList<TargetChange> &changes)
    {
        QStringList out;
        for (const TargetChange &c : changes)
            out.append(c.key);
        return out;
    }

private Q_SLOTS:
    void addsMatchingContactsNotYetTargeted()
    {
        const Binding b = vipBinding();
        const QList<Contact> contacts{contact(u"a"_s, {u"VIP"_s}), contact(u"b"_s, {u"vip"_s}), contact(u"c"_s, {u"other"_s})};
        const BindingPlan plan = SyncPlanner::planSegment(input(b, contacts), segment({u"b"_s}));
        QCOMPARE(keys(plan.adds), QStringList{u"a"_s});
        QCOMPARE(plan.unchanged, 1);
        QCOMPARE(plan.matched, 2);
        QVERIFY(plan.removes.isEmpty());
        QCOMPARE(plan.operations.size(), 1);
        QCOMPARE(plan.operations.first().kind, SyncOperation::Kind::SegmentPatch);
        QCOMPARE(plan.operations.first().patch.environmentKey, u"production"_s);
        QCOMPARE(plan.operations.first().add, QStringList{u"a"_s});
    }

    void mirrorRemovesOnlyWhatItOwns()
    {
        const Binding b = vipBinding();
        const QList<Contact> contacts{contact(u"a"_s, {}), contact(u"hand"_s, {})};
        const BindingPlan plan = SyncPlanner::planSegment(input(b, contacts, {u"a"_s, u"gone"_s, u"not-in-segment"_s}),
                                                          segment({u"a"_s, u"hand"_s, u"gone"_s}));
        QCOMPARE(keys(plan.removes), (QStringList{u"a"_s, u"gone"_s}));
        QVERIFY(plan.removes.at(0).reason.contains(u"no longer matches"_s));
        QVERIFY(plan.removes.at(1).reason.contains(u"no longer exists"_s));
        QVERIFY(plan.needsConfirmation); // 2 of 3 targets: more than 20 %
    }

    void addOnlyNeverRemoves()
    {
        Binding b = vipBinding();
        b.mode = Binding::Mode::AddOnly;
        const QList<Contact> contacts{contact(u"a"_s, {})};
        QVERIFY(SyncPlanner::planSegment(input(b, contacts, {u"a"_s}), segment({u"a"_s})).removes.isEmpty());
    }

    void skipsContactsWithoutKeyOrWithDuplicateKey()
    {
        Binding b = vipBinding();
        b.context.keyField = ContextSettings::KeyField::Email;
        const QList<Contact> contacts{contact(u"a"_s, {u"vip"_s}, u"Same@Example.com"_s), contact(u"b"_s, {u"vip"_s}),
                                      contact(u"c"_s, {u"vip"_s}, u"same@example.com"_s)};
        const BindingPlan plan = SyncPlanner::planSegment(input(b, contacts), segment({}));
        QCOMPARE(keys(plan.adds), QStringList{u"same@example.com"_s});
        QCOMPARE(plan.skipped.size(), 2);
        QVERIFY(plan.skipped.at(0).reason.contains(u"email"_s));
        QVERIFY(plan.skipped.at(1).reason.contains(u"same key"_s));
    }

    void secondRunWithSameDataWritesNothing()
    {
        const Binding b = vipBinding();
        const QList<Contact> contacts{contact(u"a"_s, {u"vip"_s})};
        const BindingPlan plan = SyncPlanner::planSegment(input(b, contacts, {u"a"_s}), segment({u"a"_s}));
        QVERIFY(plan.operations.isEmpty());
        QVERIFY(plan.adds.isEmpty() && plan.removes.isEmpty());
    }

    void rejectsInvalidContextKinds_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<bool>("valid");
        QTest::newRow("user") << u"user"_s << true;
        QTest::newRow("custom") << u"ghl-contact.v2_x"_s << true;
        QTest::newRow("kind") << u"kind"_s << false;
        QTest::newRow("multi") << u"multi"_s << false;
        QTest::newRow("space") << u"ghl contact"_s << false;
        QTest::newRow("empty") << QString() << false;
    }

    void rejectsInvalidContextKinds()
    {
        QFETCH(QString, kind);
        QFETCH(bool, valid);
        Binding b = vipBinding();
        b.context.kind = kind;
        const QList<Contact> contacts{contact(u"a"_s, {u"vip"_s})};
        const BindingPlan plan = SyncPlanner::planSegment(input(b, contacts), segment({}));
        QCOMPARE(plan.error.isEmpty(), valid);
        QCOMPARE(plan.operations.isEmpty(), !valid);
    }

    void standardSegmentsAreChunkedAt1500Keys()
    {
        const Binding b = vipBinding();
        QList<Contact> contacts;
        for (int i = 0; i < 4000; ++i)
            contacts.append(contact(u"n"_s + QString::number(i), {u"vip"_s}));
        QSet<QString> owned;
        QStringList current;
        for (int i = 0; i < 1000; ++i) {
            owned.insert(u"r"_s + QString::number(i));
            current.append(u"r"_s + QString::number(i));
        }
        const BindingPlan plan = SyncPlanner::planSegment(input(b, contacts, owned), segment(current));
        QCOMPARE(plan.operations.size(), 4); // ceil(5000 / 1500)
        int total = 0;
        for (const SyncOperation &op : plan.operations) {
            QVERIFY(op.patch.targetOperationCount() <= 1500);
            total += op.patch.targetOperationCount();
        }
        QCOMPARE(total, 5000);
        // Removals go first.
        QCOMPARE(plan.operations.first().patch.instructions.first().value("kind"_L1).toString(), u"removeIncludedTargets"_s);
    }

    void bigSegmentsUseTheLedgerAndBatchesOf1000()
    {
        const Binding b = vipBinding();
        QList<Contact> contacts;
        for (int i = 0; i < 2500; ++i)
            contacts.append(contact(u"n"_s + QString::number(i), {u"vip"_s}));
        contacts.append(contact(u"gone-tag"_s, {}));
        const BindingPlan plan = SyncPlanner::planSegment(input(b, contacts, {u"n0"_s, u"gone-tag"_s}), segment({}, true));
        QCOMPARE(plan.kind, u"big-segment"_s);
        QCOMPARE(plan.adds.size(), 2499); // n0 is a member already (the ledger says so)
        QCOMPARE(keys(plan.removes), QStringList{u"gone-tag"_s});
        QCOMPARE(plan.operations.size(), 3); // ceil(2500 / 1000)
        for (const SyncOperation &op : plan.operations) {
            QCOMPARE(op.kind, SyncOperation::Kind::BigSegmentBatch);
            QVERIFY(op.add.size() + op.remove.size() <= 1000);
        }
    }

    void flagTargetsAddRemoveAndLeaveHandTargetsElsewhere()
    {
        const Binding b = vipBinding(Binding::Kind::FlagTargets);
        const QList<Contact> contacts{contact(u"a"_s, {u"vip"_s}), contact(u"b"_s, {u"vip"_s}), contact(u"c"_s, {u"vip"_s}),
                                      contact(u"old"_s, {})};
        // b is on already; c sits in the other variation by hand; old was added by the binding.
        const BindingPlan plan = SyncPlanner::planFlagTargets(input(b, contacts, {u"old"_s}), flag({u"b"_s, u"old"_s}, {u"c"_s}));
        QVERIFY2(plan.error.isEmpty(), qPrintable(plan.error));
        QCOMPARE(keys(plan.adds), QStringList{u"a"_s});
        QCOMPARE(keys(plan.removes), QStringList{u"old"_s});
        QCOMPARE(plan.skipped.size(), 1);
        QVERIFY(plan.skipped.first().reason.contains(u"left as it is"_s));
        QCOMPARE(plan.operations.size(), 1); // one patch for the flag
        const QList<QJsonObject> instructions = plan.operations.first().patch.instructions;
        QCOMPARE(instructions.at(0).value("kind"_L1).toString(), u"removeTargets"_s);
        QCOMPARE(instructions.at(1).value("kind"_L1).toString(), u"addTargets"_s);
        QCOMPARE(instructions.at(1).value("variationId"_L1).toString(), u"v-on"_s);
    }

    void flagTargetsNameAVanishedVariation()
    {
        Binding b = vipBinding(Binding::Kind::FlagTargets);
        b.variationId = u"deleted"_s;
        const QList<Contact> contacts{contact(u"a"_s, {u"vip"_s})};
        const BindingPlan plan = SyncPlanner::planFlagTargets(input(b, contacts), flag({}));
        QVERIFY(plan.error.contains(u"no variation"_s));
        QVERIFY(plan.operations.isEmpty());
    }

    void flagOutcomesActOnceAndMirrorTheirTags()
    {
        Binding b = vipBinding(Binding::Kind::FlagOutcome);
        b.selector.predicates.clear();
        OutcomeAction tag;
        tag.kind = OutcomeAction::Kind::AddTags;
        tag.tags = {u"checkout-beta"_s};
        OutcomeAction task;
        task.kind = OutcomeAction::Kind::CreateTask;
        task.title = u"Welcome to the beta"_s;
        task.dueInDays = 2;
        b.actions = {tag, task};
        const QList<Contact> contacts{contact(u"a"_s, {}), contact(u"b"_s, {u"Checkout-Beta"_s}), contact(u"c"_s, {}),
                                      contact(u"d"_s, {u"checkout-beta"_s})};
        SyncPlanner::OutcomeInput oc;
        oc.variationIndex = 0;
        oc.served = {{u"a"_s, 0}, {u"b"_s, 0}, {u"c"_s, 1}, {u"d"_s, 1}};
        oc.done.insert(tag.fingerprint(), {u"d"_s});  // d got the tag from us earlier
        oc.done.insert(task.fingerprint(), {u"b"_s}); // b has its task already
        const BindingPlan plan = SyncPlanner::planFlagOutcome(input(b, contacts), oc);
        QVERIFY2(plan.error.isEmpty(), qPrintable(plan.error));
        QCOMPARE(plan.served, 2);
        QList<SyncOperation::Kind> kinds;
        for (const SyncOperation &op : plan.operations)
            kinds.append(op.kind);
        QCOMPARE(kinds, (QList<SyncOperation::Kind>{SyncOperation::Kind::AddTags, SyncOperation::Kind::RemoveTags, SyncOperation::Kind::CreateTask}));
        QCOMPARE(plan.operations.at(0).add, QStringList{u"a"_s}); // b has the tag already (any case)
        QCOMPARE(plan.operations.at(1).add, QStringList{u"d"_s}); // no longer served
        QCOMPARE(plan.operations.at(2).contactId, u"a"_s);       // b's task exists
        QVERIFY(plan.operations.at(2).task.body->contains(task.fingerprint()));
    }
};

QTEST_GUILESS_MAIN(tst_SyncPlanner)
#include "tst_syncplanner.moc"
