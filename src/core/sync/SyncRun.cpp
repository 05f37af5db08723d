#include "SyncRun.h"

#include "SyncPlanner.h"

#include "common/Json.h"
#include "common/Logging.h"
#include "eval/FlagEvaluator.h"
#include "ghl/HighLevelClient.h"
#include "ld/LaunchDarklyClient.h"
#include "store/LocalDatabase.h"
#include "store/OwnershipLedger.h"
#include "store/SyncHistory.h"

#include <QJsonArray>
#include <QSqlDatabase>

using namespace Qt::StringLiterals;

namespace {

QString bigKey(const QString &segment, const QString &key)
{
    return segment + u'\n' + key;
}

bool usesCustomFields(const Binding &b)
{
    if (b.context.keyField == ContextSettings::KeyField::CustomField || b.kind == Binding::Kind::FlagOutcome)
        return true;
    for (const SelectorPredicate &p : b.selector.predicates) {
        if (p.type == SelectorPredicate::Type::CustomField)
            return true;
    }
    return false;
}

QString ledgerTarget(const Binding &b)
{
    if (b.kind == Binding::Kind::Segment)
        return u"segment:"_s + b.segmentKey;
    return u"flag:"_s + b.flagKey + u':' + b.variationId;
}

QString ledgerTarget(const SyncOperation &op)
{
    if (op.kind == SyncOperation::Kind::FlagPatch) {
        for (const QJsonObject &i : op.patch.instructions)
            return u"flag:"_s + op.targetKey + u':' + i.value("variationId"_L1).toString();
    }
    return u"segment:"_s + op.targetKey;
}

// The REST shape the evaluator takes, from what the client parsed.
QJsonObject restFlag(const LdFlag &f, const QString &env)
{
    QJsonArray variations;
    for (const LdVariation &v : f.variations)
        variations.append(QJsonObject{{"_id"_L1, v.id}, {"value"_L1, v.value}});
    return {{"key"_L1, f.key},
            {"variations"_L1, variations},
            {"environments"_L1, QJsonObject{{env, f.environments.value(env).raw}}}};
}

QJsonObject restSegment(const LdSegment &s)
{
    auto contexts = [](const QList<LdContextTargets> &list) {
        QJsonArray a;
        for (const LdContextTargets &t : list)
            a.append(QJsonObject{{"contextKind"_L1, t.contextKind}, {"values"_L1, QJsonArray::fromStringList(t.values)}});
        return a;
    };
    QJsonObject o{{"key"_L1, s.key},
                  {"version"_L1, s.version},
                  {"included"_L1, QJsonArray::fromStringList(s.included)},
                  {"excluded"_L1, QJsonArray::fromStringList(s.excluded)},
                  {"includedContexts"_L1, contexts(s.includedContexts)},
                  {"excludedContexts"_L1, contexts(s.excludedContexts)},
                  {"rules"_L1, s.rules},
                  {"unbounded"_L1, s.unbounded}};
    if (s.unbounded) {
        o.insert("unboundedContextKind"_L1, s.unboundedContextKind);
        o.insert("generation"_L1, 1);
    }
    return o;
}

} // namespace

SyncRun::SyncRun(HighLevelClient *highLevel, LaunchDarklyClient *launchDarkly, LocalDatabase *db,
                 const Mapping &mapping, QObject *parent)
    : QObject(parent)
    , m_highLevel(highLevel)
    , m_launchDarkly(launchDarkly)
    , m_db(db)
    , m_mapping(mapping)
    , m_projectKey(mapping.projectKey.isEmpty() ? launchDarkly->connection().projectKey : mapping.projectKey)
    , m_environmentKey(mapping.environmentKey.isEmpty() ? launchDarkly->connection().environmentKey : mapping.environmentKey)
{
    m_report.mappingName = mapping.name;
}

SyncRun::~SyncRun()
{
    for (const QPointer<ApiCall> &c : std::as_const(m_inFlight)) {
        if (c)
            c->cancel();
    }
}

QString SyncRun::ledgerScope() const
{
    const QUrl url = m_launchDarkly->connection().baseUrl;
    return OwnershipLedger::scopeFor(url.host() + (url.port() > 0 ? u":"_s + QString::number(url.port()) : QString()),
                                     m_projectKey, m_environmentKey);
}

const Binding *SyncRun::bindingById(const QString &id) const
{
    return m_mapping.binding(id);
}

// ---- Planning: reads ---------------------------------------------------------------------------

void SyncRun::read(std::function<ApiCall *()> start)
{
    ++m_pendingReads;
    m_inFlight.append(start());
}

