// What the mapping validator tells a user about a mapping that no longer fits its connections:
// every check with the JSON path it names and its severity, first on a catalog built by hand,
// then against the sandbox (the same reads a real check makes).

#include "SandboxFixture.h"

#include "mapping/MappingFile.h"
#include "mapping/MappingValidator.h"

#include <QFile>
#include <QSignalSpy>
#include <QTest>

#include <functional>

using namespace Qt::StringLiterals;

namespace {

using Severity = MappingProblem::Severity;
using Op = SelectorPredicate::Op;

CustomFieldDefinition field(const QString &id, const QString &name, const QString &type, const QStringList &options = {})
{
    CustomFieldDefinition f;
    f.id = id;
    f.name = name;
    f.fieldKey = u"contact."_s + name.toLower().replace(u' ', u'_');
    f.dataType = type;
    f.picklistOptions = options;
    return f;
}

LdFlag flag(const QString &key, const QList<QPair<QString, QJsonValue>> &variations)
{
    LdFlag f;
    f.key = key;
    f.name = key;
    for (const auto &v : variations) {
        LdVariation var;
        var.id = v.first;
        var.value = v.second;
        if (v.second.isBool())
            var.name = v.second.toBool() ? u"On"_s : u"Off"_s;
        f.variations.append(var);
    }
    return f;
}

LdSegment segment(const QString &key, bool big = false, const QString &bigKind = QString())
{
    LdSegment s;
    s.key = key;
    s.name = key;
    s.unbounded = big;
    s.unboundedContextKind = bigKind;
    return s;
}

LdContextKind kind(const QString &key, bool archived = false)
{
    LdContextKind k;
    k.key = key;
    k.name = key;
    k.archived = archived;
    return k;
}

MappingCatalog fullCatalog()
{
    MappingCatalog c;
    c.projectKey = u"demo-app"_s;
    c.environmentKey = u"production"_s;
    c.environmentsKnown = true;
    LdEnvironment production;
    production.key = u"production"_s;
    LdEnvironment staging;
    staging.key = u"staging"_s;
    c.environments = {production, staging};
    c.contextKindsKnown = true;
    c.contextKinds = {kind(u"user"_s), kind(u"organization"_s), kind(u"legacy"_s, true)};
    c.segmentsKnown = true;
    LdSegment full = segment(u"full-segment"_s);
    for (int i = 0; i < 15000; ++i)
        full.included.append(u"k%1"_s.arg(i));
    c.segments = {segment(u"vip-customers"_s), segment(u"enterprise-accounts"_s, true, u"user"_s), full};
    c.flagsKnown = true;
    LdFlag archived = flag(u"old-flag"_s, {{u"o-on"_s, true}, {u"o-off"_s, false}});
    archived.archived = true;
    LdFlag deprecated = flag(u"legacy-reports"_s, {{u"l-on"_s, true}, {u"l-off"_s, false}});
    deprecated.deprecated = true;
    c.flags = {flag(u"new-checkout"_s, {{u"nc-on"_s, true}, {u"nc-off"_s, false}}),
               flag(u"pricing-page"_s, {{u"pp-0"_s, u"control"_s}, {u"pp-1"_s, u"annual-discount"_s}}), archived, deprecated};
    c.customFieldsKnown = true;
    c.customFields = {field(u"cf-plan"_s, u"Plan"_s, u"SINGLE_OPTIONS"_s, {u"Free"_s, u"Pro"_s, u"Enterprise"_s}),
                      field(u"cf-seats"_s, u"Seats"_s, u"NUMERICAL"_s),
                      field(u"cf-since"_s, u"Customer Since"_s, u"DATE"_s),
                      field(u"cf-interests"_s, u"Interests"_s, u"MULTIPLE_OPTIONS"_s, {u"AI"_s, u"Mobile"_s}),
                      field(u"cf-user"_s, u"Product User ID"_s, u"TEXT"_s)};
    c.tagsKnown = true;
    c.tags = {u"vip"_s, u"newsletter"_s, u"churn-risk"_s};
    c.usersKnown = true;
    LocationUser alex;
    alex.id = u"user-alex"_s;
    alex.name = u"Alex Rivera"_s;
    c.users = {alex};
    return c;
}

SelectorPredicate predicate(SelectorPredicate::Type type, const QString &name = {}, Op op = Op::Equals, const QStringList &values = {})
{
    SelectorPredicate p;
    p.type = type;
    p.field = name;
    p.op = op;
    p.values = values;
    return p;
}

// Three bindings, one of each kind, every one of them valid against fullCatalog().
Mapping validMapping()
{
    Mapping m;
    m.name = u"Test"_s;
    m.highLevelConnection = u"hl"_s;
    m.launchDarklyConnection = u"ld"_s;
    m.projectKey = u"demo-app"_s;
    m.environmentKey = u"production"_s;

    Binding segmentBinding;
    segmentBinding.id = u"b0"_s;
    segmentBinding.name = u"VIPs"_s;
    segmentBinding.kind = Binding::Kind::Segment;
    segmentBinding.segmentKey = u"vip-customers"_s;
    SelectorPredicate vip = predicate(SelectorPredicate::Type::Tags);
    vip.tags = {u"VIP"_s};
    segmentBinding.selector.predicates = {vip, predicate(SelectorPredicate::Type::CustomField, u"Plan"_s, Op::Equals, {u"pro"_s})};

    Binding targets;
    targets.id = u"b1"_s;
    targets.name = u"Seats"_s;
    targets.kind = Binding::Kind::FlagTargets;
    targets.flagKey = u"pricing-page"_s;
    targets.variationId = u"pp-1"_s;
    targets.context.keyField = ContextSettings::KeyField::CustomField;
    targets.context.customFieldName = u"Product User ID"_s;
    targets.selector.predicates = {predicate(SelectorPredicate::Type::CustomField, u"Seats"_s, Op::GreaterThan, {u"100"_s}),
                                   predicate(SelectorPredicate::Type::Field, u"email"_s, Op::Contains, {u"@acme"_s})};

    Binding outcome;
    outcome.id = u"b2"_s;
    outcome.name = u"Checkout follow-up"_s;
    outcome.kind = Binding::Kind::FlagOutcome;
    outcome.flagKey = u"new-checkout"_s;
    outcome.variationId = u"nc-on"_s;
    OutcomeAction addTags;
    addTags.kind = OutcomeAction::Kind::AddTags;
    addTags.tags = {u"new-checkout"_s};
    OutcomeAction task;
    task.kind = OutcomeAction::Kind::CreateTask;
    task.title = u"Call about checkout"_s;
    task.dueInDays = 3;
    task.assignedTo = u"user-alex"_s;
    OutcomeAction note;
    note.kind = OutcomeAction::Kind::AddNote;
    note.body = u"Saw the new checkout"_s;
    OutcomeAction remove;
    remove.kind = OutcomeAction::Kind::RemoveTags;
    remove.tags = {u"churn-risk"_s};
    outcome.actions = {addTags, task, note, remove};

    m.bindings = {segmentBinding, targets, outcome};
    return m;
}

struct Case
{
    const char *name;
    std::function<void(Mapping &, MappingCatalog &)> change;
    const char *path;
    Severity severity;
    const char *says; // a part of the message
};

Binding &b0(Mapping &m) { return m.bindings[0]; }
Binding &b1(Mapping &m) { return m.bindings[1]; }
Binding &b2(Mapping &m) { return m.bindings[2]; }

const QList<Case> &cases()
{
    static const QList<Case> list{
        {"project missing", [](Mapping &, MappingCatalog &c) { c.projectMissing = true; }, "$.launchdarkly.project", Severity::Error,
         "project \"demo-app\" does not exist"},
        {"project of the connection missing",
         [](Mapping &m, MappingCatalog &c) {
             m.projectKey.clear();
             c.projectMissing = true;
         },
         "$.connections.launchdarkly", Severity::Error, "does not exist"},
        {"environment missing", [](Mapping &, MappingCatalog &c) { c.environmentKey = u"prod"_s; }, "$.launchdarkly.environment",
         Severity::Error, "has no environment \"prod\". Its environments: production, staging"},
        {"binding without id", [](Mapping &m, MappingCatalog &) { b0(m).id.clear(); }, "$.bindings[0].id", Severity::Error, "no id"},
        {"binding without name", [](Mapping &m, MappingCatalog &) { b0(m).name = u"  "_s; }, "$.bindings[0].name", Severity::Error,
         "Give the binding a name"},
        {"no condition", [](Mapping &m, MappingCatalog &) { b0(m).selector.predicates.clear(); }, "$.bindings[0].selector",
         Severity::Warning, "every contact"},
        {"context kind invalid", [](Mapping &m, MappingCatalog &) { b0(m).context.kind = u"multi"_s; }, "$.bindings[0].context.kind",
         Severity::Error, "multi"},
        {"context kind not in the project", [](Mapping &m, MappingCatalog &) { b0(m).context.kind = u"ghl-contact"_s; },
         "$.bindings[0].context.kind", Severity::Error, "has no context kind \"ghl-contact\""},
        {"context kind archived", [](Mapping &m, MappingCatalog &) { b0(m).context.kind = u"legacy"_s; }, "$.bindings[0].context.kind",
         Severity::Warning, "archived"},
        {"key field not chosen", [](Mapping &m, MappingCatalog &) { b1(m).context.customFieldName.clear(); },
         "$.bindings[1].context.customField", Severity::Error, "Choose the custom field"},
        {"key field deleted", [](Mapping &m, MappingCatalog &) { b1(m).context.customFieldName = u"Account ID"_s; },
         "$.bindings[1].context.customField", Severity::Error, "no custom field named \"Account ID\""},
        {"key field named by its key", [](Mapping &m, MappingCatalog &) { b1(m).context.customFieldName = u"contact.product_user_id"_s; },
         "$.bindings[1].context.customField", Severity::Error, "\"Product User ID\""},
        {"tags predicate without tags", [](Mapping &m, MappingCatalog &) { b0(m).selector.predicates[0].tags.clear(); },
         "$.bindings[0].selector.predicates[0].tags", Severity::Error, "at least one tag"},
        {"tag nobody has", [](Mapping &m, MappingCatalog &) { b0(m).selector.predicates[0].tags.append(u"gold"_s); },
         "$.bindings[0].selector.predicates[0].tags[1]", Severity::Warning, "tag \"gold\""},
        {"unknown standard field", [](Mapping &m, MappingCatalog &) { b1(m).selector.predicates[1].field = u"shoeSize"_s; },
         "$.bindings[1].selector.predicates[1].field", Severity::Error, "not a contact field"},
        {"number operator on a text field", [](Mapping &m, MappingCatalog &) { b1(m).selector.predicates[1].op = Op::LessThan; },
         "$.bindings[1].selector.predicates[1].op", Severity::Error, "\"email\" is a text field"},
        {"text operator on a date field",
         [](Mapping &m, MappingCatalog &) { b1(m).selector.predicates[1] = predicate(SelectorPredicate::Type::Field, u"dateAdded"_s, Op::Contains, {u"x"_s}); },
         "$.bindings[1].selector.predicates[1].op", Severity::Error, "a date field"},
        {"within zero days",
         [](Mapping &m, MappingCatalog &) { b1(m).selector.predicates[1] = predicate(SelectorPredicate::Type::Field, u"dateAdded"_s, Op::WithinDays); },
         "$.bindings[1].selector.predicates[1].days", Severity::Error, "1 or more"},
        {"empty list", [](Mapping &m, MappingCatalog &) { b1(m).selector.predicates[1] = predicate(SelectorPredicate::Type::Field, u"country"_s, Op::InList, {u" "_s}); },
         "$.bindings[1].selector.predicates[1].values", Severity::Error, "at least one value"},
        {"list of numbers with a word",
         [](Mapping &m, MappingCatalog &) {
             b1(m).selector.predicates[0] = predicate(SelectorPredicate::Type::CustomField, u"Seats"_s, Op::InList, {u"5"_s, u"ten"_s});
         },
         "$.bindings[1].selector.predicates[0].values[1]", Severity::Error, "\"ten\" is not a number"},
        {"empty value", [](Mapping &m, MappingCatalog &) { b1(m).selector.predicates[1].values = {u""_s}; },
         "$.bindings[1].selector.predicates[1].value", Severity::Error, "Enter the value"},
        {"number that is not one", [](Mapping &m, MappingCatalog &) { b1(m).selector.predicates[0].values = {u"many"_s}; },
         "$.bindings[1].selector.predicates[0].value", Severity::Error, "not a number"},
        {"date that is not one",
         [](Mapping &m, MappingCatalog &) {
             b1(m).selector.predicates[0] = predicate(SelectorPredicate::Type::CustomField, u"Customer Since"_s, Op::Before, {u"last spring"_s});
         },
         "$.bindings[1].selector.predicates[0].value", Severity::Error, "YYYY-MM-DD"},
        {"do-not-disturb that is not yes or no",
         [](Mapping &m, MappingCatalog &) { b1(m).selector.predicates[1] = predicate(SelectorPredicate::Type::Field, u"dnd"_s, Op::Equals, {u"yes"_s}); },
         "$.bindings[1].selector.predicates[1].value", Severity::Error, "true or false"},
        {"assigned to a user who does not exist",
         [](Mapping &m, MappingCatalog &) {
             b1(m).selector.predicates[1] = predicate(SelectorPredicate::Type::Field, u"assignedTo"_s, Op::Equals, {u"user-gone"_s});
         },
         "$.bindings[1].selector.predicates[1].value", Severity::Warning, "\"user-gone\""},
        {"custom field not chosen", [](Mapping &m, MappingCatalog &) { b0(m).selector.predicates[1].field.clear(); },
         "$.bindings[0].selector.predicates[1].field", Severity::Error, "Choose a custom field"},
        {"custom field deleted", [](Mapping &m, MappingCatalog &) { b0(m).selector.predicates[1].field = u"Tier"_s; },
         "$.bindings[0].selector.predicates[1].field", Severity::Error, "no custom field named \"Tier\""},
        {"date operator on a number field", [](Mapping &m, MappingCatalog &) { b1(m).selector.predicates[0].op = Op::Before; },
         "$.bindings[1].selector.predicates[0].op", Severity::Error, "\"Seats\" is a number field"},
        {"starts with on a multiple-choice field",
         [](Mapping &m, MappingCatalog &) {
             b1(m).selector.predicates[0] = predicate(SelectorPredicate::Type::CustomField, u"Interests"_s, Op::StartsWith, {u"A"_s});
         },
         "$.bindings[1].selector.predicates[0].op", Severity::Error, "multiple-choice"},
        {"value that is no option", [](Mapping &m, MappingCatalog &) { b0(m).selector.predicates[1].values = {u"Gold"_s}; },
         "$.bindings[0].selector.predicates[1].value", Severity::Warning, "not one of the options of \"Plan\" (Free, Pro, Enterprise)"},
        {"note text empty",
         [](Mapping &m, MappingCatalog &) {
             SelectorPredicate p;
             p.type = SelectorPredicate::Type::NoteContains;
             b0(m).selector.predicates.append(p);
         },
         "$.bindings[0].selector.predicates[2].text", Severity::Error, "text to look for"},
        {"segment not chosen", [](Mapping &m, MappingCatalog &) { b0(m).segmentKey.clear(); }, "$.bindings[0].target.segment",
         Severity::Error, "Choose the LaunchDarkly segment"},
        {"segment deleted", [](Mapping &m, MappingCatalog &) { b0(m).segmentKey = u"vip-customer"_s; }, "$.bindings[0].target.segment",
         Severity::Error, "segment \"vip-customer\" does not exist in LaunchDarkly (project demo-app, environment production)"},
        {"big segment of another kind",
         [](Mapping &m, MappingCatalog &c) {
             b0(m).segmentKey = u"enterprise-accounts"_s;
             b0(m).context.kind = u"organization"_s;
             Q_UNUSED(c);
         },
         "$.bindings[0].context.kind", Severity::Error, "holds contexts of kind \"user\""},
        {"full standard segment", [](Mapping &m, MappingCatalog &) { b0(m).segmentKey = u"full-segment"_s; }, "$.bindings[0].target.segment",
         Severity::Warning, "15,000"},
        {"flag not chosen", [](Mapping &m, MappingCatalog &) { b1(m).flagKey.clear(); }, "$.bindings[1].target.flag", Severity::Error,
         "Choose the LaunchDarkly flag"},
        {"variation not chosen", [](Mapping &m, MappingCatalog &) { b1(m).variationId.clear(); }, "$.bindings[1].target.variation",
         Severity::Error, "Choose the flag's variation"},
        {"flag deleted", [](Mapping &m, MappingCatalog &) { b1(m).flagKey = u"pricing"_s; }, "$.bindings[1].target.flag", Severity::Error,
         "flag \"pricing\" does not exist"},
        {"flag archived",
         [](Mapping &m, MappingCatalog &) {
             b2(m).flagKey = u"old-flag"_s;
             b2(m).variationId = u"o-on"_s;
         },
         "$.bindings[2].outcome.flag", Severity::Error, "archived"},
        {"flag deprecated",
         [](Mapping &m, MappingCatalog &) {
             b2(m).flagKey = u"legacy-reports"_s;
             b2(m).variationId = u"l-on"_s;
         },
         "$.bindings[2].outcome.flag", Severity::Warning, "deprecated"},
        {"variation named by its value", [](Mapping &m, MappingCatalog &) { b1(m).variationId = u"annual-discount"_s; },
         "$.bindings[1].target.variation", Severity::Error, "\"pp-1\""},
        {"variation removed", [](Mapping &m, MappingCatalog &) { b2(m).variationId = u"nc-gone"_s; }, "$.bindings[2].outcome.variation",
         Severity::Error, "On (true), Off (false)"},
        {"outcome without actions", [](Mapping &m, MappingCatalog &) { b2(m).actions.clear(); }, "$.bindings[2].outcome.actions",
         Severity::Error, "at least one thing to do"},
        {"tag action without tags", [](Mapping &m, MappingCatalog &) { b2(m).actions[0].tags.clear(); }, "$.bindings[2].outcome.actions[0].tags",
         Severity::Error, "at least one tag"},
        {"removing a tag nobody has", [](Mapping &m, MappingCatalog &) { b2(m).actions[3].tags = {u"ghost"_s}; },
         "$.bindings[2].outcome.actions[3].tags[0]", Severity::Warning, "\"ghost\""},
        {"task without title", [](Mapping &m, MappingCatalog &) { b2(m).actions[1].title.clear(); }, "$.bindings[2].outcome.actions[1].title",
         Severity::Error, "title"},
        {"task due in the past", [](Mapping &m, MappingCatalog &) { b2(m).actions[1].dueInDays = -1; },
         "$.bindings[2].outcome.actions[1].dueInDays", Severity::Error, "before the sync"},
        {"task for a user who left", [](Mapping &m, MappingCatalog &) { b2(m).actions[1].assignedTo = u"user-gone"_s; },
         "$.bindings[2].outcome.actions[1].assignedTo", Severity::Error, "does not exist"},
        {"note without text", [](Mapping &m, MappingCatalog &) { b2(m).actions[2].body = u" "_s; }, "$.bindings[2].outcome.actions[2].body",
         Severity::Error, "note's text"},
    };
    return list;
}

QString listed(const QList<MappingProblem> &problems)
{
    QStringList lines;
    for (const MappingProblem &p : problems)
        lines.append(p.toString());
    return lines.join(u'\n');
}

} // namespace

