#pragma once

#include "SyncOperation.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

// One target key to add or remove, with the contact behind it (empty when the contact is gone).
struct TargetChange
{
    QString key;
    QString contactId;
    QString contactName;
    QString reason;
};

struct SkippedContact
{
    QString contactId;
    QString contactName;
    QString reason;
};

// What a sync will do for one binding, computed before anything is written.
struct BindingPlan
{
    QString bindingId;
    QString bindingName;
    QString kind;        // segment, big-segment, flag-targets, flag-outcome
    QString target;      // "segment:vip-customers", "flag:new-checkout:<variation _id>"
    QString segmentKey;  // or the flag key
    QString contextKind;
    bool mirror = true;
    int matched = 0;     // contacts the selector matches
    int unchanged = 0;   // matching contacts already targeted
    int currentTargets = 0;
    QList<TargetChange> adds;     // flag outcomes: contacts that get an action (reason says which)
    QList<TargetChange> removes;
    QList<SkippedContact> skipped;
    QList<SyncOperation> operations; // exactly the write requests apply will send
    int served = -1;              // flag outcomes: contacts the flag serves the variation to
    QStringList warnings;
    bool needsConfirmation = false;
    QString error; // the binding cannot run (segment missing, big segment, ...)

    QJsonObject toJson() const;
};

struct SyncPlan
{
    QDateTime plannedAt;
    int contactsRead = 0;
    int readRequests = 0; // requests the planning made
    QList<BindingPlan> bindings;

    int adds() const;
    int removes() const;
    int skipped() const;
    int writeRequests() const;
    bool hasChanges() const { return writeRequests() > 0; }
    bool needsConfirmation() const;
    QJsonObject toJson() const;
};
