// What each selector predicate means, one contact at a time: the rules a user relies on when a
// binding decides who is in a segment.

#include "ghl/Appointment.h"
#include "ghl/Contact.h"
#include "ghl/CustomFieldDefinition.h"
#include "ghl/Note.h"
#include "ghl/Task.h"
#include "mapping/ContactSelector.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace {

const QDateTime kNow(QDate(2026, 12, 3), QTime(12, 0), QTimeZone::utc());

CustomFieldDefinition field(const QString &id, const QString &name, const QString &type)
{
    CustomFieldDefinition f;
    f.id = id;
    f.name = name;
    f.fieldKey = u"contact."_s + name.toLower().replace(u' ', u'_');
    f.dataType = type;
    return f;
}

const QList<CustomFieldDefinition> kFields{
    field(u"cf-plan"_s, u"Plan"_s, u"SINGLE_OPTIONS"_s),
    field(u"cf-seats"_s, u"Seats"_s, u"NUMERICAL"_s),
    field(u"cf-mrr"_s, u"MRR"_s, u"MONETORY"_s),
    field(u"cf-renewal"_s, u"Renewal date"_s, u"DATE"_s),
    field(u"cf-addons"_s, u"Add-ons"_s, u"MULTIPLE_OPTIONS"_s),
    field(u"cf-notes"_s, u"Account notes"_s, u"LARGE_TEXT"_s),
    field(u"cf-empty"_s, u"Empty"_s, u"TEXT"_s),
};

Contact contact()
{
    Contact c;
    c.id = u"c1"_s;
    c.firstName = u"Ada"_s;
    c.lastName = u"Lovelace"_s;
    c.email = u"Ada@Example.com"_s;
    c.companyName = u"Analytical Engines"_s;
    c.country = u"GB"_s;
    c.tags = {u"VIP"_s, u"beta"_s};
    c.dateAdded = kNow.addDays(-3);
    c.customFields = {
        {u"cf-plan"_s, QJsonValue(u"Enterprise"_s)},
        {u"cf-seats"_s, QJsonValue(25)},
        {u"cf-mrr"_s, QJsonValue(u"1200.50"_s)},
        {u"cf-renewal"_s, QJsonValue(u"2027-01-15"_s)},
        {u"cf-addons"_s, QJsonArray{u"SSO"_s, u"Audit log"_s}},
        {u"cf-notes"_s, QJsonValue(u"Prefers email. Renewal owner: Grace."_s)},
        {u"cf-empty"_s, QJsonValue(u"  "_s)},
    };
    return c;
}

SelectorPredicate tags(SelectorPredicate::TagMatch match, const QStringList &list)
{
    SelectorPredicate p;
    p.type = SelectorPredicate::Type::Tags;
    p.tagMatch = match;
    p.tags = list;
    return p;
}

SelectorPredicate compare(SelectorPredicate::Type type, const QString &name, SelectorPredicate::Op op,
                          const QStringList &values = {}, int days = 0)
{
    SelectorPredicate p;
    p.type = type;
    p.field = name;
    p.op = op;
    p.values = values;
    p.days = days;
    return p;
}

SelectorPredicate related(SelectorPredicate::Type type, const QString &text = {})
{
    SelectorPredicate p;
    p.type = type;
    p.text = text;
    return p;
}

} // namespace