void SyncRun::readDone()
{
    if (--m_pendingReads > 0 || m_planningFailed || m_state != State::Planning)
        return;
    m_inFlight.removeIf([](const QPointer<ApiCall> &c) { return !c; });
    if (m_stage == 0) {
        m_stage = 1;
        fetchRelatedData();
    } else if (m_stage == 1) {
        m_stage = 2;
        reconcileJournal();
    } else if (m_stage == 2) {
        reconcileNext();
    }
}

void SyncRun::startPlanning()
{
    if (m_state != State::Idle)
        return;
    m_state = State::Planning;
    m_report.startedAt = QDateTime::currentDateTimeUtc();
    m_ghlAtStart = m_highLevel->http()->counters();
    m_ldAtStart = m_launchDarkly->http()->counters();
    m_waitsAtStart = m_highLevel->http()->rateLimiter()->snapshot().waitCount + m_launchDarkly->http()->rateLimiter()->snapshot().waitCount;
    m_waitedMsAtStart = m_highLevel->http()->rateLimiter()->snapshot().waitedMs + m_launchDarkly->http()->rateLimiter()->snapshot().waitedMs;

    if (m_projectKey.isEmpty() || m_environmentKey.isEmpty()) {
        ApiError e(ApiError::Kind::InvalidInput, Service::LaunchDarkly, tr("plan the sync"));
        e.setDetail(tr("No LaunchDarkly project or environment: set them in the mapping or the connection."));
        failPlanning(e);
        return;
    }
    // What an interrupted earlier run left: its targets are read along with this run's.
    QString journalError;
    if (m_db && m_db->isOpen())
        m_pendingJournal = SyncJournal(m_db).pending(ledgerScope(), &journalError);
    if (!journalError.isEmpty())
        qCWarning(lcSync) << "journal could not be read:" << journalError;

    Q_EMIT stageChanged(tr("Reading contacts from HighLevel…"));
    bool needsCustomFields = false;
    for (const Binding &b : std::as_const(m_mapping.bindings))
        needsCustomFields |= b.enabled && usesCustomFields(b);

    read([this] {
        ApiCall *call = m_highLevel->readAllContacts({}, this, [this](const Result<QList<Contact>> &r) {
            if (!r.isOk())
                return failPlanning(r.error());
            m_contacts = r.value();
            readDone();
        });
        connect(call, &ApiCall::progress, this, [this](qint64 done, qint64 total) {
            Q_EMIT stageChanged(tr("Reading contacts from HighLevel: %1 of %2…").arg(done).arg(total));
            Q_EMIT progress(done, total);
        });
        return call;
    });
    if (needsCustomFields) {
        read([this] {
            return m_highLevel->customFields(this, [this](const Result<QList<CustomFieldDefinition>> &r) {
                if (!r.isOk())
                    return failPlanning(r.error());
                m_customFields = r.value();
                readDone();
            });
        });
    }
    readLaunchDarkly();
}

void SyncRun::readLaunchDarkly()
{
    QStringList segments;
    QStringList flags;
    bool outcomes = false;
    for (const Binding &b : std::as_const(m_mapping.bindings)) {
        if (!b.enabled)
            continue;
        if (b.kind == Binding::Kind::Segment && !segments.contains(b.segmentKey))
            segments.append(b.segmentKey);
        else if (b.kind == Binding::Kind::FlagTargets && !flags.contains(b.flagKey))
            flags.append(b.flagKey);
        else if (b.kind == Binding::Kind::FlagOutcome)
            outcomes = true;
    }
    for (const SyncJournal::Pending &p : std::as_const(m_pendingJournal)) {
        if (p.operation.kind == SyncOperation::Kind::SegmentPatch && !segments.contains(p.operation.targetKey))
            segments.append(p.operation.targetKey);
        if (p.operation.kind == SyncOperation::Kind::FlagPatch && !flags.contains(p.operation.targetKey))
            flags.append(p.operation.targetKey);
    }
    auto missingOr = [this](const QString &key, const ApiError &e) {
        // A missing segment or flag stops its binding, not the whole run.
        if (e.kind() == ApiError::Kind::Http && e.httpStatus() == 404) {
            m_missing.insert(key, e);
            readDone();
        } else {
            failPlanning(e);
        }
    };
    for (const QString &key : std::as_const(segments)) {
        read([this, key, missingOr] {
            return m_launchDarkly->getSegment(m_projectKey, m_environmentKey, key, this, [this, key, missingOr](const Result<LdSegment> &r) {
                if (!r.isOk())
                    return missingOr(key, r.error());
                m_segments.insert(key, r.value());
                readDone();
            });
        });
    }
    for (const QString &key : std::as_const(flags)) {
        read([this, key, missingOr] {
            return m_launchDarkly->getFlag(m_projectKey, key, m_environmentKey, this, [this, key, missingOr](const Result<LdFlag> &r) {
                if (!r.isOk())
                    return missingOr(key, r.error());
                m_flags.insert(key, r.value());
                readDone();
            });
        });
    }
    if (outcomes) {
        // Every flag of the environment (prerequisites), then the segments their rules use.
        read([this] {
            return m_launchDarkly->listFlags(m_projectKey, m_environmentKey, this, [this](const Result<QList<LdFlag>> &r) {
                if (!r.isOk())
                    return failPlanning(r.error());
                m_allFlags = r.value();
                for (const LdFlag &f : std::as_const(m_allFlags)) {
                    if (!m_flags.contains(f.key))
                        m_flags.insert(f.key, f);
                    for (const QString &segment : f.environments.value(m_environmentKey).segmentKeys()) {
                        if (m_segments.contains(segment))
                            continue;
                        m_segments.insert(segment, LdSegment{});
                        read([this, segment] {
                            return m_launchDarkly->getSegment(m_projectKey, m_environmentKey, segment, this, [this, segment](const Result<LdSegment> &s) {
                                if (s.isOk())
                                    m_segments.insert(segment, s.value());
                                else
                                    m_segments.remove(segment); // evaluated as matching nobody
                                readDone();
                            });
                        });
                    }
                }
                readDone();
            });
        });
    }
}

