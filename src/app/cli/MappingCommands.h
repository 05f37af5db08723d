#pragma once

#include <QCoreApplication>
#include <QStringList>

class CliApplication;

// flagbridge-cli mapping validate FILE: the file's structure, then — when connections are
// configured (environment, --profile, --demo, or saved connections the mapping names) — its
// content against them: segments, flags, variations, context kinds, custom fields, tags, users.
// flagbridge-cli mapping format FILE [--check]: rewrites the file in canonical form.
class MappingCommands
{
    Q_DECLARE_TR_FUNCTIONS(MappingCommands)

public:
    static bool handles(const QString &command) { return command == QLatin1String("mapping"); }
    static QString usage();
    // Runs what needs no connection to its end and returns the exit code: `format`, and
    // `validate` of a file that does not parse or when no connection is configured. Returns -1
    // when `validate` goes on against the live connections, naming the ones the mapping names.
    static int check(CliApplication &app, const QStringList &args, bool demo, const QString &profile, QString *highLevelId,
                     QString *launchDarklyId);
    // `validate` against the connections set up by the application.
    static void run(CliApplication &app, const QStringList &args);
};