class TestContactSelector : public QObject
{
    Q_OBJECT

private slots:
    void predicate_data()
    {
        using T = SelectorPredicate::Type;
        using O = SelectorPredicate::Op;
        using M = SelectorPredicate::TagMatch;
        QTest::addColumn<SelectorPredicate>("predicate");
        QTest::addColumn<bool>("expected");

        // Tags: HighLevel stores tags lower-cased, people type them in any case.
        QTest::newRow("any tag, other case") << tags(M::Any, {u"vip"_s}) << true;
        QTest::newRow("any of two, one held") << tags(M::Any, {u"churned"_s, u"BETA"_s}) << true;
        QTest::newRow("all tags held") << tags(M::All, {u"vip"_s, u"beta"_s}) << true;
        QTest::newRow("all tags, one missing") << tags(M::All, {u"vip"_s, u"churned"_s}) << false;
        QTest::newRow("all of nothing") << tags(M::All, {}) << false;
        QTest::newRow("none of, none held") << tags(M::None, {u"churned"_s}) << true;
        QTest::newRow("none of, one held") << tags(M::None, {u"churned"_s, u"Vip"_s}) << false;

        // Standard fields: text comparisons ignore case; a missing field never equals anything.
        QTest::newRow("email equals, other case") << compare(T::Field, u"email"_s, O::Equals, {u"ada@example.COM"_s}) << true;
        QTest::newRow("email contains domain") << compare(T::Field, u"email"_s, O::Contains, {u"@example.com"_s}) << true;
        QTest::newRow("name starts with") << compare(T::Field, u"name"_s, O::StartsWith, {u"ada l"_s}) << true;
        QTest::newRow("company is set") << compare(T::Field, u"companyName"_s, O::IsSet) << true;
        QTest::newRow("phone is not set") << compare(T::Field, u"phone"_s, O::IsSet) << false;
        QTest::newRow("missing phone equals empty") << compare(T::Field, u"phone"_s, O::Equals, {QString()}) << false;
        QTest::newRow("missing city contains") << compare(T::Field, u"city"_s, O::Contains, {QString()}) << false;
        QTest::newRow("country in list") << compare(T::Field, u"country"_s, O::InList, {u"us"_s, u"gb"_s}) << true;
        QTest::newRow("country not in list") << compare(T::Field, u"country"_s, O::InList, {u"us"_s, u"de"_s}) << false;
        QTest::newRow("unknown field") << compare(T::Field, u"shoeSize"_s, O::IsSet) << false;
        QTest::newRow("added within 7 days") << compare(T::Field, u"dateAdded"_s, O::WithinDays, {}, 7) << true;
        QTest::newRow("added within 2 days") << compare(T::Field, u"dateAdded"_s, O::WithinDays, {}, 2) << false;
        QTest::newRow("added after a date") << compare(T::Field, u"dateAdded"_s, O::After, {u"2026-11-29"_s}) << true;
        QTest::newRow("added before a date") << compare(T::Field, u"dateAdded"_s, O::Before, {u"2026-11-29"_s}) << false;
        QTest::newRow("added on a day") << compare(T::Field, u"dateAdded"_s, O::Equals, {u"2026-11-30"_s}) << true;
        QTest::newRow("never updated is not set") << compare(T::Field, u"dateUpdated"_s, O::IsSet) << false;

        // Custom fields, by name or key, of every type.
        QTest::newRow("option equals") << compare(T::CustomField, u"plan"_s, O::Equals, {u"enterprise"_s}) << true;
        QTest::newRow("option by key") << compare(T::CustomField, u"contact.plan"_s, O::InList, {u"Pro"_s, u"Enterprise"_s}) << true;
        QTest::newRow("option other value") << compare(T::CustomField, u"Plan"_s, O::Equals, {u"Starter"_s}) << false;
        QTest::newRow("number greater") << compare(T::CustomField, u"Seats"_s, O::GreaterThan, {u"10"_s}) << true;
        QTest::newRow("number not less") << compare(T::CustomField, u"Seats"_s, O::LessThan, {u"25"_s}) << false;
        QTest::newRow("number less or equal") << compare(T::CustomField, u"Seats"_s, O::LessOrEqual, {u"25"_s}) << true;
        QTest::newRow("number equals 25.0") << compare(T::CustomField, u"Seats"_s, O::Equals, {u"25.0"_s}) << true;
        QTest::newRow("money held as text") << compare(T::CustomField, u"MRR"_s, O::GreaterOrEqual, {u"1200.5"_s}) << true;
        QTest::newRow("number against text") << compare(T::CustomField, u"Seats"_s, O::GreaterThan, {u"many"_s}) << false;
        QTest::newRow("date before") << compare(T::CustomField, u"Renewal date"_s, O::Before, {u"2027-02-01"_s}) << true;
        QTest::newRow("date after") << compare(T::CustomField, u"Renewal date"_s, O::After, {u"2027-02-01"_s}) << false;
        QTest::newRow("date on the day") << compare(T::CustomField, u"Renewal date"_s, O::Equals, {u"2027-01-15"_s}) << true;
        QTest::newRow("multi-option holds one") << compare(T::CustomField, u"Add-ons"_s, O::Contains, {u"sso"_s}) << true;
        QTest::newRow("multi-option any of") << compare(T::CustomField, u"Add-ons"_s, O::InList, {u"API"_s, u"audit log"_s}) << true;
        QTest::newRow("multi-option lacks") << compare(T::CustomField, u"Add-ons"_s, O::Contains, {u"API"_s}) << false;
        QTest::newRow("large text contains") << compare(T::CustomField, u"Account notes"_s, O::Contains, {u"grace"_s}) << true;
        QTest::newRow("blank value is not set") << compare(T::CustomField, u"Empty"_s, O::IsSet) << false;
        QTest::newRow("field that does not exist") << compare(T::CustomField, u"Favourite colour"_s, O::IsSet) << false;
    }

