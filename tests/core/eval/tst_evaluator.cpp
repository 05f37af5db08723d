// Focused tests of the local flag evaluator: what LaunchDarkly's conformance cases
// (tst_evaluator_conformance) do not pin down, or pin down only in passing.

#include "eval/AttributeReference.h"
#include "eval/Bucketer.h"
#include "eval/EvaluationContext.h"
#include "eval/FlagEvaluator.h"
#include "eval/SemanticVersion.h"
#include "eval/Sha1.h"
#include "eval/Timestamp.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>
#include <atomic>
#include <thread>

using namespace Qt::StringLiterals;

namespace {

QJsonObject object(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (!doc.isObject())
        qFatal("bad JSON in test: %s: %s", qPrintable(error.errorString()), json.constData());
    return doc.object();
}

// A flag (SDK data model) serving true when its one rule, made of `clause`, matches.
QJsonObject oneClauseFlag(const QJsonObject &clause)
{
    return QJsonObject {
        { u"on"_s, true },
        { u"variations"_s, QJsonArray { false, true } },
        { u"offVariation"_s, 0 },
        { u"fallthrough"_s, QJsonObject { { u"variation"_s, 0 } } },
        { u"rules"_s,
          QJsonArray { QJsonObject { { u"id"_s, u"the-rule"_s },
                                     { u"clauses"_s, QJsonArray { clause } },
                                     { u"variation"_s, 1 } } } },
    };
}

EvaluationResult evaluateClause(const QJsonObject &clause, const QJsonObject &context)
{
    FlagEvaluator evaluator;
    evaluator.addFlag(u"f"_s, oneClauseFlag(clause));
    return evaluator.evaluate(u"f"_s, EvaluationContext::fromJson(context));
}

QString reasonText(const EvaluationResult &r)
{
    return QString::fromUtf8(QJsonDocument(r.toJson()).toJson(QJsonDocument::Compact));
}

} // namespace

class tst_Evaluator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void attributeReferences_data();
    void attributeReferences();
    void attributeReferencesReadContexts();
    void clausesWithoutKindUsePlainNames();
    void invalidReferenceIsMalformedFlag();

    void operators_data();
    void operators();
    void negation();
    void unknownOperatorNeverMatches();
    void invalidRegexIsReported();
    void semanticVersionOrdering();
    void timestamps_data();
    void timestamps();

    void prerequisiteCycleIsMalformed();
    void segmentCycleIsMalformed();
    void failedPrerequisiteServesOffVariation();

    void sha1KnownAnswers();
    void sha1MatchesQtOnAnyLength();
    void bucketValues_data();
    void bucketValues();
    void rolloutBuckets();
    void rolloutBucketByAndMissingAttribute();
    void experimentsAndMissingKind();
    void weightedSegmentRule();

    void restFlagUsesEnvironment();
    void restFlagMissingEnvironment();
    void contextTargetsOrder();
    void disabledRuleKeepsIndexes();

    void bigSegmentProviderCalledOncePerRun();
    void bigSegmentStatuses();

    void contextBuilderMatchesJson();
    void invalidContexts_data();
    void invalidContexts();
    void typedDefaults();
    void concurrentEvaluation();
};

void tst_Evaluator::attributeReferences_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("literal");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QStringList>("components");

    QTest::newRow("plain name") << u"email"_s << false << true << QStringList { u"email"_s };
    QTest::newRow("plain name with slash") << u"a/b"_s << false << true << QStringList { u"a/b"_s };
    QTest::newRow("path") << u"/address/city"_s << false << true
                          << QStringList { u"address"_s, u"city"_s };
    QTest::newRow("escaped slash") << u"/a~1b"_s << false << true << QStringList { u"a/b"_s };
    QTest::newRow("escaped tilde") << u"/a~0b"_s << false << true << QStringList { u"a~b"_s };
    QTest::newRow("tilde then one") << u"/~01"_s << false << true << QStringList { u"~1"_s };
    QTest::newRow("both escapes") << u"/~1~0/x"_s << false << true
                                  << QStringList { u"/~"_s, u"x"_s };
    QTest::newRow("empty") << QString() << false << false << QStringList();
    QTest::newRow("slash only") << u"/"_s << false << false << QStringList();
    QTest::newRow("double slash") << u"/a//b"_s << false << false << QStringList();
    QTest::newRow("trailing slash") << u"/a/"_s << false << false << QStringList();
    QTest::newRow("bad escape") << u"/a~2"_s << false << false << QStringList();
    QTest::newRow("dangling tilde") << u"/a~"_s << false << false << QStringList();
    QTest::newRow("literal keeps slashes")
        << u"/a/b"_s << true << true << QStringList { u"/a/b"_s };
    QTest::newRow("literal keeps tildes") << u"~1"_s << true << true << QStringList { u"~1"_s };
    QTest::newRow("empty literal") << QString() << true << false << QStringList();
}

void tst_Evaluator::attributeReferences()
{
    QFETCH(QString, text);
    QFETCH(bool, literal);
    QFETCH(bool, valid);
    QFETCH(QStringList, components);

    const AttributeReference ref
        = literal ? AttributeReference::literal(text) : AttributeReference::fromPath(text);
    QCOMPARE(ref.isValid(), valid);
    QCOMPARE(ref.error().isEmpty(), valid);
    QStringList actual;
    for (qsizetype i = 0; valid && i < ref.depth(); ++i)
        actual.append(ref.component(i));
    QCOMPARE(actual, components);
}

void tst_Evaluator::attributeReferencesReadContexts()
{
    const EvaluationContext context = EvaluationContext::fromJson(object(R"({
        "kind": "org", "key": "o-1", "name": "Acme",
        "address": {"city": "Paris", "a/b": 1, "x~y": true},
        "tags": ["a", "b"]})"));
    QVERIFY2(context.isValid(), qPrintable(context.error()));
    const IndividualContext &org = context.individual(0);

    auto read = [&org](const QString &ref) {
        const AttributeValue *v = org.value(AttributeReference::fromPath(ref));
        return v ? v->toJson() : QJsonValue(QJsonValue::Undefined);
    };
    QCOMPARE(read(u"/address/city"_s), QJsonValue(u"Paris"_s));
    QCOMPARE(read(u"/address/a~1b"_s), QJsonValue(1));
    QCOMPARE(read(u"/address/x~0y"_s), QJsonValue(true));
    QCOMPARE(read(u"/key"_s), QJsonValue(u"o-1"_s));
    QCOMPARE(read(u"key"_s), QJsonValue(u"o-1"_s));
    QCOMPARE(read(u"/kind"_s), QJsonValue(u"org"_s));
    QCOMPARE(read(u"name"_s), QJsonValue(u"Acme"_s));
    QCOMPARE(read(u"anonymous"_s), QJsonValue(false)); // built-in, false unless set
    QVERIFY(read(u"/address/zip"_s).isUndefined());
    QVERIFY(read(u"/name/first"_s).isUndefined()); // a string has no properties
    QVERIFY(read(u"/tags/0"_s).isUndefined()); // no array indexing
    QVERIFY(read(u"_meta"_s).isUndefined());

    // In a clause with a context kind the path reaches into the object.
    const EvaluationResult r = evaluateClause(
        object(R"({"contextKind":"org","attribute":"/address/city","op":"in","values":["Paris"]})"),
        context.toJson());
    QCOMPARE(r.reason().kind(), EvaluationReason::Kind::RuleMatch);
}

