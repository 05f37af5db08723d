#pragma once

#include "ghl/HighLevelConnection.h"
#include "ld/LaunchDarklyConnection.h"

#include <QCoreApplication>
#include <QObject>
#include <QStringList>
#include <QTextStream>

#include <memory>

class HighLevelClient;
class LaunchDarklyClient;
class LocalDatabase;
class DemoWorkspace;

// flagbridge-cli: the same core as the GUI, for scripts and schedules. Each command runs
// asynchronously and ends the event loop with its exit code:
// 0 success, 1 usage, 2 remote/API error, 3 partial sync.
class CliApplication : public QObject
{
    Q_OBJECT

public:
    enum ExitCode { Success = 0, Usage = 1, RemoteError = 2, PartialSync = 3 };

    explicit CliApplication(QObject *parent = nullptr);
    ~CliApplication() override;

    // Parses the arguments and starts the command; returns -1 when the event loop must run, or
    // an exit code when the command ended at once (--help, a usage error).
    int start(const QStringList &arguments);

private:
    bool setUpConnections(bool demo, QString *error);
    void contactsList(const QStringList &args);
    void contactsGet(const QStringList &args);
    void segmentsList(const QStringList &args);
    void segmentsShow(const QStringList &args);
    void sync(const QStringList &args);
    void fail(const QString &message, int code);
    void done(int code);
    void printJson(const QJsonValue &value);

    QTextStream m_out;
    QTextStream m_err;
    bool m_json = false;
    int m_exitOverride = -1;
    HighLevelConnection m_ghl;
    LaunchDarklyConnection m_ld;
    HighLevelClient *m_highLevel = nullptr;
    LaunchDarklyClient *m_launchDarkly = nullptr;
    std::unique_ptr<DemoWorkspace> m_demo;
    std::unique_ptr<LocalDatabase> m_db;
};
