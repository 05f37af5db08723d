#include "SandboxFixture.h"

#include "HighLevelStore.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QSet>
#include <QTimeZone>

using namespace Qt::StringLiterals;

// Every HighLevel client operation and error class against the sandbox over loopback.
class tst_HighLevelClient : public QObject
{
    Q_OBJECT

private:
    template<typename T, typename F>
    static Result<T> call(F start)
    {
        return SandboxFixture::wait<T>(start);
    }

    static QString anyContactId(SandboxFixture &f, const QString &withTag = {})
    {
        ContactQuery q;
        if (!withTag.isEmpty())
            q.allTags = {withTag};
        auto r = call<ContactPage>([&](QObject *ctx, Callback<ContactPage> cb) { f.highLevel->searchContacts(q, {}, 1, ctx, cb); });
        return r.isOk() && !r.value().contacts.isEmpty() ? r.value().contacts.first().id : QString();
    }

    static QString tokenFor(SandboxFixture &f, const QString &location, const QStringList &scopes)
    {
        QString token;
        f.thread.runInSandbox([&](Sandbox &s) { token = s.highLevel()->addToken(location, scopes); });
        return token;
    }

private Q_SLOTS:
    void createGetUpdateUpsertDelete()
    {
        SandboxFixture f;
        QVERIFY(f.started);
        ContactDraft d;
        d.firstName = u"Ada"_s;
        d.lastName = u"Lovelace"_s;
        d.email = u"ada+crm@example.com"_s;
        d.phone = u"+44 20 7946 0958"_s;
        d.companyName = u"Analytical Engines"_s;
        d.tags = QStringList{u"VIP"_s, u"Beta-Tester"_s};
        auto fields = call<QList<CustomFieldDefinition>>([&](QObject *c, auto cb) { f.highLevel->customFields(c, cb); });
        QVERIFY(fields.isOk());
        QString seatsId;
        for (const CustomFieldDefinition &def : fields.value()) {
            if (def.name == "Seats"_L1)
                seatsId = def.id;
        }
        QVERIFY(!seatsId.isEmpty());
        d.customFields = {{seatsId, 12}};
        auto created = call<ContactCreation>([&](QObject *c, auto cb) { f.highLevel->createContact(d, c, cb); });
        QVERIFY2(created.isOk(), qPrintable(created.error().message()));
        const QString id = created.value().contact.id;
        QVERIFY(!id.isEmpty());
        QVERIFY(!created.value().foundAfterError);

        auto got = call<Contact>([&](QObject *c, auto cb) { f.highLevel->getContact(id, c, cb); });
        QVERIFY(got.isOk());
        QCOMPARE(got.value().firstName, u"Ada"_s);
        QCOMPARE(got.value().phone, u"+442079460958"_s); // E.164 on output
        QVERIFY(got.value().hasTag(u"vip"_s));
        QCOMPARE(got.value().tags, (QStringList{u"vip"_s, u"beta-tester"_s})); // lowercased on write
        QCOMPARE(got.value().customFieldValue(seatsId).toDouble(), 12.0);

        ContactDraft u;
        u.city = u"London"_s;
        auto updated = call<Contact>([&](QObject *c, auto cb) { f.highLevel->updateContact(id, u, c, cb); });
        QVERIFY2(updated.isOk(), qPrintable(updated.error().message()));
        QCOMPARE(updated.value().city, u"London"_s);
        QVERIFY(updated.value().hasTag(u"vip"_s)); // tags untouched by an update

        // The duplicate lookup encodes "+" and "@": the contact is found by its exact email.
        auto dup = call<Contact>([&](QObject *c, auto cb) { f.highLevel->findDuplicate(u"ada+crm@example.com"_s, {}, c, cb); });
        QVERIFY(dup.isOk());
        QCOMPARE(dup.value().id, id);
        auto none = call<Contact>([&](QObject *c, auto cb) { f.highLevel->findDuplicate(u"nobody+x@example.com"_s, {}, c, cb); });
        QVERIFY(none.isOk());
        QVERIFY(none.value().id.isEmpty());

        ContactDraft up;
        up.email = u"ada+crm@example.com"_s;
        up.lastName = u"King"_s;
        auto upserted = call<ContactUpsert>([&](QObject *c, auto cb) { f.highLevel->upsertContact(up, c, cb); });
        QVERIFY2(upserted.isOk(), qPrintable(upserted.error().message()));
        QVERIFY(!upserted.value().created);
        QCOMPARE(upserted.value().contact.id, id);
        up.email = u"grace@example.com"_s;
        upserted = call<ContactUpsert>([&](QObject *c, auto cb) { f.highLevel->upsertContact(up, c, cb); });
        QVERIFY(upserted.isOk());
        QVERIFY(upserted.value().created);

        auto deleted = call<Done>([&](QObject *c, auto cb) { f.highLevel->deleteContact(id, c, cb); });
        QVERIFY(deleted.isOk());
        auto gone = call<Contact>([&](QObject *c, auto cb) { f.highLevel->getContact(id, c, cb); });
        QVERIFY(!gone.isOk());
        QVERIFY2(gone.error().message().contains(u"not found"_s), qPrintable(gone.error().message()));
        QVERIFY2(gone.error().message().contains(u"deleted"_s), qPrintable(gone.error().message()));
        QCOMPARE(f.highLevelStats().withoutVersionHeader, 0);
    }