void tst_Evaluator::clausesWithoutKindUsePlainNames()
{
    // Old data (no contextKind): "/address/city" names an attribute with that literal name.
    const QJsonObject clause
        = object(R"({"attribute":"/address/city","op":"in","values":["Paris"]})");
    QCOMPARE(evaluateClause(clause, object(R"({"key":"u","custom":{"address":{"city":"Paris"}}})"))
                 .reason()
                 .kind(),
             EvaluationReason::Kind::Fallthrough);
    QCOMPARE(evaluateClause(clause, object(R"({"key":"u","custom":{"/address/city":"Paris"}})"))
                 .reason()
                 .kind(),
             EvaluationReason::Kind::RuleMatch);
}

void tst_Evaluator::invalidReferenceIsMalformedFlag()
{
    const EvaluationResult r = evaluateClause(
        object(R"({"contextKind":"user","attribute":"/a//b","op":"in","values":["x"]})"),
        object(R"({"kind":"user","key":"u"})"));
    QCOMPARE(r.reason().kind(), EvaluationReason::Kind::Error);
    QCOMPARE(r.reason().errorKind(), EvaluationReason::ErrorKind::MalformedFlag);
    QVERIFY(!r.hasVariation());
}

void tst_Evaluator::operators_data()
{
    QTest::addColumn<QString>("op");
    QTest::addColumn<QByteArray>("values"); // the clause's values, JSON
    QTest::addColumn<QByteArray>("attribute"); // the context's value, JSON; empty: absent
    QTest::addColumn<bool>("matches");

    auto row = [](const char *name, const char *op, const char *values, const char *attribute,
                  bool matches) {
        QTest::newRow(name) << QString::fromLatin1(op) << QByteArray(values)
                            << QByteArray(attribute) << matches;
    };
    row("in string", "in", R"(["a","b"])", R"("b")", true);
    row("in string, case matters", "in", R"(["a"])", R"("A")", false);
    row("in number, int equals double", "in", "[1]", "1.0", true);
    row("in bool is not number", "in", "[1]", "true", false);
    row("in number is not bool", "in", "[true]", "1", false);
    row("in array attribute, any element", "in", R"(["x"])", R"(["a","x"])", true);
    row("in array attribute, no element", "in", R"(["x"])", R"(["a","b"])", false);
    row("in object, deep equality", "in", R"([{"a":[1,2]}])", R"({"a":[1,2]})", true);
    row("in object, different", "in", R"([{"a":[1,2]}])", R"({"a":[2,1]})", false);
    row("in long list (hashed), present", "in",
        R"(["k0","k1","k2","k3","k4","k5","k6","k7","k8","k9","k10"])", R"("k9")", true);
    row("in long list (hashed), absent", "in",
        R"(["k0","k1","k2","k3","k4","k5","k6","k7","k8","k9","k10"])", R"("k11")", false);
    row("in, attribute absent", "in", R"(["a"])", "", false);
    row("in, attribute null", "in", "[null]", "null", false);

    row("startsWith", "startsWith", R"(["pre"])", R"("prefix")", true);
    row("startsWith, case matters", "startsWith", R"(["Pre"])", R"("prefix")", false);
    row("startsWith, longer than value", "startsWith", R"(["prefixes"])", R"("prefix")", false);
    row("startsWith empty string", "startsWith", R"([""])", R"("anything")", true);
    row("startsWith, number attribute", "startsWith", R"(["1"])", "12", false);
    row("endsWith", "endsWith", R"(["@acme.com"])", R"("jo@acme.com")", true);
    row("endsWith, any of several", "endsWith", R"(["@a.com","@acme.com"])", R"("jo@acme.com")",
        true);
    row("endsWith, no", "endsWith", R"(["@acme.com"])", R"("jo@acme.co")", false);
    row("endsWith, long value", "endsWith", R"(["-and-a-long-suffix-over-thirty-two-chars"])",
        R"("value-and-a-long-suffix-over-thirty-two-chars")", true);
    row("contains", "contains", R"(["sub"])", R"("a substring")", true);
    row("contains, no", "contains", R"(["Sub"])", R"("a substring")", false);
    row("contains, non-ASCII", "contains", R"(["ë"])", R"("Zoë")", true);

    row("matches is a search, not anchored", "matches", R"(["b+"])", R"("abbc")", true);
    row("matches anchored", "matches", R"(["^b"])", R"("abc")", false);
    row("matches character class", "matches", R"(["^[0-9]{3}-[0-9]{4}$"])", R"("555-1234")", true);
    row("matches, number attribute", "matches", R"(["1"])", "1", false);
    row("matches, invalid pattern", "matches", R"(["("])", R"("(")", false);

    row("lessThan", "lessThan", "[10]", "9.99", true);
    row("lessThan, equal", "lessThan", "[10]", "10", false);
    row("lessThanOrEqual, equal", "lessThanOrEqual", "[10]", "10", true);
    row("greaterThan", "greaterThan", "[10]", "10.01", true);
    row("greaterThan, negative", "greaterThan", "[-5]", "-4", true);
    row("greaterThanOrEqual, equal", "greaterThanOrEqual", "[10]", "10", true);
    row("greaterThanOrEqual, less", "greaterThanOrEqual", "[10]", "9", false);
    row("numeric, string attribute", "lessThan", "[10]", R"("9")", false);
    row("numeric, string clause value", "lessThan", R"(["10"])", "9", false);

    row("before, RFC 3339 vs RFC 3339", "before", R"(["2024-01-01T00:00:00Z"])",
        R"("2023-12-31T23:59:59.999Z")", true);
    row("before, offsets compared as instants", "before", R"(["2024-01-01T01:00:00+01:00"])",
        R"("2023-12-31T23:59:59Z")", true);
    row("before, same instant other zone", "before", R"(["2024-01-01T01:00:00+01:00"])",
        R"("2024-01-01T00:00:00Z")", false);
    row("after, epoch ms vs RFC 3339", "after", R"(["2017-12-06T00:00:00Z"])", "1512518400001",
        true);
    row("after, RFC 3339 vs epoch ms", "after", "[1512518400000]", R"("2017-12-06T00:00:00.001Z")",
        true);
    row("after, fractional seconds", "after", R"(["2020-01-01T00:00:00.5Z"])",
        R"("2020-01-01T00:00:00.25Z")", false);
    row("before, no time zone is not a date", "before", R"(["2030-01-01T00:00:00Z"])",
        R"("2020-01-01T00:00:00")", false);
    row("before, impossible date", "before", R"(["2030-01-01T00:00:00Z"])",
        R"("2020-02-30T00:00:00Z")", false);
    row("before, bool attribute", "before", "[1]", "true", false);

    row("semVerEqual, lenient", "semVerEqual", R"(["2"])", R"("2.0.0")", true);
    row("semVerEqual, build ignored", "semVerEqual", R"(["1.2.3+abc"])", R"("1.2.3+xyz")", true);
    row("semVerEqual, pre-release differs", "semVerEqual", R"(["1.2.3-rc.1"])", R"("1.2.3")",
        false);
    row("semVerLessThan, pre-release first", "semVerLessThan", R"(["1.0.0"])", R"("1.0.0-rc.1")",
        true);
    row("semVerLessThan, numeric identifiers", "semVerLessThan", R"(["1.0.0-beta.11"])",
        R"("1.0.0-beta.2")", true);
    row("semVerGreaterThan, minor", "semVerGreaterThan", R"(["2.1"])", R"("2.10.0")", true);
    row("semVerGreaterThan, equal", "semVerGreaterThan", R"(["2.1"])", R"("2.1.0")", false);
    row("semVer, leading zero invalid", "semVerEqual", R"(["1.2.3"])", R"("01.2.3")", false);
    row("semVer, v prefix invalid", "semVerEqual", R"(["1.2.3"])", R"("v1.2.3")", false);
    row("semVer, number attribute", "semVerEqual", R"(["2.0.0"])", "2", false);
}

void tst_Evaluator::operators()
{
    QFETCH(QString, op);
    QFETCH(QByteArray, values);
    QFETCH(QByteArray, attribute);
    QFETCH(bool, matches);

    QJsonObject clause { { u"contextKind"_s, u"user"_s },
                         { u"attribute"_s, u"attr"_s },
                         { u"op"_s, op },
                         { u"values"_s, QJsonDocument::fromJson(values).array() } };
    QByteArray context = R"({"kind":"user","key":"k")";
    if (!attribute.isEmpty())
        context += R"(,"attr":)" + attribute;
    context += '}';

    const EvaluationResult r = evaluateClause(clause, object(context));
    QCOMPARE(r.reason().kind(),
             matches ? EvaluationReason::Kind::RuleMatch : EvaluationReason::Kind::Fallthrough);
    QCOMPARE(r.value(), QJsonValue(matches));
}

void tst_Evaluator::negation()
{
    const QJsonObject negated = object(
        R"({"contextKind":"user","attribute":"plan","op":"in","values":["free"],"negate":true})");
    QCOMPARE(evaluateClause(negated, object(R"({"kind":"user","key":"k","plan":"pro"})"))
                 .reason()
                 .kind(),
             EvaluationReason::Kind::RuleMatch);
    QCOMPARE(evaluateClause(negated, object(R"({"kind":"user","key":"k","plan":"free"})"))
                 .reason()
                 .kind(),
             EvaluationReason::Kind::Fallthrough);
    // No attribute, or no context of the clause's kind: no match, negated or not.
    QCOMPARE(evaluateClause(negated, object(R"({"kind":"user","key":"k"})")).reason().kind(),
             EvaluationReason::Kind::Fallthrough);
    QCOMPARE(
        evaluateClause(negated, object(R"({"kind":"org","key":"k","plan":"pro"})")).reason().kind(),
        EvaluationReason::Kind::Fallthrough);
}

void tst_Evaluator::unknownOperatorNeverMatches()
{
    for (bool negate : { false, true }) {
        const QJsonObject clause { { u"attribute"_s, u"key"_s },
                                   { u"op"_s, u"isOneOf"_s },
                                   { u"values"_s, QJsonArray { u"k"_s } },
                                   { u"negate"_s, negate } };
        QCOMPARE(evaluateClause(clause, object(R"({"kind":"user","key":"k"})")).reason().kind(),
                 EvaluationReason::Kind::Fallthrough);
    }
}

void tst_Evaluator::invalidRegexIsReported()
{
    FlagEvaluator evaluator;
    evaluator.addFlag(
        u"f"_s, oneClauseFlag(object(R"({"attribute":"key","op":"matches","values":["("]})")));
    const QStringList problems = evaluator.problems(u"f"_s);
    QCOMPARE(problems.size(), 1);
    QVERIFY2(problems.first().contains(u"invalid regular expression"_s),
             qPrintable(problems.first()));
}

void tst_Evaluator::semanticVersionOrdering()
{
    // The precedence example of semver.org 2.0.0, item 11, in ascending order.
    const QStringList ordered { u"1.0.0-alpha"_s,
                                u"1.0.0-alpha.1"_s,
                                u"1.0.0-alpha.beta"_s,
                                u"1.0.0-beta"_s,
                                u"1.0.0-beta.2"_s,
                                u"1.0.0-beta.11"_s,
                                u"1.0.0-rc.1"_s,
                                u"1.0.0"_s,
                                u"1.0.1"_s,
                                u"1.1"_s,
                                u"2"_s,
                                u"10.0.0"_s };
    for (qsizetype i = 0; i < ordered.size(); ++i) {
        const auto a = SemanticVersion::parse(ordered.at(i));
        QVERIFY2(a, qPrintable(ordered.at(i)));
        for (qsizetype j = 0; j < ordered.size(); ++j) {
            const auto b = SemanticVersion::parse(ordered.at(j));
            const int expected = i < j ? -1 : (i > j ? 1 : 0);
            QVERIFY2(a->compare(*b) == expected,
                     qPrintable(ordered.at(i) + u" vs "_s + ordered.at(j)));
        }
    }
    for (const QString &bad :
         { u""_s, u"1."_s, u"1..2"_s, u"1.2.3.4"_s, u"v1"_s, u"1.02"_s, u"1.2.3-"_s, u"1.2.3-01"_s,
           u"1.2.3+"_s, u"1.2.3-a..b"_s, u"1.2.3-a_b"_s, u" 1.2.3"_s, u"99999999999999999999"_s })
        QVERIFY2(!SemanticVersion::parse(bad), qPrintable(bad));
    QVERIFY(SemanticVersion::parse(u"1.2.3-0.a-b.c+001.x"_s)); // leading zero fine in build
    QCOMPARE(SemanticVersion::parse(u"2-rc.1"_s)->preRelease(),
             (QList<QString> { u"rc"_s, u"1"_s }));
}

void tst_Evaluator::timestamps_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<double>("epochMs"); // NaN: not a timestamp

    const double nan = qQNaN();
    QTest::newRow("UTC") << u"2017-12-06T07:00:00Z"_s << 1512543600000.0;
    QTest::newRow("negative offset") << u"2017-12-06T00:00:00.000-07:00"_s << 1512543600000.0;
    QTest::newRow("positive offset") << u"2017-12-06T08:30:00+01:30"_s << 1512543600000.0;
    QTest::newRow("lowercase t and z") << u"2017-12-06t07:00:00z"_s << 1512543600000.0;
    QTest::newRow("milliseconds") << u"1970-01-01T00:00:00.123Z"_s << 123.0;
    QTest::newRow("nanoseconds") << u"1970-01-01T00:00:01.000000500Z"_s << 1000.0005;
    QTest::newRow("before the epoch") << u"1969-12-31T23:59:59Z"_s << -1000.0;
    QTest::newRow("leap day") << u"2024-02-29T00:00:00Z"_s << 1709164800000.0;
    QTest::newRow("not a leap year") << u"2023-02-29T00:00:00Z"_s << nan;
    QTest::newRow("no zone") << u"2017-12-06T07:00:00"_s << nan;
    QTest::newRow("date only") << u"2017-12-06"_s << nan;
    QTest::newRow("space separator") << u"2017-12-06 07:00:00Z"_s << nan;
    QTest::newRow("hour 24") << u"2017-12-06T24:00:00Z"_s << nan;
    QTest::newRow("second 60") << u"2016-12-31T23:59:60Z"_s << nan;
    QTest::newRow("trailing text") << u"2017-12-06T07:00:00Zx"_s << nan;
    QTest::newRow("empty fraction") << u"2017-12-06T07:00:00.Z"_s << nan;
    QTest::newRow("bad offset") << u"2017-12-06T07:00:00+0100"_s << nan;
}

void tst_Evaluator::timestamps()
{
    QFETCH(QString, text);
    QFETCH(double, epochMs);
    const auto parsed = Timestamp::parseRfc3339(text);
    if (qIsNaN(epochMs)) {
        QVERIFY2(!parsed, qPrintable(QString::number(parsed.value_or(0), 'f')));
    } else {
        QVERIFY(parsed);
        QVERIFY2(qAbs(*parsed - epochMs) < 1e-6, qPrintable(QString::number(*parsed, 'f', 6)));
    }
}

void tst_Evaluator::prerequisiteCycleIsMalformed()
{
    FlagEvaluator evaluator;
    evaluator.loadSdkData(object(R"({"flags": {
        "self": {"on": true, "variations": [false, true], "offVariation": 0,
                 "fallthrough": {"variation": 1}, "prerequisites": [{"key": "self", "variation": 1}]},
        "a": {"on": true, "variations": [false, true], "offVariation": 0,
              "fallthrough": {"variation": 1}, "prerequisites": [{"key": "b", "variation": 1}]},
        "b": {"on": true, "variations": [false, true], "offVariation": 0,
              "fallthrough": {"variation": 1}, "prerequisites": [{"key": "a", "variation": 1}]},
        "uses-a": {"on": true, "variations": [false, true], "offVariation": 0,
                   "fallthrough": {"variation": 1}, "prerequisites": [{"key": "a", "variation": 1}]}
    }})"));
    const EvaluationContext context = EvaluationContext::fromJson(object(R"({"key":"u"})"));
    for (const QString &flag : { u"self"_s, u"a"_s, u"b"_s, u"uses-a"_s }) {
        const EvaluationResult r = evaluator.evaluate(flag, context);
        QCOMPARE(r.reason().errorKind(), EvaluationReason::ErrorKind::MalformedFlag);
        QVERIFY(!r.hasVariation());
    }
}

void tst_Evaluator::segmentCycleIsMalformed()
{
    FlagEvaluator evaluator;
    evaluator.loadSdkData(object(R"({
      "flags": {"f": {"on": true, "variations": [false, true], "fallthrough": {"variation": 0},
                      "rules": [{"id": "r", "variation": 1, "clauses": [
                          {"attribute": "", "op": "segmentMatch", "values": ["s1"]}]}]}},
      "segments": {
        "s1": {"rules": [{"clauses": [{"attribute": "", "op": "segmentMatch", "values": ["s2"]}]}]},
        "s2": {"rules": [{"clauses": [{"attribute": "", "op": "segmentMatch", "values": ["s1"]}]}]}
      }})"));
    const EvaluationResult r
        = evaluator.evaluate(u"f"_s, EvaluationContext::fromJson(object(R"({"key":"u"})")));
    QCOMPARE(r.reason().errorKind(), EvaluationReason::ErrorKind::MalformedFlag);

    // A segment used twice side by side is not a cycle.
    evaluator.addSegment(u"s2"_s, object(R"({"included": ["u"]})"));
    evaluator.addSegment(u"s1"_s, object(R"({"rules": [
        {"clauses": [{"attribute": "", "op": "segmentMatch", "values": ["s2"]},
                     {"attribute": "", "op": "segmentMatch", "values": ["s2"]}]}]})"));
    QCOMPARE(evaluator.evaluate(u"f"_s, EvaluationContext::fromJson(object(R"({"key":"u"})")))
                 .reason()
                 .kind(),
             EvaluationReason::Kind::RuleMatch);
}

void tst_Evaluator::failedPrerequisiteServesOffVariation()
{
    FlagEvaluator evaluator;
    evaluator.loadSdkData(object(R"({"flags": {
        "parent": {"on": true, "variations": ["off", "on", "fall"], "offVariation": 0,
                   "fallthrough": {"variation": 2}, "prerequisites": [{"key": "child", "variation": 1}]},
        "child": {"on": true, "variations": [false, true], "offVariation": 0,
                  "fallthrough": {"variation": 0},
                  "targets": [{"variation": 1, "values": ["vip"]}]}
    }})"));
    const EvaluationResult failed
        = evaluator.evaluate(u"parent"_s, EvaluationContext::fromJson(object(R"({"key":"u"})")));
    QCOMPARE(failed.reason().kind(), EvaluationReason::Kind::PrerequisiteFailed);
    QCOMPARE(failed.reason().prerequisiteKey(), u"child"_s);
    QCOMPARE(failed.variationIndex(), 0);
    const EvaluationResult passed
        = evaluator.evaluate(u"parent"_s, EvaluationContext::fromJson(object(R"({"key":"vip"})")));
    QCOMPARE(passed.reason().kind(), EvaluationReason::Kind::Fallthrough);
    QCOMPARE(passed.value(), QJsonValue(u"fall"_s));
}

