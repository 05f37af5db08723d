#include "MainWindow.h"

#include "Workspace.h"
#include "common/MessageBar.h"
#include "contacts/ContactsPane.h"
#include "launchdarkly/LaunchDarklyPane.h"
#include "mapping/MappingPane.h"
#include "sync/SyncDialog.h"

#include "common/Version.h"
#include "ghl/HighLevelClient.h"
#include "ld/LaunchDarklyClient.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QSplitter>
#include <QToolBar>
#include <QVBoxLayout>

MainWindow::MainWindow(Workspace *workspace, QWidget *parent)
    : QMainWindow(parent)
    , m_workspace(workspace)
    , m_messages(new MessageBar(this))
    , m_tabs(new QTabWidget(this))
    , m_contacts(new ContactsPane(workspace, m_messages, this))
    , m_launchDarkly(new LaunchDarklyPane(workspace, m_messages, this))
    , m_mapping(new MappingPane(workspace, m_messages, this))
    , m_connectionStatus(new QLabel(this))
    , m_budgetStatus(new QLabel(this))
{
    setWindowTitle(workspace->isDemo() ? tr("FlagBridge — demo workspace") : tr("FlagBridge"));
    setObjectName(QStringLiteral("mainWindow"));
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_messages);
    m_tabs->setObjectName(QStringLiteral("mainTabs"));
    m_tabs->addTab(m_contacts, tr("Contacts"));
    m_tabs->addTab(m_launchDarkly, tr("LaunchDarkly"));
    m_tabs->addTab(m_mapping, tr("Mapping"));
    layout->addWidget(m_tabs, 1);
    setCentralWidget(central);

    statusBar()->addWidget(m_connectionStatus, 1);
    statusBar()->addPermanentWidget(m_budgetStatus);
    createActions();

    connect(m_workspace, &Workspace::errorOccurred, this, [this](const ApiError &e) {
        m_messages->showMessage(MessageBar::Kind::Error, e.message());
    });
    connect(m_workspace, &Workspace::environmentChanged, this, &MainWindow::updateStatus);
    connect(m_workspace->highLevel()->http()->rateLimiter(), &RateLimiter::snapshotChanged, this, &MainWindow::updateStatus);
    connect(m_mapping, &MappingPane::syncRequested, this, &MainWindow::openSyncDialog);
    connect(m_mapping, &MappingPane::modifiedChanged, this, [this](bool modified) { setWindowModified(modified); });
    updateStatus();

    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_contacts->splitter()->restoreState(settings.value(QStringLiteral("window/contactsSplitter")).toByteArray());
    if (!settings.contains(QStringLiteral("window/geometry")))
        resize(1280, 800);

    m_workspace->loadReferenceData();
    m_contacts->refresh();
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *open = file->addAction(tr("&Open mapping…"));
    open->setShortcut(QKeySequence::Open);
    connect(open, &QAction::triggered, this, [this] {
        m_tabs->setCurrentWidget(m_mapping);
        m_mapping->openWithDialog();
    });
    QAction *save = file->addAction(tr("&Save mapping"));
    save->setShortcut(QKeySequence::Save);
    connect(save, &QAction::triggered, m_mapping, &MappingPane::save);
    file->addSeparator();
    QAction *connections = file->addAction(tr("&Connections…"));
    connections->setObjectName(QStringLiteral("connectionsAction"));
    connect(connections, &QAction::triggered, this, &MainWindow::connectionsRequested);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    const QStringList names{tr("&Contacts"), tr("&LaunchDarkly"), tr("&Mapping")};
    for (int i = 0; i < names.size(); ++i) {
        QAction *a = view->addAction(names.at(i));
        a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
        connect(a, &QAction::triggered, this, [this, i] { m_tabs->setCurrentIndex(i); });
    }
    view->addSeparator();
    QAction *refresh = view->addAction(style()->standardIcon(QStyle::SP_BrowserReload), tr("&Refresh"));
    refresh->setShortcut(QKeySequence::Refresh);
    connect(refresh, &QAction::triggered, this, &MainWindow::refreshAll);
    QAction *find = view->addAction(tr("&Find contacts"));
    find->setShortcut(QKeySequence::Find);
    connect(find, &QAction::triggered, this, [this] {
        m_tabs->setCurrentWidget(m_contacts);
        m_contacts->focusSearch();
    });

    QMenu *syncMenu = menuBar()->addMenu(tr("&Sync"));
    QAction *sync = syncMenu->addAction(style()->standardIcon(QStyle::SP_MediaPlay), tr("&Sync now…"));
    sync->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    sync->setObjectName(QStringLiteral("syncAction"));
    connect(sync, &QAction::triggered, this, &MainWindow::openSyncDialog);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(tr("&About FlagBridge"));
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, [this] {
        QString version = QStringLiteral(FLAGBRIDGE_VERSION);
        if (qstrlen(FLAGBRIDGE_GIT_REVISION) > 0)
            version += QStringLiteral(" (") + QLatin1String(FLAGBRIDGE_GIT_REVISION) + QLatin1Char(')');
        QMessageBox::about(this, tr("About FlagBridge"),
                           tr("<h3>FlagBridge %1</h3><p>Binds HighLevel contacts to LaunchDarkly feature flags.</p>"
                              "<p>Built with Qt %2.</p>").arg(version.toHtmlEscaped(), QString::fromLatin1(qVersion())));
    });

    QToolBar *bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(refresh);
    bar->addAction(sync);
}

