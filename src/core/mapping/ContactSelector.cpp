#include "ContactSelector.h"

#include "common/Json.h"
#include "ghl/Appointment.h"
#include "ghl/Contact.h"
#include "ghl/CustomFieldDefinition.h"
#include "ghl/Note.h"
#include "ghl/Task.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QLocale>
#include <QRegularExpression>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace {

struct OpInfo
{
    SelectorPredicate::Op op;
    const char *name;
};

constexpr OpInfo kOps[] = {
    {SelectorPredicate::Op::Equals, "equals"},          {SelectorPredicate::Op::Contains, "contains"},
    {SelectorPredicate::Op::StartsWith, "startsWith"},  {SelectorPredicate::Op::IsSet, "isSet"},
    {SelectorPredicate::Op::InList, "inList"},          {SelectorPredicate::Op::WithinDays, "withinDays"},
    {SelectorPredicate::Op::LessThan, "lessThan"},      {SelectorPredicate::Op::LessOrEqual, "lessOrEqual"},
    {SelectorPredicate::Op::GreaterThan, "greaterThan"}, {SelectorPredicate::Op::GreaterOrEqual, "greaterOrEqual"},
    {SelectorPredicate::Op::Before, "before"},          {SelectorPredicate::Op::After, "after"},
};

struct TypeInfo
{
    SelectorPredicate::Type type;
    const char *name;
};

constexpr TypeInfo kTypes[] = {
    {SelectorPredicate::Type::Tags, "tags"},
    {SelectorPredicate::Type::Field, "field"},
    {SelectorPredicate::Type::CustomField, "customField"},
    {SelectorPredicate::Type::OpenTasks, "openTasks"},
    {SelectorPredicate::Type::OverdueTasks, "overdueTasks"},
    {SelectorPredicate::Type::UpcomingAppointment, "upcomingAppointment"},
    {SelectorPredicate::Type::NoteContains, "noteContains"},
};

// The value of a standard field as text ("" when missing), or as a date for the date fields.
QString fieldText(const Contact &c, const QString &field)
{
    static const QHash<QString, QString Contact::*> text{
        {u"email"_s, &Contact::email},         {u"phone"_s, &Contact::phone},
        {u"firstName"_s, &Contact::firstName}, {u"lastName"_s, &Contact::lastName},
        {u"companyName"_s, &Contact::companyName}, {u"type"_s, &Contact::type},
        {u"source"_s, &Contact::source},       {u"country"_s, &Contact::country},
        {u"city"_s, &Contact::city},           {u"state"_s, &Contact::state},
        {u"postalCode"_s, &Contact::postalCode}, {u"address1"_s, &Contact::address1},
        {u"website"_s, &Contact::website},     {u"timezone"_s, &Contact::timezone},
        {u"assignedTo"_s, &Contact::assignedTo}, {u"dateOfBirth"_s, &Contact::dateOfBirth},
        {u"businessId"_s, &Contact::businessId}, {u"id"_s, &Contact::id},
    };
    if (field == "name"_L1)
        return c.name.isEmpty() ? QString(c.firstName + u' ' + c.lastName).trimmed() : c.name;
    if (field == "dnd"_L1)
        return c.dnd ? u"true"_s : u"false"_s;
    const auto it = text.constFind(field);
    return it == text.constEnd() ? QString() : c.*(it.value());
}

QDateTime fieldDate(const Contact &c, const QString &field)
{
    if (field == "dateAdded"_L1)
        return c.dateAdded;
    if (field == "dateUpdated"_L1)
        return c.dateUpdated;
    return {};
}

bool isDateField(const QString &field)
{
    return field == "dateAdded"_L1 || field == "dateUpdated"_L1;
}

QDateTime parseDate(const QString &text)
{
    QDateTime dt = Json::dateTime(QJsonValue(text));
    if (!dt.isValid()) {
        const QDate d = QDate::fromString(text.trimmed(), Qt::ISODate);
        if (d.isValid())
            dt = d.startOfDay(QTimeZone::utc());
    }
    return dt;
}

bool parseNumber(const QJsonValue &v, double *out)
{
    if (v.isDouble()) {
        *out = v.toDouble();
        return true;
    }
    bool ok = false;
    *out = v.toString().trimmed().toDouble(&ok);
    return ok;
}