namespace {

QList<Sha1::Implementation> sha1Implementations()
{
    QList<Sha1::Implementation> out { Sha1::Implementation::Portable };
    if (Sha1::hasX86ShaExtensions())
        out.append(Sha1::Implementation::X86ShaExtensions);
    else
        qInfo("No SHA instructions on this processor: only the portable SHA-1 is tested");
    return out;
}

QByteArray hex(const std::array<quint8, 20> &digest)
{
    return QByteArray(reinterpret_cast<const char *>(digest.data()), 20).toHex();
}

} // namespace

void tst_Evaluator::sha1KnownAnswers()
{
    // FIPS 180 examples, plus lengths around the one- and two-block padding boundaries.
    for (Sha1::Implementation impl : sha1Implementations()) {
        QCOMPARE(hex(Sha1::digest("abc", {}, impl)),
                 QByteArray("a9993e364706816aba3e25717850c26c9cd0d89d"));
        QCOMPARE(hex(Sha1::digest({}, {}, impl)),
                 QByteArray("da39a3ee5e6b4b0d3255bfef95601890afd80709"));
        QCOMPARE(
            hex(Sha1::digest("abcdbcdecdefdefgefghfghighijhi", "jkijkljklmklmnlmnomnopnopq", impl)),
            QByteArray("84983e441c3bd26ebaae4aa1f95129e5e54670f1"));
        QCOMPARE(hex(Sha1::digest(QByteArray(1000000, 'a'), {}, impl)),
                 QByteArray("34aa973cd4c4daa4f61eeb2bdbad27316534016f"));
    }
}

