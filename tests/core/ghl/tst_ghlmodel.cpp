#include "common/Json.h"
#include "ghl/Appointment.h"
#include "ghl/Contact.h"
#include "ghl/HighLevelClient.h"

#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;

class tst_GhlModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void contactIsReadTolerantly()
    {
        const QByteArray json = R"({"id":"c1","contactName":"Zoë Müller","email":"Zoe@Example.com","tags":["vip",3,"Newsletter"],
          "customFields":[{"id":"f1","value":"Pro"},{"id":"f2","value":12},{"id":"f3","value":["a","b"]},{"value":"no id"}],
          "dateAdded":"2021-07-02T05:18:26.704Z","dnd":"true","unknownField":{"x":1}})";
        const Contact c = Contact::fromJson(QJsonDocument::fromJson(json).object());
        QCOMPARE(c.displayName(), u"Zoë Müller"_s);
        QCOMPARE(c.tags, (QStringList{u"vip"_s, u"Newsletter"_s}));
        QVERIFY(c.hasTag(u"NEWSLETTER"_s));
        QCOMPARE(c.customFields.size(), 3);
        QCOMPARE(Json::displayText(c.customFieldValue(u"f2"_s)), u"12"_s);
        QCOMPARE(Json::displayText(c.customFieldValue(u"f3"_s)), u"a, b"_s);
        QCOMPARE(c.dateAdded, QDateTime(QDate(2021, 7, 2), QTime(5, 18, 26, 704), QTimeZone::utc()));
        QVERIFY(c.dnd);
    }

    void displayNameFallsBack()
    {
        Contact c;
        c.phone = u"+4915112345678"_s;
        QCOMPARE(c.displayName(), c.phone);
        c.email = u"x@y.z"_s;
        QCOMPARE(c.displayName(), c.email);
        c.firstName = u"Ana"_s;
        QCOMPARE(c.displayName(), u"Ana"_s);
        Contact empty;
        QVERIFY(!empty.displayName().isEmpty());
    }

    void appointmentTimesInBothFormats()
    {
        const Appointment a = Appointment::fromJson(QJsonDocument::fromJson(
            R"({"id":"e1","startTime":"2021-07-16 11:00:00","endTime":"2021-07-16T11:30:00.000Z","appointmentStatus":"confirmed","status":"booked"})").object());
        QCOMPARE(a.startTime, QDateTime(QDate(2021, 7, 16), QTime(11, 0), QTimeZone::utc()));
        QCOMPARE(a.endTime, QDateTime(QDate(2021, 7, 16), QTime(11, 30), QTimeZone::utc()));
        QCOMPARE(a.status, u"confirmed"_s);
    }

    void searchBodyHasOnlyAllowedProperties()
    {
        ContactQuery q;
        q.text = QString(100, u'x');
        q.allTags = {u"VIP"_s};
        const QJsonObject body = HighLevelClient::searchBody(q, u"loc"_s, QJsonArray{1, u"id"_s}, 500);
        QCOMPARE(body.value("locationId"_L1).toString(), u"loc"_s);
        QCOMPARE(body.value("pageLimit"_L1).toInt(), 500);
        QCOMPARE(body.value("query"_L1).toString().size(), 75); // the API's limit
        QVERIFY(!body.contains("page"_L1)); // never together with searchAfter
        QCOMPARE(body.value("filters"_L1).toArray().first().toObject().value("value"_L1).toString(), u"vip"_s);
        for (const QString &key : body.keys())
            QVERIFY2((QStringList{u"locationId"_s, u"pageLimit"_s, u"searchAfter"_s, u"query"_s, u"filters"_s, u"sort"_s, u"page"_s}.contains(key)),
                     qPrintable(key));
    }
};

QTEST_GUILESS_MAIN(tst_GhlModel)
#include "tst_ghlmodel.moc"
