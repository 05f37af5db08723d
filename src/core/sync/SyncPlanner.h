#pragma once

#include "SyncPlan.h"

#include "ghl/Contact.h"
#include "ghl/CustomFieldDefinition.h"
#include "ld/LdFlag.h"
#include "ld/LdSegment.h"
#include "mapping/Binding.h"

#include <QCoreApplication>
#include <QHash>
#include <QSet>

// Computes what a binding needs, as a pure function of the data read: no I/O, so that the
// preview is exactly what apply will do, and so that it is easy to test.
class SyncPlanner
{
    Q_DECLARE_TR_FUNCTIONS(SyncPlanner)

public:
    // Removing more than this share of a segment's targets asks for confirmation.
    static constexpr double kRemovalConfirmationShare = 0.20;
    // LaunchDarkly advises against more individual targets per flag than this.
    static constexpr int kFlagTargetAdvice = 10000;
    // Contacts per bulk tag request.
    static constexpr int kBulkTagBatch = 100;

    struct Input
    {
        const Binding *binding = nullptr;
        int bindingIndex = 0;
        const QList<Contact> *contacts = nullptr;
        const QList<CustomFieldDefinition> *customFields = nullptr;
        const QHash<QString, RelatedData> *related = nullptr; // by contact id, for those fetched
        QSet<QString> owned;                                   // ledger: keys this binding added
        QString environmentKey;
        QString comment;
        QDateTime now = QDateTime::currentDateTimeUtc();
    };

    // What a flag serves each contact (by contact id), and what the ledger says was done.
    struct OutcomeInput
    {
        int variationIndex = -1;             // the binding's variation
        QHash<QString, int> served;          // contact id → variation index (absent: not evaluated)
        QHash<QString, QString> notEvaluated; // contact id → why (no key, invalid context)
        QHash<QString, QSet<QString>> done;  // action fingerprint → contact ids already done
    };

    static BindingPlan planSegment(const Input &input, const LdSegment &segment);
    static BindingPlan planFlagTargets(const Input &input, const LdFlag &flag);
    static BindingPlan planFlagOutcome(const Input &input, const OutcomeInput &outcome);
    static QString auditComment(const Binding &binding);

    // The contacts a selector matches, with their context keys (duplicates and missing keys
    // skipped with a reason).
    struct Selection
    {
        QStringList keys;                      // in contact order
        QHash<QString, const Contact *> byKey; // desired keys
        QHash<QString, const Contact *> everyKey; // every contact with a key, matching or not
        QList<SkippedContact> skipped;
        QList<const Contact *> matching;       // matching contacts (key or not)
        int matched = 0;
    };
    static Selection select(const Input &input);
};