void tst_Evaluator::sha1MatchesQtOnAnyLength()
{
    QRandomGenerator rng(9);
    for (Sha1::Implementation impl : sha1Implementations()) {
        for (int length = 0; length <= 300; ++length) {
            QByteArray data(length, Qt::Uninitialized);
            for (char &c : data)
                c = char(rng.bounded(256));
            const qsizetype split = length ? rng.bounded(length + 1) : 0;
            const QByteArray expected = QCryptographicHash::hash(data, QCryptographicHash::Sha1);
            const std::array<quint8, 20> actual = Sha1::digest(
                QByteArrayView(data).first(split), QByteArrayView(data).sliced(split), impl);
            QVERIFY2(hex(actual) == expected.toHex(), qPrintable(QString::number(length)));
        }
    }
}

void tst_Evaluator::bucketValues_data()
{
    QTest::addColumn<QByteArray>("prefix");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<double>("bucket"); // -1: not bucketable

    // Expected values computed independently (Python's hashlib) from the documented algorithm:
    // int(sha1(input).hexdigest()[:15], 16) / 0xFFFFFFFFFFFFFFF.
    QTest::newRow("userKeyA") << QByteArray("hashKey.saltyA.") << QJsonValue(u"userKeyA"_s)
                              << 0.42157587433924942;
    QTest::newRow("userKeyB") << QByteArray("hashKey.saltyA.") << QJsonValue(u"userKeyB"_s)
                              << 0.67084849657034351;
    QTest::newRow("userKeyC") << QByteArray("hashKey.saltyA.") << QJsonValue(u"userKeyC"_s)
                              << 0.10343106172769689;
    QTest::newRow("integer") << QByteArray("hashKey.saltyA.") << QJsonValue(33333)
                             << 0.54771423458614665;
    QTest::newRow("integral double")
        << QByteArray("hashKey.saltyA.") << QJsonValue(33333.0) << 0.54771423458614665;
    QTest::newRow("negative integer")
        << QByteArray("hashKey.saltyA.") << QJsonValue(-7) << 0.069956463785817269;
    QTest::newRow("seed") << Bucketer::seedPrefix(61) << QJsonValue(u"userKeyA"_s)
                          << 0.098012065247666702;
    QTest::newRow("UTF-8") << QByteArray("flag.salt.") << QJsonValue(u"Zoë"_s)
                           << 0.2518719070917001;
    QTest::newRow("fraction") << QByteArray("hashKey.saltyA.") << QJsonValue(1.5) << -1.0;
    QTest::newRow("bool") << QByteArray("hashKey.saltyA.") << QJsonValue(true) << -1.0;
}