void SyncRun::fetchRelatedData()
{
    // Related data only for contacts whose selector holds so far and still needs it.
    bool tasks = false;
    bool notes = false;
    bool appointments = false;
    QSet<QString> needed;
    for (const Binding &b : std::as_const(m_mapping.bindings)) {
        if (!b.enabled || !b.selector.needsRelatedData())
            continue;
        for (const SelectorPredicate &p : b.selector.predicates) {
            tasks |= p.type == SelectorPredicate::Type::OpenTasks || p.type == SelectorPredicate::Type::OverdueTasks;
            notes |= p.type == SelectorPredicate::Type::NoteContains;
            appointments |= p.type == SelectorPredicate::Type::UpcomingAppointment;
        }
        SelectorContext ctx;
        ctx.customFields = &m_customFields;
        for (const Contact &c : std::as_const(m_contacts)) {
            if (b.selector.evaluate(c, ctx) == ContactSelector::Match::NeedsRelatedData)
                needed.insert(c.id);
        }
    }
    if (needed.isEmpty()) {
        m_stage = 2;
        reconcileJournal();
        return;
    }
    Q_EMIT stageChanged(tr("Reading tasks, notes and appointments of %n contact(s)…", nullptr, int(needed.size())));
    QStringList ids(needed.cbegin(), needed.cend());
    ids.sort();
    auto storage = [this](const QString &id) -> Related & { return m_relatedStorage[id]; };
    for (const QString &id : std::as_const(ids)) {
        storage(id);
        // A failed read leaves the contact undecided: it is skipped with the reason, not lost.
        if (tasks) {
            read([this, id] {
                return m_highLevel->listTasks(id, this, [this, id](const Result<QList<Task>> &r) {
                    if (r.isOk())
                        m_relatedStorage[id].tasks = r.value();
                    else
                        m_relatedStorage.remove(id);
                    readDone();
                });
            });
        }
        if (notes) {
            read([this, id] {
                return m_highLevel->listNotes(id, this, [this, id](const Result<QList<Note>> &r) {
                    if (r.isOk() && m_relatedStorage.contains(id))
                        m_relatedStorage[id].notes = r.value();
                    else
                        m_relatedStorage.remove(id);
                    readDone();
                });
            });
        }
        if (appointments) {
            read([this, id] {
                return m_highLevel->listAppointments(id, this, [this, id](const Result<QList<Appointment>> &r) {
                    if (r.isOk() && m_relatedStorage.contains(id))
                        m_relatedStorage[id].appointments = r.value();
                    else
                        m_relatedStorage.remove(id);
                    readDone();
                });
            });
        }
    }
}

// ---- Planning: the journal of an interrupted run --------------------------------------------

void SyncRun::reconcileJournal()
{
    for (auto it = m_relatedStorage.cbegin(); it != m_relatedStorage.cend(); ++it)
        m_related.insert(it.key(), RelatedData{&it.value().tasks, &it.value().notes, &it.value().appointments});
    if (!m_pendingJournal.isEmpty())
        Q_EMIT stageChanged(tr("Completing %n change(s) an earlier run left unfinished…", nullptr, int(m_pendingJournal.size())));
    reconcileNext();
}

