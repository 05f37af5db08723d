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
        QTest::newRow("missing segment") << QByteArray("{\"version\":1," + conn + R"(,"bindings":[{"id":"x","name":"n","kind":"segment"}]})")
                                         << u"$.bindings[0].segment"_s;
        QTest::newRow("wrong type") << QByteArray("{\"version\":1," + conn + R"(,"bindings":[{"id":"x","name":7,"kind":"segment","segment":"s"}]})")
                                    << u"$.bindings[0].name"_s;
        QTest::newRow("bad predicate") << QByteArray("{\"version\":1," + conn + R"(,"bindings":[{"id":"x","name":"n","kind":"segment","segment":"s","selector":{"predicates":[{"type":"mood"}]}}]})")
                                       << u"$.bindings[0].selector.predicates[0]"_s;
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

    void tagSelectorIsCaseInsensitive()
    {
        SelectorPredicate p;
        p.tags = {u"VIP"_s};
        Contact c;
        c.tags = {u"vip"_s, u"newsletter"_s};
        QVERIFY(p.matches(c));
        p.negate = true;
        QVERIFY(!p.matches(c));
        p.negate = false;
        p.tagMatch = SelectorPredicate::TagMatch::All;
        p.tags = {u"Vip"_s, u"NEWSLETTER"_s};
        QVERIFY(p.matches(c));
        p.tags = {u"vip"_s, u"trial"_s};
        QVERIFY(!p.matches(c));
        p.tagMatch = SelectorPredicate::TagMatch::None;
        p.tags = {u"trial"_s};
        QVERIFY(p.matches(c));
        c.tags.clear();
        QVERIFY(p.matches(c));
    }
};

QTEST_GUILESS_MAIN(tst_MappingFile)
#include "tst_mappingfile.moc"