void tst_Evaluator::bucketValues()
{
    QFETCH(QByteArray, prefix);
    QFETCH(QJsonValue, value);
    QFETCH(double, bucket);
    QCOMPARE(Bucketer::prefix(u"hashKey"_s, u"saltyA"_s), QByteArray("hashKey.saltyA."));
    const auto actual = Bucketer::bucket(prefix, AttributeValue::fromJson(value));
    if (bucket < 0) {
        QVERIFY(!actual);
    } else {
        QVERIFY(actual);
        QVERIFY2(qAbs(*actual - bucket) < 1e-15, qPrintable(QString::number(*actual, 'g', 17)));
    }
}

void tst_Evaluator::rolloutBuckets()
{
    // rollout-flag.s.contact-N buckets: 1 → 0.2975, 2 → 0.5004, 3 → 0.8744, 4 → 0.2919.
    FlagEvaluator evaluator;
    evaluator.addFlag(u"rollout-flag"_s, object(R"({"on": true, "salt": "s",
        "variations": ["a", "b", "c"],
        "fallthrough": {"rollout": {"variations": [
            {"variation": 0, "weight": 30000}, {"variation": 1, "weight": 40000},
            {"variation": 2, "weight": 30000}]}}})"));
    const QList<QPair<QString, int>> expected {
        { u"contact-1"_s, 0 }, { u"contact-2"_s, 1 }, { u"contact-3"_s, 2 }, { u"contact-4"_s, 0 }
    };
    for (const auto &[key, variation] : expected) {
        const EvaluationResult r = evaluator.evaluate(
            u"rollout-flag"_s, EvaluationContext(IndividualContext(u"user"_s, key)));
        QCOMPARE(r.variationIndex(), variation);
        QCOMPARE(r.reason().kind(), EvaluationReason::Kind::Fallthrough);
        QVERIFY(!r.reason().inExperiment());
    }
}

void tst_Evaluator::rolloutBucketByAndMissingAttribute()
{
    // rollout-flag.s.<email>: a@x.example → 0.69998 (just under 70%), b@x.example → 0.1038,
    // d@x.example → 0.7827.
    FlagEvaluator evaluator;
    evaluator.addFlag(u"rollout-flag"_s, object(R"({"on": true, "salt": "s",
        "variations": ["a", "b"],
        "fallthrough": {"rollout": {"contextKind": "user", "bucketBy": "/email", "variations": [
            {"variation": 1, "weight": 0},
            {"variation": 0, "weight": 70000}, {"variation": 1, "weight": 30000}]}}})"));
    auto variationFor = [&evaluator](const QByteArray &context) {
        return evaluator.evaluate(u"rollout-flag"_s, EvaluationContext::fromJson(object(context)))
            .variationIndex();
    };
    QCOMPARE(variationFor(R"({"kind":"user","key":"k","email":"a@x.example"})"), 0);
    QCOMPARE(variationFor(R"({"kind":"user","key":"k","email":"b@x.example"})"), 0);
    QCOMPARE(variationFor(R"({"kind":"user","key":"k","email":"d@x.example"})"), 1);
    // Without the attribute the bucket is 0: the first variation with any weight.
    QCOMPARE(variationFor(R"({"kind":"user","key":"k"})"), 0);
    QCOMPARE(variationFor(R"({"kind":"user","key":"k","email":true})"), 0);
}

