#pragma once

#include "HighLevelContact.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QStringList>

// The filters, full-text query, sort and searchAfter cursor of a POST /contacts/search body,
// compiled once per request so that matching 100,000 contacts is a tight loop.
//
// Filter fields: tags, email, firstNameLowerCase (or firstName), lastNameLowerCase (lastName),
// fullNameLowerCase (name), type, source, country, city, state, postalCode, timezone, dnd,
// validEmail,
// assignedTo, businessId, phone, companyName, id, dateAdded, dateUpdated, and custom fields as
// "customFields.<fieldId>" (also "customField.<fieldId>"). Operators: eq, not_eq, contains,
// not_contains, exists, not_exists, range. String comparisons ignore case; "eq" with an array
// value means "any of". Sort fields: dateAdded, dateUpdated, firstNameLowerCase,
// lastNameLowerCase, fullNameLowerCase, email, companyName; ties are broken by id, ascending.
class HighLevelContactQuery
{
public:
    enum class Field {
        Id,
        Tags,
        Email,
        FirstName,
        LastName,
        FullName,
        Type,
        Source,
        Country,
        City,
        State,
        PostalCode,
        Timezone,
        Dnd,
        ValidEmail,
        AssignedTo,
        BusinessId,
        Phone,
        CompanyName,
        DateAdded,
        DateUpdated,
        CustomField,
    };

    // Reads "filters", "sort", "query" and "searchAfter". Problems are appended to `errors`
    // in HighLevel's 422 style (one sentence per problem).
    static HighLevelContactQuery parse(const QJsonObject &body, QStringList *errors);

    bool matches(const HighLevelContact &contact) const;
    bool lessThan(const HighLevelContact &a, const HighLevelContact &b) const;
    bool hasCursor() const { return m_hasCursor; }
    bool isAfterCursor(const HighLevelContact &contact) const;
    QJsonArray cursorOf(const HighLevelContact &contact) const; // the item's "searchAfter"

    QString sortKey() const; // identifies the sort order, for caching
    QString filterKey() const; // identifies filters + query + sort, for caching

private:
    enum class Op { Eq, NotEq, Contains, NotContains, Exists, NotExists, Range };

    struct Condition
    {
        bool isGroup = false;
        bool anyOf = false; // group "OR"
        QList<Condition> children;

        Field field = Field::Id;
        QString customFieldId;
        Op op = Op::Eq;
        QStringList values; // as given; compared case-insensitively
        QList<qint64> times; // eq on dates
        bool boolValue = false;
        bool hasLow = false, lowInclusive = true, hasHigh = false, highInclusive = true;
        double low = 0, high = 0;
    };

    struct SortField
    {
        Field field = Field::DateAdded;
        bool descending = true;
    };

    struct CursorValue
    {
        bool isNumber = false;
        double number = 0;
        QString text;
    };

    static bool parseCondition(const QJsonObject &o, const QString &where, Condition *out,
                               QStringList *errors, int depth);
    static bool parseField(const QString &name, Field *field, QString *customId);
    bool evaluate(const Condition &c, const HighLevelContact &contact) const;
    bool equals(const Condition &c, const HighLevelContact &contact) const;
    bool contains(const Condition &c, const HighLevelContact &contact) const;
    bool exists(const Condition &c, const HighLevelContact &contact) const;
    bool inRange(const Condition &c, const HighLevelContact &contact) const;
    static const QString &text(const HighLevelContact &contact, Field field);
    static bool isDate(Field f) { return f == Field::DateAdded || f == Field::DateUpdated; }
    static int compareField(const HighLevelContact &a, const HighLevelContact &b, Field f);
    static bool isDateSort(Field f) { return isDate(f); }

    QList<Condition> m_conditions;
    QString m_query;
    QList<SortField> m_sort;
    bool m_hasCursor = false;
    QList<CursorValue> m_cursor;
    QString m_cursorId;
    QString m_filterKey;
};
