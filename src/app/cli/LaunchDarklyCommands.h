#pragma once

#include <QCoreApplication>
#include <QStringList>

class CliApplication;

// The LaunchDarkly side: `segments list|show` and the `ld` subcommands.
class LaunchDarklyCommands
{
    Q_DECLARE_TR_FUNCTIONS(LaunchDarklyCommands)

public:
    static bool handles(const QString &command);
    static QString usage();
    static void run(CliApplication &app, const QString &command, const QStringList &args);
};