    void predicate()
    {
        QFETCH(SelectorPredicate, predicate);
        QFETCH(bool, expected);
        SelectorContext ctx;
        ctx.customFields = &kFields;
        ctx.now = kNow;
        const Contact c = contact();
        bool decided = false;
        QCOMPARE(predicate.matches(c, ctx, &decided), expected);
        QVERIFY(decided);
        predicate.negate = true;
        QCOMPARE(predicate.matches(c, ctx), !expected);
    }

    void relatedDataPredicates()
    {
        Task done;
        done.completed = true;
        done.dueDate = kNow.addDays(-5);
        Task open;
        open.dueDate = kNow.addDays(2);
        Task late;
        late.dueDate = kNow.addDays(-1);
        Appointment past;
        past.startTime = kNow.addDays(-1);
        Appointment cancelled;
        cancelled.startTime = kNow.addDays(3);
        cancelled.status = u"cancelled"_s;
        Appointment booked;
        booked.startTime = kNow.addDays(3);
        booked.status = u"confirmed"_s;
        Note html;
        html.body = u"<p>Asked about <b>SSO</b>&nbsp;pricing</p>"_s;

        const QList<Task> onlyDone{done};
        const QList<Task> doneAndOpen{done, open};
        const QList<Task> withLate{done, open, late};
        const QList<Appointment> pastAndCancelled{past, cancelled};
        const QList<Appointment> withBooked{past, cancelled, booked};
        const QList<Note> notes{html};

        const Contact c = contact();
        SelectorContext ctx;
        ctx.now = kNow;
        RelatedData data;
        ctx.related = &data;
        auto check = [&](const SelectorPredicate &p) { return p.matches(c, ctx); };

        using T = SelectorPredicate::Type;
        data.tasks = &onlyDone;
        QVERIFY(!check(related(T::OpenTasks)));
        QVERIFY(!check(related(T::OverdueTasks)));
        data.tasks = &doneAndOpen;
        QVERIFY(check(related(T::OpenTasks)));
        QVERIFY(!check(related(T::OverdueTasks)));
        data.tasks = &withLate;
        QVERIFY(check(related(T::OverdueTasks)));

        data.appointments = &pastAndCancelled;
        QVERIFY2(!check(related(T::UpcomingAppointment)), "past and cancelled appointments are not upcoming");
        data.appointments = &withBooked;
        QVERIFY(check(related(T::UpcomingAppointment)));

        data.notes = &notes;
        QVERIFY2(check(related(T::NoteContains, u"sso pricing"_s)), "notes are compared as plain text");
        QVERIFY(!check(related(T::NoteContains, u"refund"_s)));
        QVERIFY2(!check(related(T::NoteContains)), "an empty text matches nothing");

        // Not fetched: undecided, whatever the negation.
        ctx.related = nullptr;
        bool decided = true;
        SelectorPredicate p = related(T::OpenTasks);
        p.negate = true;
        QVERIFY(!p.matches(c, ctx, &decided));
        QVERIFY(!decided);
    }

