#pragma once

#include "ConnectionProfile.h"
#include "CredentialStore.h"

#include <QHash>
#include <QObject>

#include <functional>
#include <optional>

// Saved connections: the non-secret profile in QSettings (with the names of its secrets, so that
// deleting a profile removes them), the secrets in the keychain, or in the unencrypted file
// when the user chose that for the profile.
class ConnectionStore : public QObject
{
    Q_OBJECT

public:
    using Done = std::function<void(const CredentialStore::Outcome &)>;
    using SecretsDone = std::function<void(const QHash<QString, QString> &secrets, const CredentialStore::Outcome &)>;

    explicit ConnectionStore(CredentialStore *credentials, QObject *parent = nullptr);

    QList<ConnectionProfile> profiles() const;
    QList<ConnectionProfile> profiles(ConnectionProfile::Service service) const;
    std::optional<ConnectionProfile> profile(const QString &id) const;
    // By id, or by name (case-insensitive) as the CLI's --profile takes it.
    std::optional<ConnectionProfile> find(const QString &idOrName, ConnectionProfile::Service service) const;

    // Saves the profile and the given secrets (absent names keep their saved value).
    void save(const ConnectionProfile &profile, const QHash<QString, QString> &secrets, QObject *context, Done done);
    void remove(const QString &id, QObject *context, Done done);
    // A copy under a new id and name, secrets included.
    void duplicate(const QString &id, const QString &newName, QObject *context,
                   std::function<void(const ConnectionProfile &, const CredentialStore::Outcome &)> done);
    void readSecrets(const ConnectionProfile &profile, QObject *context, SecretsDone done);

    // A token that started failing (401/403) is flagged until it works again.
    void markFailing(const QString &id, const QString &message);
    void clearFailing(const QString &id);

    CredentialStore *credentials() const { return m_credentials; }

Q_SIGNALS:
    void profilesChanged();

private:
    void writeProfile(const ConnectionProfile &profile);
    void writeSecrets(const ConnectionProfile &profile, QList<QPair<QString, QString>> pending, QObject *context, Done done);

    CredentialStore *m_credentials;
};
