#include "AppController.h"

#include "MainWindow.h"
#include "Workspace.h"
#include "connections/ConnectionsDialog.h"
#include "connections/FirstRunWizard.h"
#include "mapping/MappingPane.h"

#include "ghl/HighLevelClient.h"
#include "ld/LaunchDarklyClient.h"
#include "mapping/MappingFile.h"
#include "store/ConnectionStore.h"
#include "store/EnvironmentConnections.h"
#include "store/LocalDatabase.h"
#include "store/OAuthSession.h"

#include <QApplication>
#include <QFile>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>

using namespace Qt::StringLiterals;

AppController::AppController(ConnectionStore *store, DemoFactory demoFactory, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_demoFactory(std::move(demoFactory))
{
}

AppController::~AppController()
{
    delete m_window;
}

void AppController::start(bool demo)
{
    if (demo) {
        openDemo();
        return;
    }
    if (EnvironmentConnections::present()) {
        HighLevelConnection ghl;
        LaunchDarklyConnection ld;
        QString error;
        if (!EnvironmentConnections::read(&ghl, &ld, &error)) {
            QMessageBox::critical(nullptr, tr("FlagBridge"), error);
            Q_EMIT quitRequested();
            return;
        }
        openConnections(ghl, ld, LocalDatabase::defaultPath(), false);
        return;
    }
    QSettings settings;
    const QString ghlId = settings.value(u"workspace/highLevel"_s).toString();
    const QString ldId = settings.value(u"workspace/launchDarkly"_s).toString();
    const auto ghl = m_store->profile(ghlId) ? m_store->profile(ghlId)
                                             : (m_store->profiles(ConnectionProfile::Service::HighLevel).isEmpty()
                                                    ? std::nullopt
                                                    : std::optional(m_store->profiles(ConnectionProfile::Service::HighLevel).first()));
    const auto ld = m_store->profile(ldId) ? m_store->profile(ldId)
                                           : (m_store->profiles(ConnectionProfile::Service::LaunchDarkly).isEmpty()
                                                  ? std::nullopt
                                                  : std::optional(m_store->profiles(ConnectionProfile::Service::LaunchDarkly).first()));
    if (ghl && ld)
        openProfiles(ghl->id, ld->id);
    else
        showFirstRun();
}

void AppController::showFirstRun()
{
    auto *wizard = new FirstRunWizard(m_store);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    connect(wizard, &QWizard::finished, this, [this, wizard](int result) {
        if (result != QDialog::Accepted) {
            if (!m_window)
                Q_EMIT quitRequested();
            return;
        }
        if (wizard->demoChosen())
            openDemo();
        else
            openProfiles(wizard->highLevelId(), wizard->launchDarklyId());
    });
    wizard->show();
}

void AppController::openDemo()
{
    Demo demo = m_demoFactory ? m_demoFactory() : Demo{};
    if (!demo.error.isEmpty() || !demo.highLevel.baseUrl.isValid()) {
        reportProblem(demo.error.isEmpty() ? tr("The demo workspace is not available in this build.") : demo.error);
        return;
    }
    m_demoKeepAlive = demo.keepAlive;
    openConnections(demo.highLevel, demo.launchDarkly, demo.databasePath, true);
    QFile example(u":/examples/demo.flagbridge.json"_s);
    if (m_window && example.open(QIODevice::ReadOnly)) {
        const MappingFile::LoadResult r = MappingFile::parse(example.readAll());
        if (r.ok())
            m_window->mappingPane()->setMapping(r.mapping, QString());
    }
}

void AppController::openProfiles(const QString &highLevelId, const QString &launchDarklyId)
{
    const auto ghl = m_store->profile(highLevelId);
    const auto ld = m_store->profile(launchDarklyId);
    if (!ghl || !ld) {
        showConnections();
        return;
    }
    // Both tokens come from the keychain, asynchronously: a prompt never freezes the app.
    m_store->readSecrets(*ghl, this, [this, ghl, ld](const QHash<QString, QString> &ghlSecrets, const CredentialStore::Outcome &o) {
        if (!o.ok()) {
            reportProblem(tr("The token of \"%1\" could not be read. %2").arg(ghl->name, o.message));
            return;
        }
        m_store->readSecrets(*ld, this, [this, ghl, ld, ghlSecrets](const QHash<QString, QString> &ldSecrets, const CredentialStore::Outcome &o2) {
            if (!o2.ok()) {
                reportProblem(tr("The token of \"%1\" could not be read. %2").arg(ld->name, o2.message));
                return;
            }
            QSettings settings;
            settings.setValue(u"workspace/highLevel"_s, ghl->id);
            settings.setValue(u"workspace/launchDarkly"_s, ld->id);
            openConnections(ghl->highLevelConnection(ghlSecrets.value(ConnectionProfile::kToken)),
                            ld->launchDarklyConnection(ldSecrets.value(ConnectionProfile::kToken)), LocalDatabase::defaultPath(), false);
            if (!m_workspace)
                return;
            if (OAuthSession::needed(*ghl))
                new OAuthSession(m_store, *ghl, m_workspace->highLevel()->http(), m_workspace.get());
            watchTokens(ghl->id, ld->id);
        });
    });
}

void AppController::openConnections(const HighLevelConnection &highLevel, const LaunchDarklyConnection &launchDarkly,
                                    const QString &databasePath, bool demo)
{
    // The old window goes first: its panes hold the old workspace's clients.
    if (m_window) {
        m_window->close();
        delete m_window;
    }
    m_workspace = std::make_unique<Workspace>(highLevel, launchDarkly, databasePath);
    m_workspace->setDemo(demo);
    QString error;
    if (!m_workspace->openDatabase(&error)) {
        reportProblem(error);
        return;
    }
    m_window = new MainWindow(m_workspace.get());
    m_window->setAttribute(Qt::WA_DeleteOnClose, false);
    connect(m_window, &MainWindow::connectionsRequested, this, &AppController::showConnections);
    m_window->show();
    Q_EMIT windowReady(m_window);
}

void AppController::watchTokens(const QString &highLevelId, const QString &launchDarklyId)
{
    // A token that starts failing is flagged in the connections list; one that works again is not.
    auto watch = [this](HttpClient *http, const QString &id) {
        connect(http, &HttpClient::responseReceived, this, [this, id](const HttpRequest &, const HttpResponse &r) {
            if (r.status == 401 || r.status == 403)
                m_store->markFailing(id, r.error.message());
            else if (r.status >= 200 && r.status < 300)
                m_store->clearFailing(id);
        });
    };
    watch(m_workspace->highLevel()->http(), highLevelId);
    watch(m_workspace->launchDarkly()->http(), launchDarklyId);
}

void AppController::showConnections()
{
    auto *dialog = new ConnectionsDialog(m_store, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    QSettings settings;
    dialog->selectPair(settings.value(u"workspace/highLevel"_s).toString(), settings.value(u"workspace/launchDarkly"_s).toString());
    connect(dialog, &ConnectionsDialog::openRequested, this, &AppController::openProfiles);
    connect(dialog, &QDialog::rejected, this, [this] {
        if (!m_window)
            Q_EMIT quitRequested();
    });
    dialog->show();
}

void AppController::reportProblem(const QString &message)
{
    QMessageBox box(QMessageBox::Warning, tr("FlagBridge"), message, QMessageBox::NoButton, m_window);
    QPushButton *connections = box.addButton(tr("Connections…"), QMessageBox::AcceptRole);
    QPushButton *demo = box.addButton(tr("Try the demo workspace"), QMessageBox::ActionRole);
    box.addButton(m_window ? QMessageBox::Close : QMessageBox::Abort);
    box.exec();
    if (box.clickedButton() == connections)
        showConnections();
    else if (box.clickedButton() == demo)
        openDemo();
    else if (!m_window)
        Q_EMIT quitRequested();
}
