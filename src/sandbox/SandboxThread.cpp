#include "SandboxThread.h"

#include "Sandbox.h"

#include <QMetaObject>

SandboxThread::SandboxThread(const SandboxOptions &options, QObject *parent)
    : QThread(parent)
    , m_options(options)
{
    setObjectName(QStringLiteral("SandboxThread"));
}

SandboxThread::~SandboxThread()
{
    stop();
}

bool SandboxThread::startAndWait(QString *error)
{
    if (!m_started) {
        m_started = true;
        start();
        m_ready.acquire();
    }
    QMutexLocker lock(&m_mutex);
    if (error)
        *error = m_error;
    return m_error.isEmpty() && m_endpoints.isValid();
}

void SandboxThread::stop()
{
    if (!isRunning())
        return;
    quit();
    wait();
}

SandboxEndpoints SandboxThread::endpoints() const
{
    QMutexLocker lock(&m_mutex);
    return m_endpoints;
}

void SandboxThread::runInSandbox(const std::function<void(Sandbox &)> &function)
{
    Sandbox *sandbox = nullptr;
    {
        QMutexLocker lock(&m_mutex);
        sandbox = m_sandbox;
    }
    if (!sandbox)
        return;
    if (QThread::currentThread() == this) {
        function(*sandbox);
        return;
    }
    QMetaObject::invokeMethod(
        sandbox, [&function, sandbox]() { function(*sandbox); }, Qt::BlockingQueuedConnection);
}

void SandboxThread::run()
{
    Sandbox sandbox(m_options);
    QString error;
    const bool ok = sandbox.start(&error);
    {
        QMutexLocker lock(&m_mutex);
        m_error = ok ? QString() : error;
        m_endpoints = ok ? sandbox.endpoints() : SandboxEndpoints();
        m_sandbox = ok ? &sandbox : nullptr;
    }
    m_ready.release();
    if (ok)
        exec();
    QMutexLocker lock(&m_mutex);
    m_sandbox = nullptr;
}
