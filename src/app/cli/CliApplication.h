#pragma once

#include "ghl/HighLevelConnection.h"
#include "ld/LaunchDarklyConnection.h"
#include "net/Result.h"

#include <QCommandLineOption>
#include <QCoreApplication>
#include <QJsonValue>
#include <QObject>
#include <QStringList>
#include <QTextStream>

#include <functional>
#include <memory>
#include <optional>

class DemoWorkspace;
class HighLevelClient;
class LaunchDarklyClient;
class LocalDatabase;
class ConnectionStore;
class CredentialStore;
class QCommandLineParser;

// flagbridge-cli: the same core as the GUI, for scripts and schedules. Each command runs
// asynchronously and ends the event loop with its exit code:
// 0 success, 1 usage, 2 remote/API error, 3 partial sync.
// Command groups (HighLevelCommands, LaunchDarklyCommands, SyncCommand) use the helpers below.
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

    // For the command groups.
    QTextStream &out() { return m_out; }
    QTextStream &err() { return m_err; }
    bool json() const { return m_json; }
    HighLevelClient *highLevel() const { return m_highLevel; }
    LaunchDarklyClient *launchDarkly() const { return m_launchDarkly; }
    const LaunchDarklyConnection &launchDarklyConnection() const { return m_ld; }
    bool isDemo() const { return bool(m_demo); }
    // Opens the local database on first use (the demo's scratch one with --demo).
    LocalDatabase *database(QString *error);

    void finish(int code);
    void fail(const QString &message, int code);
    void failApi(const ApiError &error);
    void printJson(const QJsonValue &value);
    // Columns as wide as their widest cell (capped), then the rows.
    void printTable(const QStringList &headers, const QList<QStringList> &rows);

    // Parses a subcommand's own options and positional arguments; on a usage error prints it
    // with `usage` and returns nothing (the command then only has to return).
    std::optional<QStringList> parse(QCommandLineParser &parser, const QStringList &args, int minPositional,
                                     int maxPositional, const QString &usage);

    // A callback that reports an API failure (exit 2) or hands the value on.
    template<typename T>
    Callback<T> onSuccess(std::function<void(const T &)> next)
    {
        return [this, next](const Result<T> &r) {
            if (!r.isOk())
                return failApi(r.error());
            next(r.value());
        };
    }

    static QString usageText();
    // Saved connections (QSettings and the keychain), created on first use.
    ConnectionStore &connectionStore();

private:
    struct Connections
    {
        bool demo = false;
        QString profile;        // --profile NAME
        QString highLevelId;    // named by the mapping
        QString launchDarklyId;
    };
    // Resolves the connections and runs `then` (at once, or after the keychain answered).
    // Returns Usage (with `error`) when they cannot be resolved, -1 otherwise.
    int setUpConnections(const Connections &wanted, QString *error, std::function<void()> then);

    QTextStream m_out;
    QTextStream m_err;
    bool m_json = false;
    bool m_finished = false;
    HighLevelConnection m_ghl;
    LaunchDarklyConnection m_ld;
    HighLevelClient *m_highLevel = nullptr;
    LaunchDarklyClient *m_launchDarkly = nullptr;
    std::unique_ptr<DemoWorkspace> m_demo;
    std::unique_ptr<CredentialStore> m_credentials;
    std::unique_ptr<ConnectionStore> m_connections;
    std::unique_ptr<LocalDatabase> m_db;
};
