#pragma once

#include <QCoreApplication>
#include <QString>

// Secrets in a plain file that only the user can read (0600), for systems without a keychain
// when the user chose it knowingly. The connections list shows which tokens live here.
class UnencryptedSecrets
{
    Q_DECLARE_TR_FUNCTIONS(UnencryptedSecrets)

public:
    explicit UnencryptedSecrets(const QString &path = defaultPath());

    static QString defaultPath();
    QString path() const { return m_path; }

    bool read(const QString &key, QString *secret, QString *error) const;
    bool write(const QString &key, const QString &secret, QString *error);
    bool remove(const QString &key, QString *error);

private:
    bool load(QJsonObject *out, QString *error) const;
    bool store(const QJsonObject &data, QString *error);

    QString m_path;
};
