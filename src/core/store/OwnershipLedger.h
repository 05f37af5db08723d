#pragma once

#include <QCoreApplication>
#include <QSet>
#include <QString>
#include <QStringList>

class LocalDatabase;

// Which LaunchDarkly targets each binding added itself. A mirror binding removes only these,
// never a target someone added by hand.
class OwnershipLedger
{
    Q_DECLARE_TR_FUNCTIONS(OwnershipLedger)

public:
    // Where the targets live: "segment:<key>" or "flag:<key>:<variationId>".
    struct Target
    {
        QString scope; // LaunchDarkly host/project/environment
        QString bindingId;
        QString target;
        QString contextKind;
    };

    explicit OwnershipLedger(LocalDatabase *db);

    static QString scopeFor(const QString &host, const QString &project, const QString &environment);

    QSet<QString> ownedKeys(const Target &t, QString *error = nullptr) const;
    bool recordAdded(const Target &t, const QStringList &keys, QString *error = nullptr);
    bool recordRemoved(const Target &t, const QStringList &keys, QString *error = nullptr);

    // Flag outcomes: what a binding did in HighLevel for a contact (an action's fingerprint),
    // so that a re-run never creates the same task or note twice.
    QSet<QString> outcomesDone(const QString &scope, const QString &bindingId, const QString &fingerprint,
                               QString *error = nullptr) const; // contact ids
    bool recordOutcome(const QString &scope, const QString &bindingId, const QStringList &contactIds,
                       const QString &fingerprint, QString *error = nullptr);
    bool forgetOutcome(const QString &scope, const QString &bindingId, const QStringList &contactIds,
                       const QString &fingerprint, QString *error = nullptr);

private:
    LocalDatabase *m_db;
};