bool compareText(const QString &actual, SelectorPredicate::Op op, const QStringList &values)
{
    const QString v = values.value(0);
    switch (op) {
    case SelectorPredicate::Op::Equals:
        return !actual.isEmpty() && actual.compare(v, Qt::CaseInsensitive) == 0;
    case SelectorPredicate::Op::Contains:
        return !actual.isEmpty() && actual.contains(v, Qt::CaseInsensitive);
    case SelectorPredicate::Op::StartsWith:
        return !actual.isEmpty() && actual.startsWith(v, Qt::CaseInsensitive);
    case SelectorPredicate::Op::IsSet:
        return !actual.trimmed().isEmpty();
    case SelectorPredicate::Op::InList:
        for (const QString &each : values) {
            if (actual.compare(each, Qt::CaseInsensitive) == 0)
                return !actual.isEmpty();
        }
        return false;
    default:
        return false;
    }
}

bool compareNumber(double actual, SelectorPredicate::Op op, double operand)
{
    switch (op) {
    case SelectorPredicate::Op::Equals:
        return actual == operand;
    case SelectorPredicate::Op::LessThan:
        return actual < operand;
    case SelectorPredicate::Op::LessOrEqual:
        return actual <= operand;
    case SelectorPredicate::Op::GreaterThan:
        return actual > operand;
    case SelectorPredicate::Op::GreaterOrEqual:
        return actual >= operand;
    default:
        return false;
    }
}

bool compareDate(const QDateTime &actual, SelectorPredicate::Op op, const SelectorPredicate &p, const QDateTime &now)
{
    if (!actual.isValid())
        return false;
    switch (op) {
    case SelectorPredicate::Op::IsSet:
        return true;
    case SelectorPredicate::Op::WithinDays:
        return actual <= now && actual >= now.addDays(-p.days);
    case SelectorPredicate::Op::Before:
        return actual < parseDate(p.values.value(0));
    case SelectorPredicate::Op::After:
        return actual > parseDate(p.values.value(0));
    case SelectorPredicate::Op::Equals:
        return actual.toUTC().date() == parseDate(p.values.value(0)).toUTC().date();
    default:
        return false;
    }
}

// Notes may be HTML: compare their text.
QString plainText(const QString &body)
{
    static const QRegularExpression tags(u"<[^>]*>"_s);
    QString text = body;
    text.remove(tags);
    return text.replace(u"&nbsp;"_s, u" "_s).replace(u"&amp;"_s, u"&"_s).replace(u"&lt;"_s, u"<"_s).replace(u"&gt;"_s, u">"_s);
}

const CustomFieldDefinition *definitionNamed(const QList<CustomFieldDefinition> *fields, const QString &name)
{
    if (!fields)
        return nullptr;
    for (const CustomFieldDefinition &f : *fields) {
        if (f.name.compare(name, Qt::CaseInsensitive) == 0 || f.fieldKey.compare(name, Qt::CaseInsensitive) == 0)
            return &f;
    }
    return nullptr;
}

bool customFieldMatches(const Contact &c, const SelectorPredicate &p, const SelectorContext &ctx)
{
    const CustomFieldDefinition *def = definitionNamed(ctx.customFields, p.field);
    if (!def)
        return false; // a field that does not exist holds no value (the validator says so)
    const QJsonValue value = c.customFieldValue(def->id);
    const bool missing = value.isUndefined() || value.isNull() || (value.isString() && value.toString().trimmed().isEmpty())
        || (value.isArray() && value.toArray().isEmpty());
    if (p.op == SelectorPredicate::Op::IsSet)
        return !missing;
    if (missing)
        return false;
    if (value.isArray()) {
        // Multiple options or checkboxes: "contains" one option, "inList" any of several.
        const QJsonArray items = value.toArray();
        for (const QJsonValue &item : items) {
            const QString text = Json::displayText(item);
            if ((p.op == SelectorPredicate::Op::Contains || p.op == SelectorPredicate::Op::Equals)
                && text.compare(p.values.value(0), Qt::CaseInsensitive) == 0)
                return true;
            if (p.op == SelectorPredicate::Op::InList && compareText(text, SelectorPredicate::Op::InList, p.values))
                return true;
        }
        return false;
    }
    switch (p.op) {
    case SelectorPredicate::Op::LessThan:
    case SelectorPredicate::Op::LessOrEqual:
    case SelectorPredicate::Op::GreaterThan:
    case SelectorPredicate::Op::GreaterOrEqual: {
        double actual = 0;
        double operand = 0;
        return parseNumber(value, &actual) && parseNumber(QJsonValue(p.values.value(0)), &operand)
            && compareNumber(actual, p.op, operand);
    }
    case SelectorPredicate::Op::Before:
    case SelectorPredicate::Op::After:
    case SelectorPredicate::Op::WithinDays:
        return compareDate(parseDate(Json::displayText(value)), p.op, p, ctx.now);
    case SelectorPredicate::Op::Equals:
        if (def->isNumeric()) {
            double actual = 0;
            double operand = 0;
            return parseNumber(value, &actual) && parseNumber(QJsonValue(p.values.value(0)), &operand) && actual == operand;
        }
        if (def->dataType == "DATE"_L1)
            return compareDate(parseDate(Json::displayText(value)), p.op, p, ctx.now);
        return compareText(Json::displayText(value), p.op, p.values);
    default:
        return compareText(Json::displayText(value), p.op, p.values);
    }
}

} // namespace

