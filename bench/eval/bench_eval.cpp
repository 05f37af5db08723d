// Measures the local flag evaluator against the targets of issue 9:
//  1. evaluations per second on one core for a flag with 10 rules of 3 clauses each and a
//     3-way percentage rollout, for contexts that fall through most rules (goal: >= 1,000,000/s);
//  2. 100,000 contacts x 20 flags, including building each contact's context (goal: < 2 s).
// Each measurement is repeated and the median reported. Everything runs on the calling thread.

#include "eval/EvaluationContext.h"
#include "eval/FlagEvaluator.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSysInfo>
#include <QThread>
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

const QString kEnvironment = u"production"_s;

// A HighLevel contact, as flat as the sync engine holds it before building a context.
struct ContactRecord
{
    QString id;
    QString name;
    QString email;
    QString phone;
    QString type;
    QString source;
    QString country;
    QStringList tags;
    double dateAddedMs = 0;
    QString plan; // custom fields, by name
    double seats = 0;
    QString appVersion;
};

QJsonObject clause(const QString &attribute, const QString &op, const QJsonArray &values,
                   bool negate = false)
{
    return QJsonObject { { u"_id"_s, QString(attribute + op) },
                         { u"contextKind"_s, u"user"_s },
                         { u"attribute"_s, attribute },
                         { u"op"_s, op },
                         { u"values"_s, values },
                         { u"negate"_s, negate } };
}

QJsonObject rule(int index, const QJsonArray &clauses, const QJsonObject &serve)
{
    QJsonObject r = serve;
    r.insert(u"_id"_s, u"rule-%1"_s.arg(index));
    r.insert(u"clauses"_s, clauses);
    return r;
}

QJsonObject fixed(int variation)
{
    return QJsonObject { { u"variation"_s, variation } };
}

QJsonObject rollout(const QList<int> &weights, const QString &kind = QString(),
                    const QString &bucketBy = QString())
{
    QJsonArray variations;
    for (int i = 0; i < weights.size(); ++i)
        variations.append(QJsonObject { { u"variation"_s, i }, { u"weight"_s, weights.at(i) } });
    QJsonObject r { { u"variations"_s, variations }, { u"contextKind"_s, u"user"_s } };
    if (!kind.isEmpty())
        r.insert(u"kind"_s, kind);
    if (!bucketBy.isEmpty())
        r.insert(u"bucketBy"_s, bucketBy);
    return QJsonObject { { u"rollout"_s, r } };
}

// A flag as GET /api/v2/flags/{project}/{key}?env=production returns it.
QJsonObject restFlag(const QString &key, int variationCount, QJsonObject environment)
{
    QJsonArray variations;
    for (int i = 0; i < variationCount; ++i)
        variations.append(QJsonObject {
            { u"_id"_s, u"%1-v%2"_s.arg(key).arg(i) },
            { u"value"_s,
              variationCount == 2 ? QJsonValue(i == 0) : QJsonValue(u"variant-%1"_s.arg(i)) } });
    environment.insert(u"salt"_s, QString(key + u"-salt"_s));
    if (!environment.contains("on"_L1))
        environment.insert(u"on"_s, true);
    if (!environment.contains("offVariation"_L1))
        environment.insert(u"offVariation"_s, 0);
    if (!environment.contains("fallthrough"_L1))
        environment.insert(u"fallthrough"_s, fixed(variationCount - 1));
    return QJsonObject { { u"key"_s, key },
                         { u"variations"_s, variations },
                         { u"environments"_s, QJsonObject { { kEnvironment, environment } } } };
}

