#include "ScriptedHttpServer.h"

#include "ghl/HighLevelClient.h"
#include "ld/LaunchDarklyClient.h"
#include "net/HttpClient.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

class tst_HttpClient : public QObject
{
    Q_OBJECT

private:
    static HttpResponse sendAndWait(HttpClient &client, HttpRequest request, int timeoutMs = 15000)
    {
        HttpCall *call = client.send(std::move(request));
        HttpResponse result;
        bool done = false;
        QObject::connect(call, &ApiCall::finished, call, [&] {
            result = call->response();
            done = true;
        });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(done, timeoutMs); }();
        return result;
    }

    static HttpRequest get(const QString &path)
    {
        HttpRequest r;
        r.path = path;
        r.operation = u"test"_s;
        return r;
    }

private Q_SLOTS:
    void sendsAuthVersionAndUserAgentHeaders()
    {
        ScriptedHttpServer server;
        server.script = {ScriptedHttpServer::json(200, "{\"contact\":{\"id\":\"c1\"}}")};
        HighLevelConnection c{u"id"_s, u"n"_s, QUrl(server.baseUrl()), u"loc1"_s, u"secret-token"_s};
        HighLevelClient client(c);
        bool done = false;
        client.getContact(u"c1"_s, this, [&](const Result<Contact> &r) {
            QVERIFY(r.isOk());
            QCOMPARE(r.value().id, u"c1"_s);
            done = true;
        });
        QTRY_VERIFY(done);
        QCOMPARE(server.received.size(), 1);
        const auto &req = server.received.first();
        QCOMPARE(req.header("Authorization"), QByteArray("Bearer secret-token"));
        QCOMPARE(req.header("Version"), QByteArray("2021-07-28"));
        QVERIFY(req.header("User-Agent").startsWith("FlagBridge/"));
        QCOMPARE(req.target, QByteArray("/contacts/c1"));
    }

    void launchDarklyGetsRawTokenAndApiVersion()
    {
        ScriptedHttpServer server;
        server.script = {ScriptedHttpServer::json(200, R"({"items":[{"key":"p","name":"P"}],"totalCount":1})")};
        LaunchDarklyConnection c;
        c.baseUrl = QUrl(server.baseUrl());
        c.token = u"ld-secret"_s;
        LaunchDarklyClient client(c);
        bool done = false;
        client.listProjects(this, [&](const Result<QList<LdProject>> &r) {
            QVERIFY(r.isOk());
            QCOMPARE(r.value().size(), 1);
            done = true;
        });
        QTRY_VERIFY(done);
        QCOMPARE(server.received.first().header("Authorization"), QByteArray("ld-secret"));
        QCOMPARE(server.received.first().header("LD-API-Version"), QByteArray("20240415"));
    }

    void plusSignsArePercentEncodedInQueries()
    {
        ScriptedHttpServer server;
        server.script = {ScriptedHttpServer::json(200, "{}")};
        HttpClient client(Service::HighLevel, QUrl(server.baseUrl()));
        HttpRequest r = get(u"/contacts/search/duplicate"_s);
        r.addQuery(u"email"_s, u"test+abc@gmail.com"_s);
        r.addQuery(u"number"_s, u"+1423164516"_s);
        sendAndWait(client, r);
        QCOMPARE(server.received.first().target,
                 QByteArray("/contacts/search/duplicate?email=test%2Babc%40gmail.com&number=%2B1423164516"));
    }

    void refusesPlainHttpToOtherHosts()
    {
        HttpClient client(Service::HighLevel, QUrl(u"http://example.com"_s));
        client.setAuthorization("Bearer x");
        const HttpResponse r = sendAndWait(client, get(u"/contacts/1"_s));
        QCOMPARE(r.error.kind(), ApiError::Kind::InsecureUrl);
        QVERIFY(r.error.message().contains(u"https"_s));
        QVERIFY(HttpClient::isAllowedUrl(QUrl(u"https://services.leadconnectorhq.com"_s)));
        QVERIFY(HttpClient::isAllowedUrl(QUrl(u"http://127.0.0.1:5000"_s)));
        QVERIFY(HttpClient::isAllowedUrl(QUrl(u"http://[::1]:5000"_s)));
        QVERIFY(!HttpClient::isAllowedUrl(QUrl(u"http://10.0.0.1"_s)));
        QVERIFY(!HttpClient::isAllowedUrl(QUrl(u"ftp://127.0.0.1"_s)));
    }

    void retriesIdempotentRequestsAfter5xx()
    {
        ScriptedHttpServer server;
        server.script = {ScriptedHttpServer::json(503, "{}"), ScriptedHttpServer::json(502, "{}"),
                         ScriptedHttpServer::json(200, "{\"ok\":true}")};
        HttpClient client(Service::HighLevel, QUrl(server.baseUrl()));
        client.setRetryBaseDelay(10);
        const HttpResponse r = sendAndWait(client, get(u"/x"_s));
        QVERIFY(r.ok());
        QCOMPARE(r.attempts, 3);
        QCOMPARE(client.counters().retries, 2);
    }

    void neverRetriesANonIdempotentWriteAfter5xx()
    {
        ScriptedHttpServer server;
        server.script = {ScriptedHttpServer::json(500, R"({"statusCode":500,"message":"boom"})"),
                         ScriptedHttpServer::json(201, "{}")};
        HttpClient client(Service::HighLevel, QUrl(server.baseUrl()));
        client.setErrorDecoder(&HighLevelClient::decodeError);
        client.setRetryBaseDelay(10);
        HttpRequest r = get(u"/contacts/"_s);
        r.method = "POST";
        r.idempotent = false;
        r.body = "{}";
        const HttpResponse resp = sendAndWait(client, r);
        QCOMPARE(resp.error.httpStatus(), 500);
        QCOMPARE(server.received.size(), 1);
        QVERIFY(resp.error.message().contains(u"boom"_s));
        QVERIFY(resp.error.message().contains(u"may or may not"_s));
    }

    void waitsAsTheServerSaysAfter429()
    {
        ScriptedHttpServer server;
        server.script = {ScriptedHttpServer::json(429, R"({"code":"rate_limited","message":"slow down"})", {{"Retry-After", "1"}}),
                         ScriptedHttpServer::json(200, "{}")};
        HttpClient client(Service::LaunchDarkly, QUrl(server.baseUrl()));
        QElapsedTimer t;
        t.start();
        const HttpResponse r = sendAndWait(client, get(u"/api/v2/projects"_s));
        QVERIFY(r.ok());
        QVERIFY2(t.elapsed() >= 950, qPrintable(QString::number(t.elapsed())));
        QCOMPARE(client.counters().rateLimited, 1);
        QCOMPARE(client.rateLimiter()->snapshot().waitCount, 1);
    }

    void droppedConnectionIsRetriedThenReported()
    {
        ScriptedHttpServer server;
        ScriptedHttpServer::Reply drop;
        drop.drop = true;
        server.script = {drop};
        HttpClient client(Service::HighLevel, QUrl(server.baseUrl()));
        client.setRetryBaseDelay(10);
        const HttpResponse r = sendAndWait(client, get(u"/x"_s));
        QCOMPARE(r.error.kind(), ApiError::Kind::Network);
        // The first try and three retries of ours; Qt may resend once more on its own.
        QCOMPARE(client.counters().total, 4);
        QVERIFY(server.received.size() >= 4);
    }

    void postWhoseAnswerIsLostIsSentOnlyOnce()
    {
        // Qt would quietly send the request again after the connection closed; for a POST the
        // server carried out, that is a second task. It must arrive once and say so.
        ScriptedHttpServer server;
        ScriptedHttpServer::Reply drop;
        drop.drop = true;
        ScriptedHttpServer::Reply created;
        created.status = 201;
        created.body = "{}";
        server.script = {drop, created};
        HttpClient client(Service::HighLevel, QUrl(server.baseUrl()));
        client.setRetryBaseDelay(10);
        HttpRequest post;
        post.method = "POST";
        post.path = u"/contacts/abc/tasks"_s;
        post.body = R"({"title":"Call back"})";
        post.idempotent = false;
        post.operation = u"create the task"_s;
        const HttpResponse r = sendAndWait(client, post);
        QCOMPARE(r.error.kind(), ApiError::Kind::Network);
        QVERIFY2(r.error.message().contains(u"may or may not have been made"_s), qPrintable(r.error.message()));
        QVERIFY2(r.error.message().contains(u"closed before the answer"_s), qPrintable(r.error.message()));
        QTest::qWait(200);
        QCOMPARE(server.received.size(), 1);
        QCOMPARE(server.received.first().body, post.body);
        QCOMPARE(client.counters().total, 1);

        // The next one goes through normally on a new connection, body and all.
        const HttpResponse again = sendAndWait(client, post);
        QVERIFY(again.ok());
        QCOMPARE(server.received.size(), 2);
        QCOMPARE(server.received.last().body, post.body);
    }

    void timeoutIsReportedAsSuch()
    {
        ScriptedHttpServer server;
        ScriptedHttpServer::Reply silent;
        silent.silent = true;
        server.script = {silent};
        HttpClient client(Service::HighLevel, QUrl(server.baseUrl()));
        client.setTransferTimeout(300);
        client.setRetryLimits(0, 0);
        const HttpResponse r = sendAndWait(client, get(u"/x"_s));
        QCOMPARE(r.error.kind(), ApiError::Kind::Timeout);
        QVERIFY(r.error.message().contains(u"no answer"_s));
    }

    void cancelReportsCancelledOnce()
    {
        ScriptedHttpServer server;
        ScriptedHttpServer::Reply silent;
        silent.silent = true;
        server.script = {silent};
        HttpClient client(Service::HighLevel, QUrl(server.baseUrl()));
        HttpCall *call = client.send(get(u"/x"_s));
        QSignalSpy finished(call, &ApiCall::finished);
        HttpResponse result;
        connect(call, &ApiCall::finished, this, [&] { result = call->response(); });
        QTRY_COMPARE(server.received.size(), 1);
        call->cancel();
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(result.error.kind(), ApiError::Kind::Cancelled);
    }

    void highLevelErrorsCarryMessageAndHint_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("inMessage");
        QTest::newRow("401 invalid") << 401 << QByteArray(R"({"statusCode":401,"message":"Invalid JWT"})") << u"Private Integration"_s;
        QTest::newRow("401 scope") << 401 << QByteArray(R"({"statusCode":401,"message":"The token is not authorized for this scope."})") << u"scope"_s;
        QTest::newRow("403 location") << 403 << QByteArray(R"({"statusCode":403,"message":"The token does not have access to this location."})") << u"location id"_s;
        QTest::newRow("422 array") << 422 << QByteArray(R"({"statusCode":422,"message":["property x should not exist","y must be a string"],"error":"Unprocessable Entity"})") << u"property x should not exist; y must be a string"_s;
        QTest::newRow("400 duplicate") << 400 << QByteArray(R"({"statusCode":400,"message":"This location does not allow duplicated contacts.","meta":{"contactId":"abc","matchingField":"email"}})") << u"(id abc)"_s;
        QTest::newRow("not json") << 502 << QByteArray("<html>Bad gateway</html>") << u"Bad gateway"_s;
    }

    void highLevelErrorsCarryMessageAndHint()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QString, inMessage);
        ScriptedHttpServer server;
        server.script = {ScriptedHttpServer::json(status, body)};
        HighLevelConnection c{u"id"_s, u"n"_s, QUrl(server.baseUrl()), u"loc"_s, u"t"_s};
        HighLevelClient client(c);
        client.http()->setRetryLimits(0, 0);
        ApiError error;
        bool done = false;
        client.getContact(u"x"_s, this, [&](const Result<Contact> &r) {
            error = r.error();
            done = true;
        });
        QTRY_VERIFY(done);
        QCOMPARE(error.httpStatus(), status);
        QVERIFY2(error.message().contains(inMessage), qPrintable(error.message()));
        QVERIFY(!error.message().contains(u"Bearer"_s));
    }

    void malformedJsonIsAClearError()
    {
        ScriptedHttpServer server;
        // Cut off mid-string. (Not a raw string literal: moc mis-parses one with an odd quote count.)
        server.script = {ScriptedHttpServer::json(200, "{\"contact\":{\"id\":\"c1\", \"na")};
        HighLevelConnection c{u"id"_s, u"n"_s, QUrl(server.baseUrl()), u"loc"_s, u"t"_s};
        HighLevelClient client(c);
        ApiError error;
        bool done = false;
        client.getContact(u"c1"_s, this, [&](const Result<Contact> &r) {
            error = r.error();
            done = true;
        });
        QTRY_VERIFY(done);
        QCOMPARE(error.kind(), ApiError::Kind::BadResponse);
        QVERIFY2(error.message().contains(u"malformed JSON"_s), qPrintable(error.message()));
    }
};

QTEST_GUILESS_MAIN(tst_HttpClient)
#include "tst_httpclient.moc"
