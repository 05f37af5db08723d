#pragma once

#include "store/ConnectionProfile.h"

#include <QDialog>

class ConnectionStore;
class QComboBox;
class QPushButton;
class QTreeWidget;

// Every saved connection, with add, edit, duplicate, delete and test, flags for tokens that
// started failing or live unencrypted, and the pair to work with.
class ConnectionsDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ConnectionsDialog(ConnectionStore *store, QWidget *parent = nullptr);

    void selectPair(const QString &highLevelId, const QString &launchDarklyId);
    QString chosenHighLevel() const;
    QString chosenLaunchDarkly() const;
    QTreeWidget *list() const { return m_list; }

    void addConnection(ConnectionProfile::Service service);
    void editSelected();
    void duplicateSelected();
    void deleteSelected();

Q_SIGNALS:
    // The user asked to work with this pair now.
    void openRequested(const QString &highLevelId, const QString &launchDarklyId);

private:
    void reload();
    QString selectedId() const;

    ConnectionStore *m_store;
    QTreeWidget *m_list;
    QComboBox *m_highLevel;
    QComboBox *m_launchDarkly;
    QPushButton *m_open;
};
