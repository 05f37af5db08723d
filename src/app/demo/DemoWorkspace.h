#pragma once

#include "ghl/HighLevelConnection.h"
#include "ld/LaunchDarklyConnection.h"

#include "SandboxOptions.h"

#include <QCoreApplication>
#include <QTemporaryDir>

#include <memory>

class SandboxThread;

// The demo workspace: the sandbox running in its own thread, connections that point at it
// (ids "demo-highlevel" and "demo-launchdarkly", as the example mapping names them), and a
// scratch folder for the local database, so that a demo never touches the user's real data.
class DemoWorkspace
{
    Q_DECLARE_TR_FUNCTIONS(DemoWorkspace)

public:
    explicit DemoWorkspace(const SandboxOptions &options = SandboxOptions());
    ~DemoWorkspace();

    bool start(QString *error);

    HighLevelConnection highLevelConnection() const;
    LaunchDarklyConnection launchDarklyConnection() const;
    QString databasePath() const;
    SandboxThread *sandbox() const { return m_sandbox.get(); }

private:
    std::unique_ptr<SandboxThread> m_sandbox;
    QTemporaryDir m_dataDir;
};
