#include "ConnectionEditDialog.h"

#include "ui_ConnectionEditDialog.h"

#include "ghl/HighLevelClient.h"
#include "ghl/HighLevelOAuth.h"
#include "ld/LaunchDarklyClient.h"
#include "net/HttpClient.h"
#include "store/ConnectionStore.h"
#include "store/UnencryptedSecrets.h"

#include <QAction>
#include <QIcon>
#include <QDesktopServices>
#include <QDir>
#include <QMessageBox>
#include <QPushButton>
#include <QStyle>

using namespace Qt::StringLiterals;

ConnectionEditDialog::ConnectionEditDialog(ConnectionStore *store, const ConnectionProfile &profile, bool isNew, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::ConnectionEditDialog>())
    , m_store(store)
    , m_profile(profile)
    , m_isNew(isNew)
{
    m_ui->setupUi(this);
    const bool ghl = profile.service == ConnectionProfile::Service::HighLevel;
    setWindowTitle(isNew ? (ghl ? tr("Add a HighLevel connection") : tr("Add a LaunchDarkly connection"))
                         : tr("Edit %1").arg(profile.name));
    m_ui->highLevelGroup->setVisible(ghl);
    m_ui->launchDarklyGroup->setVisible(!ghl);
    m_ui->name->setText(profile.name);
    m_ui->locationId->setText(profile.locationId);
    m_ui->authMethod->setCurrentIndex(profile.authMethod == ConnectionProfile::AuthMethod::OAuth ? 1 : 0);
    m_ui->clientId->setText(profile.oauthClientId);
    m_ui->instance->setCurrentIndex(int(profile.instance));
    m_ui->project->setEditText(profile.projectKey);
    m_ui->environment->setEditText(profile.environmentKey);
    m_ui->baseUrl->setText(profile.effectiveBaseUrl().toString());
    m_ui->unencrypted->setChecked(profile.storage == ConnectionProfile::SecretStorage::UnencryptedFile);
    m_ui->checks->header()->setStretchLastSection(true);
    m_ui->checks->setColumnWidth(0, 300);
    m_ui->checks->setColumnWidth(1, 80);
    m_ui->token->setObjectName(u"token"_s);
    m_ui->token->setPlaceholderText(isNew ? (ghl ? tr("Paste the sub-account's Private Integration Token")
                                                 : tr("Paste a LaunchDarkly access token (a service token is best)"))
                                          : tr("Saved: leave empty to keep the saved token"));
    // The eye reveals only what is typed here; a saved token is never shown back.
    QAction *reveal = m_ui->token->addAction(QIcon(u":/icons/reveal.svg"_s), QLineEdit::TrailingPosition);
    reveal->setCheckable(true);
    reveal->setToolTip(tr("Show the token you typed"));
    connect(reveal, &QAction::toggled, this, [this](bool on) {
        m_ui->token->setEchoMode(on ? QLineEdit::Normal : QLineEdit::Password);
    });

    connect(m_ui->authMethod, &QComboBox::currentIndexChanged, this, &ConnectionEditDialog::updateVisibility);
    connect(m_ui->instance, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (index != int(LaunchDarklyConnection::Instance::Custom))
            m_ui->baseUrl->setText(LaunchDarklyConnection::urlFor(LaunchDarklyConnection::Instance(index)).toString());
        updateVisibility();
    });
    connect(m_ui->unencrypted, &QCheckBox::toggled, this, &ConnectionEditDialog::updateVisibility);
    connect(m_ui->test, &QPushButton::clicked, this, &ConnectionEditDialog::test);
    connect(m_ui->signIn, &QPushButton::clicked, this, &ConnectionEditDialog::signIn);
    connect(m_ui->buttons, &QDialogButtonBox::accepted, this, &ConnectionEditDialog::save);
    connect(m_ui->buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateVisibility();
}

ConnectionEditDialog::~ConnectionEditDialog() = default;

QString ConnectionEditDialog::testSummary() const
{
    return m_ui->testSummary->text();
}