// 10 rules of 3 clauses each over the attributes a contact carries, with a 3-way rollout as
// the default rule. Most contacts pass the first clause of some rules and fail a later one, so
// the evaluator reads several attributes per rule before falling through.
QJsonObject tenRuleFlag()
{
    QJsonArray rules;
    const QStringList countries { u"US"_s, u"CA"_s, u"GB"_s, u"DE"_s, u"FR"_s };
    for (int i = 0; i < 10; ++i) {
        QJsonArray clauses;
        switch (i % 5) {
        case 0:
            clauses = { clause(u"country"_s, u"in"_s, { countries.at(i % 5), u"NL"_s }),
                        clause(u"email"_s, u"endsWith"_s, { u"@partner%1.example"_s.arg(i) }),
                        clause(u"seats"_s, u"greaterThan"_s, { 500 }) };
            break;
        case 1:
            clauses = { clause(u"type"_s, u"in"_s, { u"lead"_s, u"customer"_s }),
                        clause(u"tags"_s, u"in"_s, { u"beta-%1"_s.arg(i) }),
                        clause(u"plan"_s, u"startsWith"_s, { u"enterprise"_s }) };
            break;
        case 2:
            clauses = { clause(u"plan"_s, u"in"_s, { u"free"_s, u"starter"_s, u"pro"_s }),
                        clause(u"appVersion"_s, u"semVerLessThan"_s, { u"1.%1.0"_s.arg(i) }),
                        clause(u"source"_s, u"contains"_s, { u"webinar-%1"_s.arg(i) }) };
            break;
        case 3:
            clauses = { clause(u"dateAdded"_s, u"after"_s, { u"2020-01-01T00:00:00Z"_s }),
                        clause(u"name"_s, u"startsWith"_s, { u"Zz%1"_s.arg(i) }),
                        clause(u"country"_s, u"in"_s, { u"JP"_s }, true) };
            break;
        case 4:
            clauses
                = { clause(u"seats"_s, u"lessThanOrEqual"_s, { 1000 }),
                    clause(u"tags"_s, u"in"_s, { u"churn-risk-%1"_s.arg(i), u"vip-%1"_s.arg(i) }),
                    clause(u"email"_s, u"matches"_s, { u"^ops\\+[0-9]+@"_s }) };
            break;
        }
        rules.append(rule(i, clauses, fixed(i % 3)));
    }
    return restFlag(u"ten-rules"_s, 3,
                    QJsonObject { { u"rules"_s, rules },
                                  { u"fallthrough"_s, rollout({ 33334, 33333, 33333 }) } });
}

