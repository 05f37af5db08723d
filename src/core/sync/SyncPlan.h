#pragma once

#include "ld/SemanticPatch.h"

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
    QString target;      // "segment:vip-customers"
    QString segmentKey;
    QString contextKind;
    bool mirror = true;
    int matched = 0;     // contacts the selector matches
    int unchanged = 0;   // matching contacts already targeted
    int currentTargets = 0;
    QList<TargetChange> adds;
    QList<TargetChange> removes;
    QList<SkippedContact> skipped;
    QList<SemanticPatch> patches; // exactly the write requests apply will send
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