class tst_MappingValidator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void validMappingHasNoProblems()
    {
        const QList<MappingProblem> problems = MappingValidator::check(validMapping(), fullCatalog());
        QVERIFY2(problems.isEmpty(), qPrintable(listed(problems)));
    }

    void eachProblem_data()
    {
        QTest::addColumn<int>("index");
        for (int i = 0; i < cases().size(); ++i)
            QTest::newRow(cases().at(i).name) << i;
    }

    void eachProblem()
    {
        QFETCH(int, index);
        const Case &c = cases().at(index);
        Mapping mapping = validMapping();
        MappingCatalog catalog = fullCatalog();
        c.change(mapping, catalog);
        const QList<MappingProblem> problems = MappingValidator::check(mapping, catalog);
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems.first().path, QString::fromLatin1(c.path));
        QCOMPARE(problems.first().severity, c.severity);
        QVERIFY2(problems.first().message.contains(QString::fromUtf8(c.says)), qPrintable(problems.first().message));
        QCOMPARE(MappingValidator::hasErrors(problems), c.severity == Severity::Error);
    }

    void unreadPartsAreNotChecked()
    {
        // What was not read cannot be wrong: a deleted segment, flag, kind, field, tag or user
        // passes when its part of the catalog is unknown, and the offline checks still run.
        Mapping mapping = validMapping();
        b0(mapping).segmentKey = u"nope"_s;
        b0(mapping).context.kind = u"ghl-contact"_s;
        b0(mapping).selector.predicates[0].tags = {u"gold"_s};
        b1(mapping).flagKey = u"nope"_s;
        b1(mapping).context.customFieldName = u"Nope"_s;
        b2(mapping).actions[1].assignedTo = u"nobody"_s;
        b1(mapping).selector.predicates[1].op = Op::After;
        const QList<MappingProblem> problems = MappingValidator::check(mapping, MappingCatalog());
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems.first().path, u"$.bindings[1].selector.predicates[1].op"_s);
    }

    void checksTheDemoMappingAgainstTheSandbox()
    {
        SandboxFixture sandbox;
        QVERIFY(sandbox.started);
        QFile example(qEnvironmentVariable("FLAGBRIDGE_SOURCE_DIR") + u"/examples/demo.flagbridge.json"_s);
        QVERIFY(example.open(QIODevice::ReadOnly));
        const MappingFile::LoadResult loaded = MappingFile::parse(example.readAll());
        QVERIFY(loaded.ok());

        MappingValidator validator(sandbox.highLevel.get(), sandbox.launchDarkly.get());
        QSignalSpy finished(&validator, &MappingValidator::finished);
        validator.start(loaded.mapping);
        QVERIFY(validator.isRunning());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
        QVERIFY2(validator.problems().isEmpty(), qPrintable(listed(validator.problems())));
        QVERIFY(validator.readErrors().isEmpty());
        QVERIFY(validator.catalog().segmentsKnown);
        QVERIFY(validator.catalog().segment(u"vip-customers"_s));
        QVERIFY(validator.catalog().tagsKnown);
        QVERIFY(!validator.catalog().flagsKnown); // the mapping names no flag: none were read
    }

    void findsWhatChangedInTheSandbox()
    {
        SandboxFixture sandbox;
        QVERIFY(sandbox.started);
        Mapping mapping = validMapping();
        // Against the demo data: segment and flag keys exist, variation ids do not (they are
        // generated), nor do these fields, kinds or users.
        b0(mapping).segmentKey = u"vip-customer"_s;
        b0(mapping).context.kind = u"ghl-contact"_s;
        b1(mapping).context.customFieldName = u"Account ID"_s;
        b2(mapping).actions[1].assignedTo = u"user-gone"_s;
        b2(mapping).actions[3].tags = {u"ghost"_s};

        MappingValidator validator(sandbox.highLevel.get(), sandbox.launchDarkly.get());
        QSignalSpy finished(&validator, &MappingValidator::finished);
        validator.start(mapping);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
        QVERIFY(validator.readErrors().isEmpty());
        QHash<QString, Severity> got;
        for (const MappingProblem &p : validator.problems())
            got.insert(p.path, p.severity);
        const QString all = listed(validator.problems());
        QCOMPARE(got.value(u"$.bindings[0].target.segment"_s, Severity::Warning), Severity::Error);
        QCOMPARE(got.value(u"$.bindings[0].context.kind"_s, Severity::Warning), Severity::Error);
        QVERIFY2(got.contains(u"$.bindings[1].context.customField"_s), qPrintable(all));
        QVERIFY2(got.contains(u"$.bindings[1].target.variation"_s), qPrintable(all)); // "pp-1" is no id there
        QVERIFY2(got.contains(u"$.bindings[2].outcome.variation"_s), qPrintable(all));
        QVERIFY2(got.contains(u"$.bindings[2].outcome.actions[1].assignedTo"_s), qPrintable(all));
        QCOMPARE(got.value(u"$.bindings[2].outcome.actions[3].tags[0]"_s, Severity::Error), Severity::Warning);
        QVERIFY2(!got.contains(u"$.bindings[0].selector.predicates[1].field"_s), qPrintable(all)); // "Plan" exists
        QVERIFY2(!got.contains(u"$.bindings[1].target.flag"_s), qPrintable(all));                  // pricing-page exists

        // A project that is not there: named at the path that holds it.
        mapping.projectKey = u"no-such-project"_s;
        validator.start(mapping);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 20000);
        QVERIFY(validator.catalog().projectMissing);
        QCOMPARE(validator.problems().first().path, u"$.launchdarkly.project"_s);
    }

    void aRefusedTokenIsAReadErrorNotAProblem()
    {
        SandboxFixture sandbox;
        QVERIFY(sandbox.started);
        LaunchDarklyConnection wrong = sandbox.ld;
        wrong.token = u"api-wrong"_s;
        LaunchDarklyClient launchDarkly(wrong);
        MappingValidator validator(sandbox.highLevel.get(), &launchDarkly);
        QSignalSpy finished(&validator, &MappingValidator::finished);
        validator.start(validMapping());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
        QCOMPARE(validator.readErrors().size(), 1);
        QCOMPARE(validator.readErrors().first().httpStatus(), 401);
        QVERIFY(!validator.catalog().environmentsKnown);
    }

    void cancelEndsTheRunOnce()
    {
        SandboxFixture sandbox;
        QVERIFY(sandbox.started);
        MappingValidator validator(sandbox.highLevel.get(), sandbox.launchDarkly.get());
        QSignalSpy finished(&validator, &MappingValidator::finished);
        validator.start(validMapping());
        validator.cancel();
        QCOMPARE(finished.size(), 1);
        QVERIFY(!validator.isRunning());
        QTest::qWait(300);
        QCOMPARE(finished.size(), 1);
    }
};

QTEST_GUILESS_MAIN(tst_MappingValidator)
#include "tst_mappingvalidator.moc"