    void selectorAsksForRelatedDataOnlyWhenItMatters()
    {
        using T = SelectorPredicate::Type;
        ContactSelector s;
        QCOMPARE(s.evaluate(contact(), {}), ContactSelector::Match::Yes); // empty: every contact
        QCOMPARE(s.describe(), u"every contact"_s);

        s.predicates = {tags(SelectorPredicate::TagMatch::Any, {u"vip"_s}), related(T::OpenTasks)};
        QVERIFY(s.needsRelatedData());
        SelectorContext ctx;
        ctx.now = kNow;
        QCOMPARE(s.evaluate(contact(), ctx), ContactSelector::Match::NeedsRelatedData);

        // A contact the contact-field predicates already rule out needs no more requests.
        s.predicates.first().tags = {u"churned"_s};
        QCOMPARE(s.evaluate(contact(), ctx), ContactSelector::Match::No);

        s.predicates.first().tags = {u"vip"_s};
        Task open;
        const QList<Task> tasks{open};
        RelatedData data;
        data.tasks = &tasks;
        ctx.related = &data;
        QCOMPARE(s.evaluate(contact(), ctx), ContactSelector::Match::Yes);
        const QList<Task> none;
        data.tasks = &none;
        QCOMPARE(s.evaluate(contact(), ctx), ContactSelector::Match::No);
    }

    void jsonRoundTripKeepsEveryPredicate_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("tags") << QByteArray(R"({"type":"tags","match":"all","tags":["vip","beta"]})");
        QTest::newRow("negated tags") << QByteArray(R"({"type":"tags","match":"any","tags":["x"],"negate":true})");
        QTest::newRow("field") << QByteArray(R"({"type":"field","field":"email","op":"contains","value":"@acme.com"})");
        QTest::newRow("in list") << QByteArray(R"({"type":"field","field":"country","op":"inList","values":["US","CA"]})");
        QTest::newRow("within") << QByteArray(R"({"type":"field","field":"dateAdded","op":"withinDays","days":30})");
        QTest::newRow("custom") << QByteArray(R"({"type":"customField","field":"Seats","op":"greaterThan","value":"10"})");
        QTest::newRow("open tasks") << QByteArray(R"({"type":"openTasks"})");
        QTest::newRow("overdue") << QByteArray(R"({"type":"overdueTasks","negate":true})");
        QTest::newRow("appointment") << QByteArray(R"({"type":"upcomingAppointment"})");
        QTest::newRow("note") << QByteArray(R"({"type":"noteContains","text":"renewal"})");
        QTest::newRow("unknown key kept") << QByteArray(R"({"type":"openTasks","since":"2027-01-01"})");
    }

    void jsonRoundTripKeepsEveryPredicate()
    {
        QFETCH(QByteArray, json);
        const QJsonObject in = QJsonDocument::fromJson(json).object();
        QString problem;
        const SelectorPredicate p = SelectorPredicate::fromJson(in, &problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QString again;
        QCOMPARE(SelectorPredicate::fromJson(p.toJson(), &again), p);
        QVERIFY(again.isEmpty());
        for (auto it = in.begin(); it != in.end(); ++it)
            QVERIFY2(p.toJson().contains(it.key()), qPrintable(it.key()));
        QVERIFY(!p.describe().isEmpty());
    }

    void badPredicatesAreExplained_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("where");
        QTest::newRow("unknown type") << QByteArray(R"({"type":"mood"})") << u".type"_s;
        QTest::newRow("unknown op") << QByteArray(R"({"type":"field","field":"email","op":"resembles","value":"x"})") << u".op"_s;
        QTest::newRow("no field") << QByteArray(R"({"type":"field","op":"isSet"})") << u".field"_s;
        QTest::newRow("bad match") << QByteArray(R"({"type":"tags","match":"most","tags":["a"]})") << u".match"_s;
    }

    void badPredicatesAreExplained()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, where);
        QString problem;
        QString at;
        SelectorPredicate::fromJson(QJsonDocument::fromJson(json).object(), &problem, &at);
        QVERIFY(!problem.isEmpty());
        QCOMPARE(at, where);
    }
};

QTEST_GUILESS_MAIN(TestContactSelector)
#include "tst_contactselector.moc"
