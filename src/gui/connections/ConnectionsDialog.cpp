#include "ConnectionsDialog.h"

#include "ConnectionEditDialog.h"

#include "store/ConnectionStore.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

ConnectionsDialog::ConnectionsDialog(ConnectionStore *store, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_list(new QTreeWidget(this))
    , m_highLevel(new QComboBox(this))
    , m_launchDarkly(new QComboBox(this))
    , m_open(new QPushButton(tr("&Open with these"), this))
{
    setWindowTitle(tr("Connections"));
    resize(820, 460);
    auto *layout = new QVBoxLayout(this);
    m_list->setHeaderLabels({tr("Name"), tr("Service"), tr("Where"), tr("Status")});
    m_list->setRootIsDecorated(false);
    m_list->setObjectName(u"connectionList"_s);
    m_list->header()->setStretchLastSection(true);
    auto *buttons = new QHBoxLayout;
    auto *addGhl = new QPushButton(tr("Add &HighLevel…"), this);
    auto *addLd = new QPushButton(tr("Add &LaunchDarkly…"), this);
    auto *edit = new QPushButton(tr("&Edit…"), this);
    auto *duplicate = new QPushButton(tr("D&uplicate"), this);
    auto *remove = new QPushButton(tr("&Delete"), this);
    for (QPushButton *b : {addGhl, addLd, edit, duplicate, remove})
        buttons->addWidget(b);
    buttons->addStretch(1);
    layout->addWidget(m_list, 1);
    layout->addLayout(buttons);
    auto *pair = new QFormLayout;
    pair->addRow(tr("Work with HighLevel:"), m_highLevel);
    pair->addRow(tr("and LaunchDarkly:"), m_launchDarkly);
    layout->addLayout(pair);
    auto *box = new QDialogButtonBox(QDialogButtonBox::Close, this);
    box->addButton(m_open, QDialogButtonBox::AcceptRole);
    layout->addWidget(box);

    connect(addGhl, &QPushButton::clicked, this, [this] { addConnection(ConnectionProfile::Service::HighLevel); });
    connect(addLd, &QPushButton::clicked, this, [this] { addConnection(ConnectionProfile::Service::LaunchDarkly); });
    connect(edit, &QPushButton::clicked, this, &ConnectionsDialog::editSelected);
    connect(m_list, &QTreeWidget::itemActivated, this, &ConnectionsDialog::editSelected);
    connect(duplicate, &QPushButton::clicked, this, &ConnectionsDialog::duplicateSelected);
    connect(remove, &QPushButton::clicked, this, &ConnectionsDialog::deleteSelected);
    connect(box, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_open, &QPushButton::clicked, this, [this] {
        Q_EMIT openRequested(chosenHighLevel(), chosenLaunchDarkly());
        accept();
    });
    connect(m_store, &ConnectionStore::profilesChanged, this, &ConnectionsDialog::reload);
    reload();
}

void ConnectionsDialog::reload()
{
    const QString selected = selectedId();
    const QString ghl = chosenHighLevel();
    const QString ld = chosenLaunchDarkly();
    m_list->clear();
    m_highLevel->clear();
    m_launchDarkly->clear();
    for (const ConnectionProfile &p : m_store->profiles()) {
        const bool isGhl = p.service == ConnectionProfile::Service::HighLevel;
        const QString where = isGhl ? tr("location %1").arg(p.locationId)
                                    : tr("%1 / %2 on %3").arg(p.projectKey, p.environmentKey, p.effectiveBaseUrl().host());
        QStringList status;
        if (p.failingSince.isValid())
            status << tr("Token refused since %1").arg(QLocale().toString(p.failingSince.toLocalTime(), QLocale::ShortFormat));
        if (p.storage == ConnectionProfile::SecretStorage::UnencryptedFile)
            status << tr("Token stored unencrypted");
        if (status.isEmpty())
            status << tr("Keychain");
        auto *item = new QTreeWidgetItem(m_list, {p.name, p.serviceName(), where, status.join(u"; "_s)});
        item->setData(0, Qt::UserRole, p.id);
        if (p.failingSince.isValid() || p.storage == ConnectionProfile::SecretStorage::UnencryptedFile) {
            item->setIcon(3, style()->standardIcon(QStyle::SP_MessageBoxWarning));
            item->setToolTip(3, p.failure);
        }
        if (p.id == selected)
            m_list->setCurrentItem(item);
        (isGhl ? m_highLevel : m_launchDarkly)->addItem(p.name, p.id);
    }
    m_list->header()->resizeSections(QHeaderView::ResizeToContents);
    selectPair(ghl, ld);
    m_open->setEnabled(m_highLevel->count() > 0 && m_launchDarkly->count() > 0);
}

void ConnectionsDialog::selectPair(const QString &highLevelId, const QString &launchDarklyId)
{
    const int g = m_highLevel->findData(highLevelId);
    if (g >= 0)
        m_highLevel->setCurrentIndex(g);
    const int l = m_launchDarkly->findData(launchDarklyId);
    if (l >= 0)
        m_launchDarkly->setCurrentIndex(l);
}

QString ConnectionsDialog::chosenHighLevel() const
{
    return m_highLevel->currentData().toString();
}

QString ConnectionsDialog::chosenLaunchDarkly() const
{
    return m_launchDarkly->currentData().toString();
}

QString ConnectionsDialog::selectedId() const
{
    return m_list->currentItem() ? m_list->currentItem()->data(0, Qt::UserRole).toString() : QString();
}

void ConnectionsDialog::addConnection(ConnectionProfile::Service service)
{
    ConnectionProfile p;
    p.service = service;
    p.id = ConnectionProfile::newId(service);
    auto *dialog = new ConnectionEditDialog(m_store, p, true, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void ConnectionsDialog::editSelected()
{
    const auto p = m_store->profile(selectedId());
    if (!p)
        return;
    auto *dialog = new ConnectionEditDialog(m_store, *p, false, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void ConnectionsDialog::duplicateSelected()
{
    const auto p = m_store->profile(selectedId());
    if (!p)
        return;
    m_store->duplicate(p->id, tr("%1 (copy)").arg(p->name), this, [this](const ConnectionProfile &, const CredentialStore::Outcome &o) {
        if (!o.ok())
            QMessageBox::warning(this, tr("Duplicate"), o.message);
    });
}

void ConnectionsDialog::deleteSelected()
{
    const auto p = m_store->profile(selectedId());
    if (!p)
        return;
    const auto answer = QMessageBox::question(this, tr("Delete connection"),
                                              tr("Delete \"%1\" and its saved token? Mappings that name it will need another connection.").arg(p->name));
    if (answer != QMessageBox::Yes)
        return;
    m_store->remove(p->id, this, [this](const CredentialStore::Outcome &o) {
        if (!o.ok())
            QMessageBox::warning(this, tr("Delete connection"),
                                 tr("The connection was removed, but its token could not be deleted from the keychain: %1").arg(o.message));
    });
}
