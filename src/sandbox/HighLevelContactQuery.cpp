#include "HighLevelContactQuery.h"

#include "PhoneNumber.h"
#include "SandboxTime.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace {

constexpr int kMaxValueLength = 75;
constexpr int kMaxGroupDepth = 4;

// A value as text for case-insensitive comparison: strings as they are, numbers without a
// trailing ".0", booleans as "true"/"false".
QString valueText(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble()) {
        const double d = v.toDouble();
        if (d == double(qint64(d)))
            return QString::number(qint64(d));
        return QString::number(d);
    }
    if (v.isBool())
        return v.toBool() ? u"true"_s : u"false"_s;
    return {};
}

bool rangeBound(const QJsonValue &v, bool dateField, double *out)
{
    if (v.isDouble()) {
        *out = v.toDouble();
        return true;
    }
    if (!v.isString())
        return false;
    if (dateField) {
        qint64 ms = 0;
        if (!SandboxTime::parse(v.toString(), &ms))
            return false;
        *out = double(ms);
        return true;
    }
    bool ok = false;
    *out = v.toString().toDouble(&ok);
    return ok;
}

QString digitsOf(const QString &s)
{
    QString d;
    for (const QChar c : s) {
        if (c.isDigit())
            d.append(c);
    }
    return d;
}

} // namespace

bool HighLevelContactQuery::parseField(const QString &name, Field *field, QString *customId)
{
    static const QHash<QString, Field> fields = {
        { u"id"_s, Field::Id },
        { u"tags"_s, Field::Tags },
        { u"email"_s, Field::Email },
        { u"firstNameLowerCase"_s, Field::FirstName },
        { u"firstName"_s, Field::FirstName },
        { u"lastNameLowerCase"_s, Field::LastName },
        { u"lastName"_s, Field::LastName },
        { u"fullNameLowerCase"_s, Field::FullName },
        { u"name"_s, Field::FullName },
        { u"contactName"_s, Field::FullName },
        { u"type"_s, Field::Type },
        { u"source"_s, Field::Source },
        { u"country"_s, Field::Country },
        { u"city"_s, Field::City },
        { u"state"_s, Field::State },
        { u"postalCode"_s, Field::PostalCode },
        { u"timezone"_s, Field::Timezone },
        { u"dnd"_s, Field::Dnd },
        { u"validEmail"_s, Field::ValidEmail },
        { u"assignedTo"_s, Field::AssignedTo },
        { u"businessId"_s, Field::BusinessId },
        { u"phone"_s, Field::Phone },
        { u"companyName"_s, Field::CompanyName },
        { u"dateAdded"_s, Field::DateAdded },
        { u"dateUpdated"_s, Field::DateUpdated },
    };
    const auto it = fields.find(name);
    if (it != fields.end()) {
        *field = it.value();
        return true;
    }
    for (const QLatin1StringView prefix : { "customFields."_L1, "customField."_L1 }) {
        if (name.startsWith(prefix) && name.size() > prefix.size()) {
            *field = Field::CustomField;
            *customId = name.mid(prefix.size());
            return true;
        }
    }
    return false;
}

