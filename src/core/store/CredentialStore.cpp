#include "CredentialStore.h"

#include "common/Logging.h"

#include <QCoreApplication>
#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;

namespace {

CredentialStore::Status statusFor(QKeychain::Error error)
{
    switch (error) {
    case QKeychain::NoError:
        return CredentialStore::Status::Ok;
    case QKeychain::EntryNotFound:
        return CredentialStore::Status::NotFound;
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        return CredentialStore::Status::AccessDenied;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return CredentialStore::Status::NoBackend;
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::OtherError:
        break;
    }
    return CredentialStore::Status::Failed;
}

} // namespace

CredentialStore::CredentialStore(const QString &service, QObject *parent)
    : QObject(parent)
    , m_service(service)
{
}

CredentialStore::~CredentialStore() = default;

QString CredentialStore::keyFor(const QString &connectionId, const QString &secretName)
{
    return u"connection/"_s + connectionId + u'/' + secretName;
}

QString CredentialStore::messageFor(Status status, const QString &detail)
{
    QString text;
    switch (status) {
    case Status::Ok:
        return {};
    case Status::NotFound:
        text = QCoreApplication::translate("CredentialStore", "No token is saved for this connection yet.");
        break;
    case Status::AccessDenied:
        text = QCoreApplication::translate("CredentialStore",
            "Access to the keychain was denied, so FlagBridge could not get the token. Allow access when your system asks, or enter the token again.");
        break;
    case Status::NoBackend:
        text = QCoreApplication::translate("CredentialStore",
            "This system has no password store that FlagBridge can use (on Linux: a Secret Service such as GNOME Keyring or KWallet, running and unlocked). "
            "FlagBridge will not save the token unencrypted unless you choose to.");
        break;
    case Status::Failed:
        text = QCoreApplication::translate("CredentialStore", "The keychain reported an error.");
        break;
    }
    if (!detail.isEmpty())
        text += u' ' + QCoreApplication::translate("CredentialStore", "(%1)").arg(detail);
    return text;
}

void CredentialStore::read(const QString &key, QObject *context, Done done)
{
    enqueue({Operation::Read, key, {}, context, std::move(done)});
}

void CredentialStore::write(const QString &key, const QString &secret, QObject *context, Done done)
{
    enqueue({Operation::Write, key, secret, context, std::move(done)});
}

void CredentialStore::remove(const QString &key, QObject *context, Done done)
{
    enqueue({Operation::Remove, key, {}, context, std::move(done)});
}

void CredentialStore::enqueue(Job job)
{
    m_queue.enqueue(std::move(job));
    if (!m_running)
        QMetaObject::invokeMethod(this, &CredentialStore::startNext, Qt::QueuedConnection);
}

void CredentialStore::startNext()
{
    if (m_running || m_queue.isEmpty())
        return;
    m_running = true;
    Job job = m_queue.dequeue();
    QKeychain::Job *k = nullptr;
    switch (job.operation) {
    case Operation::Read:
        k = new QKeychain::ReadPasswordJob(m_service, this);
        break;
    case Operation::Write: {
        auto *w = new QKeychain::WritePasswordJob(m_service, this);
        w->setTextData(job.secret);
        k = w;
        break;
    }
    case Operation::Remove:
        k = new QKeychain::DeletePasswordJob(m_service, this);
        break;
    }
    // Never QtKeychain's own plain-text fallback: storing a token unencrypted is the user's
    // explicit choice, made elsewhere.
    k->setInsecureFallback(false);
    k->setAutoDelete(true);
    k->setKey(job.key);
    connect(k, &QKeychain::Job::finished, this, [this, job](QKeychain::Job *finished) {
        Outcome o;
        o.status = statusFor(finished->error());
        // Removing what is not there is what the caller wanted.
        if (job.operation == Operation::Remove && o.status == Status::NotFound)
            o.status = Status::Ok;
        if (o.ok() && job.operation == Operation::Read)
            o.secret = static_cast<QKeychain::ReadPasswordJob *>(finished)->textData();
        if (!o.ok()) {
            o.message = messageFor(o.status, o.status == Status::NotFound ? QString() : finished->errorString());
            qCInfo(lcStore) << "keychain" << int(job.operation) << "failed:" << finished->errorString();
        }
        m_running = false;
        if (job.context && job.done)
            job.done(o);
        startNext();
    });
    k->start();
}
