#include "SandboxFixture.h"

#include "ghl/HighLevelOAuth.h"
#include "store/ConnectionStore.h"
#include "store/OAuthSession.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

// HighLevel sign-in with the user's own Marketplace app: the browser step (played here by a
// QNetworkAccessManager following the sandbox's consent redirect to the loopback listener),
// the code exchange, a daily token that expires, its renewal with a rotated refresh token.
class tst_OAuth : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        qputenv("XDG_CONFIG_HOME", m_home.filePath(u"config"_s).toUtf8());
        qputenv("FLAGBRIDGE_DATA_DIR", m_home.filePath(u"data"_s).toUtf8());
        QCoreApplication::setOrganizationName(u"FlagBridge-tests"_s);
        QCoreApplication::setApplicationName(u"OAuth"_s);
        qRegisterMetaType<OAuthTokens>();
    }

    void signInThenRenewAnExpiredToken()
    {
        SandboxFixture f;
        QVERIFY(f.started);
        f.thread.runInSandbox([](Sandbox &s) {
            s.highLevel()->addOAuthApp(u"my-app"_s, u"my-app-secret"_s);
            HighLevelOptions o = s.highLevel()->options();
            o.oauthAccessTokenSeconds = 2; // a "day" of two seconds
            s.highLevel()->setOptions(o);
        });

        HighLevelOAuth oauth(f.ghl.baseUrl, u"my-app"_s, u"my-app-secret"_s);
        QNetworkAccessManager browser;
        browser.setRedirectPolicy(QNetworkRequest::NoLessSafeRedirectPolicy);
        QUrl consentPage;
        connect(&oauth, &HighLevelOAuth::openBrowser, this, [&](const QUrl &url) {
            consentPage = url;
            // The user approves: the consent page redirects to FlagBridge's listener.
            QNetworkReply *reply = browser.get(QNetworkRequest(url));
            connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
        });
        QSignalSpy authorized(&oauth, &HighLevelOAuth::authorized);
        QSignalSpy failed(&oauth, &HighLevelOAuth::failed);
        QString error;
        QVERIFY2(oauth.authorize(HighLevelOAuth::defaultScopes(), 0, &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(authorized.size() == 1 || failed.size() == 1, 20000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        QVERIFY(consentPage.path().endsWith(u"/oauth/chooselocation"_s));
        QVERIFY(QUrlQuery(consentPage).queryItemValue(u"scope"_s).contains(u"contacts.write"_s));
        const OAuthTokens tokens = authorized.first().first().value<OAuthTokens>();
        QVERIFY(!tokens.accessToken.isEmpty());
        QVERIFY(!tokens.refreshToken.isEmpty());
        QCOMPARE(tokens.locationId, f.ghl.locationId);

        // Saved as an OAuth connection (in the unencrypted file here, to need no keychain).
        CredentialStore credentials(u"FlagBridge-tests"_s);
        ConnectionStore store(&credentials);
        ConnectionProfile p;
        p.id = u"oauth-connection"_s;
        p.name = u"OAuth"_s;
        p.baseUrl = f.ghl.baseUrl;
        p.locationId = tokens.locationId;
        p.authMethod = ConnectionProfile::AuthMethod::OAuth;
        p.oauthClientId = u"my-app"_s;
        p.storage = ConnectionProfile::SecretStorage::UnencryptedFile;
        bool saved = false;
        store.save(p, {{ConnectionProfile::kToken, tokens.accessToken}, {ConnectionProfile::kClientSecret, u"my-app-secret"_s},
                       {ConnectionProfile::kRefreshToken, tokens.refreshToken}},
                   this, [&](const CredentialStore::Outcome &o) { saved = o.ok(); });
        QTRY_VERIFY(saved);

        HighLevelClient client(p.highLevelConnection(tokens.accessToken));
        OAuthSession session(&store, p, client.http());
        QSignalSpy renewed(&session, &OAuthSession::renewed);
        auto first = SandboxFixture::wait<ContactPage>([&](QObject *c, auto cb) { client.searchContacts({}, {}, 1, c, cb); });
        QVERIFY2(first.isOk(), qPrintable(first.error().message()));
        QCOMPARE(renewed.size(), 0);

        QTest::qWait(2500); // the access token expires
        auto second = SandboxFixture::wait<ContactPage>([&](QObject *c, auto cb) { client.searchContacts({}, {}, 1, c, cb); });
        QVERIFY2(second.isOk(), qPrintable(second.error().message()));
        QCOMPARE(renewed.size(), 1);

        // The rotated refresh token was saved; the spent one no longer works.
        QHash<QString, QString> secrets;
        bool read = false;
        store.readSecrets(p, this, [&](const QHash<QString, QString> &s, const CredentialStore::Outcome &) { secrets = s; read = true; });
        QTRY_VERIFY(read);
        QVERIFY(secrets.value(ConnectionProfile::kRefreshToken) != tokens.refreshToken);
        QVERIFY(secrets.value(ConnectionProfile::kToken) != tokens.accessToken);
        auto spent = SandboxFixture::wait<OAuthTokens>([&](QObject *c, auto cb) { oauth.refresh(tokens.refreshToken, c, cb); });
        QVERIFY(!spent.isOk());
        QVERIFY2(spent.error().message().contains(u"Sign in with HighLevel again"_s), qPrintable(spent.error().message()));
    }
};

QTEST_GUILESS_MAIN(tst_OAuth)
#include "tst_oauth.moc"
