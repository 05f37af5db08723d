#pragma once

#include <QCoreApplication>
#include <QStringList>

class CliApplication;

// flagbridge-cli connections list | add | test | remove: the saved connections, tokens in the
// keychain (read from standard input, never from the command line where shells keep history).
class ConnectionCommands
{
    Q_DECLARE_TR_FUNCTIONS(ConnectionCommands)

public:
    static bool handles(const QString &command) { return command == QLatin1String("connections"); }
    static QString usage();
    static void run(CliApplication &app, const QStringList &args);
};
