#pragma once

#include "SandboxEndpoints.h"
#include "SandboxOptions.h"

#include <QObject>

class FakeHighLevel;
class FakeLaunchDarkly;

// Both fakes with generated demo data, listening on loopback. Lives in the thread that creates
// it; for a GUI, run it in a SandboxThread. Safe to create and destroy repeatedly.
//
//   Sandbox sandbox;                    // 2,500 contacts, seed 42, free ports
//   sandbox.highLevel()->setOptions(...) // optional, before or after start()
//   if (!sandbox.start(&error)) ...
//   sandbox.endpoints().highLevelBaseUrl
class Sandbox : public QObject
{
    Q_OBJECT

public:
    explicit Sandbox(const SandboxOptions &options = SandboxOptions(), QObject *parent = nullptr);
    ~Sandbox() override;

    // Generates the data, loads both fakes and listens. False (and a message) when a port is
    // taken.
    bool start(QString *error = nullptr);
    bool isRunning() const { return m_running; }
    SandboxOptions options() const { return m_options; }

    SandboxEndpoints endpoints() const;
    QUrl highLevelBaseUrl() const;
    QUrl launchDarklyBaseUrl() const;
    QString highLevelToken() const;
    QString launchDarklyToken() const;
    QString locationId() const;
    QString launchDarklyProject() const { return QStringLiteral("demo-app"); }
    QString launchDarklyEnvironment() const { return QStringLiteral("production"); }

    FakeHighLevel *highLevel() const { return m_highLevel; }
    FakeLaunchDarkly *launchDarkly() const { return m_launchDarkly; }

    void resetStats(); // both fakes

private:
    SandboxOptions m_options;
    FakeHighLevel *m_highLevel;
    FakeLaunchDarkly *m_launchDarkly;
    bool m_running = false;
};