bool HighLevelContactQuery::parseCondition(const QJsonObject &o, const QString &where,
                                           Condition *out, QStringList *errors, int depth)
{
    if (o.contains("group"_L1) || o.contains("filters"_L1)) {
        const QString group = o.value("group"_L1).toString().toUpper();
        if (group != "AND"_L1 && group != "OR"_L1) {
            errors->append(where + u".group must be one of the following values: AND, OR"_s);
            return false;
        }
        if (depth >= kMaxGroupDepth) {
            errors->append(where + u" nests groups too deeply"_s);
            return false;
        }
        const QJsonValue children = o.value("filters"_L1);
        if (!children.isArray()) {
            errors->append(where + u".filters must be an array"_s);
            return false;
        }
        out->isGroup = true;
        out->anyOf = group == "OR"_L1;
        const QJsonArray list = children.toArray();
        bool ok = true;
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QString at = where + u".filters."_s + QString::number(i);
            if (!list.at(i).isObject()) {
                errors->append(at + u" must be an object"_s);
                ok = false;
                continue;
            }
            Condition child;
            if (parseCondition(list.at(i).toObject(), at, &child, errors, depth + 1))
                out->children.append(child);
            else
                ok = false;
        }
        return ok;
    }

    for (auto it = o.begin(); it != o.end(); ++it) {
        if (it.key() != "field"_L1 && it.key() != "operator"_L1 && it.key() != "value"_L1) {
            errors->append(where + u".property "_s + it.key() + u" should not exist"_s);
            return false;
        }
    }
    const QString fieldName = o.value("field"_L1).toString();
    if (!parseField(fieldName, &out->field, &out->customFieldId)) {
        errors->append(where + u".field \""_s + fieldName
                       + u"\" is not a supported filter field"_s);
        return false;
    }
    static const QHash<QString, Op> ops = {
        { u"eq"_s, Op::Eq },
        { u"not_eq"_s, Op::NotEq },
        { u"contains"_s, Op::Contains },
        { u"not_contains"_s, Op::NotContains },
        { u"exists"_s, Op::Exists },
        { u"not_exists"_s, Op::NotExists },
        { u"range"_s, Op::Range },
    };
    const QString opName = o.value("operator"_L1).toString();
    const auto op = ops.find(opName);
    if (op == ops.end()) {
        errors->append(where
                       + u".operator must be one of the following values: eq, not_eq, "
                         "contains, not_contains, exists, not_exists, range"_s);
        return false;
    }
    out->op = op.value();
    const QJsonValue value = o.value("value"_L1);

    if (out->op == Op::Exists || out->op == Op::NotExists) {
        if (!value.isUndefined() && !value.isNull()) {
            errors->append(where + u".value should not be sent with the "_s + opName
                           + u" operator"_s);
            return false;
        }
        return true;
    }

    if (out->op == Op::Range) {
        const bool dateField = isDate(out->field);
        if (!dateField && out->field != Field::CustomField) {
            errors->append(where
                           + u".operator range is only supported on dateAdded, "
                             "dateUpdated and custom fields"_s);
            return false;
        }
        if (!value.isObject()) {
            errors->append(where + u".value must be an object with gte, lte, gt or lt"_s);
            return false;
        }
        const QJsonObject r = value.toObject();
        auto bound = [&](QLatin1StringView key, bool *has, bool *inclusive, double *v,
                         bool inclusiveValue) {
            if (!r.contains(key))
                return true;
            if (!rangeBound(r.value(key), dateField, v)) {
                errors->append(where + u".value."_s + key
                               + u" must be an ISO-8601 date or epoch milliseconds"_s);
                return false;
            }
            *has = true;
            *inclusive = inclusiveValue;
            return true;
        };
        bool ok = bound("gte"_L1, &out->hasLow, &out->lowInclusive, &out->low, true)
            && bound("gt"_L1, &out->hasLow, &out->lowInclusive, &out->low, false)
            && bound("start"_L1, &out->hasLow, &out->lowInclusive, &out->low, true)
            && bound("lte"_L1, &out->hasHigh, &out->highInclusive, &out->high, true)
            && bound("lt"_L1, &out->hasHigh, &out->highInclusive, &out->high, false)
            && bound("end"_L1, &out->hasHigh, &out->highInclusive, &out->high, true);
        if (ok && !out->hasLow && !out->hasHigh) {
            errors->append(where + u".value must have at least one of gte, lte, gt, lt"_s);
            ok = false;
        }
        return ok;
    }

    QJsonArray values;
    if (value.isArray())
        values = value.toArray();
    else if (!value.isUndefined() && !value.isNull())
        values.append(value);
    if (values.isEmpty()) {
        errors->append(where + u".value should not be empty"_s);
        return false;
    }
    for (const QJsonValue &v : std::as_const(values)) {
        if (!v.isString() && !v.isDouble() && !v.isBool()) {
            errors->append(where + u".value must be a string, number or boolean"_s);
            return false;
        }
        const QString t = valueText(v);
        if (t.size() > kMaxValueLength) {
            errors->append(where + u".value must be shorter than or equal to 75 characters"_s);
            return false;
        }
        out->values.append(t);
    }
    if (out->field == Field::Dnd || out->field == Field::ValidEmail) {
        if (out->op != Op::Eq && out->op != Op::NotEq) {
            errors->append(where + u".operator "_s + opName + u" is not supported on "_s
                           + fieldName);
            return false;
        }
        const QString t = out->values.first().toLower();
        if (t != "true"_L1 && t != "false"_L1) {
            errors->append(where + u".value must be a boolean"_s);
            return false;
        }
        out->boolValue = t == "true"_L1;
    }
    if (isDate(out->field)) {
        if (out->op == Op::Contains || out->op == Op::NotContains) {
            errors->append(where + u".operator "_s + opName + u" is not supported on "_s
                           + fieldName);
            return false;
        }
        for (const QString &t : std::as_const(out->values)) {
            qint64 ms = 0;
            if (!SandboxTime::parse(t, &ms)) {
                errors->append(where + u".value must be an ISO-8601 date or epoch milliseconds"_s);
                return false;
            }
            out->times.append(ms);
        }
    }
    if (out->field == Field::Phone && (out->op == Op::Eq || out->op == Op::NotEq)) {
        for (QString &t : out->values)
            t = PhoneNumber::toE164(t);
    }
    return true;
}