    void duplicateContactNamesTheExistingOne()
    {
        SandboxFixture f;
        QVERIFY(f.started);
        ContactDraft d;
        d.email = u"twice@example.com"_s;
        auto first = call<ContactCreation>([&](QObject *c, auto cb) { f.highLevel->createContact(d, c, cb); });
        QVERIFY(first.isOk());
        auto second = call<ContactCreation>([&](QObject *c, auto cb) { f.highLevel->createContact(d, c, cb); });
        QVERIFY(!second.isOk());
        QCOMPARE(second.error().httpStatus(), 400);
        QCOMPARE(second.error().meta().value("contactId"_L1).toString(), first.value().contact.id);
        QVERIFY2(second.error().message().contains(first.value().contact.id), qPrintable(second.error().message()));
    }

    void createWithALostAnswerLooksBeforeReportingAndNeverCreatesTwice()
    {
        SandboxFixture f;
        QVERIFY(f.started);
        SandboxFault lost;
        lost.kind = SandboxFault::Kind::Status;
        lost.status = 502;
        lost.method = "POST";
        lost.route = u"/contacts/"_s;
        lost.afterHandler = true; // the contact is created, the answer is lost
        f.addHighLevelFault(lost);
        ContactDraft d;
        d.email = u"lost-answer@example.com"_s;
        auto r = call<ContactCreation>([&](QObject *c, auto cb) { f.highLevel->createContact(d, c, cb); });
        QVERIFY2(r.isOk(), qPrintable(r.error().message()));
        QVERIFY(r.value().foundAfterError);
        QVERIFY(!r.value().contact.id.isEmpty());
        QCOMPARE(f.highLevelStats().route(u"POST /contacts/"_s), 1); // never re-sent
        ContactQuery q;
        q.text = u"lost-answer@example.com"_s;
        auto all = call<QList<Contact>>([&](QObject *c, auto cb) { f.highLevel->readAllContacts(q, c, cb); });
        QCOMPARE(all.value().size(), 1);

        // Lost before it was made: the check says so, and trying again is safe.
        SandboxFault refused = lost;
        refused.afterHandler = false;
        f.addHighLevelFault(refused);
        d.email = u"not-made@example.com"_s;
        r = call<ContactCreation>([&](QObject *c, auto cb) { f.highLevel->createContact(d, c, cb); });
        QVERIFY(!r.isOk());
        QVERIFY2(r.error().message().contains(u"safe to try again"_s), qPrintable(r.error().message()));
    }

