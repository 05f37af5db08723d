#pragma once

#include "mapping/Mapping.h"

#include <QDialog>
#include <QElapsedTimer>
#include <QPointer>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTimer;
class QTreeWidget;
class SyncRun;
class Workspace;

// Plan → preview → apply → result, in one window. Nothing is written until the user presses
// Apply; large removals and very long target lists need an extra confirmation; Cancel stops at
// any point, and what was written stays recorded so that the next run completes the rest.
class SyncDialog : public QDialog
{
    Q_OBJECT

public:
    SyncDialog(Workspace *workspace, const Mapping &mapping, const QString &mappingPath, QWidget *parent = nullptr);
    ~SyncDialog() override;

    SyncRun *run() const;
    QPushButton *applyButton() const { return m_apply; }
    QPushButton *retryButton() const { return m_retry; }
    QTreeWidget *changes() const { return m_changes; }
    QLineEdit *filter() const { return m_filter; }
    QString summaryText() const;
    QString stageText() const;
    QString progressText() const;
    // Writes the preview (what would change, contact by contact) as JSON.
    bool savePreview(const QString &fileName, QString *error) const;

    // "about 2 min left": the time left of a write phase, rounded as people say it.
    static QString remainingText(qint64 ms);

Q_SIGNALS:
    void applied();

protected:
    void reject() override;

private:
    void startRun();
    void showPlan();
    void showResult();
    void showProgress(qint64 done, qint64 total, qint64 remainingMs);
    void applyFilter();

    Workspace *m_workspace;
    Mapping m_mapping;
    QString m_mappingPath;
    QPointer<SyncRun> m_run;
    QLabel *m_stage;
    QProgressBar *m_progress;
    QLabel *m_summary;
    QLabel *m_warnings;
    QLineEdit *m_filter;
    QTreeWidget *m_changes;
    QCheckBox *m_confirm;
    QDialogButtonBox *m_buttons;
    QPushButton *m_savePreview;
    QPushButton *m_apply;
    QPushButton *m_retry;
    QPushButton *m_close;
    QTimer *m_filterTimer;
};