void tst_Evaluator::experimentsAndMissingKind()
{
    // Experiments bucket by key whatever bucketBy says; an untracked bucket is served but is not
    // part of the experiment; a context without the rollout's kind gets bucket 0, outside it.
    FlagEvaluator evaluator;
    evaluator.addFlag(u"rollout-flag"_s, object(R"({"on": true, "salt": "s",
        "variations": ["a", "b", "c"],
        "fallthrough": {"rollout": {"kind": "experiment", "bucketBy": "email", "variations": [
            {"variation": 0, "weight": 30000, "untracked": true},
            {"variation": 1, "weight": 40000}, {"variation": 2, "weight": 30000}]}}})"));
    auto evaluate = [&evaluator](const QByteArray &context) {
        return evaluator.evaluate(u"rollout-flag"_s, EvaluationContext::fromJson(object(context)));
    };
    EvaluationResult r = evaluate(R"({"kind":"user","key":"contact-2","email":"b@x.example"})");
    QCOMPARE(r.variationIndex(), 1);
    QVERIFY(r.reason().inExperiment());
    r = evaluate(R"({"kind":"user","key":"contact-1"})");
    QCOMPARE(r.variationIndex(), 0);
    QVERIFY(!r.reason().inExperiment()); // untracked

    evaluator.addFlag(u"all-tracked"_s, object(R"({"on": true, "salt": "s",
        "variations": ["a", "b"],
        "fallthrough": {"rollout": {"kind": "experiment", "variations": [
            {"variation": 0, "weight": 50000}, {"variation": 1, "weight": 50000}]}}})"));
    r = evaluator.evaluate(u"all-tracked"_s,
                           EvaluationContext::fromJson(object(R"({"kind":"user","key":"k"})")));
    QVERIFY(r.reason().inExperiment());
    r = evaluator.evaluate(u"all-tracked"_s,
                           EvaluationContext::fromJson(object(R"({"kind":"org","key":"k"})")));
    QCOMPARE(r.variationIndex(), 0);
    QVERIFY(!r.reason().inExperiment()); // no user context: first bucket, outside the experiment
    QCOMPARE(r.reason().toJson().value("inExperiment"_L1), QJsonValue(QJsonValue::Undefined));
}

void tst_Evaluator::weightedSegmentRule()
{
    // segment3.salty.<key>: user-key → 0.149502, unmatching-key → 0.365636.
    FlagEvaluator evaluator;
    evaluator.loadSdkData(object(R"({
      "flags": {"f": {"on": true, "variations": [false, true], "fallthrough": {"variation": 0},
                      "rules": [{"id": "r", "variation": 1, "clauses": [
                          {"attribute": "", "op": "segmentMatch", "values": ["segment3"]}]}]}},
      "segments": {"segment3": {"salt": "salty", "rules": [
          {"weight": 20000, "clauses": [{"attribute": "key", "op": "in", "values": ["user-key", "unmatching-key"]}]}]}}
    })"));
    auto served = [&evaluator](const QString &key) {
        return evaluator.evaluate(u"f"_s, EvaluationContext(IndividualContext(u"user"_s, key)))
            .value();
    };
    QCOMPARE(served(u"user-key"_s), QJsonValue(true));
    QCOMPARE(served(u"unmatching-key"_s), QJsonValue(false));
}

void tst_Evaluator::restFlagUsesEnvironment()
{
    const QJsonObject flag = object(R"({"key": "new-checkout", "kind": "multivariate",
      "variations": [{"_id": "v0", "value": "control", "name": "Control"},
                     {"_id": "v1", "value": "treatment"},
                     {"_id": "v2", "value": {"layout": "compact"}}],
      "environments": {
        "production": {"on": true, "salt": "s", "offVariation": 0, "fallthrough": {"variation": 0},
          "targets": [{"values": ["vip-1"], "variation": 2}],
          "rules": [{"_id": "rule-a", "clauses": [{"_id": "c", "contextKind": "user",
                     "attribute": "country", "op": "in", "values": ["FR"], "negate": false}],
                     "variation": 1, "trackEvents": false}],
          "prerequisites": []},
        "staging": {"on": false, "salt": "s", "offVariation": 1, "fallthrough": {"variation": 0}}
      }})");
    FlagEvaluator production;
    QVERIFY(production.addRestFlag(flag, u"production"_s));
    FlagEvaluator staging;
    QVERIFY(staging.addRestFlag(flag, u"staging"_s));
    QCOMPARE(production.flagKeys(), QStringList { u"new-checkout"_s });

    auto context = [](const QString &key, const QString &country) {
        IndividualContext c(u"user"_s, key);
        c.set(u"country"_s, country);
        return EvaluationContext(std::move(c));
    };
    EvaluationResult r = production.evaluate(u"new-checkout"_s, context(u"u1"_s, u"FR"_s));
    QCOMPARE(r.value(), QJsonValue(u"treatment"_s));
    QCOMPARE(r.variationIndex(), 1);
    QCOMPARE(r.reason().ruleId(), u"rule-a"_s);
    QCOMPARE(r.reason().ruleIndex(), 0);
    r = production.evaluate(u"new-checkout"_s, context(u"vip-1"_s, u"FR"_s));
    QCOMPARE(r.reason().kind(), EvaluationReason::Kind::TargetMatch);
    QCOMPARE(r.value(), QJsonValue(QJsonObject { { u"layout"_s, u"compact"_s } }));
    r = production.evaluate(u"new-checkout"_s, context(u"u2"_s, u"DE"_s));
    QCOMPARE(r.value(), QJsonValue(u"control"_s));
    r = staging.evaluate(u"new-checkout"_s, context(u"u1"_s, u"FR"_s));
    QCOMPARE(r.reason().kind(), EvaluationReason::Kind::Off);
    QCOMPARE(r.value(), QJsonValue(u"treatment"_s));

    const int handle = production.flagIndex(u"new-checkout"_s);
    QVERIFY(handle >= 0);
    QCOMPARE(production.evaluate(handle, context(u"u1"_s, u"FR"_s)).variationIndex(), 1);
    QCOMPARE(production.flagIndex(u"nope"_s), -1);
    QCOMPARE(production.evaluate(-1, context(u"u1"_s, u"FR"_s)).reason().errorKind(),
             EvaluationReason::ErrorKind::FlagNotFound);
}

void tst_Evaluator::restFlagMissingEnvironment()
{
    FlagEvaluator evaluator;
    QString error;
    QVERIFY(!evaluator.addRestFlag(
        object(R"({"key": "f", "variations": [], "environments": {"production": {}}})"), u"test"_s,
        &error));
    QVERIFY2(error.contains(u"test"_s), qPrintable(error));
    QVERIFY(!evaluator.hasFlag(u"f"_s));
}

void tst_Evaluator::contextTargetsOrder()
{
    // contextTargets fixes the order of all individual targets; the user entry without values
    // stands for "targets" of the same variation.
    auto flag = [](const char *contextTargets) {
        return object(QByteArray(R"({"key": "f",
          "variations": [{"value": "none"}, {"value": "user"}, {"value": "org"}],
          "environments": {"env": {"on": true, "fallthrough": {"variation": 0},
            "targets": [{"values": ["u1"], "variation": 1}],
            "contextTargets": )")
                      + contextTargets + "}}}");
    };
    const EvaluationContext both = EvaluationContext::fromJson(
        object(R"({"kind":"multi","user":{"key":"u1"},"org":{"key":"o1"}})"));

    FlagEvaluator orgFirst;
    QVERIFY(orgFirst.addRestFlag(flag(R"([{"contextKind":"org","values":["o1"],"variation":2},
                                          {"contextKind":"user","values":[],"variation":1}])"),
                                 u"env"_s));
    QCOMPARE(orgFirst.evaluate(u"f"_s, both).value(), QJsonValue(u"org"_s));

    FlagEvaluator userFirst;
    QVERIFY(userFirst.addRestFlag(flag(R"([{"contextKind":"user","values":[],"variation":1},
                                           {"contextKind":"org","values":["o1"],"variation":2}])"),
                                  u"env"_s));
    QCOMPARE(userFirst.evaluate(u"f"_s, both).value(), QJsonValue(u"user"_s));
    QCOMPARE(userFirst.evaluate(u"f"_s, EvaluationContext(IndividualContext(u"user"_s, u"u2"_s)))
                 .value(),
             QJsonValue(u"none"_s));
}

