#include "LocalDatabase.h"

#include "common/Logging.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace {
QAtomicInteger<int> s_connectionCounter;

bool exec(QSqlDatabase &db, const QString &sql, QString *error)
{
    QSqlQuery q(db);
    if (!q.exec(sql)) {
        if (error)
            *error = q.lastError().text();
        return false;
    }
    return true;
}
} // namespace

LocalDatabase::LocalDatabase(const QString &path)
    : m_path(path)
    , m_connectionName(u"flagbridge-%1"_s.arg(s_connectionCounter.fetchAndAddRelaxed(1)))
{
}

LocalDatabase::~LocalDatabase()
{
    if (m_db.isValid())
        m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

QString LocalDatabase::defaultPath()
{
    const QString overrideDir = qEnvironmentVariable("FLAGBRIDGE_DATA_DIR");
    const QString dir = overrideDir.isEmpty()
        ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
        : overrideDir;
    return QDir(dir).filePath(u"flagbridge.sqlite"_s);
}

bool LocalDatabase::open(QString *error)
{
    if (m_path != ":memory:"_L1)
        QDir().mkpath(QFileInfo(m_path).absolutePath());
    m_db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
    m_db.setDatabaseName(m_path);
    if (!m_db.open()) {
        if (error)
            *error = tr("Cannot open the local database %1: %2").arg(m_path, m_db.lastError().text());
        return false;
    }
    QString e;
    // WAL keeps readers (the GUI) and the writer (a sync) out of each other's way; the
    // synchronous level still survives a crash of the app.
    exec(m_db, u"PRAGMA journal_mode=WAL"_s, &e);
    exec(m_db, u"PRAGMA synchronous=NORMAL"_s, &e);
    exec(m_db, u"PRAGMA foreign_keys=ON"_s, &e);
    if (!migrate(error))
        return false;
    return true;
}

bool LocalDatabase::migrate(QString *error)
{
    QSqlQuery q(m_db);
    q.exec(u"PRAGMA user_version"_s);
    const int version = q.next() ? q.value(0).toInt() : 0;
    if (version > kSchemaVersion) {
        if (error)
            *error = tr("The local database %1 was written by a newer FlagBridge (schema %2); this version understands up to %3.")
                         .arg(m_path)
                         .arg(version)
                         .arg(kSchemaVersion);
        return false;
    }
    QString e;
    if (version < 1) {
        m_db.transaction();
        const bool ok = exec(m_db, uR"(CREATE TABLE managed_targets (
                scope TEXT NOT NULL,
                binding_id TEXT NOT NULL,
                target TEXT NOT NULL,
                context_kind TEXT NOT NULL,
                target_key TEXT NOT NULL,
                added_at TEXT NOT NULL,
                PRIMARY KEY (scope, binding_id, target, context_kind, target_key)))"_s, &e)
            && exec(m_db, uR"(CREATE TABLE sync_runs (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                started_at TEXT NOT NULL,
                finished_at TEXT,
                mapping_name TEXT,
                mapping_path TEXT,
                dry_run INTEGER NOT NULL DEFAULT 0,
                outcome TEXT NOT NULL,
                added INTEGER NOT NULL DEFAULT 0,
                removed INTEGER NOT NULL DEFAULT 0,
                skipped INTEGER NOT NULL DEFAULT 0,
                requests INTEGER NOT NULL DEFAULT 0,
                report TEXT))"_s, &e)
            && exec(m_db, u"PRAGMA user_version = 1"_s, &e);
        if (!ok) {
            m_db.rollback();
            if (error)
                *error = tr("Cannot prepare the local database %1: %2").arg(m_path, e);
            return false;
        }
        m_db.commit();
        qCInfo(lcStore) << "local database created at" << m_path;
    }
    if (version < 2) {
        // The write-ahead journal of sync runs, and what flag-outcome bindings did in HighLevel.
        m_db.transaction();
        const bool ok = exec(m_db, uR"(CREATE TABLE journal_runs (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                scope TEXT NOT NULL,
                mapping_name TEXT,
                started_at TEXT NOT NULL,
                state TEXT NOT NULL))"_s, &e)
            && exec(m_db, uR"(CREATE TABLE journal_operations (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                run_id INTEGER NOT NULL REFERENCES journal_runs(id),
                binding_id TEXT NOT NULL,
                operation TEXT NOT NULL,
                state TEXT NOT NULL,
                error TEXT,
                updated_at TEXT NOT NULL))"_s, &e)
            && exec(m_db, u"CREATE INDEX journal_operations_state ON journal_operations(state)"_s, &e)
            && exec(m_db, uR"(CREATE TABLE outcome_ledger (
                scope TEXT NOT NULL,
                binding_id TEXT NOT NULL,
                contact_id TEXT NOT NULL,
                fingerprint TEXT NOT NULL,
                done_at TEXT NOT NULL,
                PRIMARY KEY (scope, binding_id, contact_id, fingerprint)))"_s, &e)
            && exec(m_db, u"PRAGMA user_version = 2"_s, &e);
        if (!ok) {
            m_db.rollback();
            if (error)
                *error = tr("Cannot update the local database %1: %2").arg(m_path, e);
            return false;
        }
        m_db.commit();
    }
    return true;
}