HighLevelContactQuery HighLevelContactQuery::parse(const QJsonObject &body, QStringList *errors)
{
    HighLevelContactQuery q;

    const QJsonValue filters = body.value("filters"_L1);
    if (!filters.isUndefined() && !filters.isNull()) {
        if (!filters.isArray()) {
            errors->append(u"filters must be an array"_s);
        } else {
            const QJsonArray list = filters.toArray();
            for (qsizetype i = 0; i < list.size(); ++i) {
                const QString where = u"filters."_s + QString::number(i);
                if (!list.at(i).isObject()) {
                    errors->append(where + u" must be an object"_s);
                    continue;
                }
                Condition c;
                if (parseCondition(list.at(i).toObject(), where, &c, errors, 0))
                    q.m_conditions.append(c);
            }
        }
    }

    const QJsonValue query = body.value("query"_L1);
    if (!query.isUndefined() && !query.isNull()) {
        if (!query.isString())
            errors->append(u"query must be a string"_s);
        else if (query.toString().size() > kMaxValueLength)
            errors->append(u"query must be shorter than or equal to 75 characters"_s);
        else
            q.m_query = query.toString().trimmed().toLower();
    }

    const QJsonValue sort = body.value("sort"_L1);
    if (!sort.isUndefined() && !sort.isNull()) {
        if (!sort.isArray()) {
            errors->append(u"sort must be an array"_s);
        } else {
            const QJsonArray list = sort.toArray();
            if (list.size() > 2)
                errors->append(u"sort must contain no more than 2 elements"_s);
            for (qsizetype i = 0; i < list.size(); ++i) {
                const QJsonObject s = list.at(i).toObject();
                const QString where = u"sort."_s + QString::number(i);
                SortField f;
                QString custom;
                const QString name = s.value("field"_L1).toString();
                static const QStringList sortable
                    = { u"dateAdded"_s,          u"dateUpdated"_s,
                        u"firstNameLowerCase"_s, u"lastNameLowerCase"_s,
                        u"fullNameLowerCase"_s,  u"email"_s,
                        u"companyName"_s,        u"firstName"_s,
                        u"lastName"_s,           u"name"_s };
                if (!sortable.contains(name) || !parseField(name, &f.field, &custom)) {
                    errors->append(where
                                   + u".field must be one of the following values: "
                                     "dateAdded, dateUpdated, firstNameLowerCase, "
                                     "lastNameLowerCase, fullNameLowerCase, email, "
                                     "companyName"_s);
                    continue;
                }
                const QString direction = s.value("direction"_L1).toString(u"asc"_s).toLower();
                if (direction != "asc"_L1 && direction != "desc"_L1) {
                    errors->append(where
                                   + u".direction must be one of the following values: "
                                     "asc, desc"_s);
                    continue;
                }
                f.descending = direction == "desc"_L1;
                q.m_sort.append(f);
            }
        }
    }
    if (q.m_sort.isEmpty())
        q.m_sort.append(SortField { Field::DateAdded, true });

    const QJsonValue after = body.value("searchAfter"_L1);
    if (!after.isUndefined() && !after.isNull()) {
        const QJsonArray a = after.toArray();
        if (!after.isArray() || a.size() != q.m_sort.size() + 1 || !a.last().isString()) {
            errors->append(u"searchAfter must be the searchAfter array of the last contact of "
                           "the previous page: [sort value, contact id]"_s);
        } else {
            q.m_hasCursor = true;
            q.m_cursorId = a.last().toString();
            for (qsizetype i = 0; i < q.m_sort.size(); ++i) {
                CursorValue v;
                const QJsonValue x = a.at(i);
                if (isDateSort(q.m_sort.at(i).field)) {
                    double d = 0;
                    if (!rangeBound(x, true, &d)) {
                        errors->append(u"searchAfter."_s + QString::number(i)
                                       + u" must be epoch milliseconds"_s);
                    }
                    v.isNumber = true;
                    v.number = d;
                } else {
                    v.text = valueText(x).toLower();
                }
                q.m_cursor.append(v);
            }
        }
    }

    // The cache key: everything that decides which contacts match and their order.
    QJsonObject keyObject { { u"f"_s, filters }, { u"q"_s, q.m_query } };
    q.m_filterKey = QString::fromUtf8(QJsonDocument(keyObject).toJson(QJsonDocument::Compact))
        + u'|' + q.sortKey();
    return q;
}

