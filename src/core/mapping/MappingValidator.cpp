#include "MappingValidator.h"

#include "common/Json.h"
#include "ghl/HighLevelClient.h"
#include "ld/LaunchDarklyClient.h"
#include "net/ApiCall.h"

#include <QDate>
#include <QSet>

#include <utility>

using namespace Qt::StringLiterals;

namespace {

using Op = SelectorPredicate::Op;
using Severity = MappingProblem::Severity;

bool isStandardDateField(const QString &field)
{
    return field == "dateAdded"_L1 || field == "dateUpdated"_L1;
}

bool isComparison(Op op)
{
    return op == Op::LessThan || op == Op::LessOrEqual || op == Op::GreaterThan || op == Op::GreaterOrEqual;
}

bool isDateOp(Op op)
{
    return op == Op::Before || op == Op::After || op == Op::WithinDays;
}

// The operators that can ever hold for a kind of value; the selector evaluates the others as
// "no match", which is never what a user meant.
enum class ValueKind { Text, Number, Date, MultipleChoice, YesNo };

bool opFits(ValueKind kind, Op op)
{
    switch (kind) {
    case ValueKind::Text:
        return op == Op::Equals || op == Op::Contains || op == Op::StartsWith || op == Op::IsSet || op == Op::InList;
    case ValueKind::Number:
        return op == Op::Equals || op == Op::IsSet || op == Op::InList || isComparison(op);
    case ValueKind::Date:
        return op == Op::Equals || op == Op::IsSet || isDateOp(op);
    case ValueKind::MultipleChoice:
        return op == Op::Equals || op == Op::Contains || op == Op::IsSet || op == Op::InList;
    case ValueKind::YesNo:
        return op == Op::Equals;
    }
    return false;
}

ValueKind standardFieldKind(const QString &field)
{
    return isStandardDateField(field) ? ValueKind::Date : field == "dnd"_L1 ? ValueKind::YesNo : ValueKind::Text;
}

ValueKind customFieldKind(const CustomFieldDefinition &def)
{
    return def.isNumeric()                ? ValueKind::Number
           : def.dataType == "DATE"_L1    ? ValueKind::Date
           : def.isMultiValued()          ? ValueKind::MultipleChoice
                                          : ValueKind::Text;
}

QString kindWords(ValueKind kind)
{
    switch (kind) {
    case ValueKind::Text:
        return MappingValidator::tr("a text field");
    case ValueKind::Number:
        return MappingValidator::tr("a number field");
    case ValueKind::Date:
        return MappingValidator::tr("a date field");
    case ValueKind::MultipleChoice:
        return MappingValidator::tr("a multiple-choice field");
    case ValueKind::YesNo:
        return MappingValidator::tr("a yes/no field");
    }
    return {};
}

QString opWords(Op op)
{
    switch (op) {
    case Op::Equals:
        return MappingValidator::tr("is");
    case Op::Contains:
        return MappingValidator::tr("contains");
    case Op::StartsWith:
        return MappingValidator::tr("starts with");
    case Op::IsSet:
        return MappingValidator::tr("is set");
    case Op::InList:
        return MappingValidator::tr("is one of");
    case Op::WithinDays:
        return MappingValidator::tr("within the last days");
    case Op::LessThan:
        return MappingValidator::tr("less than");
    case Op::LessOrEqual:
        return MappingValidator::tr("at most");
    case Op::GreaterThan:
        return MappingValidator::tr("greater than");
    case Op::GreaterOrEqual:
        return MappingValidator::tr("at least");
    case Op::Before:
        return MappingValidator::tr("before");
    case Op::After:
        return MappingValidator::tr("after");
    }
    return {};
}

bool parsesAsDate(const QString &text)
{
    return Json::dateTime(QJsonValue(text)).isValid() || QDate::fromString(text.trimmed(), Qt::ISODate).isValid();
}

bool parsesAsNumber(const QString &text)
{
    bool ok = false;
    text.trimmed().toDouble(&ok);
    return ok;
}

QString listOf(const QStringList &items, int max = 8)
{
    QStringList shown = items.mid(0, max);
    if (items.size() > max)
        shown.append(u"…"_s);
    return shown.join(u", "_s);
}

QString variationList(const LdFlag &flag)
{
    QStringList names;
    for (const LdVariation &v : flag.variations) {
        const QString value = Json::displayText(v.value);
        names.append(v.name.isEmpty() || v.name == value ? value : MappingValidator::tr("%1 (%2)").arg(v.name, value));
    }
    return names.join(u", "_s);
}

class Checker
{
public:
    Checker(const Mapping &mapping, const MappingCatalog &catalog)
        : m(mapping)
        , c(catalog)
    {
    }

