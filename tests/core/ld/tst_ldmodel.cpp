#include "ld/LdFlag.h"
#include "ld/LdSegment.h"
#include "ld/TargetingDescription.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;

class tst_LdModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void flagEnvironmentTargetsAndRules()
    {
        const QByteArray json = R"({"key":"new-checkout","name":"New checkout","kind":"boolean","_version":3,
          "variations":[{"_id":"v-on","value":true,"name":"On"},{"_id":"v-off","value":false}],
          "environments":{"production":{"on":true,"version":7,"salt":"s",
            "targets":[{"values":["a","b"],"variation":0}],
            "contextTargets":[{"contextKind":"user","values":[],"variation":0},{"contextKind":"org","values":["o1"],"variation":1}],
            "rules":[{"_id":"r1","clauses":[{"_id":"c1","contextKind":"user","attribute":"segmentMatch","op":"segmentMatch","values":["vip-customers"],"negate":false}],"variation":0},
                     {"_id":"r2","clauses":[{"attribute":"email","op":"endsWith","values":["@acme.com"],"negate":true}],"rollout":{"variations":[{"variation":0,"weight":25000},{"variation":1,"weight":75000}]}}],
            "fallthrough":{"variation":1},"offVariation":1}}})";
        const LdFlag f = LdFlag::fromJson(QJsonDocument::fromJson(json).object());
        QCOMPARE(f.variations.size(), 2);
        QCOMPARE(f.variationIndex(u"v-off"_s), 1);
        const LdFlagEnvironment e = f.environments.value(u"production"_s);
        QVERIFY(e.on);
        QCOMPARE(e.targetKeys(0, u"user"_s), (QStringList{u"a"_s, u"b"_s}));
        QCOMPARE(e.targetKeys(1, u"org"_s), QStringList{u"o1"_s});
        QCOMPARE(e.contextTargets.size(), 1); // the empty user placeholder is skipped
        QCOMPARE(e.segmentKeys(), QStringList{u"vip-customers"_s});
        QCOMPARE(TargetingDescription::rule(e.rules.at(0), f), u"If user is in segment vip-customers, serve “On”"_s);
        const QString second = TargetingDescription::rule(e.rules.at(1), f);
        QVERIFY2(second.contains(u"does not end with @acme.com"_s), qPrintable(second));
        QVERIFY2(second.contains(u"25 % “On”"_s), qPrintable(second));
    }

    void segmentKeysByKind()
    {
        const QByteArray json = R"({"key":"s","name":"S","included":["u1"],"excluded":["u2"],
          "includedContexts":[{"contextKind":"org","values":["o1","o2"]}],"version":4,"_flags":[{"key":"f1"}]})";
        const LdSegment s = LdSegment::fromJson(QJsonDocument::fromJson(json).object());
        QCOMPARE(s.includedKeys(u"user"_s), QStringList{u"u1"_s});
        QCOMPARE(s.includedKeys(u"org"_s), (QStringList{u"o1"_s, u"o2"_s}));
        QCOMPARE(s.includedCount(), 3);
        QCOMPARE(s.flagKeys, QStringList{u"f1"_s});
    }
};

QTEST_GUILESS_MAIN(tst_LdModel)
#include "tst_ldmodel.moc"