// Twenty flags of the kinds FlagBridge meets: simple on/off flags, individual targets, segment
// rules, rollouts and experiments, prerequisites, and rules on every kind of operator.
QList<QJsonObject> twentyFlags(const std::vector<ContactRecord> &contacts)
{
    QList<QJsonObject> flags;
    flags.append(tenRuleFlag());
    flags.append(restFlag(u"simple-on"_s, 2, {}));
    flags.append(restFlag(u"simple-off"_s, 2, { { u"on"_s, false } }));
    QJsonArray targetKeys;
    for (size_t i = 0; i < contacts.size() && i < 2000; i += 2)
        targetKeys.append(contacts[i].id);
    flags.append(restFlag(
        u"individual-targets"_s, 2,
        { { u"targets"_s,
            QJsonArray { QJsonObject { { u"variation"_s, 0 }, { u"values"_s, targetKeys } } } },
          { u"fallthrough"_s, rollout({ 50000, 50000 }) } }));
    flags.append(restFlag(
        u"vip-segment"_s, 2,
        { { u"rules"_s,
            QJsonArray { rule(0, { clause(u"segmentMatch"_s, u"segmentMatch"_s, { u"vip"_s }) },
                              fixed(0)) } } }));
    flags.append(restFlag(
        u"corp-email"_s, 2,
        { { u"rules"_s,
            QJsonArray { rule(0, { clause(u"email"_s, u"endsWith"_s, { u"@corp.example"_s }) },
                              fixed(0)) } } }));
    QJsonArray manyCountries;
    for (const char *c : { "US", "CA", "MX", "BR", "AR", "GB", "IE", "FR", "DE", "ES",
                           "IT", "PT", "NL", "BE", "SE", "NO", "DK", "FI", "PL", "AU" })
        manyCountries.append(QString::fromLatin1(c));
    flags.append(restFlag(u"regional"_s, 3,
                          { { u"rules"_s,
                              QJsonArray { rule(0, { clause(u"country"_s, u"in"_s, manyCountries) },
                                                fixed(1)) } } }));
    flags.append(restFlag(
        u"tagged-beta"_s, 2,
        { { u"rules"_s,
            QJsonArray { rule(0, { clause(u"tags"_s, u"in"_s, { u"beta"_s }) }, fixed(0)) } } }));
    flags.append(
        restFlag(u"big-accounts"_s, 2,
                 { { u"rules"_s,
                     QJsonArray { rule(0, { clause(u"seats"_s, u"greaterThanOrEqual"_s, { 250 }) },
                                       fixed(0)) } } }));
    flags.append(restFlag(
        u"new-contacts"_s, 2,
        { { u"rules"_s,
            QJsonArray { rule(0,
                              { clause(u"dateAdded"_s, u"after"_s, { u"2023-06-01T00:00:00Z"_s }) },
                              fixed(0)) } } }));
    flags.append(restFlag(
        u"app-version-gate"_s, 2,
        { { u"rules"_s,
            QJsonArray { rule(0, { clause(u"appVersion"_s, u"semVerGreaterThan"_s, { u"2.1"_s }) },
                              fixed(0)) } } }));
    flags.append(restFlag(
        u"phone-pattern"_s, 2,
        { { u"rules"_s,
            QJsonArray { rule(0, { clause(u"phone"_s, u"matches"_s, { u"^\\+1[0-9]{10}$"_s }) },
                              fixed(0)) } } }));
    flags.append(restFlag(
        u"with-prerequisite"_s, 2,
        { { u"prerequisites"_s,
            QJsonArray { QJsonObject { { u"key"_s, u"simple-on"_s }, { u"variation"_s, 1 } } } },
          { u"fallthrough"_s, rollout({ 20000, 80000 }) } }));
    flags.append(
        restFlag(u"experiment"_s, 3,
                 { { u"fallthrough"_s, rollout({ 40000, 30000, 30000 }, u"experiment"_s) } }));
    flags.append(
        restFlag(u"rollout-by-email"_s, 2,
                 { { u"fallthrough"_s, rollout({ 10000, 90000 }, QString(), u"email"_s) } }));
    flags.append(
        restFlag(u"negated-multi-clause"_s, 2,
                 { { u"rules"_s,
                     QJsonArray { rule(0,
                                       { clause(u"type"_s, u"in"_s, { u"customer"_s }),
                                         clause(u"tags"_s, u"in"_s, { u"do-not-contact"_s }, true),
                                         clause(u"source"_s, u"startsWith"_s, { u"web"_s }) },
                                       fixed(0)) } } }));
    flags.append(restFlag(
        u"context-targets"_s, 2,
        { { u"contextTargets"_s,
            QJsonArray { QJsonObject { { u"contextKind"_s, u"ghl-contact"_s },
                                       { u"variation"_s, 0 },
                                       { u"values"_s, QJsonArray { u"c-1"_s, u"c-2"_s } } },
                         QJsonObject { { u"contextKind"_s, u"user"_s },
                                       { u"variation"_s, 0 },
                                       { u"values"_s, QJsonArray() } } } },
          { u"targets"_s,
            QJsonArray { QJsonObject { { u"variation"_s, 0 },
                                       { u"values"_s, QJsonArray { contacts[1].id } } } } } }));
    flags.append(restFlag(
        u"plan-contains"_s, 3,
        { { u"rules"_s,
            QJsonArray {
                rule(0, { clause(u"plan"_s, u"contains"_s, { u"pro"_s }) }, fixed(1)),
                rule(1, { clause(u"plan"_s, u"in"_s, { u"enterprise"_s }) }, fixed(2)) } } }));
    flags.append(
        restFlag(u"segment-or-rollout"_s, 2,
                 { { u"rules"_s,
                     QJsonArray { rule(
                         0, { clause(u"segmentMatch"_s, u"segmentMatch"_s, { u"beta-testers"_s }) },
                         fixed(0)) } },
                   { u"fallthrough"_s, rollout({ 5000, 95000 }) } }));
    flags.append(
        restFlag(u"name-rule"_s, 2,
                 { { u"rules"_s,
                     QJsonArray { rule(0, { clause(u"name"_s, u"startsWith"_s, { u"A"_s }) },
                                       fixed(0)) } } }));
    return flags;
}