QString HighLevelContactQuery::sortKey() const
{
    QString key;
    for (const SortField &s : m_sort)
        key += QString::number(int(s.field)) + (s.descending ? u"d,"_s : u"a,"_s);
    return key;
}

QString HighLevelContactQuery::filterKey() const
{
    return m_filterKey;
}

const QString &HighLevelContactQuery::text(const HighLevelContact &c, Field field)
{
    static const QString empty;
    switch (field) {
    case Field::Id:
        return c.id;
    case Field::Email:
        return c.emailLower;
    case Field::FirstName:
        return c.firstNameLower;
    case Field::LastName:
        return c.lastNameLower;
    case Field::FullName:
        return c.fullNameLower;
    case Field::Type:
        return c.type;
    case Field::Source:
        return c.source;
    case Field::Country:
        return c.country;
    case Field::City:
        return c.city;
    case Field::State:
        return c.state;
    case Field::PostalCode:
        return c.postalCode;
    case Field::Timezone:
        return c.timezone;
    case Field::AssignedTo:
        return c.assignedTo;
    case Field::BusinessId:
        return c.businessId;
    case Field::Phone:
        return c.phone;
    case Field::CompanyName:
        return c.companyLower;
    default:
        break;
    }
    return empty;
}

bool HighLevelContactQuery::matches(const HighLevelContact &contact) const
{
    if (!m_query.isEmpty() && !contact.searchText.contains(m_query))
        return false;
    for (const Condition &c : m_conditions) {
        if (!evaluate(c, contact))
            return false;
    }
    return true;
}

bool HighLevelContactQuery::evaluate(const Condition &c, const HighLevelContact &contact) const
{
    if (c.isGroup) {
        if (c.children.isEmpty())
            return true;
        for (const Condition &child : c.children) {
            const bool hit = evaluate(child, contact);
            if (c.anyOf && hit)
                return true;
            if (!c.anyOf && !hit)
                return false;
        }
        return !c.anyOf;
    }
    switch (c.op) {
    case Op::Eq:
        return equals(c, contact);
    case Op::NotEq:
        return !equals(c, contact);
    case Op::Contains:
        return contains(c, contact);
    case Op::NotContains:
        return !contains(c, contact);
    case Op::Exists:
        return exists(c, contact);
    case Op::NotExists:
        return !exists(c, contact);
    case Op::Range:
        return inRange(c, contact);
    }
    return false;
}