    QList<MappingProblem> run()
    {
        checkLaunchDarklyPlace();
        for (int i = 0; i < m.bindings.size(); ++i)
            checkBinding(m.bindings.at(i), u"$.bindings[%1]"_s.arg(i));
        return problems;
    }

private:
    const Mapping &m;
    const MappingCatalog &c;
    QList<MappingProblem> problems;

    void error(const QString &path, const QString &message) { problems.append({path, message, Severity::Error}); }
    void warning(const QString &path, const QString &message) { problems.append({path, message, Severity::Warning}); }

    // Where the project and environment come from: the file, or the connection's defaults.
    QString projectPath() const { return m.projectKey.isEmpty() ? u"$.connections.launchdarkly"_s : u"$.launchdarkly.project"_s; }
    QString environmentPath() const
    {
        return m.environmentKey.isEmpty() ? u"$.connections.launchdarkly"_s : u"$.launchdarkly.environment"_s;
    }
    QString place() const { return MappingValidator::tr("project %1, environment %2").arg(c.projectKey, c.environmentKey); }

    void checkLaunchDarklyPlace()
    {
        if (c.projectMissing) {
            error(projectPath(), MappingValidator::tr("The LaunchDarkly project \"%1\" does not exist, or this access token cannot see it.").arg(c.projectKey));
            return;
        }
        if (!c.environmentsKnown)
            return;
        for (const LdEnvironment &e : c.environments) {
            if (e.key == c.environmentKey)
                return;
        }
        QStringList keys;
        for (const LdEnvironment &e : c.environments)
            keys.append(e.key);
        error(environmentPath(), MappingValidator::tr("The LaunchDarkly project \"%1\" has no environment \"%2\". Its environments: %3.")
                                     .arg(c.projectKey, c.environmentKey, listOf(keys)));
    }

    void checkBinding(const Binding &b, const QString &path)
    {
        if (b.id.trimmed().isEmpty())
            error(path + u".id"_s, MappingValidator::tr("The binding has no id. Save it from FlagBridge, which gives every binding one."));
        if (b.name.trimmed().isEmpty())
            error(path + u".name"_s, MappingValidator::tr("Give the binding a name."));
        checkContext(b, path);
        for (int j = 0; j < b.selector.predicates.size(); ++j)
            checkPredicate(b.selector.predicates.at(j), path + u".selector.predicates[%1]"_s.arg(j));
        if (b.selector.predicates.isEmpty() && b.kind != Binding::Kind::FlagOutcome)
            warning(path + u".selector"_s, MappingValidator::tr("No condition: this binding takes every contact in HighLevel."));
        switch (b.kind) {
        case Binding::Kind::Segment:
            checkSegment(b, path);
            break;
        case Binding::Kind::FlagTargets:
            checkFlag(b, path + u".target"_s);
            break;
        case Binding::Kind::FlagOutcome:
            checkFlag(b, path + u".outcome"_s);
            if (b.actions.isEmpty())
                error(path + u".outcome.actions"_s, MappingValidator::tr("Add at least one thing to do in HighLevel."));
            for (int k = 0; k < b.actions.size(); ++k)
                checkAction(b.actions.at(k), path + u".outcome.actions[%1]"_s.arg(k));
            break;
        }
    }