void ConnectionEditDialog::updateVisibility()
{
    const bool ghl = m_profile.service == ConnectionProfile::Service::HighLevel;
    const bool oauth = ghl && m_ui->authMethod->currentIndex() == 1;
    for (QWidget *w : {static_cast<QWidget *>(m_ui->clientIdLabel), static_cast<QWidget *>(m_ui->clientId),
                       static_cast<QWidget *>(m_ui->clientSecretLabel), static_cast<QWidget *>(m_ui->clientSecret),
                       static_cast<QWidget *>(m_ui->signIn)})
        w->setVisible(oauth);
    m_ui->signIn->setToolTip(tr("Opens HighLevel in your browser to approve access; FlagBridge receives the answer on this computer. "
                                "Register %1 as a redirect URI of your Marketplace app.")
                                 .arg(HighLevelOAuth::redirectUri(HighLevelOAuth::kDefaultCallbackPort)));
    m_ui->tokenLabel->setText(oauth ? tr("Access &token:") : tr("&Token:"));
    // The address is only worth showing for custom LaunchDarkly instances (and the sandbox).
    const bool custom = !ghl && m_ui->instance->currentIndex() == int(LaunchDarklyConnection::Instance::Custom);
    const bool nonDefault = ghl && m_ui->baseUrl->text() != HighLevelConnection().baseUrl.toString();
    m_ui->baseUrl->setVisible(custom || nonDefault);
    m_ui->addressLabel->setVisible(custom || nonDefault);
    m_ui->storageNote->setText(m_ui->unencrypted->isChecked()
                                   ? tr("⚠ The token will be written unencrypted to %1. Anyone who can read your files can use it.")
                                         .arg(QDir::toNativeSeparators(UnencryptedSecrets::defaultPath()))
                                   : tr("The token is kept in your system's keychain, never in a file."));
}

QString ConnectionEditDialog::typedToken() const
{
    return m_ui->token->text().trimmed();
}

ConnectionProfile ConnectionEditDialog::profile() const
{
    ConnectionProfile p = m_profile;
    p.name = m_ui->name->text().trimmed();
    if (m_tokenExpiry.isValid())
        p.accessTokenExpiry = m_tokenExpiry;
    p.storage = m_ui->unencrypted->isChecked() ? ConnectionProfile::SecretStorage::UnencryptedFile
                                               : ConnectionProfile::SecretStorage::Keychain;
    if (p.service == ConnectionProfile::Service::HighLevel) {
        p.locationId = m_ui->locationId->text().trimmed();
        p.authMethod = m_ui->authMethod->currentIndex() == 1 ? ConnectionProfile::AuthMethod::OAuth
                                                             : ConnectionProfile::AuthMethod::PrivateIntegrationToken;
        p.oauthClientId = m_ui->clientId->text().trimmed();
        const QUrl url(m_ui->baseUrl->text().trimmed());
        p.baseUrl = url == HighLevelConnection().baseUrl ? QUrl() : url;
    } else {
        p.instance = LaunchDarklyConnection::Instance(m_ui->instance->currentIndex());
        p.baseUrl = p.instance == LaunchDarklyConnection::Instance::Custom ? QUrl(m_ui->baseUrl->text().trimmed()) : QUrl();
        p.projectKey = m_ui->project->currentData().toString().isEmpty() ? m_ui->project->currentText().trimmed()
                                                                          : m_ui->project->currentData().toString();
        p.environmentKey = m_ui->environment->currentData().toString().isEmpty() ? m_ui->environment->currentText().trimmed()
                                                                                  : m_ui->environment->currentData().toString();
    }
    return p;
}

bool ConnectionEditDialog::validate(QString *problem) const
{
    const ConnectionProfile p = profile();
    if (p.name.isEmpty())
        *problem = tr("Give the connection a name.");
    else if (p.service == ConnectionProfile::Service::HighLevel && p.locationId.isEmpty())
        *problem = tr("Enter the sub-account's location id.");
    else if (m_isNew && typedToken().isEmpty())
        *problem = tr("Paste the token.");
    else if (!HttpClient::isAllowedUrl(p.effectiveBaseUrl()))
        *problem = tr("The address must start with https:// (plain http only to this computer).");
    return problem->isEmpty();
}

