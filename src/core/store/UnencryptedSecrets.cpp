#include "UnencryptedSecrets.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

UnencryptedSecrets::UnencryptedSecrets(const QString &path)
    : m_path(path)
{
}

QString UnencryptedSecrets::defaultPath()
{
    const QString overrideDir = qEnvironmentVariable("FLAGBRIDGE_DATA_DIR");
    const QString dir = overrideDir.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) : overrideDir;
    return QDir(dir).filePath(u"unencrypted-tokens.json"_s);
}

bool UnencryptedSecrets::load(QJsonObject *out, QString *error) const
{
    QFile f(m_path);
    if (!f.exists()) {
        *out = {};
        return true;
    }
    if (!f.open(QIODevice::ReadOnly)) {
        *error = tr("Cannot read %1: %2").arg(m_path, f.errorString());
        return false;
    }
    const QJsonDocument doc = QJsonDocument::fromJson(f.read(1024 * 1024));
    *out = doc.object();
    return true;
}

bool UnencryptedSecrets::store(const QJsonObject &data, QString *error)
{
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QSaveFile f(m_path);
    if (!f.open(QIODevice::WriteOnly)) {
        *error = tr("Cannot write %1: %2").arg(m_path, f.errorString());
        return false;
    }
    // Owner only, before a byte of secret is written.
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    f.write(QJsonDocument(data).toJson(QJsonDocument::Indented));
    if (!f.commit()) {
        *error = tr("Cannot write %1: %2").arg(m_path, f.errorString());
        return false;
    }
    QFile::setPermissions(m_path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return true;
}

bool UnencryptedSecrets::read(const QString &key, QString *secret, QString *error) const
{
    QJsonObject data;
    if (!load(&data, error))
        return false;
    if (!data.contains(key)) {
        *error = tr("No token is saved for this connection yet.");
        return false;
    }
    *secret = data.value(key).toString();
    return true;
}

bool UnencryptedSecrets::write(const QString &key, const QString &secret, QString *error)
{
    QJsonObject data;
    if (!load(&data, error))
        return false;
    data.insert(key, secret);
    return store(data, error);
}

bool UnencryptedSecrets::remove(const QString &key, QString *error)
{
    QJsonObject data;
    if (!load(&data, error))
        return false;
    if (!data.contains(key))
        return true;
    data.remove(key);
    return store(data, error);
}