QList<QJsonObject> segments(const std::vector<ContactRecord> &contacts)
{
    QJsonArray included;
    for (size_t i = 0; i < contacts.size() && included.size() < 5000; i += 7)
        included.append(contacts[i].id);
    const QJsonObject vip {
        { u"key"_s, u"vip"_s },
        { u"included"_s, included },
        { u"rules"_s,
          QJsonArray { QJsonObject {
              { u"_id"_s, u"vip-rule"_s },
              { u"clauses"_s, QJsonArray { clause(u"tags"_s, u"in"_s, { u"vip"_s }) } } } } }
    };
    const QJsonObject beta {
        { u"key"_s, u"beta-testers"_s },
        { u"salt"_s, u"beta-salt"_s },
        { u"rules"_s,
          QJsonArray { QJsonObject {
              { u"_id"_s, u"beta-rule"_s },
              { u"weight"_s, 25000 },
              { u"clauses"_s, QJsonArray { clause(u"type"_s, u"in"_s, { u"lead"_s }) } } } } }
    };
    return { vip, beta };
}

std::vector<ContactRecord> makeContacts(int count)
{
    QRandomGenerator rng(20240415);
    const QStringList types { u"lead"_s, u"customer"_s, u"prospect"_s };
    const QStringList sources { u"web form"_s, u"webinar-3"_s, u"import"_s, u"referral"_s,
                                u"ads"_s };
    const QStringList countries { u"US"_s, u"CA"_s, u"GB"_s, u"DE"_s,
                                  u"FR"_s, u"JP"_s, u"IN"_s, u"BR"_s };
    const QStringList tagPool { u"vip"_s,        u"beta"_s,
                                u"newsletter"_s, u"do-not-contact"_s,
                                u"webinar"_s,    u"churn-risk-4"_s,
                                u"trial"_s,      u"partner"_s };
    const QStringList plans { u"free"_s, u"starter"_s, u"pro"_s, u"enterprise"_s,
                              u"enterprise-plus"_s };
    const QStringList domains { u"gmail.example"_s, u"corp.example"_s, u"mail.example"_s,
                                u"partner5.example"_s };
    std::vector<ContactRecord> out;
    out.reserve(size_t(count));
    for (int i = 0; i < count; ++i) {
        ContactRecord c;
        c.id = u"ctc_%1"_s.arg(i, 8, 36, QChar(u'0'));
        c.name = QChar(u'A' + rng.bounded(26)) + u"lex Contact %1"_s.arg(i);
        c.email = u"contact%1@%2"_s.arg(i).arg(domains.at(rng.bounded(domains.size())));
        c.phone = u"+1%1"_s.arg(2000000000LL + rng.bounded(799999999));
        c.type = types.at(rng.bounded(types.size()));
        c.source = sources.at(rng.bounded(sources.size()));
        c.country = countries.at(rng.bounded(countries.size()));
        const int tagCount = rng.bounded(4);
        for (int t = 0; t < tagCount; ++t)
            c.tags.append(tagPool.at(rng.bounded(tagPool.size())));
        c.dateAddedMs = 1514764800000.0 + rng.bounded(190000000) * 1000.0; // 2018 .. 2024
        c.plan = plans.at(rng.bounded(plans.size()));
        c.seats = rng.bounded(2000);
        c.appVersion = u"%1.%2.%3"_s.arg(rng.bounded(3)).arg(rng.bounded(12)).arg(rng.bounded(10));
        out.push_back(std::move(c));
    }
    return out;
}