void ConnectionEditDialog::test()
{
    QString problem;
    const ConnectionProfile p = profile();
    if (!HttpClient::isAllowedUrl(p.effectiveBaseUrl())) {
        m_ui->testSummary->setText(tr("The address must start with https:// (plain http only to this computer)."));
        return;
    }
    if (!typedToken().isEmpty() || m_isNew) {
        runTest(typedToken());
        return;
    }
    // Test the saved token without ever putting it on screen.
    m_ui->testSummary->setText(tr("Reading the saved token…"));
    m_store->readSecrets(m_profile, this, [this](const QHash<QString, QString> &secrets, const CredentialStore::Outcome &o) {
        if (!o.ok()) {
            m_ui->testSummary->setText(o.message);
            return;
        }
        runTest(secrets.value(ConnectionProfile::kToken));
    });
}

void ConnectionEditDialog::runTest(const QString &token)
{
    if (token.isEmpty()) {
        m_ui->testSummary->setText(tr("Paste the token first."));
        return;
    }
    delete m_testContext;
    auto *context = new QObject(this);
    m_testContext = context;
    m_testing = true;
    m_ui->test->setEnabled(false);
    m_ui->checks->clear();
    m_ui->testSummary->setText(tr("Testing…"));
    const ConnectionProfile p = profile();
    auto finish = [this, context](const ConnectionTester::Report &report) {
        m_testing = false;
        m_ui->test->setEnabled(true);
        showReport(report);
        Q_EMIT tested(report);
        context->deleteLater();
    };
    if (p.service == ConnectionProfile::Service::HighLevel) {
        auto *client = new HighLevelClient(p.highLevelConnection(token), context);
        client->http()->setRetryLimits(1, 1);
        ConnectionTester::testHighLevel(client, context, finish);
    } else {
        auto *client = new LaunchDarklyClient(p.launchDarklyConnection(token), context);
        client->http()->setRetryLimits(1, 1);
        ConnectionTester::testLaunchDarkly(client, p.projectKey, p.environmentKey, context, [this, finish, p, token](const ConnectionTester::Report &report) {
            finish(report);
            if (report.tokenWorks) {
                auto *lister = new LaunchDarklyClient(p.launchDarklyConnection(token), this);
                loadProjects(lister);
            }
        });
    }
}

void ConnectionEditDialog::showReport(const ConnectionTester::Report &report)
{
    m_ui->testSummary->setText(report.summary);
    m_ui->checks->clear();
    for (const ConnectionTester::Check &c : report.checks) {
        QString detail = c.detail;
        if (!c.disables.isEmpty())
            detail = tr("Without it: %1.").arg(c.disables) + (detail.isEmpty() ? QString() : u" ("_s + detail + u')');
        auto *item = new QTreeWidgetItem(m_ui->checks, {c.what, ConnectionTester::stateName(c.state), detail});
        item->setToolTip(2, detail);
        const QStyle::StandardPixmap icon = c.state == ConnectionTester::Check::State::Ok ? QStyle::SP_DialogApplyButton
                                            : c.state == ConnectionTester::Check::State::Skipped ? QStyle::SP_DialogNoButton
                                                                                                   : QStyle::SP_MessageBoxWarning;
        item->setIcon(1, style()->standardIcon(icon));
    }
}

void ConnectionEditDialog::loadProjects(LaunchDarklyClient *client)
{
    client->listProjects(client, [this, client](const Result<QList<LdProject>> &r) {
        if (!r.isOk()) {
            client->deleteLater();
            return;
        }
        const QString current = profile().projectKey;
        m_ui->project->clear();
        for (const LdProject &p : r.value())
            m_ui->project->addItem(tr("%1 (%2)").arg(p.name, p.key), p.key);
        int index = m_ui->project->findData(current);
        if (index < 0 && !current.isEmpty()) {
            m_ui->project->addItem(current, current);
            index = m_ui->project->count() - 1;
        }
        m_ui->project->setCurrentIndex(std::max(0, index));
        const QString project = m_ui->project->currentData().toString();
        client->listEnvironments(project, client, [this, client](const Result<QList<LdEnvironment>> &envs) {
            client->deleteLater();
            if (!envs.isOk())
                return;
            const QString currentEnv = profile().environmentKey;
            m_ui->environment->clear();
            for (const LdEnvironment &e : envs.value())
                m_ui->environment->addItem(tr("%1 (%2)").arg(e.name, e.key), e.key);
            m_ui->environment->setCurrentIndex(std::max(0, m_ui->environment->findData(currentEnv)));
        });
    });
}

