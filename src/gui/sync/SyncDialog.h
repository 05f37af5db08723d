#pragma once

#include "mapping/Mapping.h"

#include <QDialog>
#include <QPointer>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTreeWidget;
class SyncRun;
class Workspace;

// Plan → preview → apply → result, in one window. Nothing is written until the user presses
// Apply; large removals need an extra confirmation; Cancel stops at any point.
class SyncDialog : public QDialog
{
    Q_OBJECT

public:
    SyncDialog(Workspace *workspace, const Mapping &mapping, const QString &mappingPath, QWidget *parent = nullptr);
    ~SyncDialog() override;

    SyncRun *run() const;
    QPushButton *applyButton() const { return m_apply; }
    QTreeWidget *changes() const { return m_changes; }
    QString summaryText() const;

Q_SIGNALS:
    void applied();

protected:
    void reject() override;

private:
    void startRun();
    void showPlan();
    void showResult();

    Workspace *m_workspace;
    Mapping m_mapping;
    QString m_mappingPath;
    QPointer<SyncRun> m_run;
    QLabel *m_stage;
    QProgressBar *m_progress;
    QLabel *m_summary;
    QTreeWidget *m_changes;
    QCheckBox *m_confirm;
    QDialogButtonBox *m_buttons;
    QPushButton *m_apply;
    QPushButton *m_retry;
    QPushButton *m_close;
};
