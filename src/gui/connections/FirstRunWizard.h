#pragma once

#include <QWizard>

class ConnectionStore;
class QRadioButton;

// What a newcomer sees when no connection exists yet: try the demo workspace, or add a
// HighLevel and a LaunchDarkly connection (each tested before it is saved).
class FirstRunWizard : public QWizard
{
    Q_OBJECT

public:
    enum PageId { WelcomePage, HighLevelPage, LaunchDarklyPage };

    explicit FirstRunWizard(ConnectionStore *store, QWidget *parent = nullptr);

    bool demoChosen() const;
    QString highLevelId() const;
    QString launchDarklyId() const;

private:
    ConnectionStore *m_store;
    QRadioButton *m_demo;
};