void SyncRun::reconcileNext()
{
    if (m_pendingJournal.isEmpty()) {
        m_stage = 3;
        computePlan();
        return;
    }
    const SyncJournal::Pending p = m_pendingJournal.takeFirst();
    const SyncOperation &op = p.operation;
    SyncJournal journal(m_db);
    OwnershipLedger ledger(m_db);
    const QString scope = ledgerScope();
    QString error;
    auto settle = [&](const QString &how) {
        journal.resolve(p.id, how, &error);
        ++m_recovered;
        qCInfo(lcSync) << "journal operation" << p.id << "settled:" << how;
    };
    switch (op.kind) {
    case SyncOperation::Kind::SegmentPatch:
    case SyncOperation::Kind::FlagPatch: {
        // Read fresh: what the write did is in LaunchDarkly now, or it is not.
        QSet<QString> present;
        if (op.kind == SyncOperation::Kind::SegmentPatch && m_segments.contains(op.targetKey)) {
            const QStringList keys = m_segments.value(op.targetKey).includedKeys(op.contextKind);
            present = QSet<QString>(keys.cbegin(), keys.cend());
        } else if (op.kind == SyncOperation::Kind::FlagPatch && m_flags.contains(op.targetKey)) {
            const LdFlag &flag = m_flags[op.targetKey];
            const QString variationId = ledgerTarget(op).section(u':', 2);
            const QStringList keys = flag.environments.value(m_environmentKey).targetKeys(flag.variationIndex(variationId), op.contextKind);
            present = QSet<QString>(keys.cbegin(), keys.cend());
        } else {
            settle(u"target gone"_s);
            break;
        }
        const OwnershipLedger::Target t{scope, p.bindingId, ledgerTarget(op), op.contextKind};
        QStringList added;
        QStringList removed;
        for (const QString &k : op.add) {
            if (present.contains(k))
                added.append(k);
        }
        for (const QString &k : op.remove) {
            if (!present.contains(k))
                removed.append(k);
        }
        ledger.recordAdded(t, added, &error);
        ledger.recordRemoved(t, removed, &error);
        settle(u"reconciled: %1 of %2 added, %3 of %4 removed"_s.arg(added.size()).arg(op.add.size()).arg(removed.size()).arg(op.remove.size()));
        break;
    }
    case SyncOperation::Kind::BigSegmentBatch: {
        // Big segments do not list members: the batch is sent again (adding or removing twice
        // ends the same), then recorded.
        LdBigSegmentChange change;
        change.addIncluded = op.add;
        change.removeIncluded = op.remove;
        ++m_pendingReads;
        m_inFlight.append(m_launchDarkly->changeBigSegmentTargets(m_projectKey, m_environmentKey, op.targetKey, change, this,
                                                                  [this, p, scope](const Result<LdBigSegmentChangeResult> &r) {
            if (!r.isOk())
                return failPlanning(r.error());
            OwnershipLedger ledger(m_db);
            QString e;
            const OwnershipLedger::Target t{scope, p.bindingId, ledgerTarget(p.operation), p.operation.contextKind};
            ledger.recordAdded(t, p.operation.add, &e);
            ledger.recordRemoved(t, p.operation.remove, &e);
            SyncJournal(m_db).resolve(p.id, u"sent again"_s, &e);
            ++m_recovered;
            readDone();
        }));
        return;
    }
    case SyncOperation::Kind::AddTags:
    case SyncOperation::Kind::RemoveTags: {
        // The contacts were just read: their tags tell what the write did.
        QHash<QString, const Contact *> byId;
        for (const Contact &c : std::as_const(m_contacts))
            byId.insert(c.id, &c);
        QStringList done;
        for (const QString &id : op.add) {
            const Contact *c = byId.value(id, nullptr);
            if (!c)
                continue;
            bool all = true;
            for (const QString &t : op.tags)
                all &= (op.kind == SyncOperation::Kind::AddTags) == c->hasTag(t);
            if (all)
                done.append(id);
        }
        if (!op.fingerprint.isEmpty()) {
            if (op.kind == SyncOperation::Kind::AddTags)
                ledger.recordOutcome(scope, p.bindingId, done, op.fingerprint, &error);
            else
                ledger.forgetOutcome(scope, p.bindingId, done, op.fingerprint, &error);
        }
        settle(u"reconciled from the contacts' tags"_s);
        break;
    }
    case SyncOperation::Kind::CreateTask:
    case SyncOperation::Kind::AddNote: {
        // Look for what this binding writes into every task and note it creates.
        ++m_pendingReads;
        m_inFlight.append(findOutcome(op, [this, p, scope](bool found, const ApiError &error) {
            if (error.isError()) {
                // Without knowing, a second task or note could follow: stop, and keep the entry.
                failPlanning(error);
                return;
            }
            QString e;
            if (found)
                OwnershipLedger(m_db).recordOutcome(scope, p.bindingId, {p.operation.contactId}, p.operation.fingerprint, &e);
            SyncJournal(m_db).resolve(p.id, found ? u"found"_s : u"not created"_s, &e);
            ++m_recovered;
            readDone();
        }));
        return;
    }
    }
    QMetaObject::invokeMethod(this, &SyncRun::reconcileNext, Qt::QueuedConnection);
}

