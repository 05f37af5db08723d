#pragma once

#include <QMainWindow>

class ContactsPane;
class LaunchDarklyPane;
class MappingPane;
class MessageBar;
class QLabel;
class QTabWidget;
class SyncDialog;
class Workspace;

// The window: contacts, LaunchDarkly and the mapping editor side by side in tabs, a message bar
// for errors, and the Sync action.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(Workspace *workspace, QWidget *parent = nullptr);

    ContactsPane *contactsPane() const { return m_contacts; }
    LaunchDarklyPane *launchDarklyPane() const { return m_launchDarkly; }
    MappingPane *mappingPane() const { return m_mapping; }
    MessageBar *messageBar() const { return m_messages; }
    QTabWidget *tabs() const { return m_tabs; }
    SyncDialog *openSyncDialog();

Q_SIGNALS:
    void connectionsRequested();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void updateStatus();
    void refreshAll();

    Workspace *m_workspace;
    MessageBar *m_messages;
    QTabWidget *m_tabs;
    ContactsPane *m_contacts;
    LaunchDarklyPane *m_launchDarkly;
    MappingPane *m_mapping;
    QLabel *m_connectionStatus;
    QLabel *m_budgetStatus;
};
