#pragma once

#include <QCoreApplication>
#include <QStringList>

class CliApplication;

// The HighLevel side: contacts, tasks, notes, tags, appointments, campaigns, workflows,
// followers and custom fields.
class HighLevelCommands
{
    Q_DECLARE_TR_FUNCTIONS(HighLevelCommands)

public:
    static bool handles(const QString &command);
    static QString usage();
    static void run(CliApplication &app, const QString &command, const QStringList &args);
};