// ---- Planning: the plan --------------------------------------------------------------------------

void SyncRun::evaluateOutcomes(QHash<QString, QHash<QString, int>> *served, QHash<QString, QHash<QString, QString>> *notEvaluated)
{
    FlagEvaluator evaluator;
    for (const LdFlag &f : std::as_const(m_allFlags))
        evaluator.addRestFlag(restFlag(f, m_environmentKey), m_environmentKey);
    for (auto it = m_segments.cbegin(); it != m_segments.cend(); ++it)
        evaluator.addSegment(restSegment(it.value()));
    evaluator.setBigSegmentProvider([this](const QString &segment, const QString &key) {
        const auto it = m_bigMembership.constFind(bigKey(segment, key));
        if (it == m_bigMembership.constEnd())
            return BigSegmentMembership::Unavailable;
        return it.value() ? BigSegmentMembership::Included : BigSegmentMembership::NotListed;
    });
    for (const Binding &b : std::as_const(m_mapping.bindings)) {
        if (!b.enabled || b.kind != Binding::Kind::FlagOutcome)
            continue;
        const int flag = evaluator.flagIndex(b.flagKey);
        QHash<QString, int> &out = (*served)[b.id];
        QHash<QString, QString> &skipped = (*notEvaluated)[b.id];
        for (const Contact &c : std::as_const(m_contacts)) {
            QString why;
            const QString key = b.context.keyFor(c, m_customFields, &why);
            if (key.isEmpty()) {
                skipped.insert(c.id, why);
                continue;
            }
            // The contact as a context: the attributes a flag's rules can look at.
            IndividualContext ctx(b.context.kind, key);
            const QString name = c.displayName();
            ctx.setName(name);
            auto put = [&ctx](const QString &attribute, const QString &value) {
                if (!value.isEmpty())
                    ctx.set(attribute, value);
            };
            put(u"email"_s, c.email);
            put(u"phone"_s, c.phone);
            put(u"firstName"_s, c.firstName);
            put(u"lastName"_s, c.lastName);
            put(u"type"_s, c.type);
            put(u"source"_s, c.source);
            put(u"country"_s, c.country);
            put(u"companyName"_s, c.companyName);
            put(u"contactId"_s, c.id);
            if (!c.tags.isEmpty()) {
                QStringList lower;
                for (const QString &t : c.tags)
                    lower.append(t.toLower());
                ctx.setJson(u"tags"_s, QJsonArray::fromStringList(lower));
            }
            for (const CustomFieldValue &cf : c.customFields) {
                for (const CustomFieldDefinition &d : std::as_const(m_customFields)) {
                    if (d.id == cf.id)
                        ctx.setJson(d.name, cf.value);
                }
            }
            const EvaluationContext context(std::move(ctx));
            if (!context.isValid()) {
                skipped.insert(c.id, context.error());
                continue;
            }
            const EvaluationResult r = flag >= 0 ? evaluator.evaluate(flag, context) : EvaluationResult{};
            out.insert(c.id, r.variationIndex());
        }
    }
}

