#pragma once

#include <QObject>
#include <QPointer>
#include <QQueue>

#include <functional>

// Secrets in the operating system's keychain (Keychain on macOS, Credential Manager on
// Windows, the Secret Service on Linux) through QtKeychain: one entry per connection and
// secret. Jobs run one at a time, in the order asked (QtKeychain would run them concurrently,
// and some backends mix up concurrent prompts), and asynchronously: a keychain prompt never
// blocks the window.
class CredentialStore : public QObject
{
    Q_OBJECT

public:
    enum class Status {
        Ok,
        NotFound,     // nothing saved under that key
        AccessDenied, // the user (or the system) refused access: not the same as "no token"
        NoBackend,    // no keychain service on this system (e.g. Linux without Secret Service)
        Failed,
    };

    struct Outcome
    {
        Status status = Status::Ok;
        QString secret;  // for reads
        QString message; // for the user, empty when Ok
        bool ok() const { return status == Status::Ok; }
    };
    using Done = std::function<void(const Outcome &)>;

    explicit CredentialStore(const QString &service = QStringLiteral("FlagBridge"), QObject *parent = nullptr);
    ~CredentialStore() override;

    void read(const QString &key, QObject *context, Done done);
    void write(const QString &key, const QString &secret, QObject *context, Done done);
    void remove(const QString &key, QObject *context, Done done);

    int pendingJobs() const { return int(m_queue.size()) + (m_running ? 1 : 0); }

    // The key of a connection's secret: "connection/<id>/<name>".
    static QString keyFor(const QString &connectionId, const QString &secretName);
    // What to tell the user for a status, in words a non-developer understands.
    static QString messageFor(Status status, const QString &detail = {});

private:
    enum class Operation { Read, Write, Remove };
    struct Job
    {
        Operation operation;
        QString key;
        QString secret;
        QPointer<QObject> context;
        Done done;
    };

    void enqueue(Job job);
    void startNext();

    QString m_service;
    QQueue<Job> m_queue;
    bool m_running = false;
};