void ConnectionEditDialog::save()
{
    QString problem;
    if (!validate(&problem)) {
        QMessageBox::warning(this, windowTitle(), problem);
        return;
    }
    const ConnectionProfile p = profile();
    QHash<QString, QString> secrets;
    if (!typedToken().isEmpty())
        secrets.insert(ConnectionProfile::kToken, typedToken());
    if (p.authMethod == ConnectionProfile::AuthMethod::OAuth && !m_ui->clientSecret->text().isEmpty())
        secrets.insert(ConnectionProfile::kClientSecret, m_ui->clientSecret->text());
    if (p.authMethod == ConnectionProfile::AuthMethod::OAuth && !m_refreshToken.isEmpty())
        secrets.insert(ConnectionProfile::kRefreshToken, m_refreshToken);
    m_ui->buttons->setEnabled(false);
    m_store->save(p, secrets, this, [this, p](const CredentialStore::Outcome &o) {
        m_ui->buttons->setEnabled(true);
        if (o.ok()) {
            m_profile = p;
            Q_EMIT saved(p);
            accept();
            return;
        }
        // The dialog stays open with everything typed: nothing is lost.
        if (o.status == CredentialStore::Status::NoBackend && !m_ui->unencrypted->isChecked()) {
            QMessageBox box(QMessageBox::Warning, tr("No keychain"), o.message, QMessageBox::NoButton, this);
            QPushButton *plain = box.addButton(tr("Store it unencrypted"), QMessageBox::AcceptRole);
            box.addButton(QMessageBox::Cancel);
            box.setInformativeText(tr("You can also install or unlock a keyring and save again."));
            box.exec();
            if (box.clickedButton() == plain) {
                m_ui->unencrypted->setChecked(true);
                save();
            }
            return;
        }
        QMessageBox::warning(this, windowTitle(), o.message);
    });
}

HighLevelOAuth *ConnectionEditDialog::oauth() const
{
    return m_oauth.data();
}

void ConnectionEditDialog::signIn()
{
    const ConnectionProfile p = profile();
    if (p.oauthClientId.isEmpty() || m_ui->clientSecret->text().isEmpty()) {
        m_ui->testSummary->setText(tr("Enter your Marketplace app's client id and client secret first."));
        return;
    }
    delete m_oauth;
    m_oauth = new HighLevelOAuth(p.effectiveBaseUrl(), p.oauthClientId, m_ui->clientSecret->text(), this);
    connect(m_oauth, &HighLevelOAuth::openBrowser, this, [this](const QUrl &url) {
        m_ui->testSummary->setText(tr("Approve access in your browser. If no browser opened, visit: %1").arg(url.toString()));
        QDesktopServices::openUrl(url);
    });
    connect(m_oauth, &HighLevelOAuth::authorized, this, [this](const OAuthTokens &t) {
        m_ui->token->setText(t.accessToken);
        if (m_ui->locationId->text().trimmed().isEmpty())
            m_ui->locationId->setText(t.locationId);
        m_refreshToken = t.refreshToken;
        m_tokenExpiry = t.expiresAt;
        m_ui->testSummary->setText(tr("Signed in with HighLevel. Save to keep the connection; FlagBridge renews the sign-in by itself."));
        m_ui->signIn->setEnabled(true);
    });
    connect(m_oauth, &HighLevelOAuth::failed, this, [this](const QString &message) {
        m_ui->testSummary->setText(message);
        m_ui->signIn->setEnabled(true);
    });
    QString error;
    m_ui->signIn->setEnabled(false);
    if (!m_oauth->authorize(HighLevelOAuth::defaultScopes(), HighLevelOAuth::kDefaultCallbackPort, &error)) {
        m_ui->testSummary->setText(error);
        m_ui->signIn->setEnabled(true);
    }
}
