#include "SyncRun.h"

#include "SyncPlanner.h"

#include "common/Logging.h"
#include "ghl/HighLevelClient.h"
#include "ld/LaunchDarklyClient.h"
#include "store/LocalDatabase.h"
#include "store/OwnershipLedger.h"
#include "store/SyncHistory.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

SyncRun::SyncRun(HighLevelClient *highLevel, LaunchDarklyClient *launchDarkly, LocalDatabase *db,
                 const Mapping &mapping, QObject *parent)
    : QObject(parent)
    , m_highLevel(highLevel)
    , m_launchDarkly(launchDarkly)
    , m_db(db)
    , m_mapping(mapping)
    , m_projectKey(mapping.projectKey.isEmpty() ? launchDarkly->connection().projectKey : mapping.projectKey)
    , m_environmentKey(mapping.environmentKey.isEmpty() ? launchDarkly->connection().environmentKey
                                                        : mapping.environmentKey)
{
    m_report.mappingName = mapping.name;
}

QString SyncRun::ledgerScope() const
{
    const QUrl url = m_launchDarkly->connection().baseUrl;
    return OwnershipLedger::scopeFor(url.host() + (url.port() > 0 ? u":"_s + QString::number(url.port()) : QString()),
                                     m_projectKey, m_environmentKey);
}

void SyncRun::startPlanning()
{
    if (m_state != State::Idle)
        return;
    m_state = State::Planning;
    m_report.startedAt = QDateTime::currentDateTimeUtc();
    m_ghlAtStart = m_highLevel->http()->counters();
    m_ldAtStart = m_launchDarkly->http()->counters();
    m_waitsAtStart = m_highLevel->http()->rateLimiter()->snapshot().waitCount
        + m_launchDarkly->http()->rateLimiter()->snapshot().waitCount;
    m_waitedMsAtStart = m_highLevel->http()->rateLimiter()->snapshot().waitedMs
        + m_launchDarkly->http()->rateLimiter()->snapshot().waitedMs;

    if (m_projectKey.isEmpty() || m_environmentKey.isEmpty()) {
        ApiError e(ApiError::Kind::InvalidInput, Service::LaunchDarkly, tr("plan the sync"));
        e.setDetail(tr("No LaunchDarkly project or environment: set them in the mapping or the connection."));
        failPlanning(e);
        return;
    }

    Q_EMIT stageChanged(tr("Reading contacts from HighLevel…"));
    bool needsCustomFields = false;
    for (const Binding &b : std::as_const(m_mapping.bindings))
        needsCustomFields |= b.enabled && b.context.keyField == ContextSettings::KeyField::CustomField;

    ++m_pendingReads;
    ApiCall *read = m_highLevel->readAllContacts({}, this, [this](const Result<QList<Contact>> &r) {
        --m_pendingReads;
        if (!r.isOk()) {
            failPlanning(r.error());
            return;
        }
        m_contacts = r.value();
        maybeComputePlan();
    });
    connect(read, &ApiCall::progress, this, [this](qint64 done, qint64 total) {
        Q_EMIT stageChanged(tr("Reading contacts from HighLevel: %1 of %2…").arg(done).arg(total));
        Q_EMIT progress(done, total);
    });
    m_inFlight.append(read);

    if (needsCustomFields) {
        ++m_pendingReads;
        m_inFlight.append(m_highLevel->customFields(this, [this](const Result<QList<CustomFieldDefinition>> &r) {
            --m_pendingReads;
            if (!r.isOk()) {
                failPlanning(r.error());
                return;
            }
            m_customFields = r.value();
            maybeComputePlan();
        }));
    }
    readLaunchDarkly();
}

void SyncRun::readLaunchDarkly()
{
    QStringList segments;
    for (const Binding &b : std::as_const(m_mapping.bindings)) {
        if (b.enabled && b.kind == Binding::Kind::Segment && !segments.contains(b.segmentKey))
            segments.append(b.segmentKey);
    }
    for (const QString &key : std::as_const(segments)) {
        ++m_pendingReads;
        m_inFlight.append(m_launchDarkly->getSegment(m_projectKey, m_environmentKey, key, this,
                                                     [this, key](const Result<LdSegment> &r) {
            --m_pendingReads;
            if (r.isOk()) {
                m_segments.insert(key, r.value());
            } else if (r.error().kind() == ApiError::Kind::Http && r.error().httpStatus() == 404) {
                // A missing segment stops its binding, not the whole run.
                m_segmentErrors.insert(key, r.error());
            } else {
                failPlanning(r.error());
                return;
            }
            maybeComputePlan();
        }));
    }
}

void SyncRun::maybeComputePlan()
{
    if (m_pendingReads > 0 || m_planningFailed || m_state != State::Planning)
        return;
    m_inFlight.clear();
    computePlan();
}

