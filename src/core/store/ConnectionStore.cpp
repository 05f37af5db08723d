#include "ConnectionStore.h"

#include "UnencryptedSecrets.h"

#include <QPointer>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace {

constexpr int kSettingsVersion = 1;

QString group(const QString &id)
{
    return u"connections/profiles/"_s + id;
}

ConnectionProfile readProfile(QSettings &s, const QString &id)
{
    s.beginGroup(group(id));
    ConnectionProfile p;
    p.id = id;
    p.service = s.value(u"service"_s).toString() == "launchdarkly"_L1 ? ConnectionProfile::Service::LaunchDarkly
                                                                      : ConnectionProfile::Service::HighLevel;
    p.name = s.value(u"name"_s).toString();
    p.baseUrl = QUrl(s.value(u"baseUrl"_s).toString());
    p.storage = s.value(u"storage"_s).toString() == "unencrypted-file"_L1 ? ConnectionProfile::SecretStorage::UnencryptedFile
                                                                          : ConnectionProfile::SecretStorage::Keychain;
    p.locationId = s.value(u"locationId"_s).toString();
    p.authMethod = s.value(u"authMethod"_s).toString() == "oauth"_L1 ? ConnectionProfile::AuthMethod::OAuth
                                                                     : ConnectionProfile::AuthMethod::PrivateIntegrationToken;
    p.oauthClientId = s.value(u"oauthClientId"_s).toString();
    p.accessTokenExpiry = s.value(u"accessTokenExpiry"_s).toDateTime();
    const QString instance = s.value(u"instance"_s).toString();
    p.instance = instance == "eu"_L1        ? LaunchDarklyConnection::Instance::Europe
                 : instance == "federal"_L1 ? LaunchDarklyConnection::Instance::Federal
                 : instance == "custom"_L1  ? LaunchDarklyConnection::Instance::Custom
                                            : LaunchDarklyConnection::Instance::Commercial;
    p.projectKey = s.value(u"projectKey"_s).toString();
    p.environmentKey = s.value(u"environmentKey"_s).toString();
    p.failingSince = s.value(u"failingSince"_s).toDateTime();
    p.failure = s.value(u"failure"_s).toString();
    s.endGroup();
    return p;
}

} // namespace

ConnectionStore::ConnectionStore(CredentialStore *credentials, QObject *parent)
    : QObject(parent)
    , m_credentials(credentials)
{
    QSettings s;
    if (!s.contains(u"connections/version"_s))
        s.setValue(u"connections/version"_s, kSettingsVersion);
}

QList<ConnectionProfile> ConnectionStore::profiles() const
{
    QSettings s;
    s.beginGroup(u"connections/profiles"_s);
    const QStringList ids = s.childGroups();
    s.endGroup();
    QList<ConnectionProfile> out;
    for (const QString &id : ids)
        out.append(readProfile(s, id));
    std::sort(out.begin(), out.end(), [](const ConnectionProfile &a, const ConnectionProfile &b) {
        return a.name.compare(b.name, Qt::CaseInsensitive) < 0;
    });
    return out;
}

QList<ConnectionProfile> ConnectionStore::profiles(ConnectionProfile::Service service) const
{
    QList<ConnectionProfile> out = profiles();
    out.removeIf([service](const ConnectionProfile &p) { return p.service != service; });
    return out;
}

std::optional<ConnectionProfile> ConnectionStore::profile(const QString &id) const
{
    QSettings s;
    if (!s.childGroups().contains(u"connections"_s) || !s.contains(group(id) + u"/name"_s))
        return std::nullopt;
    return readProfile(s, id);
}

std::optional<ConnectionProfile> ConnectionStore::find(const QString &idOrName, ConnectionProfile::Service service) const
{
    for (const ConnectionProfile &p : profiles(service)) {
        if (p.id == idOrName)
            return p;
    }
    for (const ConnectionProfile &p : profiles(service)) {
        if (p.name.compare(idOrName, Qt::CaseInsensitive) == 0)
            return p;
    }
    return std::nullopt;
}

