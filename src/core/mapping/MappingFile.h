#pragma once

#include "Mapping.h"

#include <QByteArray>
#include <QJsonObject>
#include <QCoreApplication>
#include <QList>
#include <QString>

// A problem in a mapping file, located by its JSON path ("$.bindings[0].segment"). Problems of
// the file's structure are errors; checks against the connections may also warn.
struct MappingProblem
{
    enum class Severity { Error, Warning };

    QString path;
    QString message;
    Severity severity = Severity::Error;

    QString toString() const { return path + QLatin1String(": ") + message; }
};

// Reads and writes *.flagbridge.json. Writes are canonical (sorted keys, 2-level indent by
// QJsonDocument) so that load → save gives identical bytes and diffs stay small; saving goes
// through QSaveFile so a crash never leaves half a file.
class MappingFile
{
    Q_DECLARE_TR_FUNCTIONS(MappingFile)

public:
    static constexpr qint64 kMaxFileSize = 16 * 1024 * 1024;

    struct LoadResult
    {
        Mapping mapping;
        QList<MappingProblem> problems; // empty: the file is valid
        int migratedFrom = 0;           // the file's older format version, when it was migrated
        bool ok() const { return problems.isEmpty(); }
    };

    static LoadResult parse(const QByteArray &bytes);
    static LoadResult load(const QString &path);
    static QByteArray serialize(const Mapping &mapping);
    static bool save(const QString &path, const Mapping &mapping, QString *error);
    // Older formats, brought to the current one (an object in, an object out).
    static QJsonObject migrate(QJsonObject root, int fromVersion);
};
