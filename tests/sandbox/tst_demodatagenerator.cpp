#include "DemoDataGenerator.h"
#include "PhoneNumber.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;

class TestDemoDataGenerator : public QObject
{
    Q_OBJECT

private:
    static QByteArray serialise(quint32 seed, int contacts)
    {
        DemoDataGenerator generator(seed, contacts);
        const HighLevelDataSet ghl = generator.highLevel();
        const QJsonObject all { { u"ghl"_s, ghl.toJson() },
                                { u"ld"_s, generator.launchDarkly(ghl).toJson() } };
        return QJsonDocument(all).toJson(QJsonDocument::Compact);
    }

private Q_SLOTS:
    void sameSeedGivesIdenticalBytes()
    {
        const QByteArray a = serialise(42, 600);
        const QByteArray b = serialise(42, 600);
        QVERIFY(a.size() > 100000);
        QCOMPARE(a, b);
    }

    void differentSeedGivesDifferentData()
    {
        QVERIFY(serialise(42, 200) != serialise(43, 200));
        const HighLevelDataSet a = DemoDataGenerator(1, 50).highLevel();
        const HighLevelDataSet b = DemoDataGenerator(2, 50).highLevel();
        QVERIFY(a.contacts.first().id != b.contacts.first().id);
    }

    void largerSetStartsWithTheSmallerOne()
    {
        const HighLevelDataSet small = DemoDataGenerator(7, 100).highLevel();
        const HighLevelDataSet large = DemoDataGenerator(7, 300).highLevel();
        for (int i = 0; i < 100; ++i)
            QCOMPARE(large.contacts.at(i).toJson(), small.contacts.at(i).toJson());
    }

    void dataDoesNotDependOnTheWallClock()
    {
        DemoDataGenerator generator(42, 500);
        const HighLevelDataSet data = generator.highLevel();
        const qint64 anchor = DemoDataGenerator::defaultAnchor();
        for (const HighLevelContact &c : data.contacts) {
            QVERIFY(c.dateAdded < anchor);
            QVERIFY(c.dateAdded > anchor - 731LL * 86400000);
            QVERIFY(c.dateUpdated >= c.dateAdded);
        }
    }