void SyncRun::computePlan()
{
    Q_EMIT stageChanged(tr("Computing changes…"));
    OwnershipLedger ledger(m_db);
    m_plan = {};
    m_plan.plannedAt = QDateTime::currentDateTimeUtc();
    m_plan.contactsRead = int(m_contacts.size());
    for (const Binding &b : std::as_const(m_mapping.bindings)) {
        if (!b.enabled)
            continue;
        if (b.kind != Binding::Kind::Segment) {
            BindingPlan p;
            p.bindingId = b.id;
            p.bindingName = b.name;
            p.target = u"flag:"_s + b.flagKey;
            p.error = tr("Flag-target bindings are not synced by this version of FlagBridge; the binding was left alone.");
            m_plan.bindings.append(p);
            continue;
        }
        if (m_segmentErrors.contains(b.segmentKey)) {
            BindingPlan p;
            p.bindingId = b.id;
            p.bindingName = b.name;
            p.segmentKey = b.segmentKey;
            p.target = u"segment:"_s + b.segmentKey;
            p.error = tr("The segment \"%1\" does not exist in %2 / %3.").arg(b.segmentKey, m_projectKey, m_environmentKey);
            m_plan.bindings.append(p);
            continue;
        }
        SyncPlanner::SegmentInput in;
        in.binding = &b;
        in.contacts = &m_contacts;
        in.customFields = &m_customFields;
        in.segment = m_segments.value(b.segmentKey);
        in.environmentKey = m_environmentKey;
        in.comment = SyncPlanner::auditComment(b);
        QString ledgerError;
        in.owned = ledger.ownedKeys({ledgerScope(), b.id, u"segment:"_s + b.segmentKey, b.context.kind}, &ledgerError);
        BindingPlan p = SyncPlanner::planSegment(in);
        if (!ledgerError.isEmpty())
            p.warnings.append(tr("The ownership ledger could not be read (%1); nothing will be removed.").arg(ledgerError));
        m_plan.bindings.append(p);
    }
    m_plan.readRequests = m_highLevel->http()->counters().since(m_ghlAtStart).total
        + m_launchDarkly->http()->counters().since(m_ldAtStart).total;
    m_state = State::Planned;
    qCInfo(lcSync) << "planned" << m_plan.adds() << "adds," << m_plan.removes() << "removes in"
                   << m_plan.writeRequests() << "write requests";
    Q_EMIT planned();
}

void SyncRun::failPlanning(const ApiError &error)
{
    if (m_planningFailed || m_state == State::Finished)
        return;
    m_planningFailed = true;
    for (const QPointer<ApiCall> &c : std::as_const(m_inFlight)) {
        if (c)
            c->cancel();
    }
    m_inFlight.clear();
    Q_EMIT planningFailed(error);
    finishRun(error.kind() == ApiError::Kind::Cancelled ? SyncReport::Outcome::Cancelled
                                                        : SyncReport::Outcome::Failed,
              error.message());
}

void SyncRun::finishWithoutApplying()
{
    if (m_state != State::Planned)
        return;
    m_report.dryRun = true;
    for (const BindingPlan &p : std::as_const(m_plan.bindings)) {
        SyncReport::BindingResult r;
        r.id = p.bindingId;
        r.name = p.bindingName;
        r.target = p.target;
        r.plannedAdds = int(p.adds.size());
        r.plannedRemoves = int(p.removes.size());
        r.skipped = int(p.skipped.size());
        if (!p.error.isEmpty())
            r.failures.append(p.error);
        m_report.bindings.append(r);
    }
    finishRun(SyncReport::Outcome::Success);
}

void SyncRun::apply()
{
    if (m_state != State::Planned)
        return;
    m_state = State::Applying;
    m_keysTotal = 0;
    for (const BindingPlan &p : std::as_const(m_plan.bindings)) {
        SyncReport::BindingResult r;
        r.id = p.bindingId;
        r.name = p.bindingName;
        r.target = p.target;
        r.plannedAdds = int(p.adds.size());
        r.plannedRemoves = int(p.removes.size());
        r.skipped = int(p.skipped.size());
        if (!p.error.isEmpty())
            r.failures.append(p.error);
        m_report.bindings.append(r);
        for (const SemanticPatch &patch : p.patches)
            m_keysTotal += patch.targetOperationCount();
    }
    Q_EMIT stageChanged(tr("Writing to LaunchDarkly…"));
    Q_EMIT progress(0, m_keysTotal);
    m_bindingIndex = 0;
    m_patchIndex = 0;
    applyNext();
}

