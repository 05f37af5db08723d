#include "CliApplication.h"

#include "common/SecretRedactor.h"
#include "common/Version.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    SecretRedactor::installMessageHandler();
    QCoreApplication::setOrganizationName(QStringLiteral("FlagBridge"));
    QCoreApplication::setApplicationName(QStringLiteral("FlagBridge"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FLAGBRIDGE_VERSION));

    CliApplication cli;
    const int immediate = cli.start(QCoreApplication::arguments());
    if (immediate >= 0)
        return immediate;
    return QCoreApplication::exec();
}
