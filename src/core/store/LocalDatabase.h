#pragma once

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QString>

// FlagBridge's own SQLite file: the ownership ledger, sync history and journal. One connection
// per instance (and so per thread); the schema is versioned with PRAGMA user_version and
// migrated forward on open.
class LocalDatabase
{
    Q_DECLARE_TR_FUNCTIONS(LocalDatabase)

public:
    static constexpr int kSchemaVersion = 2;

    explicit LocalDatabase(const QString &path);
    ~LocalDatabase();
    LocalDatabase(const LocalDatabase &) = delete;
    LocalDatabase &operator=(const LocalDatabase &) = delete;

    // FLAGBRIDGE_DATA_DIR when set (tests, portable installs), else the platform's app-data folder.
    static QString defaultPath();

    bool open(QString *error);
    bool isOpen() const { return m_db.isOpen(); }
    QSqlDatabase database() const { return m_db; }
    QString path() const { return m_path; }

private:
    bool migrate(QString *error);

    QString m_path;
    QString m_connectionName;
    QSqlDatabase m_db;
};