void ConnectionStore::writeProfile(const ConnectionProfile &p)
{
    QSettings s;
    s.beginGroup(group(p.id));
    s.setValue(u"service"_s, p.service == ConnectionProfile::Service::HighLevel ? u"highlevel"_s : u"launchdarkly"_s);
    s.setValue(u"name"_s, p.name);
    s.setValue(u"baseUrl"_s, p.baseUrl.toString());
    s.setValue(u"storage"_s, p.storage == ConnectionProfile::SecretStorage::UnencryptedFile ? u"unencrypted-file"_s : u"keychain"_s);
    s.setValue(u"secrets"_s, p.secretNames());
    if (p.service == ConnectionProfile::Service::HighLevel) {
        s.setValue(u"locationId"_s, p.locationId);
        s.setValue(u"authMethod"_s, p.authMethod == ConnectionProfile::AuthMethod::OAuth ? u"oauth"_s : u"private-integration-token"_s);
        s.setValue(u"oauthClientId"_s, p.oauthClientId);
        s.setValue(u"accessTokenExpiry"_s, p.accessTokenExpiry);
    } else {
        static const QStringList names{u"commercial"_s, u"eu"_s, u"federal"_s, u"custom"_s};
        s.setValue(u"instance"_s, names.value(int(p.instance)));
        s.setValue(u"projectKey"_s, p.projectKey);
        s.setValue(u"environmentKey"_s, p.environmentKey);
    }
    s.setValue(u"failingSince"_s, p.failingSince);
    s.setValue(u"failure"_s, p.failure);
    s.endGroup();
    s.sync();
}

void ConnectionStore::save(const ConnectionProfile &profile, const QHash<QString, QString> &secrets, QObject *context, Done done)
{
    writeProfile(profile);
    QList<QPair<QString, QString>> pending;
    for (auto it = secrets.cbegin(); it != secrets.cend(); ++it)
        pending.append({it.key(), it.value()});
    writeSecrets(profile, pending, context, std::move(done));
    Q_EMIT profilesChanged();
}

void ConnectionStore::writeSecrets(const ConnectionProfile &profile, QList<QPair<QString, QString>> pending, QObject *context, Done done)
{
    if (pending.isEmpty()) {
        QPointer<QObject> ctx(context);
        QMetaObject::invokeMethod(this, [ctx, done] {
            if (ctx && done)
                done({});
        }, Qt::QueuedConnection);
        return;
    }
    const auto [name, secret] = pending.takeFirst();
    const QString key = CredentialStore::keyFor(profile.id, name);
    if (profile.storage == ConnectionProfile::SecretStorage::UnencryptedFile) {
        QString error;
        UnencryptedSecrets file;
        if (!file.write(key, secret, &error)) {
            CredentialStore::Outcome o{CredentialStore::Status::Failed, {}, error};
            QPointer<QObject> ctx(context);
            QMetaObject::invokeMethod(this, [ctx, done, o] {
                if (ctx && done)
                    done(o);
            }, Qt::QueuedConnection);
            return;
        }
        // A token that moved to the file leaves the keychain, and the other way round below.
        m_credentials->remove(key, this, [](const CredentialStore::Outcome &) {});
        writeSecrets(profile, pending, context, std::move(done));
        return;
    }
    m_credentials->write(key, secret, context, [this, profile, pending, context, done, key](const CredentialStore::Outcome &o) {
        if (!o.ok()) {
            done(o);
            return;
        }
        QString ignored;
        UnencryptedSecrets().remove(key, &ignored);
        writeSecrets(profile, pending, context, done);
    });
}

