#include "SecretRedactor.h"

#include <QMutex>
#include <QSet>

namespace {

QMutex s_mutex;
QSet<QString> s_secrets;
QtMessageHandler s_previous = nullptr;
bool s_installed = false;

void redactingHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const QString clean = SecretRedactor::redact(message);
    if (s_previous)
        s_previous(type, context, clean);
}

} // namespace

void SecretRedactor::registerSecret(const QString &secret)
{
    // Very short values would redact ordinary words; real tokens are long.
    if (secret.size() < 8)
        return;
    QMutexLocker lock(&s_mutex);
    s_secrets.insert(secret);
}

QString SecretRedactor::redact(QString text)
{
    QMutexLocker lock(&s_mutex);
    for (const QString &secret : std::as_const(s_secrets)) {
        if (text.contains(secret))
            text.replace(secret, QStringLiteral("***"));
    }
    return text;
}

void SecretRedactor::installMessageHandler()
{
    QMutexLocker lock(&s_mutex);
    if (s_installed)
        return;
    s_installed = true;
    s_previous = qInstallMessageHandler(redactingHandler);
}
