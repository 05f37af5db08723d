#include "Sandbox.h"

#include "DemoDataGenerator.h"
#include "FakeHighLevel.h"
#include "FakeLaunchDarkly.h"
#include "SandboxLogging.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QTimeZone>

Sandbox::Sandbox(const SandboxOptions &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_highLevel(new FakeHighLevel(this))
    , m_launchDarkly(new FakeLaunchDarkly(this))
{
    HighLevelOptions ghl = m_highLevel->options();
    ghl.rateLimits = options.rateLimits;
    ghl.burstLimit = options.highLevelBurstLimit;
    ghl.dailyLimit = options.highLevelDailyLimit;
    m_highLevel->setOptions(ghl);
    LaunchDarklyOptions ld = m_launchDarkly->options();
    ld.rateLimits = options.rateLimits;
    m_launchDarkly->setOptions(ld);
    m_highLevel->setLatency(options.latencyMs);
    m_launchDarkly->setLatency(options.latencyMs);
}

Sandbox::~Sandbox() = default;

bool Sandbox::start(QString *error)
{
    if (m_running)
        return true;
    QElapsedTimer timer;
    timer.start();
    DemoDataGenerator generator(m_options.seed, m_options.contacts);
    if (m_options.anchor > 0)
        generator.setAnchor(m_options.anchor);
    HighLevelDataSet ghl = generator.highLevel();
    const LaunchDarklyDataSet ld = generator.launchDarkly(ghl);
    if (m_options.scheduleRelativeToToday) {
        const qint64 day = 86400000;
        const qint64 today = QDateTime::currentMSecsSinceEpoch() / day * day;
        const qint64 shift = (today - generator.anchor()) / day * day;
        for (HighLevelAppointment &a : ghl.appointments) {
            a.startTime += shift;
            a.endTime += shift;
            a.dateAdded += shift;
            a.dateUpdated += shift;
        }
        for (HighLevelTask &t : ghl.tasks)
            t.dueDate += shift;
    }
    m_highLevel->load(ghl, m_options.seed);
    m_launchDarkly->load(ld, m_options.seed);
    qCDebug(lcSandbox) << "generated" << m_options.contacts << "contacts in" << timer.elapsed()
                       << "ms";

    const quint16 launchDarklyPort = m_options.port == 0 ? 0 : quint16(m_options.port + 1);
    if (!m_highLevel->listenOn(m_options.address, m_options.port)) {
        if (error)
            *error = tr("Cannot listen on %1 port %2 for the HighLevel sandbox.")
                         .arg(m_options.address.toString())
                         .arg(m_options.port);
        return false;
    }
    if (!m_launchDarkly->listenOn(m_options.address, launchDarklyPort)) {
        if (error)
            *error = tr("Cannot listen on %1 port %2 for the LaunchDarkly sandbox.")
                         .arg(m_options.address.toString())
                         .arg(launchDarklyPort);
        return false;
    }
    m_running = true;
    return true;
}

SandboxEndpoints Sandbox::endpoints() const
{
    SandboxEndpoints e;
    e.highLevelBaseUrl = highLevelBaseUrl();
    e.highLevelToken = highLevelToken();
    e.locationId = locationId();
    e.launchDarklyBaseUrl = launchDarklyBaseUrl();
    e.launchDarklyToken = launchDarklyToken();
    e.launchDarklyProject = launchDarklyProject();
    e.launchDarklyEnvironment = launchDarklyEnvironment();
    return e;
}

QUrl Sandbox::highLevelBaseUrl() const
{
    return m_running ? m_highLevel->baseUrl() : QUrl();
}

QUrl Sandbox::launchDarklyBaseUrl() const
{
    return m_running ? m_launchDarkly->baseUrl() : QUrl();
}

QString Sandbox::highLevelToken() const
{
    return m_highLevel->token();
}

QString Sandbox::launchDarklyToken() const
{
    return m_launchDarkly->token();
}

QString Sandbox::locationId() const
{
    return m_highLevel->locationId();
}

void Sandbox::resetStats()
{
    m_highLevel->resetStats();
    m_launchDarkly->resetStats();
}