void ConnectionStore::readSecrets(const ConnectionProfile &profile, QObject *context, SecretsDone done)
{
    auto secrets = std::make_shared<QHash<QString, QString>>();
    auto names = std::make_shared<QStringList>(profile.secretNames());
    auto step = std::make_shared<std::function<void()>>();
    QPointer<QObject> ctx(context);
    *step = [this, profile, secrets, names, step, ctx, done]() {
        if (!ctx)
            return;
        if (names->isEmpty()) {
            done(*secrets, {});
            return;
        }
        const QString name = names->takeFirst();
        const QString key = CredentialStore::keyFor(profile.id, name);
        if (profile.storage == ConnectionProfile::SecretStorage::UnencryptedFile) {
            QString secret;
            QString error;
            if (UnencryptedSecrets().read(key, &secret, &error))
                secrets->insert(name, secret);
            else if (name == ConnectionProfile::kToken) {
                done(*secrets, {CredentialStore::Status::NotFound, {}, error});
                return;
            }
            QMetaObject::invokeMethod(this, [step] { (*step)(); }, Qt::QueuedConnection);
            return;
        }
        m_credentials->read(key, this, [secrets, name, step, done](const CredentialStore::Outcome &o) {
            if (o.ok()) {
                secrets->insert(name, o.secret);
            } else if (name == ConnectionProfile::kToken || o.status != CredentialStore::Status::NotFound) {
                // The token is required; the others (OAuth) only when present.
                done(*secrets, o);
                return;
            }
            (*step)();
        });
    };
    (*step)();
}

void ConnectionStore::remove(const QString &id, QObject *context, Done done)
{
    QSettings s;
    const QStringList names = s.value(group(id) + u"/secrets"_s).toStringList();
    const bool unencrypted = s.value(group(id) + u"/storage"_s).toString() == "unencrypted-file"_L1;
    s.remove(group(id));
    s.sync();
    Q_EMIT profilesChanged();
    // The index says which secrets the profile had: remove each, wherever it is.
    auto remaining = std::make_shared<QStringList>(names);
    auto step = std::make_shared<std::function<void(CredentialStore::Outcome)>>();
    QPointer<QObject> ctx(context);
    *step = [this, id, remaining, step, ctx, done, unencrypted](CredentialStore::Outcome last) {
        if (!last.ok() || remaining->isEmpty()) {
            if (ctx && done)
                done(last);
            return;
        }
        const QString key = CredentialStore::keyFor(id, remaining->takeFirst());
        QString ignored;
        UnencryptedSecrets().remove(key, &ignored);
        if (unencrypted) {
            QMetaObject::invokeMethod(this, [step] { (*step)({}); }, Qt::QueuedConnection);
            return;
        }
        m_credentials->remove(key, this, [step](const CredentialStore::Outcome &o) { (*step)(o); });
    };
    (*step)({});
}

void ConnectionStore::duplicate(const QString &id, const QString &newName, QObject *context,
                                std::function<void(const ConnectionProfile &, const CredentialStore::Outcome &)> done)
{
    const std::optional<ConnectionProfile> original = profile(id);
    if (!original) {
        QPointer<QObject> ctx(context);
        QMetaObject::invokeMethod(this, [ctx, done] {
            if (ctx)
                done({}, {CredentialStore::Status::NotFound, {}, tr("The connection no longer exists.")});
        }, Qt::QueuedConnection);
        return;
    }
    ConnectionProfile copy = *original;
    copy.id = ConnectionProfile::newId(copy.service);
    copy.name = newName;
    copy.failingSince = {};
    copy.failure.clear();
    readSecrets(*original, context, [this, copy, context, done](const QHash<QString, QString> &secrets, const CredentialStore::Outcome &o) {
        if (!o.ok() && o.status != CredentialStore::Status::NotFound) {
            done({}, o);
            return;
        }
        save(copy, secrets, context, [copy, done](const CredentialStore::Outcome &saved) { done(copy, saved); });
    });
}

void ConnectionStore::markFailing(const QString &id, const QString &message)
{
    std::optional<ConnectionProfile> p = profile(id);
    if (!p)
        return;
    if (!p->failingSince.isValid())
        p->failingSince = QDateTime::currentDateTimeUtc();
    p->failure = message;
    writeProfile(*p);
    Q_EMIT profilesChanged();
}

void ConnectionStore::clearFailing(const QString &id)
{
    std::optional<ConnectionProfile> p = profile(id);
    if (!p || !p->failingSince.isValid())
        return;
    p->failingSince = {};
    p->failure.clear();
    writeProfile(*p);
    Q_EMIT profilesChanged();
}
