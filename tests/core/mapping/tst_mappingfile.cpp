#include "ghl/Contact.h"
#include "mapping/MappingFile.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class tst_MappingFile : public QObject
{
    Q_OBJECT

private:
    static QByteArray exampleBytes()
    {
        QFile f(qEnvironmentVariable("FLAGBRIDGE_SOURCE_DIR") + u"/examples/demo.flagbridge.json"_s);
        if (!f.open(QIODevice::ReadOnly))
            return {};
        return f.readAll();
    }

    static QStringList paths(const MappingFile::LoadResult &r)
    {
        QStringList out;
        for (const MappingProblem &p : r.problems)
            out.append(p.path);
        return out;
    }

private Q_SLOTS:
    void exampleLoadsAndRoundTripsByteForByte()
    {
        const QByteArray bytes = exampleBytes();
        QVERIFY2(!bytes.isEmpty(), "examples/demo.flagbridge.json is missing");
        const MappingFile::LoadResult r = MappingFile::parse(bytes);
        QVERIFY2(r.ok(), qPrintable(r.problems.value(0).toString()));
        QCOMPARE(r.mapping.bindings.size(), 1);
        const Binding &b = r.mapping.bindings.first();
        QCOMPARE(b.segmentKey, u"vip-customers"_s);
        QCOMPARE(b.mode, Binding::Mode::Mirror);
        QCOMPARE(b.context.kind, u"user"_s);
        QCOMPARE(r.mapping.projectKey, u"demo-app"_s);
        QCOMPARE(MappingFile::serialize(r.mapping), bytes);
    }

    void unknownFieldsSurviveASave()
    {
        const QByteArray in = R"({"version":1,"connections":{"highlevel":"a","launchdarkly":"b"},
            "futureTopLevel":{"x":1},
            "bindings":[{"id":"b1","name":"B","kind":"segment","segment":"s","futureField":[1,2],
              "selector":{"predicates":[{"type":"tags","match":"all","tags":["a","b"],"weight":3}]}}]})";
        const MappingFile::LoadResult r = MappingFile::parse(in);
        QVERIFY(r.ok());
        const QByteArray out = MappingFile::serialize(r.mapping);
        QVERIFY(out.contains("futureTopLevel"));
        QVERIFY(out.contains("futureField"));
        QVERIFY(out.contains("\"weight\": 3"));
        // And a second round trip is stable.
        QCOMPARE(MappingFile::serialize(MappingFile::parse(out).mapping), out);
    }

    void problemsNameTheirJsonPath_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("path");
        const QByteArray conn = R"("connections":{"highlevel":"a","launchdarkly":"b"})";
        QTest::newRow("truncated") << QByteArray("{\"version\":1,\"bind") << u"$"_s;
        QTest::newRow("not an object") << QByteArray("[1,2]") << u"$"_s;
        QTest::newRow("no version") << QByteArray("{" + conn + R"(,"bindings":[]})") << u"$.version"_s;
        QTest::newRow("newer version") << QByteArray("{\"version\":99," + conn + R"(,"bindings":[]})") << u"$.version"_s;
        QTest::newRow("no connections") << QByteArray(R"({"version":1,"bindings":[]})") << u"$.connections"_s;
        QTest::newRow("bindings not a list") << QByteArray("{\"version\":1," + conn + R"(,"bindings":{}})") << u"$.bindings"_s;
        QTest::newRow("wrong kind") << QByteArray("{\"version\":1," + conn + R"(,"bindings":[{"id":"x","name":"n","kind":"lamp","segment":"s"}]})")
                                    << u"$.bindings[0].kind"_s;
        QTest::newRow("missing segment") << QByteArray("{\"version\":2," + conn + R"(,"bindings":[{"id":"x","name":"n","kind":"segment","target":{}}]})")
                                         << u"$.bindings[0].target.segment"_s;
        QTest::newRow("missing target") << QByteArray("{\"version\":2," + conn + R"(,"bindings":[{"id":"x","name":"n","kind":"segment"}]})")
                                        << u"$.bindings[0].target"_s;
        QTest::newRow("wrong type") << QByteArray("{\"version\":1," + conn + R"(,"bindings":[{"id":"x","name":7,"kind":"segment","segment":"s"}]})")
                                    << u"$.bindings[0].name"_s;
        QTest::newRow("bad predicate") << QByteArray("{\"version\":1," + conn + R"(,"bindings":[{"id":"x","name":"n","kind":"segment","segment":"s","selector":{"predicates":[{"type":"mood"}]}}]})")
                                       << u"$.bindings[0].selector.predicates[0].type"_s;
        QTest::newRow("bad mode") << QByteArray("{\"version\":1," + conn + R"(,"bindings":[{"id":"x","name":"n","kind":"segment","segment":"s","mode":"sometimes"}]})")
                                  << u"$.bindings[0].mode"_s;
        QTest::newRow("bad key field") << QByteArray("{\"version\":1," + conn + R"(,"bindings":[{"id":"x","name":"n","kind":"segment","segment":"s","context":{"key":"shoe size"}}]})")
                                       << u"$.bindings[0].context.key"_s;
        QTest::newRow("duplicate id") << QByteArray("{\"version\":1," + conn + R"(,"bindings":[{"id":"x","name":"n","kind":"segment","segment":"s"},{"id":"x","name":"m","kind":"segment","segment":"t"}]})")
                                      << u"$.bindings[1].id"_s;
    }

    void problemsNameTheirJsonPath()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, path);
        const MappingFile::LoadResult r = MappingFile::parse(json);
        QVERIFY(!r.ok());
        QVERIFY2(paths(r).contains(path), qPrintable(paths(r).join(u", "_s)));
    }

    void truncatedFileSaysWhere()
    {
        const MappingFile::LoadResult r = MappingFile::parse("{\n  \"version\": 1,\n  \"bindings\": [\n");
        QVERIFY(!r.ok());
        QVERIFY2(r.problems.first().message.contains(u"line 4"_s), qPrintable(r.problems.first().message));
    }

    void saveIsAtomicAndNeverLeavesHalfAFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"m.flagbridge.json"_s);
        const MappingFile::LoadResult r = MappingFile::parse(exampleBytes());
        QVERIFY(r.ok());
        QString error;
        QVERIFY2(MappingFile::save(path, r.mapping, &error), qPrintable(error));
        const MappingFile::LoadResult back = MappingFile::load(path);
        QVERIFY(back.ok());
        QCOMPARE(back.mapping, r.mapping);
        // Saving into a folder that does not exist fails with a message, and writes nothing.
        QVERIFY(!MappingFile::save(dir.filePath(u"missing/x.json"_s), r.mapping, &error));
        QVERIFY(!error.isEmpty());
    }

    void version1FilesAreMigrated()
    {
        const QByteArray v1 = R"({"version":1,"name":"old","connections":{"highlevel":"a","launchdarkly":"b"},
            "bindings":[{"id":"s","name":"S","kind":"segment","segment":"vip-customers","mode":"add-only",
                         "selector":{"predicates":[{"type":"tags","match":"any","tags":["vip"]}]}},
                        {"id":"f","name":"F","kind":"flag-targets","flag":"new-checkout","variation":"v-on"}]})";
        const MappingFile::LoadResult r = MappingFile::parse(v1);
        QVERIFY2(r.ok(), qPrintable(r.problems.value(0).toString()));
        QCOMPARE(r.migratedFrom, 1);
        QCOMPARE(r.mapping.bindings.at(0).segmentKey, u"vip-customers"_s);
        QCOMPARE(r.mapping.bindings.at(0).mode, Binding::Mode::AddOnly);
        QCOMPARE(r.mapping.bindings.at(1).flagKey, u"new-checkout"_s);
        QCOMPARE(r.mapping.bindings.at(1).variationId, u"v-on"_s);
        const QByteArray saved = MappingFile::serialize(r.mapping);
        QVERIFY(saved.contains("\"version\": 2"));
        QVERIFY(saved.contains("\"target\""));
        QCOMPARE(MappingFile::parse(saved).migratedFrom, 0);
    }

    void everyBindingKindAndPredicateRoundTrips()
    {
        const QByteArray in = R"({"version":2,"connections":{"highlevel":"a","launchdarkly":"b"},"bindings":[
            {"id":"o","name":"Outcome","kind":"flag-outcome","context":{"kind":"ghl-contact","key":"customField","customField":"Product User ID"},
             "selector":{"predicates":[
                {"type":"field","field":"email","op":"contains","value":"@acme.com"},
                {"type":"field","field":"country","op":"inList","values":["DE","FR"],"negate":true},
                {"type":"field","field":"dateAdded","op":"withinDays","days":30},
                {"type":"customField","field":"Seats","op":"greaterOrEqual","value":"10"},
                {"type":"customField","field":"Interests","op":"contains","value":"AI"},
                {"type":"customField","field":"Customer Since","op":"before","value":"2026-01-01"},
                {"type":"openTasks"},{"type":"overdueTasks","negate":true},{"type":"upcomingAppointment"},
                {"type":"noteContains","text":"renewal"},
                {"type":"tags","match":"all","tags":["vip","customer"]}]},
             "outcome":{"flag":"new-checkout","variation":"v-on","actions":[
                {"type":"addTags","tags":["checkout-beta"]},{"type":"removeTags","tags":["waitlist"]},
                {"type":"createTask","title":"Call","dueInDays":3,"assignedTo":"u1","body":"Ask about it"},
                {"type":"addNote","body":"Gets the new checkout"}]}},
            {"id":"t","name":"Targets","kind":"flag-targets","target":{"flag":"beta-dashboard","variation":"v-1"}}]})";
        const MappingFile::LoadResult r = MappingFile::parse(in);
        QVERIFY2(r.ok(), qPrintable(r.problems.value(0).toString()));
        const Binding &b = r.mapping.bindings.first();
        QCOMPARE(b.kind, Binding::Kind::FlagOutcome);
        QCOMPARE(b.selector.predicates.size(), 11);
        QCOMPARE(b.actions.size(), 4);
        QCOMPARE(b.context.keyField, ContextSettings::KeyField::CustomField);
        const QByteArray saved = MappingFile::serialize(r.mapping);
        const MappingFile::LoadResult again = MappingFile::parse(saved);
        QVERIFY(again.ok());
        QCOMPARE(again.mapping, r.mapping);
        QCOMPARE(MappingFile::serialize(again.mapping), saved);
    }

    void predicateProblemsNameTheirPath_data()
    {
        QTest::addColumn<QByteArray>("predicate");
        QTest::addColumn<QString>("path");
        QTest::newRow("unknown field") << QByteArray(R"({"type":"field","field":"shoeSize","op":"equals","value":"44"})") << u".field"_s;
        QTest::newRow("unknown op") << QByteArray(R"({"type":"field","field":"email","op":"looksLike","value":"x"})") << u".op"_s;
        QTest::newRow("missing value") << QByteArray(R"({"type":"field","field":"email","op":"contains"})") << u".value"_s;
        QTest::newRow("days") << QByteArray(R"({"type":"field","field":"dateAdded","op":"withinDays","days":0})") << u".days"_s;
        QTest::newRow("inList") << QByteArray(R"({"type":"customField","field":"Plan","op":"inList","values":"Pro"})") << u".values"_s;
        QTest::newRow("note text") << QByteArray(R"({"type":"noteContains"})") << u".text"_s;
        QTest::newRow("negate type") << QByteArray(R"({"type":"openTasks","negate":"yes"})") << u".negate"_s;
        QTest::newRow("no tags") << QByteArray(R"({"type":"tags","match":"any","tags":[]})") << u".tags"_s;
    }

    void predicateProblemsNameTheirPath()
    {
        QFETCH(QByteArray, predicate);
        QFETCH(QString, path);
        const QByteArray json = R"({"version":2,"connections":{"highlevel":"a","launchdarkly":"b"},"bindings":[
            {"id":"x","name":"n","kind":"segment","target":{"segment":"s"},"selector":{"predicates":[)" + predicate + "]}}]}";
        const MappingFile::LoadResult r = MappingFile::parse(json);
        QVERIFY(!r.ok());
        QVERIFY2(paths(r).contains(u"$.bindings[0].selector.predicates[0]"_s + path), qPrintable(paths(r).join(u", "_s)));
    }

    void outcomeProblemsNameTheirPath()
    {
        const QByteArray json = R"({"version":2,"connections":{"highlevel":"a","launchdarkly":"b"},"bindings":[
            {"id":"x","name":"n","kind":"flag-outcome","outcome":{"flag":"f","variation":"v","actions":[{"type":"sendFax"},{"type":"createTask"},{"type":"addTags","tags":[]}]}}]})";
        const MappingFile::LoadResult r = MappingFile::parse(json);
        QVERIFY(paths(r).contains(u"$.bindings[0].outcome.actions[0].type"_s));
        QVERIFY(paths(r).contains(u"$.bindings[0].outcome.actions[1].title"_s));
        QVERIFY(paths(r).contains(u"$.bindings[0].outcome.actions[2].tags"_s));
        const MappingFile::LoadResult none = MappingFile::parse(
            R"({"version":2,"connections":{"highlevel":"a","launchdarkly":"b"},"bindings":[{"id":"x","name":"n","kind":"flag-outcome"}]})");
        QVERIFY(paths(none).contains(u"$.bindings[0].outcome"_s));
    }
};

QTEST_GUILESS_MAIN(tst_MappingFile)
#include "tst_mappingfile.moc"
