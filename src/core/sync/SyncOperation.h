#pragma once

#include "ghl/ContactDraft.h"
#include "ld/SemanticPatch.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

// One write a sync makes: a semantic patch, a big-segment batch, or a HighLevel change. The
// journal records it (as JSON) before it is sent, so that an interrupted run can be completed.
struct SyncOperation
{
    enum class Kind {
        SegmentPatch,    // standard segment: semantic patch of included targets
        BigSegmentBatch, // big segment: POST .../contexts, at most 1,000 keys
        FlagPatch,       // individual targets of one flag variation: semantic patch
        AddTags,         // HighLevel: bulk add tags to contacts
        RemoveTags,      // HighLevel: bulk remove tags from contacts
        CreateTask,      // HighLevel: one task for one contact
        AddNote,         // HighLevel: one note for one contact
    };

    Kind kind = Kind::SegmentPatch;
    int bindingIndex = -1;
    QString targetKey;   // segment or flag key
    QString contextKind;
    SemanticPatch patch; // SegmentPatch, FlagPatch
    QStringList add;     // LaunchDarkly keys added (ledger), or contact ids (HighLevel ops)
    QStringList remove;  // LaunchDarkly keys removed
    QStringList tags;    // AddTags, RemoveTags
    QString contactId;   // CreateTask, AddNote
    QString fingerprint; // outcome ledger entry for HighLevel actions
    TaskDraft task;
    NoteDraft note;

    bool isLaunchDarkly() const { return kind == Kind::SegmentPatch || kind == Kind::BigSegmentBatch || kind == Kind::FlagPatch; }
    // Units for progress: keys or contacts.
    int size() const;
    QString describe() const;

    QJsonObject toJson() const;
    static SyncOperation fromJson(const QJsonObject &o);
};