    void checkContext(const Binding &b, const QString &path)
    {
        const QString kindPath = path + u".context.kind"_s;
        const QString problem = LaunchDarklyClient::contextKindProblem(b.context.kind);
        if (!problem.isEmpty()) {
            error(kindPath, problem);
        } else if (c.contextKindsKnown && !c.projectMissing) {
            const LdContextKind *found = nullptr;
            QStringList known;
            for (const LdContextKind &k : c.contextKinds) {
                if (!k.archived)
                    known.append(k.key);
                if (k.key == b.context.kind)
                    found = &k;
            }
            if (!found) {
                error(kindPath, MappingValidator::tr("The LaunchDarkly project \"%1\" has no context kind \"%2\". Create it in LaunchDarkly, or choose "
                                   "one of: %3.")
                                    .arg(c.projectKey, b.context.kind, listOf(known)));
            } else if (found->archived) {
                warning(kindPath, MappingValidator::tr("The context kind \"%1\" is archived in LaunchDarkly.").arg(b.context.kind));
            }
        }
        if (b.context.keyField == ContextSettings::KeyField::CustomField) {
            const QString fieldPath = path + u".context.customField"_s;
            if (b.context.customFieldName.trimmed().isEmpty()) {
                error(fieldPath, MappingValidator::tr("Choose the custom field that holds the context key."));
            } else if (c.customFieldsKnown) {
                // The key is looked up by the field's name only (ContextSettings::keyFor).
                bool byName = false;
                for (const CustomFieldDefinition &f : c.customFields)
                    byName |= f.name.compare(b.context.customFieldName, Qt::CaseInsensitive) == 0;
                if (!byName) {
                    const CustomFieldDefinition *byKey = c.customField(b.context.customFieldName);
                    error(fieldPath, byKey ? MappingValidator::tr("Name the custom field by its name, \"%1\".").arg(byKey->name)
                                           : MappingValidator::tr("HighLevel has no custom field named \"%1\" in this location: it may have been renamed "
                                                "or deleted.")
                                                 .arg(b.context.customFieldName));
                }
            }
        }
    }

    void checkPredicate(const SelectorPredicate &p, const QString &path)
    {
        switch (p.type) {
        case SelectorPredicate::Type::Tags:
            if (p.tags.isEmpty())
                error(path + u".tags"_s, MappingValidator::tr("Choose at least one tag."));
            if (c.tagsKnown) {
                for (int k = 0; k < p.tags.size(); ++k) {
                    if (!c.hasTag(p.tags.at(k)))
                        warning(path + u".tags[%1]"_s.arg(k), MappingValidator::tr("No contact in this HighLevel location has the tag \"%1\".").arg(p.tags.at(k)));
                }
            }
            break;
        case SelectorPredicate::Type::Field:
            checkStandardField(p, path);
            break;
        case SelectorPredicate::Type::CustomField:
            checkCustomField(p, path);
            break;
        case SelectorPredicate::Type::NoteContains:
            if (p.text.trimmed().isEmpty())
                error(path + u".text"_s, MappingValidator::tr("Enter the text to look for in the notes."));
            break;
        case SelectorPredicate::Type::OpenTasks:
        case SelectorPredicate::Type::OverdueTasks:
        case SelectorPredicate::Type::UpcomingAppointment:
            break;
        }
    }

    // The operand of a field predicate: present, and of the field's kind.
    void checkOperand(const SelectorPredicate &p, const QString &path, ValueKind kind)
    {
        if (p.op == Op::IsSet)
            return;
        if (p.op == Op::WithinDays) {
            if (p.days < 1)
                error(path + u".days"_s, MappingValidator::tr("Enter a number of days, 1 or more."));
            return;
        }
        if (p.op == Op::InList) {
            QStringList nonEmpty;
            for (const QString &v : p.values) {
                if (!v.trimmed().isEmpty())
                    nonEmpty.append(v);
            }
            if (nonEmpty.isEmpty())
                error(path + u".values"_s, MappingValidator::tr("Enter at least one value."));
            if (kind == ValueKind::Number) {
                for (int k = 0; k < p.values.size(); ++k) {
                    if (!parsesAsNumber(p.values.at(k)))
                        error(path + u".values[%1]"_s.arg(k), MappingValidator::tr("\"%1\" is not a number.").arg(p.values.at(k)));
                }
            }
            return;
        }
        const QString value = p.values.value(0).trimmed();
        if (value.isEmpty()) {
            error(path + u".value"_s, MappingValidator::tr("Enter the value to compare with."));
            return;
        }
        if (kind == ValueKind::Number && !parsesAsNumber(value))
            error(path + u".value"_s, MappingValidator::tr("\"%1\" is not a number.").arg(value));
        else if (kind == ValueKind::Date && !parsesAsDate(value))
            error(path + u".value"_s, MappingValidator::tr("\"%1\" is not a date; write it as YYYY-MM-DD.").arg(value));
        else if (kind == ValueKind::YesNo && value != "true"_L1 && value != "false"_L1)
            error(path + u".value"_s, MappingValidator::tr("Use true or false."));
    }

