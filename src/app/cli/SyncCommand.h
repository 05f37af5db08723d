#pragma once

#include <QCoreApplication>
#include <QStringList>

class CliApplication;

// flagbridge-cli sync --mapping FILE [--dry-run] [--yes]
class SyncCommand
{
    Q_DECLARE_TR_FUNCTIONS(SyncCommand)

public:
    static bool handles(const QString &command) { return command == QLatin1String("sync"); }
    static QString usage();
    // Checks the arguments and the mapping file before any connection: an exit code, or -1.
    // Also tells which connections the mapping names.
    static int check(CliApplication &app, const QStringList &args, QString *highLevelId, QString *launchDarklyId);
    static void run(CliApplication &app, const QStringList &args);
};