SyncDialog *MainWindow::openSyncDialog()
{
    Mapping mapping = m_mapping->mapping();
    if (mapping.bindings.isEmpty()) {
        m_tabs->setCurrentWidget(m_mapping);
        m_messages->showMessage(MessageBar::Kind::Information,
                                tr("The mapping has no bindings yet: add one (which contacts → which segment), then sync."));
        return nullptr;
    }
    // A mapping without its own project and environment syncs the ones in view.
    if (mapping.projectKey.isEmpty()) {
        mapping.projectKey = m_workspace->projectKey();
        mapping.environmentKey = m_workspace->environmentKey();
    }
    auto *dialog = new SyncDialog(m_workspace, mapping, m_mapping->filePath(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &SyncDialog::applied, m_workspace, &Workspace::launchDarklyChanged);
    connect(dialog, &SyncDialog::applied, this, [this, mapping] {
        // Show the result where it landed: the first binding's segment.
        for (const Binding &b : mapping.bindings) {
            if (b.enabled && b.kind == Binding::Kind::Segment) {
                m_launchDarkly->showSegment(b.segmentKey);
                break;
            }
        }
    });
    dialog->open();
    return dialog;
}

void MainWindow::refreshAll()
{
    m_messages->dismiss();
    m_workspace->loadReferenceData();
    m_contacts->refresh();
    m_launchDarkly->refresh();
}

void MainWindow::updateStatus()
{
    const HighLevelConnection &ghl = m_workspace->highLevel()->connection();
    QString text = tr("HighLevel: %1 · LaunchDarkly: %2 / %3")
                       .arg(ghl.name.isEmpty() ? ghl.locationId : ghl.name, m_workspace->projectKey(), m_workspace->environmentKey());
    if (m_workspace->isDemo())
        text = tr("Demo workspace (local sandbox) · %1").arg(text);
    m_connectionStatus->setText(text);
    const RateLimitSnapshot s = m_workspace->highLevel()->http()->rateLimiter()->snapshot();
    if (s.burstRemaining >= 0)
        m_budgetStatus->setText(tr("HighLevel budget: %1/%2 per 10 s, %3 today")
                                    .arg(s.burstRemaining)
                                    .arg(s.burstMax)
                                    .arg(s.dailyRemaining));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_mapping->isModified()) {
        const auto answer = QMessageBox::question(this, tr("Unsaved mapping"),
                                                  tr("The mapping has changes that are not saved. Save them before closing?"),
                                                  QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
        if (answer == QMessageBox::Cancel || (answer == QMessageBox::Save && !m_mapping->save())) {
            event->ignore();
            return;
        }
    }
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/contactsSplitter"), m_contacts->splitter()->saveState());
    event->accept();
}