QStringList SelectorPredicate::standardFields()
{
    return {u"email"_s, u"phone"_s, u"name"_s, u"firstName"_s, u"lastName"_s, u"companyName"_s, u"type"_s, u"source"_s,
            u"country"_s, u"city"_s, u"state"_s, u"postalCode"_s, u"address1"_s, u"website"_s, u"timezone"_s, u"assignedTo"_s,
            u"dnd"_s, u"dateOfBirth"_s, u"dateAdded"_s, u"dateUpdated"_s, u"businessId"_s, u"id"_s};
}

QString SelectorPredicate::opName(Op op)
{
    for (const OpInfo &i : kOps) {
        if (i.op == op)
            return QLatin1String(i.name);
    }
    return {};
}

bool SelectorPredicate::opFromName(const QString &name, Op *op)
{
    for (const OpInfo &i : kOps) {
        if (name == QLatin1String(i.name)) {
            *op = i.op;
            return true;
        }
    }
    return false;
}

bool SelectorPredicate::needsRelatedData() const
{
    return type == Type::OpenTasks || type == Type::OverdueTasks || type == Type::UpcomingAppointment || type == Type::NoteContains;
}

bool SelectorPredicate::matches(const Contact &contact, const SelectorContext &context, bool *decided) const
{
    if (decided)
        *decided = true;
    bool result = false;
    switch (type) {
    case Type::Tags: {
        int found = 0;
        for (const QString &tag : tags) {
            if (contact.hasTag(tag))
                ++found;
        }
        result = tagMatch == TagMatch::All ? (!tags.isEmpty() && found == tags.size())
                 : tagMatch == TagMatch::Any ? found > 0
                                             : found == 0;
        break;
    }
    case Type::Field:
        result = isDateField(field) ? compareDate(fieldDate(contact, field), op, *this, context.now)
                                    : compareText(fieldText(contact, field), op, values);
        break;
    case Type::CustomField:
        result = customFieldMatches(contact, *this, context);
        break;
    case Type::OpenTasks:
    case Type::OverdueTasks:
    case Type::UpcomingAppointment:
    case Type::NoteContains: {
        const RelatedData *related = context.related;
        if (!related) {
            if (decided)
                *decided = false;
            return false;
        }
        if (type == Type::OpenTasks || type == Type::OverdueTasks) {
            for (const Task &t : related->tasks ? *related->tasks : QList<Task>{}) {
                if (type == Type::OpenTasks ? !t.completed : t.isOverdue(context.now))
                    result = true;
            }
        } else if (type == Type::UpcomingAppointment) {
            for (const Appointment &a : related->appointments ? *related->appointments : QList<Appointment>{}) {
                if (a.isUpcoming(context.now) && a.status.compare(u"cancelled"_s, Qt::CaseInsensitive) != 0)
                    result = true;
            }
        } else {
            for (const Note &n : related->notes ? *related->notes : QList<Note>{}) {
                if (!text.isEmpty() && plainText(n.body).contains(text, Qt::CaseInsensitive))
                    result = true;
            }
        }
        break;
    }
    }
    return negate ? !result : result;
}