    void varietyMatchesTheDemoNeeds()
    {
        const HighLevelDataSet data = DemoDataGenerator(42, 2500).highLevel();
        QCOMPARE(data.contacts.size(), 2500);
        int nameless = 0, noEmail = 0, noPhone = 0, vip = 0, legacyCase = 0, plus = 0,
            mixedCaseEmail = 0, unreachable = 0;
        QSet<QString> countries, sources, ids;
        bool cyrillic = false, greek = false, japanese = false, chinese = false, korean = false,
             arabic = false, devanagari = false, accented = false;
        for (const HighLevelContact &c : data.contacts) {
            ids.insert(c.id);
            QCOMPARE(c.id.size(), 20);
            if (c.firstName.isEmpty() && c.lastName.isEmpty())
                ++nameless;
            if (c.email.isEmpty())
                ++noEmail;
            if (c.phone.isEmpty())
                ++noPhone;
            // A contact without a name still has an email or a phone.
            if (c.firstName.isEmpty() && c.lastName.isEmpty() && c.email.isEmpty()
                && c.phone.isEmpty())
                ++unreachable;
            if (c.hasTag(u"vip"_s))
                ++vip;
            if (c.tags.contains(u"VIP"_s) || c.tags.contains(u"Newsletter"_s))
                ++legacyCase;
            if (c.email.contains(u'+'))
                ++plus;
            if (c.email != c.email.toLower())
                ++mixedCaseEmail;
            countries.insert(c.country);
            sources.insert(c.source);
            const QString name = c.firstName + c.lastName;
            for (const QChar ch : name) {
                const ushort u = ch.unicode();
                cyrillic |= u >= 0x0400 && u <= 0x04FF;
                greek |= u >= 0x0370 && u <= 0x03FF;
                japanese |= u >= 0x3040 && u <= 0x30FF;
                chinese |= u >= 0x4E00 && u <= 0x9FFF;
                korean |= u >= 0xAC00 && u <= 0xD7AF;
                arabic |= u >= 0x0600 && u <= 0x06FF;
                devanagari |= u >= 0x0900 && u <= 0x097F;
                accented |= u >= 0x00C0 && u <= 0x017F;
            }
            QVERIFY2(!PhoneNumber::toE164(c.phone, c.country).isEmpty() || c.phone.isEmpty(),
                     qPrintable(c.phone));
        }
        QCOMPARE(ids.size(), 2500);
        QVERIFY(cyrillic && greek && japanese && chinese && korean && arabic && devanagari
                && accented);
        QVERIFY2(nameless > 75 && nameless < 175, qPrintable(QString::number(nameless)));
        QVERIFY2(noEmail > 130 && noEmail < 280, qPrintable(QString::number(noEmail)));
        QVERIFY2(noPhone > 170 && noPhone < 340, qPrintable(QString::number(noPhone)));
        QVERIFY2(vip > 220 && vip < 380, qPrintable(QString::number(vip)));
        QVERIFY(legacyCase > 50);
        QVERIFY(plus > 50);
        QVERIFY(mixedCaseEmail > 50);
        QCOMPARE(unreachable, 0);
        QVERIFY(countries.size() >= 15);
        QVERIFY(sources.size() >= 6);

        QVERIFY(data.users.size() >= 4 && data.users.size() <= 6);
        QCOMPARE(data.customFields.size(), 7);
        QStringList types;
        for (const HighLevelCustomField &f : data.customFields)
            types.append(f.dataType);
        QVERIFY(types.contains(u"SINGLE_OPTIONS"_s) && types.contains(u"NUMERICAL"_s)
                && types.contains(u"DATE"_s) && types.contains(u"TEXT"_s)
                && types.contains(u"MULTIPLE_OPTIONS"_s));

        int overdue = 0, completed = 0, html = 0, longNotes = 0, upcoming = 0, past = 0;
        const qint64 anchor = DemoDataGenerator::defaultAnchor();
        for (const HighLevelTask &t : data.tasks) {
            overdue += !t.completed && t.dueDate < anchor;
            completed += t.completed;
        }
        for (const HighLevelNote &n : data.notes) {
            html += n.body.contains(u"<p>"_s) || n.body.contains(u"<div>"_s);
            longNotes += n.body.size() > 4000;
        }
        QSet<QString> statuses;
        for (const HighLevelAppointment &a : data.appointments) {
            upcoming += a.startTime > anchor;
            past += a.startTime < anchor;
            statuses.insert(a.appointmentStatus);
        }
        QVERIFY(overdue > 0 && completed > 0);
        QVERIFY(html > 0);
        QVERIFY(longNotes >= 1);
        QVERIFY(upcoming > 0 && past > 0);
        QVERIFY(statuses.contains(u"booked"_s) && statuses.contains(u"showed"_s)
                && statuses.contains(u"noshow"_s) && statuses.contains(u"cancelled"_s));
    }

