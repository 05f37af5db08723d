#pragma once

#include "SyncPlan.h"
#include "SyncReport.h"

#include "ghl/Appointment.h"
#include "ghl/Contact.h"
#include "ghl/CustomFieldDefinition.h"
#include "ghl/Note.h"
#include "ghl/Task.h"
#include "ld/LdFlag.h"
#include "ld/LdSegment.h"
#include "mapping/Mapping.h"
#include "net/ApiError.h"
#include "net/HttpExchange.h"
#include "store/SyncJournal.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>

class ApiCall;
class HighLevelClient;
class LaunchDarklyClient;
class LocalDatabase;

// One sync of a mapping.
//
// Plan: settle what an interrupted earlier run left in the journal, read both sides (one paged
// contact search; tasks, notes and appointments only for contacts whose selector still needs
// them; the segments and flags the bindings name) and the ownership ledger, and compute every
// binding's changes. Then either apply (each write journaled before it is sent, the ledger and
// journal updated together after) or stop as a dry run. Everything is asynchronous; the GUI
// shows the plan between the two steps, the CLI goes straight on.
class SyncRun : public QObject
{
    Q_OBJECT

public:
    enum class State { Idle, Planning, Planned, Applying, Finished };
    // Tests only: end the run abruptly, as a crash would, around the Nth write.
    enum class CrashPoint { None, BeforeSend, AfterSendBeforeJournal };

    SyncRun(HighLevelClient *highLevel, LaunchDarklyClient *launchDarkly, LocalDatabase *db,
            const Mapping &mapping, QObject *parent = nullptr);
    ~SyncRun() override;

    // The mapping's project/environment, or the connection's defaults.
    QString projectKey() const { return m_projectKey; }
    QString environmentKey() const { return m_environmentKey; }
    void setMappingPath(const QString &path) { m_mappingPath = path; }
    void simulateCrash(CrashPoint point, int atWrite) { m_crashPoint = point; m_crashAt = atWrite; }

    State state() const { return m_state; }
    const SyncPlan &plan() const { return m_plan; }
    const SyncReport &report() const { return m_report; }
    // The contacts read while planning (the GUI reuses them).
    const QList<Contact> &contacts() const { return m_contacts; }
    // Journal entries of earlier runs settled while planning this one.
    int recovered() const { return m_recovered; }
    QString ledgerScope() const;

    void startPlanning();
    // Sends the planned writes. Call after planned().
    void apply();
    // Ends after planning without writing (a dry run).
    void finishWithoutApplying();
    // Stops as soon as the request in flight ends; what was written stays recorded.
    void cancel();

Q_SIGNALS:
    void stageChanged(const QString &text);
    // Units done and total (contacts while reading, keys and contacts while writing), and the
    // estimated time left in ms (-1 when unknown).
    void progress(qint64 done, qint64 total, qint64 remainingMs = -1);
    void planned();
    void planningFailed(const ApiError &error);
    void finished();

private:
    struct Related
    {
        QList<Task> tasks;
        QList<Note> notes;
        QList<Appointment> appointments;
    };

    void read(std::function<ApiCall *()> start);
    void readDone();
    void readLaunchDarkly();
    void fetchRelatedData();
    void reconcileJournal();
    void reconcileNext();
    void computePlan();
    void evaluateOutcomes(QHash<QString, QHash<QString, int>> *served, QHash<QString, QHash<QString, QString>> *notEvaluated);
    void applyNext();
    void send(const SyncOperation &op, qint64 journalId);
    void onWriteDone(const SyncOperation &op, qint64 journalId, const ApiError &error);
    // Whether the task or note `op` creates exists already (a lost answer, an earlier run).
    ApiCall *findOutcome(const SyncOperation &op, std::function<void(bool found, const ApiError &error)> done);
    bool recordLedger(const QString &bindingId, const SyncOperation &op, QString *error);
    void finishRun(SyncReport::Outcome outcome, const QString &error = {});
    void failPlanning(const ApiError &error);
    const Binding *bindingById(const QString &id) const;

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
    CrashPoint m_crashPoint = CrashPoint::None;
    int m_crashAt = 0;

    // Planning
    QList<QPointer<ApiCall>> m_inFlight;
    int m_pendingReads = 0;
    int m_stage = 0; // 0 base reads, 1 related data, 2 journal, 3 planned
    bool m_planningFailed = false;
    QList<Contact> m_contacts;
    QList<CustomFieldDefinition> m_customFields;
    QHash<QString, LdSegment> m_segments;        // by key
    QHash<QString, LdFlag> m_flags;              // by key (flag-targets, outcomes, journal)
    QList<LdFlag> m_allFlags;                    // every flag of the environment (outcomes)
    QHash<QString, ApiError> m_missing;          // segment or flag key → 404
    QHash<QString, bool> m_bigMembership;        // "segment\nkey" → included
    QHash<QString, Related> m_relatedStorage;
    QHash<QString, RelatedData> m_related;
    QList<SyncJournal::Pending> m_pendingJournal;
    int m_recovered = 0;

    SyncPlan m_plan;
    SyncReport m_report;
    RequestCounters m_ghlAtStart;
    RequestCounters m_ldAtStart;
    qint64 m_waitsAtStart = 0;
    qint64 m_waitedMsAtStart = 0;

    // Apply
    qint64 m_journalRun = -1;
    QList<SyncOperation> m_queue;
    int m_next = 0;
    int m_written = 0;
    qint64 m_unitsDone = 0;
    qint64 m_unitsTotal = 0;
    QElapsedTimer m_applyClock;
    bool m_stopAll = false;
    QSet<qint64> m_lookedBeforeRetry; // journal ids
};