QString SelectorPredicate::describe() const
{
    QString text;
    const QString list = tags.join(u", "_s);
    const QString value = op == Op::InList ? values.join(u", "_s) : values.value(0);
    switch (type) {
    case Type::Tags:
        text = tagMatch == TagMatch::All ? ContactSelector::tr("has all of the tags %1").arg(list)
               : tagMatch == TagMatch::None ? ContactSelector::tr("has none of the tags %1").arg(list)
               : tags.size() == 1 ? ContactSelector::tr("has the tag %1").arg(list)
                                  : ContactSelector::tr("has any of the tags %1").arg(list);
        break;
    case Type::Field:
    case Type::CustomField:
        switch (op) {
        case Op::Equals:
            text = ContactSelector::tr("%1 is %2").arg(field, value);
            break;
        case Op::Contains:
            text = ContactSelector::tr("%1 contains %2").arg(field, value);
            break;
        case Op::StartsWith:
            text = ContactSelector::tr("%1 starts with %2").arg(field, value);
            break;
        case Op::IsSet:
            text = ContactSelector::tr("%1 is set").arg(field);
            break;
        case Op::InList:
            text = ContactSelector::tr("%1 is one of %2").arg(field, value);
            break;
        case Op::WithinDays:
            text = QCoreApplication::translate("ContactSelector", "%1 within the last %n day(s)", nullptr, days).arg(field);
            break;
        case Op::LessThan:
            text = ContactSelector::tr("%1 < %2").arg(field, value);
            break;
        case Op::LessOrEqual:
            text = ContactSelector::tr("%1 ≤ %2").arg(field, value);
            break;
        case Op::GreaterThan:
            text = ContactSelector::tr("%1 > %2").arg(field, value);
            break;
        case Op::GreaterOrEqual:
            text = ContactSelector::tr("%1 ≥ %2").arg(field, value);
            break;
        case Op::Before:
            text = ContactSelector::tr("%1 before %2").arg(field, value);
            break;
        case Op::After:
            text = ContactSelector::tr("%1 after %2").arg(field, value);
            break;
        }
        break;
    case Type::OpenTasks:
        text = ContactSelector::tr("has open tasks");
        break;
    case Type::OverdueTasks:
        text = ContactSelector::tr("has overdue tasks");
        break;
    case Type::UpcomingAppointment:
        text = ContactSelector::tr("has an upcoming appointment");
        break;
    case Type::NoteContains:
        text = ContactSelector::tr("has a note containing \"%1\"").arg(this->text);
        break;
    }
    return negate ? ContactSelector::tr("not (%1)").arg(text) : text;
}

QJsonObject SelectorPredicate::toJson() const
{
    QJsonObject o = extra;
    for (const TypeInfo &t : kTypes) {
        if (t.type == type)
            o.insert("type"_L1, QLatin1String(t.name));
    }
    if (negate)
        o.insert("negate"_L1, true);
    switch (type) {
    case Type::Tags:
        o.insert("match"_L1, tagMatch == TagMatch::All ? "all"_L1 : tagMatch == TagMatch::None ? "none"_L1 : "any"_L1);
        o.insert("tags"_L1, QJsonArray::fromStringList(tags));
        break;
    case Type::Field:
    case Type::CustomField:
        o.insert("field"_L1, field);
        o.insert("op"_L1, opName(op));
        if (op == Op::InList)
            o.insert("values"_L1, QJsonArray::fromStringList(values));
        else if (op == Op::WithinDays)
            o.insert("days"_L1, days);
        else if (op != Op::IsSet)
            o.insert("value"_L1, values.value(0));
        break;
    case Type::NoteContains:
        o.insert("text"_L1, text);
        break;
    default:
        break;
    }
    return o;
}

