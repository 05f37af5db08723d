#pragma once

#include "SyncPlan.h"

#include "ghl/Contact.h"
#include "ghl/CustomFieldDefinition.h"
#include "ld/LdSegment.h"
#include "mapping/Binding.h"

#include <QCoreApplication>
#include <QSet>

// Computes what a binding needs, as a pure function of the data read: no I/O, so that the
// preview is exactly what apply will do, and so that it is easy to test.
class SyncPlanner
{
    Q_DECLARE_TR_FUNCTIONS(SyncPlanner)

public:
    // Removing more than this share of a segment's targets asks for confirmation.
    static constexpr double kRemovalConfirmationShare = 0.20;

    struct SegmentInput
    {
        const Binding *binding = nullptr;
        const QList<Contact> *contacts = nullptr;
        const QList<CustomFieldDefinition> *customFields = nullptr;
        LdSegment segment;
        QSet<QString> owned; // keys this binding added earlier (ledger)
        QString environmentKey;
        QString comment;
    };

    static BindingPlan planSegment(const SegmentInput &input);
    static QString auditComment(const Binding &binding);
};
