#pragma once

#include "ghl/HighLevelConnection.h"
#include "ld/LaunchDarklyConnection.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>

class ConnectionStore;
class CredentialStore;
class MainWindow;
class Workspace;

// Decides what the app opens (the demo, the connections from the environment, the saved ones,
// or the first-run wizard), reads tokens from the keychain without blocking, and replaces the
// window when the user switches connections.
class AppController : public QObject
{
    Q_OBJECT

public:
    // What the demo workspace provides; `keepAlive` holds the sandbox for as long as it is used.
    struct Demo
    {
        HighLevelConnection highLevel;
        LaunchDarklyConnection launchDarkly;
        QString databasePath;
        std::shared_ptr<void> keepAlive;
        QString error;
    };
    using DemoFactory = std::function<Demo()>;

    AppController(ConnectionStore *store, DemoFactory demoFactory, QObject *parent = nullptr);
    ~AppController() override;

    // --demo, then FLAGBRIDGE_* variables, then the last-used saved pair, else the wizard.
    void start(bool demo);
    void openDemo();
    void openProfiles(const QString &highLevelId, const QString &launchDarklyId);
    void openConnections(const HighLevelConnection &highLevel, const LaunchDarklyConnection &launchDarkly,
                         const QString &databasePath, bool demo);
    void showConnections();
    void showFirstRun();

    MainWindow *window() const { return m_window; }
    Workspace *workspace() const { return m_workspace.get(); }

Q_SIGNALS:
    void windowReady(MainWindow *window);
    // Nothing to open (the user closed the wizard): the app quits.
    void quitRequested();

private:
    void reportProblem(const QString &message);
    void watchTokens(const QString &highLevelId, const QString &launchDarklyId);

    ConnectionStore *m_store;
    DemoFactory m_demoFactory;
    std::shared_ptr<void> m_demoKeepAlive;
    std::unique_ptr<Workspace> m_workspace;
    QPointer<MainWindow> m_window;
};