    void checkStandardField(const SelectorPredicate &p, const QString &path)
    {
        if (!SelectorPredicate::standardFields().contains(p.field)) {
            error(path + u".field"_s, MappingValidator::tr("\"%1\" is not a contact field.").arg(p.field));
            return;
        }
        const ValueKind kind = standardFieldKind(p.field);
        if (!opFits(kind, p.op)) {
            error(path + u".op"_s, MappingValidator::tr("\"%1\" is %2: \"%3\" never holds for it.").arg(p.field, kindWords(kind), opWords(p.op)));
            return;
        }
        checkOperand(p, path, kind);
        if (p.field == "assignedTo"_L1 && c.usersKnown && (p.op == Op::Equals || p.op == Op::InList)) {
            const QStringList ids = p.op == Op::InList ? p.values : QStringList{p.values.value(0)};
            for (int k = 0; k < ids.size(); ++k) {
                if (!ids.at(k).trimmed().isEmpty() && !c.hasUser(ids.at(k).trimmed()))
                    warning(path + (p.op == Op::InList ? u".values[%1]"_s.arg(k) : u".value"_s),
                            MappingValidator::tr("No user of this HighLevel location has the id \"%1\".").arg(ids.at(k)));
            }
        }
    }

    void checkCustomField(const SelectorPredicate &p, const QString &path)
    {
        if (p.field.trimmed().isEmpty()) {
            error(path + u".field"_s, MappingValidator::tr("Choose a custom field."));
            return;
        }
        if (!c.customFieldsKnown) {
            checkOperand(p, path, isComparison(p.op) ? ValueKind::Number : isDateOp(p.op) ? ValueKind::Date : ValueKind::Text);
            return;
        }
        const CustomFieldDefinition *def = c.customField(p.field);
        if (!def) {
            error(path + u".field"_s,
                  MappingValidator::tr("HighLevel has no custom field named \"%1\" in this location: it may have been renamed or deleted.").arg(p.field));
            return;
        }
        const ValueKind kind = customFieldKind(*def);
        if (!opFits(kind, p.op)) {
            error(path + u".op"_s, MappingValidator::tr("\"%1\" is %2: \"%3\" never holds for it.").arg(def->name, kindWords(kind), opWords(p.op)));
            return;
        }
        checkOperand(p, path, kind);
        if (!def->picklistOptions.isEmpty() && (p.op == Op::Equals || p.op == Op::Contains || p.op == Op::InList)) {
            const QStringList values = p.op == Op::InList ? p.values : QStringList{p.values.value(0)};
            for (int k = 0; k < values.size(); ++k) {
                const QString v = values.at(k).trimmed();
                if (v.isEmpty() || def->picklistOptions.contains(v, Qt::CaseInsensitive))
                    continue;
                warning(path + (p.op == Op::InList ? u".values[%1]"_s.arg(k) : u".value"_s),
                        MappingValidator::tr("\"%1\" is not one of the options of \"%2\" (%3).").arg(v, def->name, listOf(def->picklistOptions)));
            }
        }
    }

    void checkSegment(const Binding &b, const QString &path)
    {
        const QString segmentPath = path + u".target.segment"_s;
        if (b.segmentKey.trimmed().isEmpty()) {
            error(segmentPath, MappingValidator::tr("Choose the LaunchDarkly segment."));
            return;
        }
        if (!c.segmentsKnown || c.projectMissing)
            return;
        const LdSegment *s = c.segment(b.segmentKey);
        if (!s) {
            error(segmentPath, MappingValidator::tr("The segment \"%1\" does not exist in LaunchDarkly (%2).").arg(b.segmentKey, place()));
            return;
        }
        if (s->unbounded && !s->unboundedContextKind.isEmpty() && s->unboundedContextKind != b.context.kind) {
            error(path + u".context.kind"_s, MappingValidator::tr("The big segment \"%1\" holds contexts of kind \"%2\", so this binding must send that kind, "
                                               "not \"%3\".")
                                                .arg(s->key, s->unboundedContextKind, b.context.kind));
        }
        if (!s->unbounded && s->includedCount() >= 15000) {
            warning(segmentPath, MappingValidator::tr("The segment \"%1\" already holds %2 targets; a standard segment takes at most 15,000. Use a big "
                                    "segment for more.")
                                     .arg(s->key)
                                     .arg(s->includedCount()));
        }
    }