    void tasksNotesAndAppointments()
    {
        SandboxFixture f;
        QVERIFY(f.started);
        const QString id = anyContactId(f);
        QVERIFY(!id.isEmpty());
        TaskDraft t;
        t.title = u"Call back"_s;
        t.dueDate = QDateTime(QDate(2027, 1, 15), QTime(9, 30), QTimeZone::utc());
        auto task = call<Task>([&](QObject *c, auto cb) { f.highLevel->createTask(id, t, c, cb); });
        QVERIFY2(task.isOk(), qPrintable(task.error().message()));
        const QString taskId = task.value().id;
        QCOMPARE(task.value().dueDate, t.dueDate.value());
        TaskDraft change;
        change.title = u"Call back about the renewal"_s;
        auto updated = call<Task>([&](QObject *c, auto cb) { f.highLevel->updateTask(id, taskId, change, c, cb); });
        QCOMPARE(updated.value().title, u"Call back about the renewal"_s);
        auto done = call<Task>([&](QObject *c, auto cb) { f.highLevel->setTaskCompleted(id, taskId, true, c, cb); });
        QVERIFY(done.value().completed);
        auto reread = call<Task>([&](QObject *c, auto cb) { f.highLevel->getTask(id, taskId, c, cb); });
        QVERIFY(reread.value().completed);
        QVERIFY(call<Done>([&](QObject *c, auto cb) { f.highLevel->deleteTask(id, taskId, c, cb); }).isOk());
        auto tasks = call<QList<Task>>([&](QObject *c, auto cb) { f.highLevel->listTasks(id, c, cb); });
        for (const Task &each : tasks.value())
            QVERIFY(each.id != taskId);

        NoteDraft n;
        n.body = u"<p>Met at the <b>fair</b></p>"_s;
        auto note = call<Note>([&](QObject *c, auto cb) { f.highLevel->createNote(id, n, c, cb); });
        QVERIFY2(note.isOk(), qPrintable(note.error().message()));
        NoteDraft edit;
        edit.body = u"Met at the fair; wants a demo"_s;
        auto edited = call<Note>([&](QObject *c, auto cb) { f.highLevel->updateNote(id, note.value().id, edit, c, cb); });
        QCOMPARE(edited.value().body, edit.body.value());
        QCOMPARE(call<Note>([&](QObject *c, auto cb) { f.highLevel->getNote(id, note.value().id, c, cb); }).value().body, edit.body.value());
        QVERIFY(call<Done>([&](QObject *c, auto cb) { f.highLevel->deleteNote(id, note.value().id, c, cb); }).isOk());

        // A contact with appointments: list them, read one through the Calendars API, change it.
        QString withAppointment;
        QString eventId;
        auto all = call<QList<Contact>>([&](QObject *c, auto cb) { f.highLevel->readAllContacts({}, c, cb); });
        for (int i = 0; i < 40 && eventId.isEmpty(); ++i) {
            const QString candidate = all.value().at(i).id;
            auto events = call<QList<Appointment>>([&](QObject *c, auto cb) { f.highLevel->listAppointments(candidate, c, cb); });
            if (!events.value().isEmpty()) {
                withAppointment = candidate;
                eventId = events.value().first().id;
            }
        }
        QVERIFY(!eventId.isEmpty());
        auto event = call<Appointment>([&](QObject *c, auto cb) { f.highLevel->getAppointment(eventId, c, cb); });
        QVERIFY2(event.isOk(), qPrintable(event.error().message()));
        QVERIFY(event.value().startTime.isValid());
        auto changed = call<Appointment>([&](QObject *c, auto cb) { f.highLevel->setAppointmentStatus(eventId, u"showed"_s, c, cb); });
        QVERIFY2(changed.isOk(), qPrintable(changed.error().message()));
        QCOMPARE(call<Appointment>([&](QObject *c, auto cb) { f.highLevel->getAppointment(eventId, c, cb); }).value().status, u"showed"_s);
        // Each API got its own Version.
        const SandboxStats stats = f.highLevelStats();
        QVERIFY(stats.byVersionHeader.value(u"2021-04-15"_s) >= 3);
        QVERIFY(stats.byVersionHeader.value(u"2021-07-28"_s) > 10);
        QCOMPARE(stats.withoutVersionHeader, 0);
    }

