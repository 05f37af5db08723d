#pragma once

#include "SyncPlan.h"
#include "SyncReport.h"

#include "ghl/Contact.h"
#include "ghl/CustomFieldDefinition.h"
#include "ld/LdSegment.h"
#include "mapping/Mapping.h"
#include "net/ApiError.h"
#include "net/HttpExchange.h"

#include <QElapsedTimer>
#include <QObject>
#include <QHash>
#include <QPointer>

class ApiCall;
class HighLevelClient;
class LaunchDarklyClient;
class LocalDatabase;

// One sync of a mapping: plan (read both sides and the ledger, compute the changes), then either
// apply (batched semantic patches, ledger updated after each) or stop as a dry run. Everything
// is asynchronous; the GUI shows the plan between the two steps, the CLI goes straight on.
class SyncRun : public QObject
{
    Q_OBJECT

public:
    enum class State { Idle, Planning, Planned, Applying, Finished };

    SyncRun(HighLevelClient *highLevel, LaunchDarklyClient *launchDarkly, LocalDatabase *db,
            const Mapping &mapping, QObject *parent = nullptr);

    // The mapping's project/environment, or the connection's defaults.
    QString projectKey() const { return m_projectKey; }
    QString environmentKey() const { return m_environmentKey; }
    void setMappingPath(const QString &path) { m_mappingPath = path; }

    State state() const { return m_state; }
    const SyncPlan &plan() const { return m_plan; }
    const SyncReport &report() const { return m_report; }
    // The contacts read while planning (the GUI reuses them).
    const QList<Contact> &contacts() const { return m_contacts; }

    void startPlanning();
    // Sends the planned writes. Call after planned().
    void apply();
    // Ends after planning without writing (a dry run, or the user closed the preview).
    void finishWithoutApplying();
    // Stops reading or writing as soon as the request in flight ends; what was written stays
    // recorded in the ledger.
    void cancel();

Q_SIGNALS:
    void stageChanged(const QString &text);
    void progress(qint64 done, qint64 total);
    void planned();
    void planningFailed(const ApiError &error);
    void finished();

private:
    void readLaunchDarkly();
    void onContactsRead();
    void maybeComputePlan();
    void computePlan();
    void applyNext();
    void finishRun(SyncReport::Outcome outcome, const QString &error = {});
    void failPlanning(const ApiError &error);
    QString ledgerScope() const;

    HighLevelClient *m_highLevel;
    LaunchDarklyClient *m_launchDarkly;
    LocalDatabase *m_db;
    Mapping m_mapping;
    QString m_mappingPath;
    QString m_projectKey;
    QString m_environmentKey;
    State m_state = State::Idle;
    bool m_cancelled = false;
    bool m_recordHistory = true;

    QList<QPointer<ApiCall>> m_inFlight;
    int m_pendingReads = 0;
    bool m_planningFailed = false;
    QList<Contact> m_contacts;
    QList<CustomFieldDefinition> m_customFields;
    QHash<QString, LdSegment> m_segments;    // by segment key
    QHash<QString, ApiError> m_segmentErrors; // by segment key

    SyncPlan m_plan;
    SyncReport m_report;
    RequestCounters m_ghlAtStart;
    RequestCounters m_ldAtStart;
    qint64 m_waitsAtStart = 0;
    qint64 m_waitedMsAtStart = 0;

    // Apply cursor
    int m_bindingIndex = 0;
    int m_patchIndex = 0;
    qint64 m_keysDone = 0;
    qint64 m_keysTotal = 0;
    bool m_stopAll = false;
};