bool HighLevelContactQuery::equals(const Condition &c, const HighLevelContact &contact) const
{
    switch (c.field) {
    case Field::Tags:
        for (const QString &v : c.values) {
            if (contact.hasTag(v))
                return true;
        }
        return false;
    case Field::Dnd:
        return contact.dnd == c.boolValue;
    case Field::ValidEmail:
        return contact.email.isEmpty() != c.boolValue;
    case Field::DateAdded:
    case Field::DateUpdated: {
        const qint64 t = c.field == Field::DateAdded ? contact.dateAdded : contact.dateUpdated;
        return c.times.contains(t);
    }
    case Field::CustomField: {
        const auto *cv = contact.customValue(c.customFieldId);
        if (!cv)
            return false;
        const QJsonArray items
            = cv->value.isArray() ? cv->value.toArray() : QJsonArray { cv->value };
        for (const QJsonValue &item : items) {
            const QString t = valueText(item);
            for (const QString &v : c.values) {
                if (t.compare(v, Qt::CaseInsensitive) == 0)
                    return true;
            }
        }
        return false;
    }
    default:
        break;
    }
    const QString &t = text(contact, c.field);
    for (const QString &v : c.values) {
        if (t.compare(v, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

bool HighLevelContactQuery::contains(const Condition &c, const HighLevelContact &contact) const
{
    switch (c.field) {
    case Field::Tags:
        for (const QString &tag : contact.tags) {
            for (const QString &v : c.values) {
                if (tag.contains(v, Qt::CaseInsensitive))
                    return true;
            }
        }
        return false;
    case Field::Dnd:
    case Field::ValidEmail:
        return false;
    case Field::Phone: {
        for (const QString &v : c.values) {
            const QString d = digitsOf(v);
            if (!d.isEmpty() && contact.phone.contains(d))
                return true;
        }
        return false;
    }
    case Field::CustomField: {
        const auto *cv = contact.customValue(c.customFieldId);
        if (!cv)
            return false;
        const QJsonArray items
            = cv->value.isArray() ? cv->value.toArray() : QJsonArray { cv->value };
        for (const QJsonValue &item : items) {
            const QString t = valueText(item);
            for (const QString &v : c.values) {
                if (t.contains(v, Qt::CaseInsensitive))
                    return true;
            }
        }
        return false;
    }
    default:
        break;
    }
    const QString &t = text(contact, c.field);
    for (const QString &v : c.values) {
        if (t.contains(v, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

bool HighLevelContactQuery::exists(const Condition &c, const HighLevelContact &contact) const
{
    switch (c.field) {
    case Field::Tags:
        return !contact.tags.isEmpty();
    case Field::Dnd:
    case Field::ValidEmail:
        return true;
    case Field::DateAdded:
        return contact.dateAdded > 0;
    case Field::DateUpdated:
        return contact.dateUpdated > 0;
    case Field::CustomField: {
        const auto *cv = contact.customValue(c.customFieldId);
        if (!cv)
            return false;
        if (cv->value.isArray())
            return !cv->value.toArray().isEmpty();
        return !valueText(cv->value).isEmpty();
    }
    default:
        break;
    }
    return !text(contact, c.field).isEmpty();
}

bool HighLevelContactQuery::inRange(const Condition &c, const HighLevelContact &contact) const
{
    double v = 0;
    if (c.field == Field::DateAdded) {
        v = double(contact.dateAdded);
    } else if (c.field == Field::DateUpdated) {
        v = double(contact.dateUpdated);
    } else {
        const auto *cv = contact.customValue(c.customFieldId);
        if (!cv)
            return false;
        if (cv->value.isDouble()) {
            v = cv->value.toDouble();
        } else {
            // Date custom fields hold "YYYY-MM-DD"; numbers sometimes arrive as strings.
            bool ok = false;
            v = cv->value.toString().toDouble(&ok);
            if (!ok) {
                qint64 ms = 0;
                if (!SandboxTime::parse(cv->value.toString(), &ms))
                    return false;
                v = double(ms);
            }
        }
    }
    if (c.hasLow && (c.lowInclusive ? v < c.low : v <= c.low))
        return false;
    if (c.hasHigh && (c.highInclusive ? v > c.high : v >= c.high))
        return false;
    return true;
}

int HighLevelContactQuery::compareField(const HighLevelContact &a, const HighLevelContact &b,
                                        Field f)
{
    switch (f) {
    case Field::DateAdded:
        return a.dateAdded < b.dateAdded ? -1 : (a.dateAdded > b.dateAdded ? 1 : 0);
    case Field::DateUpdated:
        return a.dateUpdated < b.dateUpdated ? -1 : (a.dateUpdated > b.dateUpdated ? 1 : 0);
    default:
        return text(a, f).compare(text(b, f));
    }
}

bool HighLevelContactQuery::lessThan(const HighLevelContact &a, const HighLevelContact &b) const
{
    for (const SortField &s : m_sort) {
        int c = compareField(a, b, s.field);
        if (s.descending)
            c = -c;
        if (c != 0)
            return c < 0;
    }
    return a.id < b.id;
}

bool HighLevelContactQuery::isAfterCursor(const HighLevelContact &contact) const
{
    if (!m_hasCursor)
        return true;
    for (qsizetype i = 0; i < m_sort.size(); ++i) {
        const SortField &s = m_sort.at(i);
        const CursorValue &v = m_cursor.at(i);
        int c = 0;
        if (v.isNumber) {
            const double mine
                = double(s.field == Field::DateAdded ? contact.dateAdded : contact.dateUpdated);
            c = mine < v.number ? -1 : (mine > v.number ? 1 : 0);
        } else {
            c = text(contact, s.field).compare(v.text);
        }
        if (s.descending)
            c = -c;
        if (c != 0)
            return c > 0;
    }
    return contact.id > m_cursorId;
}

QJsonArray HighLevelContactQuery::cursorOf(const HighLevelContact &contact) const
{
    QJsonArray a;
    for (const SortField &s : m_sort) {
        if (s.field == Field::DateAdded)
            a.append(contact.dateAdded);
        else if (s.field == Field::DateUpdated)
            a.append(contact.dateUpdated);
        else
            a.append(text(contact, s.field));
    }
    a.append(contact.id);
    return a;
}