    void tagsCampaignsWorkflowsFollowers()
    {
        SandboxFixture f;
        QVERIFY(f.started);
        const QString id = anyContactId(f);
        auto added = call<QStringList>([&](QObject *c, auto cb) { f.highLevel->addTags(id, {u"Gold"_s, u"gold"_s}, c, cb); });
        QVERIFY(added.isOk());
        QVERIFY(added.value().contains(u"gold"_s));
        auto again = call<QStringList>([&](QObject *c, auto cb) { f.highLevel->addTags(id, {u"GOLD"_s}, c, cb); });
        QCOMPARE(again.value().count(u"gold"_s), 1); // idempotent, case-insensitive
        auto removed = call<QStringList>([&](QObject *c, auto cb) { f.highLevel->removeTags(id, {u"Gold"_s}, c, cb); });
        QVERIFY(!removed.value().contains(u"gold"_s));

        const QString other = anyContactId(f, u"vip"_s);
        auto bulk = call<BulkTagResult>([&](QObject *c, auto cb) { f.highLevel->bulkUpdateTags(true, {id, other}, {u"bulk-tag"_s}, false, c, cb); });
        QVERIFY2(bulk.isOk(), qPrintable(bulk.error().message()));
        QVERIFY(call<Contact>([&](QObject *c, auto cb) { f.highLevel->getContact(other, c, cb); }).value().hasTag(u"bulk-tag"_s));
        bulk = call<BulkTagResult>([&](QObject *c, auto cb) { f.highLevel->bulkUpdateTags(false, {id, other}, {u"bulk-tag"_s}, false, c, cb); });
        QVERIFY(bulk.isOk());
        QVERIFY(!call<Contact>([&](QObject *c, auto cb) { f.highLevel->getContact(other, c, cb); }).value().hasTag(u"bulk-tag"_s));

        QVERIFY(call<Done>([&](QObject *c, auto cb) { f.highLevel->addToCampaign(id, u"spring-sale"_s, c, cb); }).isOk());
        QVERIFY(call<Done>([&](QObject *c, auto cb) { f.highLevel->removeFromCampaign(id, u"spring-sale"_s, c, cb); }).isOk());
        QVERIFY(call<Done>([&](QObject *c, auto cb) { f.highLevel->removeFromAllCampaigns(id, c, cb); }).isOk());
        QVERIFY(call<Done>([&](QObject *c, auto cb) {
                    f.highLevel->addToWorkflow(id, u"onboarding"_s, QDateTime::currentDateTimeUtc().addDays(1), c, cb);
                }).isOk());
        QVERIFY(call<Done>([&](QObject *c, auto cb) { f.highLevel->removeFromWorkflow(id, u"onboarding"_s, c, cb); }).isOk());
        auto users = call<QList<LocationUser>>([&](QObject *c, auto cb) { f.highLevel->users(c, cb); });
        QVERIFY(users.value().size() >= 2);
        const QString user = users.value().first().id;
        auto followers = call<QStringList>([&](QObject *c, auto cb) { f.highLevel->addFollowers(id, {user}, c, cb); });
        QVERIFY2(followers.isOk(), qPrintable(followers.error().message()));
        QVERIFY(followers.value().contains(user));
        followers = call<QStringList>([&](QObject *c, auto cb) { f.highLevel->removeFollowers(id, {user}, c, cb); });
        QVERIFY(!followers.value().contains(user));
    }

    void legacyListAndPagesReachEveryContact()
    {
        SandboxFixture f;
        QVERIFY(f.started);
        QSet<QString> seen;
        qint64 after = 0;
        QString afterId;
        int requests = 0;
        for (;;) {
            auto page = call<ContactListPage>([&](QObject *c, auto cb) { f.highLevel->listContactsLegacy({}, 100, after, afterId, c, cb); });
            QVERIFY2(page.isOk(), qPrintable(page.error().message()));
            ++requests;
            for (const Contact &c : page.value().contacts)
                QVERIFY2(!seen.contains(c.id), qPrintable(c.id));
            for (const Contact &c : page.value().contacts)
                seen.insert(c.id);
            if (page.value().startAfterId.isEmpty() || seen.size() >= page.value().total)
                break;
            after = page.value().startAfter;
            afterId = page.value().startAfterId;
            QVERIFY(requests < 100);
        }
        QCOMPARE(seen.size(), 2500);
        QCOMPARE(requests, 25);

        auto third = call<ContactPage>([&](QObject *c, auto cb) { f.highLevel->searchContactsPage({}, 3, 100, c, cb); });
        QVERIFY(third.isOk());
        QCOMPARE(third.value().contacts.size(), 100);
        // Beyond 10,000 results page/pageLimit cannot go: refused before sending, with a reason.
        const qint64 before = f.highLevelStats().requests;
        auto deep = call<ContactPage>([&](QObject *c, auto cb) { f.highLevel->searchContactsPage({}, 21, 500, c, cb); });
        QCOMPARE(deep.error().kind(), ApiError::Kind::InvalidInput);
        QVERIFY(deep.error().message().contains(u"10,000"_s));
        QCOMPARE(f.highLevelStats().requests, before);
    }

