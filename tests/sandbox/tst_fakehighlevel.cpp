#include "FakeHighLevel.h"
#include "Sandbox.h"
#include "SandboxTestClient.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QUrl>

using namespace Qt::StringLiterals;

// The fake HighLevel over real loopback HTTP: what a client sees on the wire.
class TestFakeHighLevel : public QObject
{
    Q_OBJECT

private:
    Sandbox *m_sandbox = nullptr;
    QString m_location;

    FakeHighLevel *fake() const { return m_sandbox->highLevel(); }

    SandboxTestClient client(const QString &token = QString()) const
    {
        SandboxTestClient c(m_sandbox->highLevelBaseUrl());
        c.setHeader("Authorization",
                    "Bearer " + (token.isEmpty() ? m_sandbox->highLevelToken() : token).toLatin1());
        c.setHeader("Version", "2021-07-28");
        c.setHeader("Accept", "application/json");
        return c;
    }

    QJsonObject searchBody(int pageLimit, const QJsonObject &extra = QJsonObject()) const
    {
        QJsonObject body { { u"locationId"_s, m_location }, { u"pageLimit"_s, pageLimit } };
        for (auto it = extra.begin(); it != extra.end(); ++it)
            body.insert(it.key(), it.value());
        return body;
    }

    const HighLevelContact &someContact(int index = 10) const
    {
        return fake()->store().contacts().at(size_t(index));
    }

    QString customFieldId(const QString &name) const
    {
        for (const HighLevelCustomField &f : fake()->store().customFields()) {
            if (f.name == name)
                return f.id;
        }
        return {};
    }

    static QStringList messages(const TestReply &r)
    {
        QStringList out;
        for (const QJsonValue &v : r.json().value("message"_L1).toArray())
            out.append(v.toString());
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        SandboxOptions options;
        options.contacts = 2500;
        options.scheduleRelativeToToday = false;
        m_sandbox = new Sandbox(options, this);
        QString error;
        QVERIFY2(m_sandbox->start(&error), qPrintable(error));
        m_location = m_sandbox->locationId();
    }

    void init()
    {
        fake()->setOptions(HighLevelOptions());
        fake()->resetRateLimits();
        fake()->clearFaults();
        fake()->resetStats();
    }

    void missingOrUnknownTokenIs401()
    {
        SandboxTestClient c(m_sandbox->highLevelBaseUrl());
        c.setHeader("Version", "2021-07-28");
        TestReply r = c.get(u"/contacts/"_s + someContact().id);
        QCOMPARE(r.status, 401);
        QCOMPARE(r.json().value("statusCode"_L1).toInt(), 401);
        QCOMPARE(r.json().value("message"_L1).toString(),
                 u"Invalid token: access token is invalid"_s);
        // The budget headers come with errors too.
        QCOMPARE(r.header("X-RateLimit-Max"), QByteArray("100"));

        r = client(u"sandbox-ghl-not-a-real-token"_s).get(u"/contacts/"_s + someContact().id);
        QCOMPARE(r.status, 401);
        c.setHeader("Authorization", m_sandbox->highLevelToken().toLatin1()); // no "Bearer "
        QCOMPARE(c.get(u"/contacts/"_s + someContact().id).status, 401);
    }

    void versionHeaderIsRequired()
    {
        SandboxTestClient c = client();
        c.setHeader("Version", QByteArray());
        TestReply r = c.get(u"/contacts/"_s + someContact().id);
        QCOMPARE(r.status, 401);
        QCOMPARE(r.json().value("message"_L1).toString(), u"version header was not found."_s);

        c.setHeader("Version", "2020-01-01");
        r = c.get(u"/contacts/"_s + someContact().id);
        QCOMPARE(r.status, 401);
        QCOMPARE(r.json().value("message"_L1).toString(), u"version header is invalid."_s);

        for (const QByteArray v : { "2021-07-28", "2021-04-15", "2023-02-21", "v3" }) {
            c.setHeader("Version", v);
            QCOMPARE(c.get(u"/contacts/"_s + someContact().id).status, 200);
        }
        const SandboxStats stats = fake()->stats();
        QCOMPARE(stats.withoutVersionHeader, 1);
        QCOMPARE(stats.byVersionHeader.value(u"2021-04-15"_s), 1);
    }

