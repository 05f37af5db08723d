// Runs LaunchDarkly's server-side evaluation cases (../shared/conformance/launchdarkly-eval,
// format in its SOURCE.md) through FlagEvaluator: every *.json file in the folder, every
// evaluation of every suite, comparing value, variation index and reason. The flags are run
// twice: as given (the SDK data model) and rewritten into the REST API's shape, which is what
// FlagBridge evaluates in production.

#include "eval/AttributeValue.h"
#include "eval/EvaluationContext.h"
#include "eval/FlagEvaluator.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QString kEnvironment = u"conformance"_s;

QString compact(const QJsonValue &v)
{
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    if (v.isUndefined())
        return u"(none)"_s;
    return QString::fromUtf8(
        QJsonDocument(QJsonArray { v }).toJson(QJsonDocument::Compact).chopped(1).mid(1));
}

// JSON equality with numbers compared as numbers (1 and 1.0 are the same value).
bool sameJson(const QJsonValue &a, const QJsonValue &b)
{
    if (a.isUndefined() || b.isUndefined())
        return a.isUndefined() == b.isUndefined();
    return AttributeValue::fromJson(a) == AttributeValue::fromJson(b);
}

EvaluationResult::ValueType valueType(const QString &name, const QJsonValue &expected)
{
    if (name == "bool"_L1)
        return EvaluationResult::ValueType::Bool;
    if (name == "int"_L1)
        return EvaluationResult::ValueType::Int;
    if (name == "double"_L1)
        return EvaluationResult::ValueType::Double;
    if (name == "string"_L1)
        return EvaluationResult::ValueType::String;
    if (name == "any"_L1)
        return EvaluationResult::ValueType::Any;
    // No type given: the call is the typed one matching the expected value, as the upstream
    // harness infers it.
    if (expected.isBool())
        return EvaluationResult::ValueType::Bool;
    if (expected.isDouble())
        return EvaluationResult::ValueType::Double;
    if (expected.isString())
        return EvaluationResult::ValueType::String;
    return EvaluationResult::ValueType::Any;
}

// No default given: the zero value of the type asked for.
QJsonValue zeroValue(EvaluationResult::ValueType type)
{
    switch (type) {
    case EvaluationResult::ValueType::Bool:
        return false;
    case EvaluationResult::ValueType::Int:
    case EvaluationResult::ValueType::Double:
        return 0;
    case EvaluationResult::ValueType::String:
        return QString();
    case EvaluationResult::ValueType::Any:
        break;
    }
    return QJsonValue(QJsonValue::Null);
}

// The SDK rule/clause "id" is "_id" in the REST API.
QJsonArray restRules(const QJsonArray &rules)
{
    QJsonArray out;
    for (const QJsonValue &rv : rules) {
        QJsonObject r = rv.toObject();
        if (r.contains("id"_L1)) {
            r.insert(u"_id"_s, r.value("id"_L1));
            r.remove(u"id"_s);
        }
        out.append(r);
    }
    return out;
}

// A flag in the SDK data model rewritten as GET /api/v2/flags/{project}/{key} returns it:
// variations as {"_id", "value"} objects, targeting under environments.<env>.
QJsonObject restFlag(const QString &key, const QJsonObject &sdk)
{
    QJsonObject environment;
    static const QLatin1StringView kEnvironmentFields[]
        = { "on"_L1,          "salt"_L1,         "targets"_L1,      "contextTargets"_L1,
            "fallthrough"_L1, "offVariation"_L1, "prerequisites"_L1 };
    for (QLatin1StringView field : kEnvironmentFields) {
        if (sdk.contains(field))
            environment.insert(QString(field), sdk.value(field));
    }
    environment.insert(u"rules"_s, restRules(sdk.value("rules"_L1).toArray()));
    QJsonArray variations;
    const QJsonArray values = sdk.value("variations"_L1).toArray();
    for (qsizetype i = 0; i < values.size(); ++i)
        variations.append(QJsonObject { { u"_id"_s, u"variation-%1"_s.arg(i) },
                                        { u"value"_s, values.at(i) },
                                        { u"name"_s, u"Variation %1"_s.arg(i) } });
    return QJsonObject { { u"key"_s, key },
                         { u"kind"_s, u"multivariate"_s },
                         { u"variations"_s, variations },
                         { u"environments"_s, QJsonObject { { kEnvironment, environment } } } };
}

QJsonObject restSegment(const QString &key, QJsonObject segment)
{
    segment.insert(u"key"_s, key);
    segment.insert(u"rules"_s, restRules(segment.value("rules"_L1).toArray()));
    return segment;
}

} // namespace

class tst_EvaluatorConformance : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void sdkDataModel() { runAll(Shape::Sdk); }
    void restApiShape() { runAll(Shape::Rest); }