    void errorClassesHaveActionableMessages()
    {
        SandboxFixture f;
        QVERIFY(f.started);
        const QString id = anyContactId(f);
        auto withToken = [&](const QString &token, const QString &location = {}) {
            HighLevelConnection c = f.ghl;
            c.token = token;
            if (!location.isEmpty())
                c.locationId = location;
            return std::make_unique<HighLevelClient>(c);
        };
        // Read-only token: writes are refused with the scope named.
        auto readOnly = withToken(tokenFor(f, f.ghl.locationId, {u"contacts.readonly"_s}));
        auto r = call<QStringList>([&](QObject *c, auto cb) { readOnly->addTags(id, {u"x"_s}, c, cb); });
        QCOMPARE(r.error().httpStatus(), 401);
        QVERIFY2(r.error().message().contains(u"scope"_s), qPrintable(r.error().message()));
        // A token of another sub-account.
        auto elsewhere = withToken(tokenFor(f, u"OtherLocation000001"_s, HighLevelToken::allScopes()));
        auto g = call<Contact>([&](QObject *c, auto cb) { elsewhere->getContact(id, c, cb); });
        QCOMPARE(g.error().httpStatus(), 403);
        QVERIFY2(g.error().message().contains(u"location id"_s), qPrintable(g.error().message()));
        // An unknown token.
        auto bad = withToken(u"no-such-token"_s);
        g = call<Contact>([&](QObject *c, auto cb) { bad->getContact(id, c, cb); });
        QCOMPARE(g.error().httpStatus(), 401);
        QVERIFY2(g.error().message().contains(u"Private Integration Token"_s), qPrintable(g.error().message()));
        // A body with a property the DTO does not have (which FlagBridge never sends) is a 422
        // whose message lists the property.
        HttpRequest raw;
        raw.method = "POST";
        raw.path = u"/contacts/"_s + id + u"/notes"_s;
        raw.operation = u"add the note"_s;
        raw.headers = {{"Version", "2021-07-28"}};
        raw.body = R"({"body":"x","locationId":"abc"})";
        HttpCall *http = f.highLevel->http()->send(raw);
        HttpResponse resp;
        bool finished = false;
        connect(http, &ApiCall::finished, this, [&] { resp = http->response(); finished = true; });
        QTRY_VERIFY(finished);
        QCOMPARE(resp.error.httpStatus(), 422);
        QVERIFY2(resp.error.message().contains(u"property locationId should not exist"_s), qPrintable(resp.error.message()));
    }

    void aBurstOf300ReadsNeverHitsTheRateLimit()
    {
        SandboxFixture f; // HighLevel's real limit: 100 requests per 10 s
        QVERIFY(f.started);
        auto all = call<QList<Contact>>([&](QObject *c, auto cb) { f.highLevel->readAllContacts({}, c, cb); });
        QVERIFY(all.isOk());
        QElapsedTimer clock;
        clock.start();
        int ok = 0;
        int failed = 0;
        QObject ctx;
        for (int i = 0; i < 300; ++i) {
            f.highLevel->getContact(all.value().at(i).id, &ctx, [&](const Result<Contact> &r) { (r.isOk() ? ok : failed) += 1; });
        }
        QTRY_VERIFY_WITH_TIMEOUT(ok + failed == 300, 60000);
        QCOMPARE(failed, 0);
        QCOMPARE(f.highLevelStats().rateLimited, 0); // paced, not retried
        QCOMPARE(f.highLevel->http()->counters().rateLimited, 0);
        // 305 requests at 100 per 10 s need three full windows: the pacing waited, as it must.
        QVERIFY2(clock.elapsed() >= 19000, qPrintable(QString::number(clock.elapsed())));
        QVERIFY(f.highLevel->http()->rateLimiter()->snapshot().dailyRemaining > 0);
    }

    void aPagedReadCanBeCancelled()
    {
        SandboxOptions options;
        options.latencyMs = 150;
        SandboxFixture f(options);
        QVERIFY(f.started);
        ApiError error;
        bool done = false;
        ApiCall *read = f.highLevel->readAllContacts({}, this, [&](const Result<QList<Contact>> &r) {
            error = r.error();
            done = true;
        });
        QTRY_VERIFY(f.highLevelStats().requests >= 1);
        read->cancel();
        QTRY_VERIFY(done);
        QCOMPARE(error.kind(), ApiError::Kind::Cancelled);
        QTest::qWait(400);
        QVERIFY(f.highLevelStats().requests <= 2);
    }
};

QTEST_GUILESS_MAIN(tst_HighLevelClient)
#include "tst_highlevel_client.moc"