    void checkFlag(const Binding &b, const QString &path)
    {
        const QString flagPath = path + u".flag"_s;
        const QString variationPath = path + u".variation"_s;
        if (b.flagKey.trimmed().isEmpty()) {
            error(flagPath, MappingValidator::tr("Choose the LaunchDarkly flag."));
            return;
        }
        if (b.variationId.trimmed().isEmpty())
            error(variationPath, MappingValidator::tr("Choose the flag's variation."));
        if (!c.flagsKnown || c.projectMissing)
            return;
        const LdFlag *f = c.flag(b.flagKey);
        if (!f) {
            error(flagPath, MappingValidator::tr("The flag \"%1\" does not exist in the LaunchDarkly project \"%2\".").arg(b.flagKey, c.projectKey));
            return;
        }
        if (f->archived)
            error(flagPath, MappingValidator::tr("The flag \"%1\" is archived in LaunchDarkly.").arg(b.flagKey));
        else if (f->deprecated)
            warning(flagPath, MappingValidator::tr("The flag \"%1\" is marked deprecated in LaunchDarkly.").arg(b.flagKey));
        if (b.variationId.trimmed().isEmpty() || f->variationIndex(b.variationId) >= 0)
            return;
        // A hand-edited file may name the variation by its value or name; syncs need its id.
        const int meant = f->resolveVariation(b.variationId);
        if (meant >= 0) {
            error(variationPath, MappingValidator::tr("Name the variation by its id, \"%1\" (the variation %2).")
                                     .arg(f->variations.at(meant).id, f->variations.at(meant).displayName()));
        } else {
            error(variationPath, MappingValidator::tr("The flag \"%1\" has no such variation any more; its variations are: %2.").arg(b.flagKey, variationList(*f)));
        }
    }

    void checkAction(const OutcomeAction &a, const QString &path)
    {
        switch (a.kind) {
        case OutcomeAction::Kind::AddTags:
        case OutcomeAction::Kind::RemoveTags:
            if (a.tags.isEmpty())
                error(path + u".tags"_s, MappingValidator::tr("Choose at least one tag."));
            // Adding a new tag creates it; removing one that nobody has does nothing.
            if (a.kind == OutcomeAction::Kind::RemoveTags && c.tagsKnown) {
                for (int k = 0; k < a.tags.size(); ++k) {
                    if (!c.hasTag(a.tags.at(k)))
                        warning(path + u".tags[%1]"_s.arg(k), MappingValidator::tr("No contact in this HighLevel location has the tag \"%1\".").arg(a.tags.at(k)));
                }
            }
            break;
        case OutcomeAction::Kind::CreateTask:
            if (a.title.trimmed().isEmpty())
                error(path + u".title"_s, MappingValidator::tr("Give the task a title."));
            if (a.dueInDays < 0)
                error(path + u".dueInDays"_s, MappingValidator::tr("The task cannot be due before the sync runs."));
            if (!a.assignedTo.isEmpty() && c.usersKnown && !c.hasUser(a.assignedTo))
                error(path + u".assignedTo"_s, MappingValidator::tr("The task would be assigned to a user who does not exist in this HighLevel location (id %1).")
                                                   .arg(a.assignedTo));
            break;
        case OutcomeAction::Kind::AddNote:
            if (a.body.trimmed().isEmpty())
                error(path + u".body"_s, MappingValidator::tr("Write the note's text."));
            break;
        }
    }
};

} // namespace

const LdSegment *MappingCatalog::segment(const QString &key) const
{
    for (const LdSegment &s : segments) {
        if (s.key == key)
            return &s;
    }
    return nullptr;
}

const LdFlag *MappingCatalog::flag(const QString &key) const
{
    for (const LdFlag &f : flags) {
        if (f.key == key)
            return &f;
    }
    return nullptr;
}

const CustomFieldDefinition *MappingCatalog::customField(const QString &name) const
{
    for (const CustomFieldDefinition &f : customFields) {
        if (f.name.compare(name, Qt::CaseInsensitive) == 0 || (!f.fieldKey.isEmpty() && f.fieldKey.compare(name, Qt::CaseInsensitive) == 0))
            return &f;
    }
    return nullptr;
}

bool MappingCatalog::hasTag(const QString &tag) const
{
    return tags.contains(tag.trimmed(), Qt::CaseInsensitive);
}

bool MappingCatalog::hasUser(const QString &userId) const
{
    for (const LocationUser &u : users) {
        if (u.id == userId)
            return true;
    }
    return false;
}