void SyncRun::computePlan()
{
    Q_EMIT stageChanged(tr("Computing changes…"));
    OwnershipLedger ledger(m_db);
    m_plan = {};
    m_plan.plannedAt = QDateTime::currentDateTimeUtc();
    m_plan.contactsRead = int(m_contacts.size());
    QHash<QString, QHash<QString, int>> served;
    QHash<QString, QHash<QString, QString>> notEvaluated;
    bool outcomes = false;
    for (const Binding &b : std::as_const(m_mapping.bindings))
        outcomes |= b.enabled && b.kind == Binding::Kind::FlagOutcome;
    if (outcomes)
        evaluateOutcomes(&served, &notEvaluated);

    for (int i = 0; i < m_mapping.bindings.size(); ++i) {
        const Binding &b = m_mapping.bindings.at(i);
        if (!b.enabled)
            continue;
        SyncPlanner::Input in;
        in.binding = &b;
        in.bindingIndex = i;
        in.contacts = &m_contacts;
        in.customFields = &m_customFields;
        in.related = &m_related;
        in.environmentKey = m_environmentKey;
        in.comment = SyncPlanner::auditComment(b);
        QString ledgerError;
        if (b.kind != Binding::Kind::FlagOutcome)
            in.owned = ledger.ownedKeys({ledgerScope(), b.id, ledgerTarget(b), b.context.kind}, &ledgerError);
        BindingPlan p;
        const QString targetKey = b.kind == Binding::Kind::Segment ? b.segmentKey : b.flagKey;
        if (m_missing.contains(targetKey)) {
            p.bindingId = b.id;
            p.bindingName = b.name;
            p.target = ledgerTarget(b);
            p.error = b.kind == Binding::Kind::Segment
                ? tr("The segment \"%1\" does not exist in %2 / %3.").arg(b.segmentKey, m_projectKey, m_environmentKey)
                : tr("The flag \"%1\" does not exist in %2.").arg(b.flagKey, m_projectKey);
        } else if (b.kind == Binding::Kind::Segment) {
            p = SyncPlanner::planSegment(in, m_segments.value(b.segmentKey));
        } else if (b.kind == Binding::Kind::FlagTargets) {
            p = SyncPlanner::planFlagTargets(in, m_flags.value(b.flagKey));
        } else {
            SyncPlanner::OutcomeInput oc;
            const LdFlag flag = m_flags.value(b.flagKey);
            oc.variationIndex = flag.variationIndex(b.variationId);
            oc.served = served.value(b.id);
            oc.notEvaluated = notEvaluated.value(b.id);
            for (const OutcomeAction &a : b.actions)
                oc.done.insert(a.fingerprint(), ledger.outcomesDone(ledgerScope(), b.id, a.fingerprint(), &ledgerError));
            p = SyncPlanner::planFlagOutcome(in, oc);
        }
        if (!ledgerError.isEmpty())
            p.warnings.append(tr("The ownership ledger could not be read (%1); nothing will be removed.").arg(ledgerError));
        m_plan.bindings.append(p);
    }
    m_plan.readRequests = m_highLevel->http()->counters().since(m_ghlAtStart).total
        + m_launchDarkly->http()->counters().since(m_ldAtStart).total;
    m_state = State::Planned;
    qCInfo(lcSync) << "planned" << m_plan.adds() << "adds," << m_plan.removes() << "removes in" << m_plan.writeRequests() << "write requests";
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
    finishRun(error.kind() == ApiError::Kind::Cancelled ? SyncReport::Outcome::Cancelled : SyncReport::Outcome::Failed, error.message());
}

// ---- Apply ----------------------------------------------------------------------------------------

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
    m_unitsTotal = 0;
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
        for (const SyncOperation &op : p.operations) {
            m_queue.append(op);
            m_unitsTotal += op.size();
        }
    }
    if (!m_queue.isEmpty()) {
        QString error;
        m_journalRun = SyncJournal(m_db).beginRun(ledgerScope(), m_mapping.name, &error);
        if (m_journalRun < 0) {
            // Without a journal an interruption could lose track of changes: do not start.
            finishRun(SyncReport::Outcome::Failed, tr("The sync journal could not be written: %1").arg(error));
            return;
        }
    }
    Q_EMIT stageChanged(tr("Writing…"));
    Q_EMIT progress(0, m_unitsTotal);
    m_applyClock.start();
    applyNext();
}

void SyncRun::applyNext()
{
    if (m_state == State::Finished)
        return;
    if (m_cancelled) {
        finishRun(SyncReport::Outcome::Cancelled);
        return;
    }
    if (m_next >= m_queue.size() || m_stopAll) {
        bool anyFailure = false;
        for (const SyncReport::BindingResult &r : std::as_const(m_report.bindings))
            anyFailure |= !r.failures.isEmpty();
        if (m_journalRun >= 0)
            SyncJournal(m_db).endRun(m_journalRun);
        if (m_stopAll && m_written == 0)
            finishRun(SyncReport::Outcome::Failed, m_report.error);
        else if (anyFailure)
            finishRun(SyncReport::Outcome::Partial, m_report.error);
        else if (m_queue.isEmpty())
            finishRun(SyncReport::Outcome::NothingToDo);
        else
            finishRun(SyncReport::Outcome::Success);
        return;
    }
    const SyncOperation op = m_queue.at(m_next++);
    const Binding &binding = m_mapping.bindings.at(op.bindingIndex);
    QString error;
    const qint64 journalId = SyncJournal(m_db).recordIntent(m_journalRun, binding.id, op, &error);
    if (journalId < 0) {
        m_report.error = tr("The sync journal could not be written: %1").arg(error);
        m_report.bindings[op.bindingIndex < m_report.bindings.size() ? op.bindingIndex : 0].failures.append(m_report.error);
        m_stopAll = true;
        applyNext();
        return;
    }
    ++m_written;
    if (m_crashPoint == CrashPoint::BeforeSend && m_written == m_crashAt) {
        m_recordHistory = false;
        finishRun(SyncReport::Outcome::Failed, u"simulated crash before sending"_s);
        return;
    }
    send(op, journalId);
}