// What the sync engine does per contact: kind, key, name and attributes, no JSON.
EvaluationContext contextFor(const ContactRecord &c)
{
    IndividualContext individual(u"user"_s, c.id);
    individual.reserve(11);
    individual.setName(c.name)
        .set(u"email"_s, c.email)
        .set(u"phone"_s, c.phone)
        .set(u"type"_s, c.type)
        .set(u"source"_s, c.source)
        .set(u"country"_s, c.country)
        .set(u"tags"_s, c.tags)
        .set(u"dateAdded"_s, c.dateAddedMs)
        .set(u"plan"_s, c.plan)
        .set(u"seats"_s, c.seats)
        .set(u"appVersion"_s, c.appVersion);
    return EvaluationContext(std::move(individual));
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

QString cpuModel()
{
    QFile f(u"/proc/cpuinfo"_s);
    if (f.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : f.readAll().split('\n')) {
            if (line.startsWith("model name"))
                return QString::fromUtf8(line.mid(line.indexOf(':') + 1).trimmed());
        }
    }
    return QSysInfo::currentCpuArchitecture();
}

// CPU time of this thread: on a shared machine (other builds running) wall time measures the
// neighbours as much as the evaluator. Both are reported.
double threadCpuSeconds()
{
#ifdef Q_OS_UNIX
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
#else
    return 0.0;
#endif
}

struct Stopwatch
{
    QElapsedTimer wall;
    double cpuStart = 0.0;
    void start()
    {
        cpuStart = threadCpuSeconds();
        wall.start();
    }
    double wallSeconds() const { return double(wall.nsecsElapsed()) / 1e9; }
    double cpuSeconds() const { return threadCpuSeconds() - cpuStart; }
};

volatile int g_sink = 0; // keeps results alive so the compiler cannot drop the evaluations

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Throughput of FlagBridge's local flag evaluator."_s);
    parser.addHelpOption();
    QCommandLineOption runsOption(
        u"runs"_s, u"Repetitions of each measurement (median reported)."_s, u"n"_s, u"7"_s);
    QCommandLineOption contactsOption(u"contacts"_s, u"Contacts in the 20-flag measurement."_s,
                                      u"n"_s, u"100000"_s);
    QCommandLineOption evaluationsOption(u"evaluations"_s,
                                         u"Evaluations per run in the 10-rule measurement."_s,
                                         u"n"_s, u"2000000"_s);
    parser.addOptions({ runsOption, contactsOption, evaluationsOption });
    parser.process(app);
    const int runs = std::max(1, parser.value(runsOption).toInt());
    const int contactCount = std::max(1000, parser.value(contactsOption).toInt());
    const int evaluations = std::max(1000, parser.value(evaluationsOption).toInt());

#ifdef NDEBUG
    const char *buildType = "release";
#else
    const char *buildType = "DEBUG (numbers are not meaningful)";