    void launchDarklyDemoHasWhatTheDemoBinds()
    {
        DemoDataGenerator generator(42, 2500);
        const HighLevelDataSet ghl = generator.highLevel();
        const LaunchDarklyDataSet ld = generator.launchDarkly(ghl);
        QCOMPARE(ld.projects.size(), 2);
        QCOMPARE(ld.projects.first().key, u"demo-app"_s);
        QVERIFY(ld.projects.first().environment(u"production"_s)->critical);
        QVERIFY(ld.projects.first().environment(u"staging"_s));
        QVERIFY(ld.projects.first().environment(u"test"_s));
        const QList<QJsonObject> flags = ld.flags.value(u"demo-app"_s);
        QVERIFY(flags.size() > 20);
        const QList<LaunchDarklySegment> segments = ld.segments.value(u"demo-app/production"_s);
        QVERIFY(segments.size() > 20);
        QStringList keys;
        for (const LaunchDarklySegment &s : segments)
            keys.append(s.key);
        QVERIFY(keys.contains(u"vip-customers"_s) && keys.contains(u"beta-testers"_s)
                && keys.contains(u"churn-risk"_s) && keys.contains(u"enterprise-accounts"_s));
        const LaunchDarklySegment &beta = segments.at(keys.indexOf(u"beta-testers"_s));
        QVERIFY(beta.included.contains(u"qa-user-1"_s));
        QVERIFY(
            std::any_of(ghl.contacts.begin(), ghl.contacts.end(),
                        [&](const HighLevelContact &c) { return beta.included.contains(c.id); }));
        QVERIFY(segments.at(keys.indexOf(u"enterprise-accounts"_s)).unbounded);
        QVERIFY(segments.at(keys.indexOf(u"vip-customers"_s)).included.isEmpty());

        const auto checkout = std::find_if(flags.begin(), flags.end(), [](const QJsonObject &f) {
            return f.value("key"_L1).toString() == "new-checkout"_L1;
        });
        QVERIFY(checkout != flags.end());
        const QJsonObject rule = checkout->value("environments"_L1)
                                     .toObject()
                                     .value("production"_L1)
                                     .toObject()
                                     .value("rules"_L1)
                                     .toArray()
                                     .first()
                                     .toObject();
        const QJsonObject clause = rule.value("clauses"_L1).toArray().first().toObject();
        QCOMPARE(clause.value("op"_L1).toString(), u"segmentMatch"_s);
        QCOMPARE(clause.value("values"_L1).toArray().first().toString(), u"vip-customers"_s);
        static const QRegularExpression uuid(
            u"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"_s);
        for (const QJsonValue &v : checkout->value("variations"_L1).toArray())
            QVERIFY(uuid.match(v.toObject().value("_id"_L1).toString()).hasMatch());
    }

    void phoneNumbersBecomeE164()
    {
        QCOMPARE(PhoneNumber::toE164(u"+1 (415) 555-0123"_s, u"US"_s), u"+14155550123"_s);
        QCOMPARE(PhoneNumber::toE164(u"415.555.0123"_s, u"US"_s), u"+14155550123"_s);
        QCOMPARE(PhoneNumber::toE164(u"020 7946 0958"_s, u"GB"_s), u"+442079460958"_s);
        QCOMPARE(PhoneNumber::toE164(u"030 1234567"_s, u"DE"_s), u"+49301234567"_s);
        QCOMPARE(PhoneNumber::toE164(u"09876543210"_s, u"IN"_s), u"+919876543210"_s);
        QCOMPARE(PhoneNumber::toE164(u"03-1234-5678"_s, u"JP"_s), u"+81312345678"_s);
        QCOMPARE(PhoneNumber::toE164(u"(11) 91234-5678"_s, u"BR"_s), u"+5511912345678"_s);
        QCOMPARE(PhoneNumber::toE164(u"8 (912) 345-67-89"_s, u"RU"_s), u"+79123456789"_s);
        QCOMPARE(PhoneNumber::toE164(u"0049 30 1234567"_s, u"DE"_s), u"+49301234567"_s);
        QCOMPARE(PhoneNumber::toE164(u"12"_s, u"US"_s), QString());
    }

    void hundredThousandContactsAreQuick()
    {
        QElapsedTimer timer;
        timer.start();
        const HighLevelDataSet data = DemoDataGenerator(42, 100000).highLevel();
        const qint64 ms = timer.elapsed();
        QCOMPARE(data.contacts.size(), 100000);
        qInfo("generated 100,000 contacts in %lld ms", ms);
        // Generous for an unoptimised debug build on a slow CI machine.
        QVERIFY2(ms < 20000, qPrintable(QString::number(ms)));
    }
};

QTEST_GUILESS_MAIN(TestDemoDataGenerator)
#include "tst_demodatagenerator.moc"