private:
    enum class Shape { Sdk, Rest };
    void runAll(Shape shape);

    QString m_folder;
    QStringList m_files;
};

void tst_EvaluatorConformance::initTestCase()
{
    QString shared = qEnvironmentVariable("FLAGBRIDGE_SHARED_DIR");
    if (shared.isEmpty()) {
        QString source = qEnvironmentVariable("FLAGBRIDGE_SOURCE_DIR");
        if (source.isEmpty())
            source = QStringLiteral(FLAGBRIDGE_DEFAULT_SOURCE_DIR);
        shared = source + u"/../shared"_s;
    }
    m_folder = QDir(shared).filePath(u"conformance/launchdarkly-eval"_s);
    const QDir dir(m_folder);
    if (!dir.exists())
        QSKIP(qPrintable(u"No conformance data at %1 (set FLAGBRIDGE_SHARED_DIR)"_s.arg(
            QDir::cleanPath(m_folder))));
    m_files = dir.entryList({ u"*.json"_s }, QDir::Files, QDir::Name);
    QVERIFY2(!m_files.isEmpty(), qPrintable(u"No *.json files in %1"_s.arg(m_folder)));
}

void tst_EvaluatorConformance::runAll(Shape shape)
{
    int passed = 0;
    int failed = 0;
    QStringList failures;
    for (const QString &fileName : std::as_const(m_files)) {
        QFile file(QDir(m_folder).filePath(fileName));
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
        QVERIFY2(doc.isObject(), qPrintable(fileName + u": "_s + parseError.errorString()));
        const QJsonArray suites = doc.object().value("suites"_L1).toArray();
        QVERIFY2(!suites.isEmpty(), qPrintable(fileName + u": no suites"_s));

        for (const QJsonValue &suiteValue : suites) {
            const QJsonObject suite = suiteValue.toObject();
            const QJsonObject data = suite.value("sdkData"_L1).toObject();
            FlagEvaluator evaluator;
            if (shape == Shape::Sdk) {
                evaluator.loadSdkData(data);
            } else {
                const QJsonObject flags = data.value("flags"_L1).toObject();
                for (auto it = flags.constBegin(); it != flags.constEnd(); ++it) {
                    QString error;
                    QVERIFY2(evaluator.addRestFlag(restFlag(it.key(), it.value().toObject()),
                                                   kEnvironment, &error),
                             qPrintable(error));
                }
                const QJsonObject segments = data.value("segments"_L1).toObject();
                for (auto it = segments.constBegin(); it != segments.constEnd(); ++it)
                    evaluator.addSegment(restSegment(it.key(), it.value().toObject()));
            }

            const QJsonArray evaluations = suite.value("evaluations"_L1).toArray();
            for (const QJsonValue &ev : evaluations) {
                const QJsonObject evaluation = ev.toObject();
                const QJsonObject expect = evaluation.value("expect"_L1).toObject();
                const QJsonValue expectedValue = expect.value("value"_L1);
                const EvaluationResult::ValueType type
                    = valueType(evaluation.value("valueType"_L1).toString(), expectedValue);
                const QJsonValue defaultValue = evaluation.contains("default"_L1)
                    ? evaluation.value("default"_L1)
                    : zeroValue(type);

                const EvaluationContext context
                    = EvaluationContext::fromJson(evaluation.value("context"_L1).toObject());
                const EvaluationResult result
                    = evaluator.evaluate(evaluation.value("flagKey"_L1).toString(), context)
                          .withDefault(defaultValue, type);

                QJsonObject actual = result.toJson();
                QJsonObject expected;
                expected.insert(u"value"_s, expectedValue);
                if (expect.contains("variationIndex"_L1))
                    expected.insert(u"variationIndex"_s, expect.value("variationIndex"_L1));
                expected.insert(u"reason"_s, expect.value("reason"_L1));

                if (sameJson(expected, actual)) {
                    ++passed;
                } else {
                    ++failed;
                    const QString name = evaluation.value("name"_L1).toString(
                        evaluation.value("flagKey"_L1).toString());
                    failures.append(u"%1 / %2 / %3\n    expected %4\n    actual   %5"_s.arg(
                        fileName, suite.value("name"_L1).toString(), name, compact(expected),
                        compact(actual)));
                }
            }
        }
    }
    for (const QString &f : std::as_const(failures))
        qWarning().noquote() << "FAILED" << f;
    const QString summary = u"%1 passed, %2 failed"_s.arg(passed).arg(failed);
    qInfo().noquote() << (shape == Shape::Sdk ? "SDK data model:" : "REST API shape:") << summary
                      << u"(%1 files)"_s.arg(m_files.size());
    QVERIFY2(passed > 0, "no evaluations found");
    QVERIFY2(failed == 0, qPrintable(summary));
}

QTEST_GUILESS_MAIN(tst_EvaluatorConformance)
#include "tst_evaluator_conformance.moc"
