#include "FirstRunWizard.h"

#include "ConnectionEditDialog.h"

#include "store/ConnectionStore.h"

#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

// A page that is complete once a connection of its service exists.
class ServicePage : public QWizardPage
{
public:
    ServicePage(ConnectionStore *store, ConnectionProfile::Service service, QWidget *parent)
        : QWizardPage(parent)
        , m_store(store)
        , m_service(service)
        , m_status(new QLabel(this))
    {
        const bool ghl = service == ConnectionProfile::Service::HighLevel;
        setTitle(ghl ? FirstRunWizard::tr("Your HighLevel sub-account") : FirstRunWizard::tr("Your LaunchDarkly account"));
        setSubTitle(ghl ? FirstRunWizard::tr("FlagBridge needs the sub-account's location id and a Private Integration Token "
                                             "(HighLevel → Settings → Private Integrations) with the contacts scopes.")
                        : FirstRunWizard::tr("FlagBridge needs an access token (Organization settings → Authorization; a service "
                                             "token with the Writer role is best) and the project and environment to work in."));
        auto *layout = new QVBoxLayout(this);
        auto *add = new QPushButton(ghl ? FirstRunWizard::tr("Add the &HighLevel connection…") : FirstRunWizard::tr("Add the &LaunchDarkly connection…"), this);
        m_status->setWordWrap(true);
        layout->addWidget(add);
        layout->addWidget(m_status);
        layout->addStretch(1);
        connect(add, &QPushButton::clicked, this, [this] {
            ConnectionProfile p;
            p.service = m_service;
            p.id = ConnectionProfile::newId(m_service);
            auto *dialog = new ConnectionEditDialog(m_store, p, true, this);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            dialog->open();
        });
        connect(m_store, &ConnectionStore::profilesChanged, this, [this] {
            refresh();
            Q_EMIT completeChanged();
        });
        refresh();
    }

    bool isComplete() const override { return !m_store->profiles(m_service).isEmpty(); }
    QString profileId() const
    {
        const QList<ConnectionProfile> list = m_store->profiles(m_service);
        return list.isEmpty() ? QString() : list.constLast().id;
    }

private:
    void refresh()
    {
        const QList<ConnectionProfile> list = m_store->profiles(m_service);
        m_status->setText(list.isEmpty() ? FirstRunWizard::tr("No connection yet.")
                                         : FirstRunWizard::tr("Saved: %1").arg(list.constLast().name));
    }

    ConnectionStore *m_store;
    ConnectionProfile::Service m_service;
    QLabel *m_status;
};

} // namespace

FirstRunWizard::FirstRunWizard(ConnectionStore *store, QWidget *parent)
    : QWizard(parent)
    , m_store(store)
    , m_demo(new QRadioButton(tr("&Try the demo workspace: a local sandbox with generated contacts and a LaunchDarkly project. Nothing leaves this computer."), this))
{
    setWindowTitle(tr("Welcome to FlagBridge"));
    setObjectName(u"firstRunWizard"_s);
    auto *welcome = new QWizardPage(this);
    welcome->setTitle(tr("Welcome to FlagBridge"));
    welcome->setSubTitle(tr("FlagBridge binds HighLevel contacts to LaunchDarkly feature flags: tags and fields decide who gets a feature, and flag outcomes flow back into the CRM."));
    auto *layout = new QVBoxLayout(welcome);
    auto *connect = new QRadioButton(tr("&Connect my HighLevel sub-account and LaunchDarkly account"), this);
    m_demo->setChecked(true);
    layout->addWidget(m_demo);
    layout->addWidget(connect);
    layout->addStretch(1);
    setPage(WelcomePage, welcome);
    auto *ghl = new ServicePage(store, ConnectionProfile::Service::HighLevel, this);
    auto *ld = new ServicePage(store, ConnectionProfile::Service::LaunchDarkly, this);
    setPage(HighLevelPage, ghl);
    setPage(LaunchDarklyPage, ld);
    welcome->setFinalPage(true);
    QObject::connect(m_demo, &QRadioButton::toggled, this, [welcome](bool demo) { welcome->setFinalPage(demo); });
    QObject::connect(this, &QWizard::currentIdChanged, this, [this](int id) {
        // From the welcome page with the demo chosen, "Next" is not offered: Finish opens it.
        button(QWizard::NextButton)->setEnabled(!(id == WelcomePage && m_demo->isChecked()));
    });
    QObject::connect(m_demo, &QRadioButton::toggled, this, [this](bool demo) {
        if (currentId() == WelcomePage)
            button(QWizard::NextButton)->setEnabled(!demo);
    });
    button(QWizard::NextButton)->setEnabled(false);
}

bool FirstRunWizard::demoChosen() const
{
    return m_demo->isChecked();
}

QString FirstRunWizard::highLevelId() const
{
    const QList<ConnectionProfile> list = m_store->profiles(ConnectionProfile::Service::HighLevel);
    return list.isEmpty() ? QString() : list.constLast().id;
}

QString FirstRunWizard::launchDarklyId() const
{
    const QList<ConnectionProfile> list = m_store->profiles(ConnectionProfile::Service::LaunchDarkly);
    return list.isEmpty() ? QString() : list.constLast().id;
}