void SyncRun::send(const SyncOperation &op, qint64 journalId)
{
    auto done = [this, op, journalId](const ApiError &e) { onWriteDone(op, journalId, e); };
    ApiCall *call = nullptr;
    switch (op.kind) {
    case SyncOperation::Kind::SegmentPatch:
        call = m_launchDarkly->patchSegment(m_projectKey, op.targetKey, op.patch, false, this,
                                            [done](const Result<LdSegment> &r) { done(r.error()); });
        break;
    case SyncOperation::Kind::FlagPatch:
        call = m_launchDarkly->patchFlag(m_projectKey, op.targetKey, op.patch, false, this,
                                         [done](const Result<LdFlag> &r) { done(r.error()); });
        break;
    case SyncOperation::Kind::BigSegmentBatch: {
        LdBigSegmentChange change;
        change.addIncluded = op.add;
        change.removeIncluded = op.remove;
        call = m_launchDarkly->changeBigSegmentTargets(m_projectKey, m_environmentKey, op.targetKey, change, this,
                                                       [done](const Result<LdBigSegmentChangeResult> &r) { done(r.error()); });
        break;
    }
    case SyncOperation::Kind::AddTags:
    case SyncOperation::Kind::RemoveTags:
        call = m_highLevel->bulkUpdateTags(op.kind == SyncOperation::Kind::AddTags, op.add, op.tags, false, this,
                                           [done](const Result<BulkTagResult> &r) {
            if (r.isOk() && r.value().errorCount > 0) {
                ApiError e(ApiError::Kind::Http, Service::HighLevel, tr("change tags"));
                e.setHttpStatus(200);
                e.setServerMessage(tr("%n contact(s) could not be changed", nullptr, r.value().errorCount));
                done(e);
                return;
            }
            done(r.error());
        });
        break;
    case SyncOperation::Kind::CreateTask:
        call = m_highLevel->createTask(op.contactId, op.task, this, [done](const Result<Task> &r) { done(r.error()); });
        break;
    case SyncOperation::Kind::AddNote:
        call = m_highLevel->createNote(op.contactId, op.note, this, [done](const Result<Note> &r) { done(r.error()); });
        break;
    }
    m_inFlight = {call};
}

ApiCall *SyncRun::findOutcome(const SyncOperation &op, std::function<void(bool, const ApiError &)> done)
{
    // Every task and note a binding creates carries "ref <fingerprint>" in its text.
    const QString ref = u"ref "_s + op.fingerprint;
    if (op.kind == SyncOperation::Kind::CreateTask) {
        return m_highLevel->listTasks(op.contactId, this, [done, ref](const Result<QList<Task>> &r) {
            bool found = false;
            for (const Task &t : r.value())
                found |= t.body.contains(ref);
            done(found, r.error());
        });
    }
    return m_highLevel->listNotes(op.contactId, this, [done, ref](const Result<QList<Note>> &r) {
        bool found = false;
        for (const Note &n : r.value())
            found |= n.body.contains(ref);
        done(found, r.error());
    });
}

bool SyncRun::recordLedger(const QString &bindingId, const SyncOperation &op, QString *error)
{
    OwnershipLedger ledger(m_db);
    const QString scope = ledgerScope();
    const Binding *b = bindingById(bindingId);
    switch (op.kind) {
    case SyncOperation::Kind::SegmentPatch:
    case SyncOperation::Kind::FlagPatch:
    case SyncOperation::Kind::BigSegmentBatch: {
        const OwnershipLedger::Target t{scope, bindingId, ledgerTarget(op), op.contextKind};
        // Add-only bindings never remove, so owning their keys would serve nothing.
        bool ok = true;
        if (!op.add.isEmpty() && (!b || b->mode == Binding::Mode::Mirror))
            ok &= ledger.recordAdded(t, op.add, error);
        if (!op.remove.isEmpty())
            ok &= ledger.recordRemoved(t, op.remove, error);
        return ok;
    }
    case SyncOperation::Kind::AddTags:
        return op.fingerprint.isEmpty() || ledger.recordOutcome(scope, bindingId, op.add, op.fingerprint, error);
    case SyncOperation::Kind::RemoveTags:
        return op.fingerprint.isEmpty() || ledger.forgetOutcome(scope, bindingId, op.add, op.fingerprint, error);
    case SyncOperation::Kind::CreateTask:
    case SyncOperation::Kind::AddNote:
        return ledger.recordOutcome(scope, bindingId, {op.contactId}, op.fingerprint, error);
    }
    return true;
}