void tst_Evaluator::disabledRuleKeepsIndexes()
{
    FlagEvaluator evaluator;
    QVERIFY(evaluator.addRestFlag(object(R"({"key": "f",
      "variations": [{"value": 0}, {"value": 1}, {"value": 2}],
      "environments": {"env": {"on": true, "fallthrough": {"variation": 0}, "rules": [
        {"_id": "off-rule", "disabled": true, "variation": 1,
         "clauses": [{"contextKind": "user", "attribute": "key", "op": "in", "values": ["u"]}]},
        {"_id": "on-rule", "variation": 2,
         "clauses": [{"contextKind": "user", "attribute": "key", "op": "in", "values": ["u"]}]}
      ]}}})"),
                                  u"env"_s));
    const EvaluationResult r
        = evaluator.evaluate(u"f"_s, EvaluationContext(IndividualContext(u"user"_s, u"u"_s)));
    QCOMPARE(r.variationIndex(), 2);
    QCOMPARE(r.reason().ruleIndex(), 1);
    QCOMPARE(r.reason().ruleId(), u"on-rule"_s);
}

void tst_Evaluator::bigSegmentProviderCalledOncePerRun()
{
    FlagEvaluator evaluator;
    evaluator.loadSdkData(object(R"({
      "flags": {
        "f1": {"on": true, "variations": [false, true], "fallthrough": {"variation": 0},
               "rules": [{"id": "r", "variation": 1, "clauses": [
                   {"attribute": "", "op": "segmentMatch", "values": ["big"]}]}]},
        "f2": {"on": true, "variations": [false, true], "fallthrough": {"variation": 0},
               "rules": [{"id": "r", "variation": 1, "clauses": [
                   {"attribute": "", "op": "segmentMatch", "values": ["big", "other-big"]}]}]}},
      "segments": {
        "big": {"unbounded": true, "unboundedContextKind": "ghl-contact", "generation": 3},
        "other-big": {"unbounded": true, "unboundedContextKind": "ghl-contact", "generation": 1}}
    })"));
    QList<QPair<QString, QString>> calls;
    evaluator.setBigSegmentProvider([&calls](const QString &segment, const QString &key) {
        calls.append({ segment, key });
        if (segment == "big"_L1 && key == "in"_L1)
            return BigSegmentMembership::Included;
        if (segment == "big"_L1 && key == "out"_L1)
            return BigSegmentMembership::Excluded;
        return BigSegmentMembership::NotListed;
    });
    auto contact = [](const QString &key) {
        return EvaluationContext(IndividualContext(u"ghl-contact"_s, key));
    };

    for (int i = 0; i < 5; ++i) {
        QCOMPARE(evaluator.evaluate(u"f1"_s, contact(u"in"_s)).value(), QJsonValue(true));
        QCOMPARE(evaluator.evaluate(u"f1"_s, contact(u"out"_s)).value(), QJsonValue(false));
        QCOMPARE(evaluator.evaluate(u"f2"_s, contact(u"in"_s)).value(), QJsonValue(true));
        QCOMPARE(evaluator.evaluate(u"f2"_s, contact(u"out"_s)).value(), QJsonValue(false));
    }
    using Call = QPair<QString, QString>;
    const QList<Call> once { Call(u"big"_s, u"in"_s), Call(u"big"_s, u"out"_s),
                             Call(u"other-big"_s, u"out"_s) };
    QCOMPARE(calls, once);

    // A context of another kind is never looked up.
    QCOMPARE(evaluator.evaluate(u"f1"_s, EvaluationContext(IndividualContext(u"user"_s, u"in"_s)))
                 .value(),
             QJsonValue(false));
    QCOMPARE(calls.size(), 3);

    // The next run asks again.
    evaluator.clearBigSegmentCache();
    evaluator.evaluate(u"f1"_s, contact(u"in"_s));
    QCOMPARE(calls.size(), 4);
}

void tst_Evaluator::bigSegmentStatuses()
{
    FlagEvaluator evaluator;
    evaluator.loadSdkData(object(R"({
      "flags": {"f": {"on": true, "variations": [false, true], "fallthrough": {"variation": 0},
                      "rules": [{"id": "r", "variation": 1, "clauses": [
                          {"attribute": "", "op": "segmentMatch", "values": ["big"]}]}]}},
      "segments": {"big": {"unbounded": true, "generation": 1}}})"));
    const EvaluationContext context(IndividualContext(u"user"_s, u"u"_s));

    EvaluationResult r = evaluator.evaluate(u"f"_s, context);
    QCOMPARE(r.value(), QJsonValue(false));
    QCOMPARE(r.reason().bigSegmentsStatus(), EvaluationReason::BigSegmentsStatus::NotConfigured);
    QCOMPARE(r.reason().toJson().value("bigSegmentsStatus"_L1), QJsonValue(u"NOT_CONFIGURED"_s));

    evaluator.setBigSegmentProvider(
        [](const QString &, const QString &) { return BigSegmentMembership::Included; });
    r = evaluator.evaluate(u"f"_s, context);
    QCOMPARE(r.value(), QJsonValue(true));
    QCOMPARE(r.reason().bigSegmentsStatus(), EvaluationReason::BigSegmentsStatus::Healthy);

    evaluator.setBigSegmentProvider(
        [](const QString &, const QString &) { return BigSegmentMembership::Unavailable; });
    r = evaluator.evaluate(u"f"_s, context);
    QCOMPARE(r.value(), QJsonValue(false));
    QCOMPARE(r.reason().bigSegmentsStatus(), EvaluationReason::BigSegmentsStatus::StoreError);

    // A big segment without a generation was never populated: nobody is in it, not asked.
    int calls = 0;
    evaluator.setBigSegmentProvider([&calls](const QString &, const QString &) {
        ++calls;
        return BigSegmentMembership::Included;
    });
    evaluator.addSegment(u"big"_s, object(R"({"unbounded": true})"));
    r = evaluator.evaluate(u"f"_s, context);
    QCOMPARE(r.value(), QJsonValue(false));
    QCOMPARE(r.reason().bigSegmentsStatus(), EvaluationReason::BigSegmentsStatus::NotConfigured);
    QCOMPARE(calls, 0);
}

