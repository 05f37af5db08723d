#pragma once

#include "ld/LdFlag.h"
#include "ld/LdProject.h"
#include "ld/LdSegment.h"

#include <QPointer>
#include <QWidget>

class ApiCall;
class MessageBar;
class QComboBox;
class QLabel;
class QListWidget;
class QTabWidget;
class QTextBrowser;
class QTreeWidget;
class Workspace;

// LaunchDarkly beside the CRM: the project and environment in view, their flags (variations,
// individual targets, rules in words) and segments with their members.
class LaunchDarklyPane : public QWidget
{
    Q_OBJECT

public:
    explicit LaunchDarklyPane(Workspace *workspace, MessageBar *messages, QWidget *parent = nullptr);

    void refresh();
    void showSegment(const QString &key);

    const QList<LdSegment> &segments() const { return m_segments; }
    const QList<LdFlag> &flags() const { return m_flags; }
    QTreeWidget *segmentList() const { return m_segmentList; }
    QListWidget *memberList() const { return m_members; }
    QTabWidget *tabs() const { return m_tabs; }
    bool isLoading() const { return m_pending > 0; }

Q_SIGNALS:
    void loaded();
    void segmentShown(const QString &key);

private:
    void loadProjects();
    void loadEnvironments(const QString &project);
    void loadEnvironmentData();
    void renderFlag(const LdFlag &flag);
    void renderSegment(const LdSegment &segment);
    void finishPart();

    Workspace *m_workspace;
    MessageBar *m_messages;
    QComboBox *m_project;
    QComboBox *m_environment;
    QTabWidget *m_tabs;
    QTreeWidget *m_flagList;
    QTextBrowser *m_flagDetail;
    QTreeWidget *m_segmentList;
    QLabel *m_segmentHeader;
    QListWidget *m_members;
    QLabel *m_status;
    QList<LdFlag> m_flags;
    QList<LdSegment> m_segments;
    int m_pending = 0;
    quint64 m_generation = 0;
    QPointer<ApiCall> m_segmentCall;
};