void SyncRun::onWriteDone(const SyncOperation &op, qint64 journalId, const ApiError &error)
{
    if (m_state == State::Finished)
        return;
    const Binding &binding = m_mapping.bindings.at(op.bindingIndex);
    SyncReport::BindingResult *result = nullptr;
    for (SyncReport::BindingResult &r : m_report.bindings) {
        if (r.id == binding.id)
            result = &r;
    }
    if (!error.isError()) {
        if (m_crashPoint == CrashPoint::AfterSendBeforeJournal && m_written == m_crashAt) {
            m_recordHistory = false;
            finishRun(SyncReport::Outcome::Failed, u"simulated crash after sending"_s);
            return;
        }
        // The ledger and the journal change together, or not at all.
        QSqlDatabase db = m_db->database();
        db.transaction();
        QString ledgerError;
        const bool ok = recordLedger(binding.id, op, &ledgerError) && SyncJournal(m_db).markDone(journalId, &ledgerError);
        if (ok)
            db.commit();
        else
            db.rollback();
        if (!ok && result)
            result->failures.append(tr("The change was made but the ownership ledger could not record it: %1").arg(ledgerError));
        if (result) {
            const bool outcome = !op.isLaunchDarkly();
            if (outcome && op.kind == SyncOperation::Kind::RemoveTags && !op.fingerprint.isEmpty())
                result->removed += int(op.add.size());
            else if (outcome)
                result->added += int(op.add.size());
            else {
                result->added += int(op.add.size());
                result->removed += int(op.remove.size());
            }
        }
    } else if (error.kind() == ApiError::Kind::Cancelled) {
        // Sent or not, nobody knows: the intent stays for the next run to settle.
        m_cancelled = true;
    } else if ((error.kind() == ApiError::Kind::Network || error.kind() == ApiError::Kind::Timeout)
               && (op.kind == SyncOperation::Kind::CreateTask || op.kind == SyncOperation::Kind::AddNote)
               && !m_lookedBeforeRetry.contains(journalId)) {
        // The answer was lost: HighLevel may have created the task or note. Look before sending
        // it again, so that the contact never gets two.
        m_lookedBeforeRetry.insert(journalId);
        m_inFlight = {findOutcome(op, [this, op, journalId, error](bool found, const ApiError &readError) {
            if (m_state == State::Finished)
                return;
            if (m_cancelled) {
                applyNext(); // the intent stays for the next run
                return;
            }
            if (readError.isError())
                onWriteDone(op, journalId, error); // still unknown: recorded as failed, settled next run
            else if (found)
                onWriteDone(op, journalId, ApiError());
            else
                send(op, journalId);
        })};
        return;
    } else {
        SyncJournal(m_db).markFailed(journalId, error.message());
        if (result)
            result->failures.append(error.message());
        m_report.error = error.message();
        // A refused token or a missing permission fails every other request too.
        if (error.isAuthFailure())
            m_stopAll = true;
    }
    m_unitsDone += op.size();
    const qint64 elapsed = m_applyClock.elapsed();
    const qint64 remaining = m_unitsDone > 0 ? elapsed * (m_unitsTotal - m_unitsDone) / m_unitsDone : -1;
    Q_EMIT progress(m_unitsDone, m_unitsTotal, remaining);
    applyNext();
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
    m_report.applied = !m_report.dryRun && (outcome == SyncReport::Outcome::Success || outcome == SyncReport::Outcome::NothingToDo);
    m_report.finishedAt = QDateTime::currentDateTimeUtc();
    m_report.highLevelRequests = m_highLevel->http()->counters().since(m_ghlAtStart);
    m_report.launchDarklyRequests = m_launchDarkly->http()->counters().since(m_ldAtStart);
    const RateLimitSnapshot a = m_highLevel->http()->rateLimiter()->snapshot();
    const RateLimitSnapshot b = m_launchDarkly->http()->rateLimiter()->snapshot();
    m_report.rateLimitWaits = a.waitCount + b.waitCount - m_waitsAtStart;
    m_report.rateLimitWaitedMs = a.waitedMs + b.waitedMs - m_waitedMsAtStart;
    m_report.recovered = m_recovered;
    if (m_recordHistory && m_db && m_db->isOpen()) {
        QString historyError;
        SyncHistory(m_db).record(m_report, m_mappingPath, &historyError);
        if (!historyError.isEmpty())
            qCWarning(lcSync) << "could not record the run in the history:" << historyError;
    }
    qCInfo(lcSync).noquote() << m_report.summary();
    Q_EMIT finished();
}