void tst_Evaluator::contextBuilderMatchesJson()
{
    IndividualContext built(u"ghl-contact"_s, u"c-1"_s);
    built.setName(u"Sandy"_s)
        .set(u"email"_s, u"sandy@acme.example"_s)
        .set(u"tags"_s, QStringList { u"vip"_s, u"beta"_s })
        .set(u"seats"_s, 12)
        .setJson(u"address"_s, QJsonObject { { u"country"_s, u"FR"_s } });
    const EvaluationContext fromBuilder(std::move(built));
    QVERIFY2(fromBuilder.isValid(), qPrintable(fromBuilder.error()));
    const EvaluationContext fromJson = EvaluationContext::fromJson(fromBuilder.toJson());
    QVERIFY2(fromJson.isValid(), qPrintable(fromJson.error()));
    QCOMPARE(fromJson.toJson(), fromBuilder.toJson());
    QCOMPARE(fromBuilder.toJson().value("kind"_L1), QJsonValue(u"ghl-contact"_s));

    FlagEvaluator evaluator;
    evaluator.addFlag(u"f"_s, oneClauseFlag(object(R"({"contextKind": "ghl-contact",
        "attribute": "tags", "op": "in", "values": ["vip"]})")));
    QCOMPARE(evaluator.evaluate(u"f"_s, fromBuilder).value(), QJsonValue(true));
    QCOMPARE(evaluator.evaluate(u"f"_s, fromJson).value(), QJsonValue(true));

    // Setting null removes an attribute; "key" and "kind" set the key and kind.
    IndividualContext c(u"user"_s, u"k"_s);
    c.set(u"plan"_s, u"pro"_s).set(u"plan"_s, AttributeValue()).set(u"key"_s, u"k2"_s);
    QCOMPARE(c.attributeCount(), 0);
    QCOMPARE(c.key(), u"k2"_s);

    // A multi-kind context built from parts.
    std::vector<IndividualContext> parts;
    parts.emplace_back(u"user"_s, u"u"_s);
    parts.emplace_back(u"ghl-contact"_s, u"c-1"_s);
    const EvaluationContext multi = EvaluationContext::multi(std::move(parts));
    QVERIFY(multi.isMulti());
    QCOMPARE(multi.toJson().value("kind"_L1), QJsonValue(u"multi"_s));
    QVERIFY(multi.individual(u"ghl-contact"));
}

void tst_Evaluator::invalidContexts_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("valid");
    QTest::newRow("old-style user") << QByteArray(R"({"key":"u","name":"N"})") << true;
    QTest::newRow("old-style user, empty key") << QByteArray(R"({"key":""})") << true;
    QTest::newRow("old-style user, no key") << QByteArray(R"({"name":"N"})") << false;
    QTest::newRow("empty key") << QByteArray(R"({"kind":"user","key":""})") << false;
    QTest::newRow("number key") << QByteArray(R"({"kind":"user","key":1})") << false;
    QTest::newRow("kind named kind") << QByteArray(R"({"kind":"kind","key":"k"})") << false;
    QTest::newRow("kind with bad characters") << QByteArray(R"({"kind":"a b","key":"k"})") << false;
    QTest::newRow("kind not a string") << QByteArray(R"({"kind":1,"key":"k"})") << false;
    QTest::newRow("name not a string")
        << QByteArray(R"({"kind":"user","key":"k","name":1})") << false;
    QTest::newRow("multi") << QByteArray(R"({"kind":"multi","user":{"key":"u"},"org":{"key":"o"}})")
                           << true;
    QTest::newRow("multi, empty") << QByteArray(R"({"kind":"multi"})") << false;
    QTest::newRow("multi, part without key")
        << QByteArray(R"({"kind":"multi","user":{"key":"u"},"org":{}})") << false;
}

void tst_Evaluator::invalidContexts()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, valid);
    const EvaluationContext context = EvaluationContext::fromJson(object(json));
    QCOMPARE(context.isValid(), valid);
    QCOMPARE(context.error().isEmpty(), valid);

    FlagEvaluator evaluator;
    evaluator.addFlag(
        u"f"_s, object(R"({"on": true, "variations": [1], "fallthrough": {"variation": 0}})"));
    const EvaluationResult r = evaluator.evaluate(u"f"_s, context);
    if (valid) {
        QCOMPARE(r.variationIndex(), 0);
    } else {
        QCOMPARE(r.reason().errorKind(), EvaluationReason::ErrorKind::UserNotSpecified);
        QCOMPARE(r.withDefault(42).value(), QJsonValue(42));
    }
}

void tst_Evaluator::typedDefaults()
{
    FlagEvaluator evaluator;
    evaluator.addFlag(
        u"f"_s, object(R"({"on": true, "variations": ["text"], "fallthrough": {"variation": 0}})"));
    const EvaluationResult r
        = evaluator.evaluate(u"f"_s, EvaluationContext(IndividualContext(u"user"_s, u"u"_s)));
    QCOMPARE(r.withDefault(u"d"_s, EvaluationResult::ValueType::String).value(),
             QJsonValue(u"text"_s));
    const EvaluationResult wrong = r.withDefault(false, EvaluationResult::ValueType::Bool);
    QCOMPARE(wrong.value(), QJsonValue(false));
    QCOMPARE(wrong.reason().errorKind(), EvaluationReason::ErrorKind::WrongType);
    QCOMPARE(wrong.variationIndex(), -1);
    QCOMPARE(reasonText(wrong),
             u"{\"reason\":{\"errorKind\":\"WRONG_TYPE\",\"kind\":\"ERROR\"},\"value\":false}"_s);
}

void tst_Evaluator::concurrentEvaluation()
{
    // Once loaded, evaluate() may run on several threads (each hashes with its own SHA-1 state).
    FlagEvaluator evaluator;
    evaluator.addFlag(u"f"_s, object(R"({"on": true, "salt": "s", "variations": [0, 1, 2, 3],
        "fallthrough": {"rollout": {"variations": [{"variation": 0, "weight": 25000},
            {"variation": 1, "weight": 25000}, {"variation": 2, "weight": 25000},
            {"variation": 3, "weight": 25000}]}}})"));
    std::vector<EvaluationContext> contexts;
    std::vector<int> expected;
    for (int i = 0; i < 2000; ++i) {
        contexts.emplace_back(IndividualContext(u"user"_s, u"key-%1"_s.arg(i)));
        expected.push_back(evaluator.evaluate(u"f"_s, contexts.back()).variationIndex());
    }
    std::atomic<int> mismatches = 0;
    auto work = [&] {
        for (int round = 0; round < 20; ++round) {
            for (size_t i = 0; i < contexts.size(); ++i) {
                if (evaluator.evaluate(u"f"_s, contexts[i]).variationIndex() != expected[i])
                    ++mismatches;
            }
        }
    };
    std::thread a(work);
    std::thread b(work);
    a.join();
    b.join();
    QCOMPARE(mismatches.load(), 0);
    // The split is close to even: the hash spreads keys.
    std::vector<int> counts(4, 0);
    for (int v : expected)
        ++counts[size_t(v)];
    for (int c : counts)
        QVERIFY2(c > 400 && c < 600, qPrintable(QString::number(c)));
}

QTEST_GUILESS_MAIN(tst_Evaluator)
#include "tst_evaluator.moc"