void SyncRun::applyNext()
{
    if (m_cancelled) {
        finishRun(SyncReport::Outcome::Cancelled);
        return;
    }
    while (m_bindingIndex < m_plan.bindings.size()
           && m_patchIndex >= m_plan.bindings.at(m_bindingIndex).patches.size()) {
        ++m_bindingIndex;
        m_patchIndex = 0;
    }
    if (m_bindingIndex >= m_plan.bindings.size() || m_stopAll) {
        bool anyFailure = false;
        for (const SyncReport::BindingResult &r : std::as_const(m_report.bindings))
            anyFailure |= !r.failures.isEmpty();
        const int written = m_report.added() + m_report.removed();
        if (m_stopAll && written == 0)
            finishRun(SyncReport::Outcome::Failed, m_report.error);
        else if (anyFailure)
            finishRun(SyncReport::Outcome::Partial, m_report.error);
        else if (m_plan.writeRequests() == 0)
            finishRun(SyncReport::Outcome::NothingToDo);
        else
            finishRun(SyncReport::Outcome::Success);
        return;
    }

    const BindingPlan &plan = m_plan.bindings.at(m_bindingIndex);
    const SemanticPatch &patch = plan.patches.at(m_patchIndex);
    const int bindingIndex = m_bindingIndex;
    ApiCall *call = m_launchDarkly->patchSegment(m_projectKey, plan.segmentKey, patch, false, this,
                                                 [this, bindingIndex, patch](const Result<LdSegment> &r) {
        const BindingPlan &plan = m_plan.bindings.at(bindingIndex);
        SyncReport::BindingResult &result = m_report.bindings[bindingIndex];
        const int keys = patch.targetOperationCount();
        if (r.isOk()) {
            QStringList added;
            QStringList removed;
            for (const QJsonObject &i : patch.instructions) {
                QStringList values;
                const QJsonArray a = i.value("values"_L1).toArray();
                for (const QJsonValue &v : a)
                    values.append(v.toString());
                if (i.value("kind"_L1).toString() == "addIncludedTargets"_L1)
                    added += values;
                else
                    removed += values;
            }
            OwnershipLedger ledger(m_db);
            const OwnershipLedger::Target t{ledgerScope(), plan.bindingId, plan.target, plan.contextKind};
            QString ledgerError;
            if (plan.mirror && !added.isEmpty())
                ledger.recordAdded(t, added, &ledgerError);
            if (!removed.isEmpty())
                ledger.recordRemoved(t, removed, &ledgerError);
            if (!ledgerError.isEmpty())
                result.failures.append(tr("The change was made but the ownership ledger could not record it: %1").arg(ledgerError));
            result.added += int(added.size());
            result.removed += int(removed.size());
        } else if (r.error().kind() == ApiError::Kind::Cancelled) {
            m_cancelled = true;
        } else {
            result.failures.append(r.error().message());
            m_report.error = r.error().message();
            // A refused token or a missing permission fails every other request too.
            if (r.error().isAuthFailure())
                m_stopAll = true;
        }
        m_keysDone += keys;
        Q_EMIT progress(m_keysDone, m_keysTotal);
        ++m_patchIndex;
        applyNext();
    });
    m_inFlight = {call};
}

void SyncRun::cancel()
{
    if (m_state == State::Finished)
        return;
    m_cancelled = true;
    for (const QPointer<ApiCall> &c : std::as_const(m_inFlight)) {
        if (c)
            c->cancel();
    }
    if (m_state == State::Planned) {
        // The user looked at the preview and walked away: nothing happened worth a history entry.
        m_recordHistory = false;
        finishRun(SyncReport::Outcome::Cancelled);
    }
}

void SyncRun::finishRun(SyncReport::Outcome outcome, const QString &error)
{
    if (m_state == State::Finished)
        return;
    m_state = State::Finished;
    m_report.outcome = outcome;
    if (!error.isEmpty())
        m_report.error = error;
    m_report.applied = !m_report.dryRun
        && (outcome == SyncReport::Outcome::Success || outcome == SyncReport::Outcome::NothingToDo);
    m_report.finishedAt = QDateTime::currentDateTimeUtc();
    m_report.highLevelRequests = m_highLevel->http()->counters().since(m_ghlAtStart);
    m_report.launchDarklyRequests = m_launchDarkly->http()->counters().since(m_ldAtStart);
    const RateLimitSnapshot a = m_highLevel->http()->rateLimiter()->snapshot();
    const RateLimitSnapshot b = m_launchDarkly->http()->rateLimiter()->snapshot();
    m_report.rateLimitWaits = a.waitCount + b.waitCount - m_waitsAtStart;
    m_report.rateLimitWaitedMs = a.waitedMs + b.waitedMs - m_waitedMsAtStart;
    if (m_recordHistory && m_db && m_db->isOpen()) {
        QString historyError;
        SyncHistory(m_db).record(m_report, m_mappingPath, &historyError);
        if (!historyError.isEmpty())
            qCWarning(lcSync) << "could not record the run in the history:" << historyError;
    }
    qCInfo(lcSync).noquote() << m_report.summary();
    Q_EMIT finished();
}
