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
    QString keyFor(const Contact &contact, const QList<CustomFieldDefinition> &fields,
                   QString *why) const;
    QString describeKey() const;
    bool operator==(const ContextSettings &other) const = default;
};

// One rule of a mapping: which contacts (selector) go where in LaunchDarkly (target).
struct Binding
{
    enum class Kind { Segment, FlagTargets };
    enum class Mode { Mirror, AddOnly };

    QString id; // stable: the ownership ledger is keyed by it
    QString name;
    Kind kind = Kind::Segment;
    bool enabled = true;
    Mode mode = Mode::Mirror;
    ContactSelector selector;
    ContextSettings context;
    QString segmentKey;  // Kind::Segment
    QString flagKey;     // Kind::FlagTargets
    QString variationId; // Kind::FlagTargets
    QJsonObject extra;   // unknown fields, kept on save

    QString targetDescription() const;
    bool operator==(const Binding &other) const = default;
};