MappingValidator::MappingValidator(HighLevelClient *highLevel, LaunchDarklyClient *launchDarkly, QObject *parent)
    : QObject(parent)
    , m_highLevel(highLevel)
    , m_launchDarkly(launchDarkly)
{
}

MappingValidator::~MappingValidator()
{
    abort();
}

QList<SelectorPredicate::Op> MappingValidator::fittingOperators(SelectorPredicate::Type type, const QString &field, const MappingCatalog &catalog)
{
    ValueKind kind = ValueKind::Text;
    if (type == SelectorPredicate::Type::Field) {
        kind = standardFieldKind(field);
    } else if (type == SelectorPredicate::Type::CustomField) {
        if (const CustomFieldDefinition *def = catalog.customField(field))
            kind = customFieldKind(*def);
    } else {
        return {};
    }
    static const Op order[] = {Op::Equals, Op::Contains, Op::StartsWith, Op::InList, Op::LessThan, Op::LessOrEqual, Op::GreaterThan,
                               Op::GreaterOrEqual, Op::Before, Op::After, Op::WithinDays, Op::IsSet};
    QList<Op> ops;
    for (Op op : order) {
        if (opFits(kind, op))
            ops.append(op);
    }
    return ops;
}

QString MappingValidator::projectKeyFor(const Mapping &mapping, const LaunchDarklyClient *launchDarkly)
{
    return mapping.projectKey.isEmpty() && launchDarkly ? launchDarkly->connection().projectKey : mapping.projectKey;
}

QString MappingValidator::environmentKeyFor(const Mapping &mapping, const LaunchDarklyClient *launchDarkly)
{
    return mapping.environmentKey.isEmpty() && launchDarkly ? launchDarkly->connection().environmentKey : mapping.environmentKey;
}

QList<MappingProblem> MappingValidator::check(const Mapping &mapping, const MappingCatalog &catalog)
{
    return Checker(mapping, catalog).run();
}

bool MappingValidator::hasErrors(const QList<MappingProblem> &problems)
{
    for (const MappingProblem &p : problems) {
        if (p.severity == MappingProblem::Severity::Error)
            return true;
    }
    return false;
}

void MappingValidator::abort()
{
    ++m_generation;
    const QList<QPointer<ApiCall>> calls = std::exchange(m_calls, {});
    for (const QPointer<ApiCall> &call : calls) {
        if (call)
            call->cancel();
    }
    m_pending = 0;
}

void MappingValidator::cancel()
{
    if (!isRunning())
        return;
    abort();
    Q_EMIT finished();
}

void MappingValidator::track(ApiCall *call)
{
    if (call)
        m_calls.append(call);
}

void MappingValidator::failed(const ApiError &error)
{
    if (error.kind() != ApiError::Kind::Cancelled)
        m_readErrors.append(error);
}

void MappingValidator::readDone()
{
    if (--m_pending > 0)
        return;
    m_calls.clear();
    m_problems = m_startProblems + check(m_mapping, m_catalog);
    Q_EMIT finished();
}

