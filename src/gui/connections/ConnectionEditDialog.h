#pragma once

#include "store/ConnectionProfile.h"
#include "store/ConnectionTester.h"

#include <QDateTime>
#include <QDialog>
#include <QPointer>

#include <memory>

namespace Ui {
class ConnectionEditDialog;
}
class ConnectionStore;
class HighLevelClient;
class LaunchDarklyClient;
class HighLevelOAuth;

// Add or edit one connection: its settings, its token (masked, with a reveal button, never
// shown back once saved), a "Test connection" that reports in plain words, and the choice of
// where the token is kept.
class ConnectionEditDialog : public QDialog
{
    Q_OBJECT

public:
    ConnectionEditDialog(ConnectionStore *store, const ConnectionProfile &profile, bool isNew, QWidget *parent = nullptr);
    ~ConnectionEditDialog() override;

    ConnectionProfile profile() const;
    bool isTesting() const { return m_testing; }
    QString testSummary() const;

    void test();
    void save();
    // OAuth: opens HighLevel's consent page in the browser and waits for its answer.
    void signIn();
    HighLevelOAuth *oauth() const;

Q_SIGNALS:
    void saved(const ConnectionProfile &profile);
    void tested(const ConnectionTester::Report &report);

private:
    void updateVisibility();
    QString typedToken() const;
    void runTest(const QString &token);
    void showReport(const ConnectionTester::Report &report);
    void loadProjects(LaunchDarklyClient *client);
    bool validate(QString *problem) const;

    std::unique_ptr<Ui::ConnectionEditDialog> m_ui;
    ConnectionStore *m_store;
    ConnectionProfile m_profile;
    bool m_isNew;
    bool m_testing = false;
    QPointer<QObject> m_testContext;
    QPointer<HighLevelOAuth> m_oauth;
    QString m_refreshToken;
    QDateTime m_tokenExpiry;
};
