#include "ld/SemanticPatch.h"
#include "sync/SyncPlanner.h"

#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;

class tst_SyncPlanner : public QObject
{
    Q_OBJECT

private:
    static Contact contact(const QString &id, const QStringList &tags, const QString &email = {})
    {
        Contact c;
        c.id = id;
        c.firstName = id.toUpper();
        c.tags = tags;
        c.email = email;
        return c;
    }

    static Binding vipBinding()
    {
        Binding b;
        b.id = u"b1"_s;
        b.name = u"VIP"_s;
        b.segmentKey = u"vip"_s;
        SelectorPredicate p;
        p.tags = {u"vip"_s};
        b.selector.predicates = {p};
        return b;
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
        const QList<CustomFieldDefinition> fields;
        SyncPlanner::SegmentInput in{&b, &contacts, &fields, {}, {}, u"production"_s, u"c"_s};
        in.segment.included = {u"b"_s};
        const BindingPlan plan = SyncPlanner::planSegment(in);
        QCOMPARE(keys(plan.adds), QStringList{u"a"_s});
        QCOMPARE(plan.unchanged, 1);
        QCOMPARE(plan.matched, 2);
        QVERIFY(plan.removes.isEmpty());
        QCOMPARE(plan.patches.size(), 1);
        QCOMPARE(plan.patches.first().environmentKey, u"production"_s);
    }

    void mirrorRemovesOnlyWhatItOwns()
    {
        const Binding b = vipBinding();
        const QList<Contact> contacts{contact(u"a"_s, {}), contact(u"hand"_s, {})};
        const QList<CustomFieldDefinition> fields;
        SyncPlanner::SegmentInput in{&b, &contacts, &fields, {}, {u"a"_s, u"gone"_s, u"not-in-segment"_s}, u"p"_s, u"c"_s};
        in.segment.included = {u"a"_s, u"hand"_s, u"gone"_s};
        const BindingPlan plan = SyncPlanner::planSegment(in);
        QCOMPARE(keys(plan.removes), (QStringList{u"a"_s, u"gone"_s}));
        QVERIFY(plan.removes.at(0).reason.contains(u"no longer matches"_s));
        QVERIFY(plan.removes.at(1).reason.contains(u"no longer exists"_s));
        // 2 of 3 targets: more than 20 % needs a confirmation.
        QVERIFY(plan.needsConfirmation);
    }

    void addOnlyNeverRemoves()
    {
        Binding b = vipBinding();
        b.mode = Binding::Mode::AddOnly;
        const QList<Contact> contacts{contact(u"a"_s, {})};
        const QList<CustomFieldDefinition> fields;
        SyncPlanner::SegmentInput in{&b, &contacts, &fields, {}, {u"a"_s}, u"p"_s, u"c"_s};
        in.segment.included = {u"a"_s};
        QVERIFY(SyncPlanner::planSegment(in).removes.isEmpty());
    }

    void skipsContactsWithoutKeyOrWithDuplicateKey()
    {
        Binding b = vipBinding();
        b.context.keyField = ContextSettings::KeyField::Email;
        const QList<Contact> contacts{contact(u"a"_s, {u"vip"_s}, u"Same@Example.com"_s), contact(u"b"_s, {u"vip"_s}),
                                      contact(u"c"_s, {u"vip"_s}, u"same@example.com"_s)};
        const QList<CustomFieldDefinition> fields;
        SyncPlanner::SegmentInput in{&b, &contacts, &fields, {}, {}, u"p"_s, u"c"_s};
        const BindingPlan plan = SyncPlanner::planSegment(in);
        QCOMPARE(keys(plan.adds), QStringList{u"same@example.com"_s});
        QCOMPARE(plan.skipped.size(), 2);
        QVERIFY(plan.skipped.at(0).reason.contains(u"email"_s));
        QVERIFY(plan.skipped.at(1).reason.contains(u"same key"_s));
    }

    void secondRunWithSameDataWritesNothing()
    {
        const Binding b = vipBinding();
        const QList<Contact> contacts{contact(u"a"_s, {u"vip"_s})};
        const QList<CustomFieldDefinition> fields;
        SyncPlanner::SegmentInput in{&b, &contacts, &fields, {}, {u"a"_s}, u"p"_s, u"c"_s};
        in.segment.included = {u"a"_s};
        const BindingPlan plan = SyncPlanner::planSegment(in);
        QVERIFY(plan.patches.isEmpty());
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
        const QList<CustomFieldDefinition> fields;
        SyncPlanner::SegmentInput in{&b, &contacts, &fields, {}, {}, u"p"_s, u"c"_s};
        const BindingPlan plan = SyncPlanner::planSegment(in);
        QCOMPARE(plan.error.isEmpty(), valid);
        QCOMPARE(plan.patches.isEmpty(), !valid);
    }

    void patchesAreChunkedAt1500Keys()
    {
        QStringList add, remove;
        for (int i = 0; i < 4000; ++i)
            add.append(QString::number(i));
        for (int i = 0; i < 1000; ++i)
            remove.append(u"r"_s + QString::number(i));
        const QList<SemanticPatch> patches = SemanticPatch::segmentIncludedChanges(u"e"_s, u"c"_s, u"user"_s, add, remove);
        QCOMPARE(patches.size(), 4); // ceil(5000 / 1500)
        int total = 0;
        for (const SemanticPatch &p : patches) {
            QVERIFY(p.targetOperationCount() <= 1500);
            total += p.targetOperationCount();
        }
        QCOMPARE(total, 5000);
        // Removals go first.
        QCOMPARE(patches.first().instructions.first().value("kind"_L1).toString(), u"removeIncludedTargets"_s);
        QCOMPARE(patches.first().toJson().value("environmentKey"_L1).toString(), u"e"_s);
    }
};

QTEST_GUILESS_MAIN(tst_SyncPlanner)
#include "tst_syncplanner.moc"
