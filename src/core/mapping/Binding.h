#pragma once

#include "ContactSelector.h"

#include <QJsonObject>
#include <QString>

struct Contact;
struct CustomFieldDefinition;

// Which contact field becomes the LaunchDarkly context key, and of which context kind.
struct ContextSettings
{
    enum class KeyField { ContactId, Email, Phone, CustomField };

    QString kind = QStringLiteral("user");
    KeyField keyField = KeyField::ContactId;
    QString customFieldName; // for KeyField::CustomField

    // The key for a contact, or an empty string with `why` saying what is missing.
    QString keyFor(const Contact &contact, const QList<CustomFieldDefinition> &fields, QString *why) const;
    QString describeKey() const;
    bool operator==(const ContextSettings &other) const = default;
};

// Something to do in HighLevel for a contact that gets a flag's variation.
struct OutcomeAction
{
    enum class Kind { AddTags, RemoveTags, CreateTask, AddNote };

    Kind kind = Kind::AddTags;
    QStringList tags;    // AddTags, RemoveTags
    QString title;       // CreateTask
    int dueInDays = 0;   // CreateTask: due this many days after the sync
    QString assignedTo;  // CreateTask: a user id, optional
    QString body;        // CreateTask (description), AddNote
    QJsonObject extra;

    QString describe() const;
    // Identifies what was done for a contact in the ledger, so that a re-run does not add the
    // same task or note twice.
    QString fingerprint() const;
    bool operator==(const OutcomeAction &other) const = default;
};

// One rule of a mapping: which contacts (selector) go where in LaunchDarkly, or — for flag
// outcomes — what a flag serves a contact, and what to do about it in HighLevel.
struct Binding
{
    enum class Kind {
        Segment,     // selector → a segment's included targets (standard, or big via /contexts)
        FlagTargets, // selector → individual targets of one variation of a flag
        FlagOutcome, // flag + variation served (evaluated locally) and selector → HighLevel actions
    };
    enum class Mode { Mirror, AddOnly };

    QString id; // stable: the ownership ledger is keyed by it
    QString name;
    Kind kind = Kind::Segment;
    bool enabled = true;
    Mode mode = Mode::Mirror;
    ContactSelector selector;
    ContextSettings context;
    QString segmentKey;             // Segment
    QString flagKey;                // FlagTargets, FlagOutcome
    QString variationId;            // FlagTargets, FlagOutcome: the variation's _id
    QList<OutcomeAction> actions;   // FlagOutcome
    QJsonObject extra;              // unknown fields, kept on save

    QString targetDescription() const;
    static QString kindName(Kind kind);
    bool operator==(const Binding &other) const = default;
};