    void tokenOfAnotherLocationIs403()
    {
        const QString other = fake()->addToken(u"OtherLocation0000001"_s);
        SandboxTestClient c = client(other);
        TestReply r = c.post(u"/contacts/search"_s, searchBody(10));
        QCOMPARE(r.status, 403);
        QCOMPARE(r.json().value("message"_L1).toString(),
                 u"The token does not have access to this location."_s);
        QCOMPARE(c.get(u"/contacts/"_s + someContact().id).status, 403);
        // Its own location is empty, not forbidden.
        QJsonObject own = searchBody(10);
        own.insert(u"locationId"_s, u"OtherLocation0000001"_s);
        r = c.post(u"/contacts/search"_s, own);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value("total"_L1).toInt(), 0);
    }

    void tokenWithoutWriteScopeIs401()
    {
        QStringList scopes = HighLevelToken::allScopes();
        scopes.removeAll(u"contacts.write"_s);
        SandboxTestClient c = client(fake()->addToken(m_location, scopes));
        QCOMPARE(c.get(u"/contacts/"_s + someContact().id).status, 200);
        const TestReply r = c.post(u"/contacts/"_s + someContact().id + u"/tags"_s,
                                   QJsonObject { { u"tags"_s, QJsonArray { u"x"_s } } });
        QCOMPARE(r.status, 401);
        QCOMPARE(r.json().value("message"_L1).toString(),
                 u"The token is not authorized for this scope."_s);
        QVERIFY(!someContact().hasTag(u"x"_s));
    }

    void unknownPropertiesAre422()
    {
        SandboxTestClient c = client();
        TestReply r = c.post(u"/contacts/search"_s, searchBody(10, { { u"foo"_s, 1 } }));
        QCOMPARE(r.status, 422);
        QCOMPARE(r.json().value("statusCode"_L1).toInt(), 422);
        QCOMPARE(r.json().value("error"_L1).toString(), u"Unprocessable Entity"_s);
        QVERIFY(messages(r).contains(u"property foo should not exist"_s));
        QVERIFY(QRegularExpression(u"^[0-9a-f-]{36}$"_s)
                    .match(r.json().value("traceId"_L1).toString())
                    .hasMatch());

        r = c.post(u"/contacts/search"_s, QJsonObject { { u"locationId"_s, m_location } });
        QCOMPARE(r.status, 422);
        QVERIFY(messages(r).contains(u"pageLimit should not be empty"_s));

        r = c.post(u"/contacts/search"_s, searchBody(501));
        QCOMPARE(r.status, 422);
        QVERIFY(messages(r).join(u' ').contains(u"500"_s));

        // The classic mistake: locationId on a contact sub-resource.
        r = c.post(u"/contacts/"_s + someContact().id + u"/notes"_s,
                   QJsonObject { { u"body"_s, u"hi"_s }, { u"locationId"_s, m_location } });
        QCOMPARE(r.status, 422);
        QVERIFY(messages(r).contains(u"property locationId should not exist"_s));

        // PUT has no locationId either.
        r = c.put(u"/contacts/"_s + someContact().id,
                  QJsonObject { { u"locationId"_s, m_location } });
        QCOMPARE(r.status, 422);

        r = c.send("POST", u"/contacts/search"_s, "{not json");
        QCOMPARE(r.status, 400);
    }

    void searchPagesAndCursorsReachEveryContactOnce()
    {
        // A second, larger sandbox: beyond the 10,000-record window of page/pageLimit.
        SandboxOptions options;
        options.contacts = 12000;
        options.seed = 7;
        options.rateLimits = false;
        options.scheduleRelativeToToday = false;
        Sandbox big(options);
        QVERIFY(big.start());
        SandboxTestClient c(big.highLevelBaseUrl());
        c.setHeader("Authorization", "Bearer " + big.highLevelToken().toLatin1());
        c.setHeader("Version", "2021-07-28");
        const QJsonObject base { { u"locationId"_s, big.locationId() }, { u"pageLimit"_s, 500 } };

        QSet<QString> byPage;
        for (int page = 1; page <= 20; ++page) {
            QJsonObject body = base;
            body.insert(u"page"_s, page);
            const TestReply r = c.post(u"/contacts/search"_s, body);
            QCOMPARE(r.status, 200);
            QCOMPARE(r.json().value("total"_L1).toInt(), 12000);
            const QJsonArray contacts = r.json().value("contacts"_L1).toArray();
            QCOMPARE(contacts.size(), 500);
            for (const QJsonValue &v : contacts)
                byPage.insert(v.toObject().value("id"_L1).toString());
        }
        QCOMPARE(byPage.size(), 10000);
        QJsonObject tooDeep = base;
        tooDeep.insert(u"page"_s, 21);
        TestReply r = c.post(u"/contacts/search"_s, tooDeep);
        QCOMPARE(r.status, 422);
        QVERIFY(messages(r).join(u' ').contains(u"searchAfter"_s));

        QJsonObject both = base;
        both.insert(u"page"_s, 1);
        both.insert(u"searchAfter"_s, QJsonArray { 1, u"x"_s });
        QCOMPARE(c.post(u"/contacts/search"_s, both).status, 422);

        QSet<QString> byCursor;
        QJsonArray cursor;
        qint64 previous = std::numeric_limits<qint64>::max();
        int requests = 0;
        qint64 slowest = 0;
        for (;;) {
            QJsonObject body = base;
            if (!cursor.isEmpty())
                body.insert(u"searchAfter"_s, cursor);
            r = c.post(u"/contacts/search"_s, body);
            ++requests;
            QCOMPARE(r.status, 200);
            if (requests > 1)
                slowest = qMax(slowest, r.elapsedMs);
            const QJsonArray contacts = r.json().value("contacts"_L1).toArray();
            if (contacts.isEmpty())
                break;
            for (const QJsonValue &v : contacts) {
                const QJsonObject o = v.toObject();
                QVERIFY(!byCursor.contains(o.value("id"_L1).toString()));
                byCursor.insert(o.value("id"_L1).toString());
                const QJsonArray after = o.value("searchAfter"_L1).toArray();
                QCOMPARE(after.size(), 2);
                QCOMPARE(after.at(1).toString(), o.value("id"_L1).toString());
                // Default order: dateAdded descending.
                QVERIFY(qint64(after.at(0).toDouble()) <= previous);
                previous = qint64(after.at(0).toDouble());
            }
            cursor = contacts.last().toObject().value("searchAfter"_L1).toArray();
            QVERIFY(requests < 40);
        }
        QCOMPARE(byCursor.size(), 12000);
        QCOMPARE(requests, 25);
        qInfo("slowest 500-contact page: %lld ms", slowest);
        QVERIFY2(slowest < 1000, qPrintable(QString::number(slowest)));
    }

    void filtersMatchABruteForceCount_data()
    {
        QTest::addColumn<QJsonArray>("filters");
        QTest::addColumn<QString>("field"); // what the brute force checks

        QTest::newRow("tag vip, any case") << QJsonArray { QJsonObject {
            { u"field"_s, u"tags"_s }, { u"operator"_s, u"eq"_s }, { u"value"_s, u"VIP"_s } } }
                                           << u"vip"_s;
        QTest::newRow("no email") << QJsonArray {
            QJsonObject { { u"field"_s, u"email"_s }, { u"operator"_s, u"not_exists"_s } }
        } << u"noEmail"_s;
        QTest::newRow("customer or partner") << QJsonArray {
            QJsonObject { { u"group"_s, u"OR"_s },
                          { u"filters"_s,
                            QJsonArray { QJsonObject { { u"field"_s, u"type"_s },
                                                       { u"operator"_s, u"eq"_s },
                                                       { u"value"_s, u"customer"_s } },
                                         QJsonObject { { u"field"_s, u"tags"_s },
                                                       { u"operator"_s, u"eq"_s },
                                                       { u"value"_s, u"partner"_s } } } } }
        } << u"customerOrPartner"_s;
        QTest::newRow("country DE and dnd false") << QJsonArray {
            QJsonObject {
                { u"field"_s, u"country"_s }, { u"operator"_s, u"eq"_s }, { u"value"_s, u"de"_s } },
            QJsonObject {
                { u"field"_s, u"dnd"_s }, { u"operator"_s, u"eq"_s }, { u"value"_s, false } }
        } << u"germanReachable"_s;
        QTest::newRow("validEmail false") << QJsonArray { QJsonObject {
            { u"field"_s, u"validEmail"_s }, { u"operator"_s, u"eq"_s }, { u"value"_s, false } } }
                                          << u"noEmail"_s;
        QTest::newRow("email contains gmail")
            << QJsonArray { QJsonObject { { u"field"_s, u"email"_s },
                                          { u"operator"_s, u"contains"_s },
                                          { u"value"_s, u"GMAIL"_s } } }
            << u"gmail"_s;
    }

    void filtersMatchABruteForceCount()
    {
        QFETCH(QJsonArray, filters);
        QFETCH(QString, field);
        int expected = 0;
        for (const HighLevelContact &c : fake()->store().contacts()) {
            bool hit = false;
            if (field == "vip"_L1)
                hit = c.hasTag(u"vip"_s);
            else if (field == "noEmail"_L1)
                hit = c.email.isEmpty();
            else if (field == "customerOrPartner"_L1)
                hit = c.type == "customer"_L1 || c.hasTag(u"partner"_s);
            else if (field == "germanReachable"_L1)
                hit = c.country == "DE"_L1 && !c.dnd;
            else if (field == "gmail"_L1)
                hit = c.emailLower.contains(u"gmail"_s);
            expected += hit;
        }
        QVERIFY(expected > 0);
        const TestReply r
            = client().post(u"/contacts/search"_s, searchBody(500, { { u"filters"_s, filters } }));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value("total"_L1).toInt(), expected);
    }

    void rangeCustomFieldsQueryAndSort()
    {
        SandboxTestClient c = client();
        const auto &contacts = fake()->store().contacts();
        // dateAdded within the last 90 days of the data, given as ISO and as epoch ms.
        const qint64 to
            = std::max_element(contacts.begin(), contacts.end(), [](const auto &a, const auto &b) {
                  return a.dateAdded < b.dateAdded;
              })->dateAdded;
        const qint64 from = to - 90LL * 86400000;
        int expected = 0;
        for (const HighLevelContact &x : contacts)
            expected += x.dateAdded >= from && x.dateAdded <= to;
        const QJsonArray range { QJsonObject {
            { u"field"_s, u"dateAdded"_s },
            { u"operator"_s, u"range"_s },
            { u"value"_s,
              QJsonObject {
                  { u"gte"_s,
                    QDateTime::fromMSecsSinceEpoch(from, Qt::UTC).toString(Qt::ISODateWithMs) },
                  { u"lte"_s, to } } } } };
        TestReply r = c.post(u"/contacts/search"_s, searchBody(10, { { u"filters"_s, range } }));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value("total"_L1).toInt(), expected);

        const QString plan = customFieldId(u"Plan"_s);
        int pro = 0;
        for (const HighLevelContact &x : contacts) {
            const auto *v = x.customValue(plan);
            pro += v && v->value.toString() == "Pro"_L1;
        }
        r = c.post(
            u"/contacts/search"_s,
            searchBody(
                10,
                { { u"filters"_s,
                    QJsonArray { QJsonObject { { u"field"_s, QString(u"customFields."_s + plan) },
                                               { u"operator"_s, u"eq"_s },
                                               { u"value"_s, u"pro"_s } } } } }));
        QCOMPARE(r.json().value("total"_L1).toInt(), pro);

        // Full text over name, email, phone and company, ignoring case.
        const HighLevelContact &target = someContact(42);
        const QString needle = target.email.isEmpty() ? target.phone : target.email.toUpper();
        r = c.post(u"/contacts/search"_s, searchBody(500, { { u"query"_s, needle } }));
        QCOMPARE(r.status, 200);
        bool found = false;
        for (const QJsonValue &v : r.json().value("contacts"_L1).toArray())
            found |= v.toObject().value("id"_L1).toString() == target.id;
        QVERIFY(found);

        // Sort by first name ascending; the cursor carries the sort value.
        r = c.post(
            u"/contacts/search"_s,
            searchBody(200,
                       { { u"sort"_s,
                           QJsonArray { QJsonObject { { u"field"_s, u"firstNameLowerCase"_s },
                                                      { u"direction"_s, u"asc"_s } } } } }));
        QCOMPARE(r.status, 200);
        const QJsonArray page = r.json().value("contacts"_L1).toArray();
        for (qsizetype i = 1; i < page.size(); ++i) {
            QVERIFY(page.at(i - 1).toObject().value("searchAfter"_L1).toArray().at(0).toString()
                    <= page.at(i).toObject().value("searchAfter"_L1).toArray().at(0).toString());
        }
        QJsonObject next
            = searchBody(200,
                         { { u"sort"_s,
                             QJsonArray { QJsonObject { { u"field"_s, u"firstNameLowerCase"_s },
                                                        { u"direction"_s, u"asc"_s } } } },
                           { u"searchAfter"_s, page.last().toObject().value("searchAfter"_L1) } });
        r = c.post(u"/contacts/search"_s, next);
        QCOMPARE(r.status, 200);
        const QString firstOfNext = r.json()
                                        .value("contacts"_L1)
                                        .toArray()
                                        .first()
                                        .toObject()
                                        .value("searchAfter"_L1)
                                        .toArray()
                                        .at(0)
                                        .toString();
        QVERIFY(firstOfNext
                >= page.last().toObject().value("searchAfter"_L1).toArray().at(0).toString());

        r = c.post(u"/contacts/search"_s,
                   searchBody(10,
                              { { u"filters"_s,
                                  QJsonArray { QJsonObject { { u"field"_s, u"favouriteColour"_s },
                                                             { u"operator"_s, u"eq"_s },
                                                             { u"value"_s, u"red"_s } } } } }));
        QCOMPARE(r.status, 422);
        r = c.post(u"/contacts/search"_s, searchBody(10, { { u"query"_s, QString(76, u'x') } }));
        QCOMPARE(r.status, 422);
    }

    void sortOrdersFollowWrites()
    {
        HighLevelOptions o = fake()->options();
        o.rateLimits = false;
        fake()->setOptions(o);
        SandboxTestClient c = client();
        const QJsonObject byUpdate { { u"sort"_s,
                                       QJsonArray {
                                           QJsonObject { { u"field"_s, u"dateUpdated"_s },
                                                         { u"direction"_s, u"desc"_s } } } } };
        auto allIds = [&](const QJsonObject &extra) {
            QStringList ids;
            QJsonArray cursor;
            for (;;) {
                QJsonObject body = searchBody(500, extra);
                if (!cursor.isEmpty())
                    body.insert(u"searchAfter"_s, cursor);
                const QJsonArray page
                    = c.post(u"/contacts/search"_s, body).json().value("contacts"_L1).toArray();
                if (page.isEmpty())
                    return ids;
                for (const QJsonValue &v : page)
                    ids.append(v.toObject().value("id"_L1).toString());
                cursor = page.last().toObject().value("searchAfter"_L1).toArray();
            }
        };
        auto bruteForce = [&](bool byUpdated) {
            std::vector<const HighLevelContact *> list;
            for (const HighLevelContact &x : fake()->store().contacts())
                list.push_back(&x);
            std::sort(list.begin(), list.end(),
                      [&](const HighLevelContact *a, const HighLevelContact *b) {
                          const qint64 x = byUpdated ? a->dateUpdated : a->dateAdded;
                          const qint64 y = byUpdated ? b->dateUpdated : b->dateAdded;
                          return x != y ? x > y : a->id < b->id;
                      });
            QStringList ids;
            for (const HighLevelContact *x : list)
                ids.append(x->id);
            return ids;
        };
        QCOMPARE(allIds(byUpdate), bruteForce(true)); // the order is now cached

        const QString touched = someContact(77).id;
        QCOMPARE(c.post(u"/contacts/"_s + touched + u"/tags"_s,
                        QJsonObject { { u"tags"_s, QJsonArray { u"order-test"_s } } })
                     .status,
                 201);
        TestReply r = c.post(u"/contacts/"_s,
                             QJsonObject { { u"locationId"_s, m_location },
                                           { u"email"_s, u"newest@example.com"_s } });
        const QString created = r.json().value("contact"_L1).toObject().value("id"_L1).toString();
        QCOMPARE(c.del(u"/contacts/"_s + someContact(5).id).status, 200);

        const QStringList afterWrites = allIds(byUpdate);
        QCOMPARE(afterWrites, bruteForce(true));
        QCOMPARE(afterWrites.size(), 2500);
        // Both writes happened just now (maybe in the same millisecond): they lead the order.
        QCOMPARE(QSet<QString>({ afterWrites.at(0), afterWrites.at(1) }),
                 QSet<QString>({ created, touched }));
        QCOMPARE(allIds(QJsonObject()), bruteForce(false));
        QCOMPARE(allIds(QJsonObject()).first(), created);
    }

    void contactShapes()
    {
        SandboxTestClient c = client();
        const HighLevelContact &contact = someContact(3);
        TestReply r = c.get(u"/contacts/"_s + contact.id);
        QCOMPARE(r.status, 200);
        const QJsonObject o = r.json().value("contact"_L1).toObject();
        QCOMPARE(o.value("id"_L1).toString(), contact.id);
        QCOMPARE(o.value("locationId"_L1).toString(), m_location);
        static const QRegularExpression iso(
            u"^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$"_s);
        QVERIFY2(iso.match(o.value("dateAdded"_L1).toString()).hasMatch(),
                 qPrintable(o.value("dateAdded"_L1).toString()));
        QVERIFY(iso.match(o.value("dateUpdated"_L1).toString()).hasMatch());
        QVERIFY(o.value("customFields"_L1).isArray());
        QVERIFY(o.value("tags"_L1).isArray());
        // Every stored phone is E.164, whatever the data was entered as.
        for (const HighLevelContact &x : fake()->store().contacts())
            QVERIFY2(x.phone.isEmpty()
                         || QRegularExpression(u"^\\+[1-9]\\d{6,14}$"_s).match(x.phone).hasMatch(),
                     qPrintable(x.phone));

        r = c.get(u"/contacts/"_s + contact.id + u"/notes"_s);
        QCOMPARE(r.status, 200);
        const QJsonArray notes = r.json().value("notes"_L1).toArray();
        QVERIFY(!notes.isEmpty());
        // The long note sits on contact 3.
        QVERIFY(std::any_of(notes.begin(), notes.end(), [](const QJsonValue &n) {
            return n.toObject().value("body"_L1).toString().size() > 4000;
        }));
        QVERIFY(
            c.get(u"/contacts/"_s + contact.id + u"/tasks"_s).json().value("tasks"_L1).isArray());

        // A contact with appointments: times as "YYYY-MM-DD HH:mm:ss".
        const auto &all = fake()->store().contacts();
        const auto withEvents
            = std::find_if(all.begin(), all.end(), [&](const HighLevelContact &x) {
                  return !fake()->store().appointments(x.id).isEmpty();
              });
        QVERIFY(withEvents != all.end());
        r = c.get(u"/contacts/"_s + withEvents->id + u"/appointments"_s);
        const QJsonObject event = r.json().value("events"_L1).toArray().first().toObject();
        QVERIFY(QRegularExpression(u"^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d$"_s)
                    .match(event.value("startTime"_L1).toString())
                    .hasMatch());

        r = c.get(u"/locations/"_s + m_location + u"/customFields?model=contact"_s);
        QCOMPARE(r.status, 200);
        const QJsonObject field = r.json().value("customFields"_L1).toArray().first().toObject();
        QVERIFY(field.value("fieldKey"_L1).toString().startsWith("contact."_L1));
        QCOMPARE(field.value("model"_L1).toString(), u"contact"_s);
        r = c.get(u"/locations/"_s + m_location + u"/tags"_s);
        QVERIFY(r.json().value("tags"_L1).toArray().size() > 10);
        r = c.get(u"/users/?locationId="_s + m_location);
        QVERIFY(r.json().value("users"_L1).toArray().size() >= 4);
        QVERIFY(!r.json()
                     .value("users"_L1)
                     .toArray()
                     .first()
                     .toObject()
                     .value("email"_L1)
                     .toString()
                     .isEmpty());
    }

    void unknownContactIsConfigurable()
    {
        TestReply r = client().get(u"/contacts/AAAAAAAAAAAAAAAAAAAA"_s);
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json().value("message"_L1).toString(), u"Contact not found"_s);
        HighLevelOptions o = fake()->options();
        o.notFoundStatus = 404;
        fake()->setOptions(o);
        r = client().get(u"/contacts/AAAAAAAAAAAAAAAAAAAA"_s);
        QCOMPARE(r.status, 404);
        QCOMPARE(client().get(u"/nowhere"_s).status, 404);
    }

    void tagsAreLowercasedAndIdempotent()
    {
        SandboxTestClient c = client();
        const HighLevelContact &contact = someContact(20);
        const QString id = contact.id;
        const QString path = u"/contacts/"_s + id + u"/tags"_s;
        TestReply r = c.post(
            path, QJsonObject { { u"tags"_s, QJsonArray { u"Sandbox-Test"_s, u"VIP"_s } } });
        QCOMPARE(r.status, 201);
        QStringList tags;
        for (const QJsonValue &v : r.json().value("tags"_L1).toArray())
            tags.append(v.toString());
        QVERIFY(tags.contains(u"sandbox-test"_s));
        QVERIFY(!tags.contains(u"Sandbox-Test"_s));
        const qint64 updated = fake()->store().contact(id)->dateUpdated;

        r = c.post(path, QJsonObject { { u"tags"_s, QJsonArray { u"sandbox-test"_s } } });
        QCOMPARE(r.status, 201);
        QCOMPARE(r.json().value("tags"_L1).toArray().size(), tags.size());
        QCOMPARE(fake()->store().contact(id)->dateUpdated, updated);

        // DELETE carries a JSON body.
        r = c.del(path, QJsonObject { { u"tags"_s, QJsonArray { u"SANDBOX-TEST"_s } } });
        QCOMPARE(r.status, 200);
        QVERIFY(!r.json().value("tags"_L1).toArray().contains(u"sandbox-test"_s));
        r = c.del(path, QJsonObject { { u"tags"_s, QJsonArray { u"sandbox-test"_s } } });
        QCOMPARE(r.status, 200);
        QCOMPARE(c.del(path).status, 422); // tags are required

        HighLevelOptions o = fake()->options();
        o.lowercaseTags = false;
        fake()->setOptions(o);
        r = c.post(path, QJsonObject { { u"tags"_s, QJsonArray { u"KeepCase"_s } } });
        QVERIFY(r.json().value("tags"_L1).toArray().contains(u"KeepCase"_s));
        c.del(path, QJsonObject { { u"tags"_s, QJsonArray { u"KeepCase"_s } } });
    }

    void createUpdateUpsertDeleteAndDuplicates()
    {
        SandboxTestClient c = client();
        TestReply r = c.post(
            u"/contacts/"_s,
            QJsonObject { { u"locationId"_s, m_location },
                          { u"firstName"_s, u"Zoë"_s },
                          { u"lastName"_s, u"Tester"_s },
                          { u"email"_s, u"Zoe.Tester+crm@Example.com"_s },
                          { u"phone"_s, u"(415) 555-0199"_s },
                          { u"country"_s, u"US"_s },
                          { u"tags"_s, QJsonArray { u"Trial"_s } },
                          { u"customFields"_s,
                            QJsonArray { QJsonObject { { u"id"_s, customFieldId(u"Seats"_s) },
                                                       { u"fieldValue"_s, u"12"_s } } } } });
        QCOMPARE(r.status, 201);
        const QJsonObject created = r.json().value("contact"_L1).toObject();
        const QString id = created.value("id"_L1).toString();
        QCOMPARE(id.size(), 20);
        QCOMPARE(created.value("phone"_L1).toString(), u"+14155550199"_s);
        QCOMPARE(created.value("tags"_L1).toArray(), QJsonArray { u"trial"_s });
        QCOMPARE(created.value("customFields"_L1)
                     .toArray()
                     .first()
                     .toObject()
                     .value("value"_L1)
                     .toDouble(),
                 12.0);

        // The location does not allow duplicates: 400 with the existing contact's id.
        r = c.post(u"/contacts/"_s,
                   QJsonObject { { u"locationId"_s, m_location },
                                 { u"email"_s, u"zoe.tester+crm@example.com"_s } });
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json().value("message"_L1).toString(),
                 u"This location does not allow duplicated contacts."_s);
        QCOMPARE(r.json().value("meta"_L1).toObject().value("contactId"_L1).toString(), id);
        QCOMPARE(r.json().value("meta"_L1).toObject().value("matchingField"_L1).toString(),
                 u"email"_s);
        r = c.post(
            u"/contacts/"_s,
            QJsonObject { { u"locationId"_s, m_location }, { u"phone"_s, u"+1 415 555 0199"_s } });
        QCOMPARE(r.json().value("meta"_L1).toObject().value("matchingField"_L1).toString(),
                 u"phone"_s);

        r = c.put(u"/contacts/"_s + id,
                  QJsonObject { { u"firstName"_s, u"Zoé"_s },
                                { u"tags"_s, QJsonArray { u"A"_s, u"b"_s } } });
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value("succeded"_L1).toBool(), true);
        QCOMPARE(r.json().value("contact"_L1).toObject().value("firstName"_L1).toString(),
                 u"Zoé"_s);
        QCOMPARE(r.json().value("contact"_L1).toObject().value("tags"_L1).toArray(),
                 (QJsonArray { u"a"_s, u"b"_s }));
        QCOMPARE(c.put(u"/contacts/"_s + id, QJsonObject { { u"companyName"_s, u"X"_s } }).status,
                 422);

        r = c.post(u"/contacts/upsert"_s,
                   QJsonObject { { u"locationId"_s, m_location },
                                 { u"email"_s, u"ZOE.TESTER+crm@example.com"_s },
                                 { u"city"_s, u"Oslo"_s } });
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value("new"_L1).toBool(), false);
        QCOMPARE(r.json().value("contact"_L1).toObject().value("id"_L1).toString(), id);
        QVERIFY(!r.json().value("traceId"_L1).toString().isEmpty());
        r = c.post(u"/contacts/upsert"_s,
                   QJsonObject { { u"locationId"_s, m_location },
                                 { u"email"_s, u"brand.new@example.com"_s } });
        QCOMPARE(r.json().value("new"_L1).toBool(), true);
        const QString second = r.json().value("contact"_L1).toObject().value("id"_L1).toString();

        r = c.get(u"/contacts/search/duplicate?locationId="_s + m_location
                  + u"&email=zoe.tester%2Bcrm%40example.com"_s);
        QCOMPARE(r.json().value("contact"_L1).toObject().value("id"_L1).toString(), id);
        // An unencoded "+" arrives as a space, as on the real service.
        r = c.get(u"/contacts/search/duplicate?locationId="_s + m_location
                  + u"&email=zoe.tester+crm@example.com"_s);
        QVERIFY(r.json().value("contact"_L1).isNull());

        for (const QString &x : { id, second }) {
            r = c.del(u"/contacts/"_s + x);
            QCOMPARE(r.status, 200);
            QCOMPARE(r.json(), QJsonObject({ { u"succeded"_s, true } }));
            QCOMPARE(c.get(u"/contacts/"_s + x).status, 400);
        }
    }

    void tasksNotesAndAppointmentsWrite()
    {
        SandboxTestClient c = client();
        const QString base = u"/contacts/"_s + someContact(30).id;
        TestReply r = c.post(base + u"/tasks"_s,
                             QJsonObject { { u"title"_s, u"Call back"_s },
                                           { u"dueDate"_s, u"2026-12-24T10:00:00Z"_s },
                                           { u"completed"_s, false } });
        QCOMPARE(r.status, 201);
        const QString task = r.json().value("task"_L1).toObject().value("id"_L1).toString();
        QCOMPARE(r.json().value("task"_L1).toObject().value("dueDate"_L1).toString(),
                 u"2026-12-24T10:00:00.000Z"_s);
        QCOMPARE(c.post(base + u"/tasks"_s, QJsonObject { { u"title"_s, u"x"_s } }).status, 422);
        r = c.put(base + u"/tasks/"_s + task + u"/completed"_s,
                  QJsonObject { { u"completed"_s, true } });
        QCOMPARE(r.json().value("task"_L1).toObject().value("completed"_L1).toBool(), true);
        r = c.put(base + u"/tasks/"_s + task, QJsonObject { { u"title"_s, u"Call back today"_s } });
        QCOMPARE(r.json().value("task"_L1).toObject().value("title"_L1).toString(),
                 u"Call back today"_s);
        QCOMPARE(c.del(base + u"/tasks/"_s + task).json().value("succeded"_L1).toBool(), true);
        QCOMPARE(c.get(base + u"/tasks/"_s + task).status, 400);

        r = c.post(base + u"/notes"_s,
                   QJsonObject { { u"body"_s, u"<p>Grüße 👋</p>"_s }, { u"pinned"_s, true } });
        QCOMPARE(r.status, 201);
        const QString note = r.json().value("note"_L1).toObject().value("id"_L1).toString();
        QCOMPARE(c.get(base + u"/notes/"_s + note)
                     .json()
                     .value("note"_L1)
                     .toObject()
                     .value("body"_L1)
                     .toString(),
                 u"<p>Grüße 👋</p>"_s);
        QCOMPARE(
            c.put(base + u"/notes/"_s + note, QJsonObject { { u"body"_s, u"edited"_s } }).status,
            200);
        QCOMPARE(c.del(base + u"/notes/"_s + note).status, 200);

        QCOMPARE(c.post(base + u"/campaigns/camp1"_s, QJsonObject()).status, 201);
        QCOMPARE(c.del(base + u"/campaigns/removeAll"_s).status, 200);
        QCOMPARE(c.post(base + u"/workflow/wf1"_s,
                        QJsonObject { { u"eventStartTime"_s, u"2026-12-01T10:00:00+01:00"_s } })
                     .status,
                 200);
        QCOMPARE(c.del(base + u"/workflow/wf1"_s,
                       QJsonObject { { u"eventStartTime"_s, u"2026-12-01T10:00:00+01:00"_s } })
                     .status,
                 200);
        const QString user = fake()->store().users().first().id;
        r = c.post(base + u"/followers"_s, QJsonObject { { u"followers"_s, QJsonArray { user } } });
        QCOMPARE(r.status, 201);
        r = c.del(base + u"/followers"_s, QJsonObject { { u"followers"_s, QJsonArray { user } } });
        QCOMPARE(r.json().value("followersRemoved"_L1).toArray(), QJsonArray { user });

        r = c.post(u"/contacts/bulk/tags/update/add"_s,
                   QJsonObject { { u"contacts"_s, QJsonArray { someContact(31).id, u"nope"_s } },
                                 { u"tags"_s, QJsonArray { u"Bulk"_s } },
                                 { u"locationId"_s, m_location } });
        QCOMPARE(r.status, 201);
        QCOMPARE(r.json().value("errorCount"_L1).toInt(), 1);
        QVERIFY(fake()->store().contact(someContact(31).id)->hasTag(u"bulk"_s));

        // Calendars API: the appointment status.
        const auto &all = fake()->store().contacts();
        const auto withEvents
            = std::find_if(all.begin(), all.end(), [&](const HighLevelContact &x) {
                  return !fake()->store().appointments(x.id).isEmpty();
              });
        const QString event = fake()->store().appointments(withEvents->id).first().id;
        c.setHeader("Version", "2021-04-15");
        r = c.get(u"/calendars/events/appointments/"_s + event);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value("event"_L1).toObject().value("id"_L1).toString(), event);
        r = c.put(u"/calendars/events/appointments/"_s + event,
                  QJsonObject { { u"appointmentStatus"_s, u"showed"_s } });
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value("appointmentStatus"_L1).toString(), u"showed"_s);
        QCOMPARE(c.put(u"/calendars/events/appointments/"_s + event,
                       QJsonObject { { u"appointmentStatus"_s, u"maybe"_s } })
                     .status,
                 422);
    }

    void legacyListPagesWithCursor()
    {
        HighLevelOptions o = fake()->options();
        o.rateLimits = false;
        fake()->setOptions(o);
        SandboxTestClient c = client();
        QSet<QString> ids;
        QString query = u"/contacts/?locationId="_s + m_location + u"&limit=100"_s;
        int pages = 0;
        for (;;) {
            const TestReply r = c.get(query);
            QCOMPARE(r.status, 200);
            ++pages;
            const QJsonObject meta = r.json().value("meta"_L1).toObject();
            QCOMPARE(meta.value("total"_L1).toInt(), 2500);
            QCOMPARE(meta.value("currentPage"_L1).toInt(), pages);
            for (const QJsonValue &v : r.json().value("contacts"_L1).toArray())
                ids.insert(v.toObject().value("id"_L1).toString());
            if (meta.value("nextPage"_L1).isNull())
                break;
            QVERIFY(meta.value("nextPageUrl"_L1).toString().contains(u"startAfterId="_s));
            query = u"/contacts/?locationId="_s + m_location + u"&limit=100&startAfter="_s
                + QString::number(qint64(meta.value("startAfter"_L1).toDouble()))
                + u"&startAfterId="_s + meta.value("startAfterId"_L1).toString();
        }
        QCOMPARE(ids.size(), 2500);
        QCOMPARE(pages, 25);
        QCOMPARE(c.get(u"/contacts/?locationId="_s + m_location + u"&limit=101"_s).status, 422);
        QCOMPARE(c.get(u"/contacts/?locationId="_s + m_location + u"&pageSize=5"_s).status, 422);
    }

    void rateLimitAnswers429WithHeaders()
    {
        HighLevelOptions o = fake()->options();
        o.burstLimit = 5;
        fake()->setOptions(o);
        fake()->resetRateLimits();
        SandboxTestClient c = client();
        const QString path = u"/contacts/"_s + someContact().id;
        for (int i = 0; i < 5; ++i) {
            const TestReply r = c.get(path);
            QCOMPARE(r.status, 200);
            QCOMPARE(r.header("X-RateLimit-Remaining").toInt(), 4 - i);
            QCOMPARE(r.header("X-RateLimit-Max"), QByteArray("5"));
            QCOMPARE(r.header("X-RateLimit-Interval-Milliseconds"), QByteArray("10000"));
            QCOMPARE(r.header("X-RateLimit-Limit-Daily"), QByteArray("200000"));
            QCOMPARE(r.header("X-RateLimit-Daily-Remaining").toInt(), 200000 - 1 - i);
        }
        const TestReply r = c.get(path);
        QCOMPARE(r.status, 429);
        QCOMPARE(
            r.json(),
            QJsonObject({ { u"statusCode"_s, 429 }, { u"message"_s, u"Too Many Requests"_s } }));
        QCOMPARE(r.header("X-RateLimit-Remaining"), QByteArray("0"));
        QVERIFY(r.header("Retry-After").isEmpty());
        QCOMPARE(fake()->stats().rateLimited, 1);

        o.retryAfterOn429 = true;
        fake()->setOptions(o);
        const TestReply again = c.get(path);
        QCOMPARE(again.status, 429);
        QVERIFY(again.header("Retry-After").toInt() >= 1);
    }

    void statsCountRoutesAndWrites()
    {
        SandboxTestClient c = client();
        const QString id = someContact(50).id;
        c.post(u"/contacts/search"_s, searchBody(5));
        c.post(u"/contacts/search"_s, searchBody(5));
        c.get(u"/contacts/"_s + id);
        c.post(u"/contacts/"_s + id + u"/tags"_s,
               QJsonObject { { u"tags"_s, QJsonArray { u"s"_s } } });
        c.del(u"/contacts/"_s + id + u"/tags"_s,
              QJsonObject { { u"tags"_s, QJsonArray { u"s"_s } } });
        c.get(u"/_sandbox/stats"_s); // not counted

        SandboxTestClient control(m_sandbox->highLevelBaseUrl());
        const TestReply r = control.get(u"/_sandbox/stats"_s);
        QCOMPARE(r.status, 200);
        const QJsonObject stats = r.json();
        QCOMPARE(stats.value("requests"_L1).toInt(), 5);
        QCOMPARE(stats.value("writes"_L1).toInt(), 2);
        QCOMPARE(stats.value("rateLimited"_L1).toInt(), 0);
        QCOMPARE(stats.value("byMethod"_L1).toObject().value("POST"_L1).toInt(), 3);
        QCOMPARE(stats.value("byMethod"_L1).toObject().value("DELETE"_L1).toInt(), 1);
        const QJsonObject byRoute = stats.value("byRoute"_L1).toObject();
        QCOMPARE(byRoute.value("POST /contacts/search"_L1).toInt(), 2);
        QCOMPARE(byRoute.value("GET /contacts/{contactId}"_L1).toInt(), 1);
        QCOMPARE(byRoute.value("DELETE /contacts/{contactId}/tags"_L1).toInt(), 1);

        QCOMPARE(control.send("POST", u"/_sandbox/stats/reset"_s).status, 200);
        QCOMPARE(control.get(u"/_sandbox/stats"_s).json().value("requests"_L1).toInt(), 0);
    }

    void searchIndexLagsBehindWrites()
    {
        HighLevelOptions o = fake()->options();
        o.searchIndexLagMs = 1000;
        fake()->setOptions(o);
        SandboxTestClient c = client();
        TestReply r = c.post(u"/contacts/"_s,
                             QJsonObject { { u"locationId"_s, m_location },
                                           { u"email"_s, u"lagging@example.com"_s } });
        QCOMPARE(r.status, 201);
        const QString id = r.json().value("contact"_L1).toObject().value("id"_L1).toString();
        const QJsonObject body = searchBody(
            10,
            { { u"filters"_s,
                QJsonArray { QJsonObject { { u"field"_s, u"email"_s },
                                           { u"operator"_s, u"eq"_s },
                                           { u"value"_s, u"lagging@example.com"_s } } } } });
        QCOMPARE(c.post(u"/contacts/search"_s, body).json().value("total"_L1).toInt(), 0);
        QCOMPARE(c.get(u"/contacts/"_s + id).status, 200); // reads by id are immediate
        QTRY_COMPARE_WITH_TIMEOUT(
            c.post(u"/contacts/search"_s, body).json().value("total"_L1).toInt(), 1, 5000);
        c.del(u"/contacts/"_s + id);
    }
};

QTEST_GUILESS_MAIN(TestFakeHighLevel)
#include "tst_fakehighlevel.moc"