void MappingValidator::start(const Mapping &mapping, Scope scope)
{
    abort();
    m_mapping = mapping;
    m_catalog = MappingCatalog();
    m_catalog.projectKey = projectKeyFor(mapping, m_launchDarkly);
    m_catalog.environmentKey = environmentKeyFor(mapping, m_launchDarkly);
    m_problems.clear();
    m_startProblems.clear();
    m_readErrors.clear();
    if (m_launchDarkly && !mapping.bindings.isEmpty()) {
        if (m_catalog.projectKey.isEmpty())
            m_startProblems.append({u"$.launchdarkly.project"_s, tr("No LaunchDarkly project: name one in the mapping or in its connection.")});
        else if (m_catalog.environmentKey.isEmpty())
            m_startProblems.append(
                {u"$.launchdarkly.environment"_s, tr("No LaunchDarkly environment: name one in the mapping or in its connection.")});
    }
    const quint64 generation = m_generation;
    // One pending unit for the start itself, so that answers arriving at once cannot finish
    // the run before every read has been sent.
    m_pending = 1;

    bool customFields = false;
    bool tags = false;
    bool users = false;
    for (const Binding &b : mapping.bindings) {
        customFields |= b.context.keyField == ContextSettings::KeyField::CustomField;
        for (const SelectorPredicate &p : b.selector.predicates) {
            customFields |= p.type == SelectorPredicate::Type::CustomField;
            tags |= p.type == SelectorPredicate::Type::Tags;
            users |= p.type == SelectorPredicate::Type::Field && p.field == "assignedTo"_L1;
        }
        for (const OutcomeAction &a : b.actions) {
            tags |= a.kind == OutcomeAction::Kind::RemoveTags;
            users |= a.kind == OutcomeAction::Kind::CreateTask && !a.assignedTo.isEmpty();
        }
    }
    if (scope == Scope::LaunchDarklyCatalog)
        customFields = tags = users = false;

    if (m_highLevel && customFields) {
        ++m_pending;
        track(m_highLevel->customFields(this, [this, generation](const Result<QList<CustomFieldDefinition>> &r) {
            if (generation != m_generation)
                return;
            if (r.isOk()) {
                m_catalog.customFields = r.value();
                m_catalog.customFieldsKnown = true;
            } else {
                failed(r.error());
            }
            readDone();
        }));
    }
    if (m_highLevel && tags) {
        ++m_pending;
        track(m_highLevel->locationTags(this, [this, generation](const Result<QStringList> &r) {
            if (generation != m_generation)
                return;
            if (r.isOk()) {
                m_catalog.tags = r.value();
                m_catalog.tagsKnown = true;
            } else {
                failed(r.error());
            }
            readDone();
        }));
    }
    if (m_highLevel && users) {
        ++m_pending;
        track(m_highLevel->users(this, [this, generation](const Result<QList<LocationUser>> &r) {
            if (generation != m_generation)
                return;
            if (r.isOk()) {
                m_catalog.users = r.value();
                m_catalog.usersKnown = true;
            } else if (!r.error().isAuthFailure()) {
                // A token without users.readonly: the assignee is not checked, which is no failure.
                failed(r.error());
            }
            readDone();
        }));
    }
    if (m_launchDarkly && (!mapping.bindings.isEmpty() || scope == Scope::LaunchDarklyCatalog))
        readLaunchDarkly(mapping, scope);
    readDone();
}

void MappingValidator::readLaunchDarkly(const Mapping &mapping, Scope scope)
{
    const QString project = m_catalog.projectKey;
    const QString environment = m_catalog.environmentKey;
    if (project.isEmpty() || environment.isEmpty())
        return;
    bool segments = scope == Scope::LaunchDarklyCatalog;
    bool flags = scope == Scope::LaunchDarklyCatalog;
    for (const Binding &b : mapping.bindings) {
        segments |= b.kind == Binding::Kind::Segment;
        flags |= b.kind != Binding::Kind::Segment;
    }
    const quint64 generation = m_generation;
    // The environments first: a missing project would make every other read a 404.
    ++m_pending;
    track(m_launchDarkly->listEnvironments(project, this, [this, generation, project, environment, segments, flags](const Result<QList<LdEnvironment>> &r) {
        if (generation != m_generation)
            return;
        if (!r.isOk()) {
            if (r.error().httpStatus() == 404)
                m_catalog.projectMissing = true;
            else
                failed(r.error());
            readDone();
            return;
        }
        m_catalog.environments = r.value();
        m_catalog.environmentsKnown = true;
        bool environmentExists = false;
        for (const LdEnvironment &e : r.value())
            environmentExists |= e.key == environment;

        ++m_pending;
        track(m_launchDarkly->listContextKinds(project, this, [this, generation](const Result<QList<LdContextKind>> &kinds) {
            if (generation != m_generation)
                return;
            if (kinds.isOk()) {
                m_catalog.contextKinds = kinds.value();
                m_catalog.contextKindsKnown = true;
            } else {
                failed(kinds.error());
            }
            readDone();
        }));
        if (environmentExists && segments) {
            ++m_pending;
            track(m_launchDarkly->listSegments(project, environment, this, [this, generation](const Result<QList<LdSegment>> &list) {
                if (generation != m_generation)
                    return;
                if (list.isOk()) {
                    m_catalog.segments = list.value();
                    m_catalog.segmentsKnown = true;
                } else {
                    failed(list.error());
                }
                readDone();
            }));
        }
        if (environmentExists && flags) {
            ++m_pending;
            track(m_launchDarkly->listFlags(project, environment, this, [this, generation](const Result<QList<LdFlag>> &list) {
                if (generation != m_generation)
                    return;
                if (list.isOk()) {
                    m_catalog.flags = list.value();
                    m_catalog.flagsKnown = true;
                } else {
                    failed(list.error());
                }
                readDone();
            }));
        }
        readDone();
    }));
}
