#include "DemoWorkspace.h"

#include "SandboxThread.h"

#include <QDir>

using namespace Qt::StringLiterals;

DemoWorkspace::DemoWorkspace(const SandboxOptions &options)
    : m_sandbox(std::make_unique<SandboxThread>(options))
    , m_dataDir(QDir::tempPath() + u"/flagbridge-demo-XXXXXX"_s)
{
}

DemoWorkspace::~DemoWorkspace() = default;

bool DemoWorkspace::start(QString *error)
{
    if (!m_dataDir.isValid()) {
        *error = tr("Cannot create a scratch folder for the demo: %1").arg(m_dataDir.errorString());
        return false;
    }
    QString sandboxError;
    if (!m_sandbox->startAndWait(&sandboxError)) {
        *error = tr("The demo sandbox could not start: %1").arg(sandboxError);
        return false;
    }
    return true;
}

HighLevelConnection DemoWorkspace::highLevelConnection() const
{
    const SandboxEndpoints e = m_sandbox->endpoints();
    HighLevelConnection c;
    c.id = u"demo-highlevel"_s;
    c.name = tr("Demo sub-account");
    c.baseUrl = e.highLevelBaseUrl;
    c.locationId = e.locationId;
    c.token = e.highLevelToken;
    return c;
}

LaunchDarklyConnection DemoWorkspace::launchDarklyConnection() const
{
    const SandboxEndpoints e = m_sandbox->endpoints();
    LaunchDarklyConnection c;
    c.id = u"demo-launchdarkly"_s;
    c.name = tr("Demo LaunchDarkly account");
    c.baseUrl = e.launchDarklyBaseUrl;
    c.token = e.launchDarklyToken;
    c.projectKey = e.launchDarklyProject;
    c.environmentKey = e.launchDarklyEnvironment;
    return c;
}

QString DemoWorkspace::databasePath() const
{
    return m_dataDir.filePath(u"flagbridge.sqlite"_s);
}