#endif
    std::printf("Machine: %s, %d logical cores (nproc), Qt %s, %s build; single thread\n",
                qPrintable(cpuModel()), QThread::idealThreadCount(), qVersion(), buildType);

    const std::vector<ContactRecord> contacts = makeContacts(contactCount);

    // 1. One flag, 10 rules x 3 clauses, 3-way rollout.
    {
        FlagEvaluator evaluator;
        QString error;
        if (!evaluator.addRestFlag(tenRuleFlag(), kEnvironment, &error)) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 1;
        }
        const int flag = evaluator.flagIndex(u"ten-rules"_s);
        std::vector<EvaluationContext> contexts;
        const size_t distinct = 10000;
        for (size_t i = 0; i < distinct; ++i)
            contexts.push_back(contextFor(contacts[i % contacts.size()]));

        int fallthrough = 0;
        int perVariation[3] = { 0, 0, 0 };
        for (const EvaluationContext &c : contexts) {
            const EvaluationResult r = evaluator.evaluate(flag, c);
            if (r.reason().kind() == EvaluationReason::Kind::Fallthrough) {
                ++fallthrough;
                ++perVariation[std::clamp(r.variationIndex(), 0, 2)];
            }
        }

        std::vector<double> cpuRates, wallRates;
        for (int run = 0; run < runs; ++run) {
            int sink = 0;
            Stopwatch watch;
            watch.start();
            for (int i = 0; i < evaluations; ++i)
                sink += evaluator.evaluate(flag, contexts[size_t(i) % distinct]).variationIndex();
            cpuRates.push_back(evaluations / watch.cpuSeconds());
            wallRates.push_back(evaluations / watch.wallSeconds());
            g_sink = g_sink + sink;
        }
        std::printf("\n[1] 10 rules x 3 clauses + 3-way rollout: %d evaluations per run, %d runs\n",
                    evaluations, runs);
        std::printf("    %.1f%% of contexts fall through to the rollout (split %d / %d / %d)\n",
                    100.0 * fallthrough / double(distinct), perVariation[0], perVariation[1],
                    perVariation[2]);
        std::printf(
            "    median %.0f evaluations/s per CPU-second (%.0f ns each); min %.0f, max %.0f\n",
            median(cpuRates), 1e9 / median(cpuRates),
            *std::min_element(cpuRates.begin(), cpuRates.end()),
            *std::max_element(cpuRates.begin(), cpuRates.end()));
        std::printf("    median %.0f evaluations/s of wall time\n", median(wallRates));
    }

    // 2. N contacts x 20 flags, building each contact's context.
    {
        FlagEvaluator evaluator;
        const QList<QJsonObject> flags = twentyFlags(contacts);
        for (const QJsonObject &f : flags)
            evaluator.addRestFlag(f, kEnvironment);
        for (const QJsonObject &s : segments(contacts))
            evaluator.addSegment(s);
        std::vector<int> handles;
        for (const QJsonObject &f : flags)
            handles.push_back(evaluator.flagIndex(f.value("key"_L1).toString()));

        // The measurement must exercise evaluation, not error paths.
        for (size_t i = 0; i < contacts.size() && i < 1000; ++i) {
            const EvaluationContext context = contextFor(contacts[i]);
            for (size_t f = 0; f < handles.size(); ++f) {
                const EvaluationResult r = evaluator.evaluate(handles[f], context);
                if (r.isError()) {
                    std::fprintf(stderr, "flag %s: %s\n",
                                 qPrintable(flags.at(qsizetype(f)).value("key"_L1).toString()),
                                 qPrintable(r.reason().toString()));
                    return 1;
                }
            }
        }

        std::vector<double> cpuTotals, wallTotals, cpuBuild;
        for (int run = 0; run < runs; ++run) {
            int sink = 0;
            Stopwatch watch;
            watch.start();
            for (const ContactRecord &c : contacts) {
                const EvaluationContext context = contextFor(c);
                for (int h : handles)
                    sink += evaluator.evaluate(h, context).variationIndex();
            }
            cpuTotals.push_back(watch.cpuSeconds());
            wallTotals.push_back(watch.wallSeconds());

            watch.start();
            for (const ContactRecord &c : contacts)
                sink += int(contextFor(c).kindCount());
            cpuBuild.push_back(watch.cpuSeconds());
            g_sink = g_sink + sink;
        }
        const double total = median(cpuTotals);
        std::printf("\n[2] %d contacts x %d flags, context building included: %d runs\n",
                    contactCount, int(flags.size()), runs);
        std::printf("    median %.3f CPU-seconds (min %.3f, max %.3f); %.3f s of wall time\n",
                    total, *std::min_element(cpuTotals.begin(), cpuTotals.end()),
                    *std::max_element(cpuTotals.begin(), cpuTotals.end()), median(wallTotals));
        std::printf("    of which context building %.3f s; %.0f evaluations per CPU-second\n",
                    median(cpuBuild), double(contactCount) * double(flags.size()) / total);
    }
    return 0;
}