SelectorPredicate SelectorPredicate::fromJson(const QJsonObject &o, QString *problem, QString *where)
{
    SelectorPredicate p;
    auto fail = [&](const QString &message, const char *at = nullptr) {
        if (problem && problem->isEmpty()) {
            *problem = message;
            if (where && at)
                *where = u"."_s + QLatin1String(at);
        }
    };
    const QString type = o.value("type"_L1).toString();
    bool known = false;
    for (const TypeInfo &t : kTypes) {
        if (type == QLatin1String(t.name)) {
            p.type = t.type;
            known = true;
        }
    }
    if (!known) {
        fail(ContactSelector::tr("unknown predicate type \"%1\"").arg(type), "type");
        return p;
    }
    const QJsonValue negate = o.value("negate"_L1);
    if (!negate.isUndefined() && !negate.isBool())
        fail(ContactSelector::tr("\"negate\" must be true or false"), "negate");
    p.negate = negate.toBool(false);
    switch (p.type) {
    case Type::Tags: {
        const QString match = o.value("match"_L1).toString(u"any"_s);
        if (match == "all"_L1)
            p.tagMatch = TagMatch::All;
        else if (match == "none"_L1)
            p.tagMatch = TagMatch::None;
        else if (match == "any"_L1)
            p.tagMatch = TagMatch::Any;
        else
            fail(ContactSelector::tr("\"match\" must be all, any or none, not \"%1\"").arg(match), "match");
        if (!o.value("tags"_L1).isArray()) {
            fail(ContactSelector::tr("\"tags\" must be a list of tag names"), "tags");
        } else {
            const QJsonArray a = o.value("tags"_L1).toArray();
            for (const QJsonValue &v : a) {
                if (v.isString() && !v.toString().trimmed().isEmpty())
                    p.tags.append(v.toString().trimmed());
            }
            if (p.tags.isEmpty())
                fail(ContactSelector::tr("name at least one tag"), "tags");
        }
        break;
    }
    case Type::Field:
    case Type::CustomField: {
        p.field = o.value("field"_L1).toString().trimmed();
        if (p.field.isEmpty())
            fail(ContactSelector::tr("\"field\" must name a field"), "field");
        else if (p.type == Type::Field && !standardFields().contains(p.field))
            fail(ContactSelector::tr("\"%1\" is not a contact field (custom fields use the type \"customField\")").arg(p.field), "field");
        if (!opFromName(o.value("op"_L1).toString(), &p.op))
            fail(ContactSelector::tr("unknown operator \"%1\"").arg(o.value("op"_L1).toString()), "op");
        if (p.op == Op::InList) {
            if (!o.value("values"_L1).isArray())
                fail(ContactSelector::tr("\"inList\" needs \"values\": a list"), "values");
            for (const QJsonValue &v : o.value("values"_L1).toArray())
                p.values.append(Json::displayText(v));
        } else if (p.op == Op::WithinDays) {
            const QJsonValue days = o.value("days"_L1);
            if (!days.isDouble() || days.toInt() < 1)
                fail(ContactSelector::tr("\"withinDays\" needs \"days\": a whole number of days, 1 or more"), "days");
            p.days = days.toInt();
        } else if (p.op != Op::IsSet) {
            const QJsonValue v = o.value("value"_L1);
            if (v.isUndefined() || v.isNull() || v.isObject() || v.isArray())
                fail(ContactSelector::tr("\"%1\" needs a \"value\"").arg(opName(p.op)), "value");
            p.values = {Json::displayText(v)};
        }
        break;
    }
    case Type::NoteContains:
        p.text = o.value("text"_L1).toString();
        if (p.text.trimmed().isEmpty())
            fail(ContactSelector::tr("\"noteContains\" needs the \"text\" to look for"), "text");
        break;
    default:
        break;
    }
    p.extra = o;
    for (const char *known : {"type", "negate", "match", "tags", "field", "op", "value", "values", "days", "text"})
        p.extra.remove(QLatin1String(known));
    return p;
}

ContactSelector::Match ContactSelector::evaluate(const Contact &contact, const SelectorContext &context) const
{
    bool undecided = false;
    for (const SelectorPredicate &p : predicates) {
        if (p.needsRelatedData() && !context.related) {
            undecided = true;
            continue;
        }
        if (!p.matches(contact, context))
            return Match::No;
    }
    return undecided ? Match::NeedsRelatedData : Match::Yes;
}

bool ContactSelector::needsRelatedData() const
{
    for (const SelectorPredicate &p : predicates) {
        if (p.needsRelatedData())
            return true;
    }
    return false;
}

QString ContactSelector::describe() const
{
    if (predicates.isEmpty())
        return ContactSelector::tr("every contact");
    QStringList parts;
    for (const SelectorPredicate &p : predicates)
        parts.append(p.describe());
    return parts.join(ContactSelector::tr(" and "));
}
