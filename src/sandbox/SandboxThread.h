#pragma once

#include "SandboxEndpoints.h"
#include "SandboxOptions.h"

#include <QMutex>
#include <QSemaphore>
#include <QThread>
#include <functional>

class Sandbox;

// Runs a Sandbox in its own thread, so that a GUI in the main thread never waits on a fake
// server (and a test's client and the server do not share an event loop). startAndWait() blocks
// on a semaphore until both ports listen; no event loop is spun meanwhile.
//
//   SandboxThread thread(options);
//   if (!thread.startAndWait(&error)) ...
//   connect to thread.endpoints()...
//   thread.runInSandbox([](Sandbox &s) { s.highLevel()->addFault(...); });
class SandboxThread : public QThread
{
    Q_OBJECT

public:
    explicit SandboxThread(const SandboxOptions &options = SandboxOptions(),
                           QObject *parent = nullptr);
    ~SandboxThread() override; // stops the sandbox and joins the thread

    bool startAndWait(QString *error = nullptr);
    void stop();
    SandboxEndpoints endpoints() const;

    // Calls `function` in the sandbox's thread and waits for it to return: the way to inject
    // faults, change options or read state and stats of a sandbox running in this thread.
    // Must not be called from the sandbox's own thread's handlers.
    void runInSandbox(const std::function<void(Sandbox &)> &function);

protected:
    void run() override;

private:
    SandboxOptions m_options;
    QSemaphore m_ready;
    mutable QMutex m_mutex;
    SandboxEndpoints m_endpoints;
    QString m_error;
    bool m_started = false;
    Sandbox *m_sandbox = nullptr; // owned by run(), valid while the thread's event loop runs
};
