#pragma once

#include "Contact.h"

#include <QJsonArray>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

// What the contacts table or a sync asks the search API for.
// One condition of the search API: {field, operator, value}. Operators: eq, not_eq, contains,
// not_contains, exists, not_exists, range ({gte, lte, gt, lt}).
struct SearchFilter
{
    QString field;
    QString op = QStringLiteral("eq");
    QJsonValue value = QJsonValue::Undefined;

    bool operator==(const SearchFilter &other) const = default;
};

struct ContactQuery
{
    enum class SortField { DateAdded, DateUpdated, FirstName, LastName, Email };

    QString text;        // full-text query (the API caps it at 75 characters)
    QStringList allTags; // contacts having every one of these tags
    QList<SearchFilter> filters; // further conditions, all of which must hold
    SortField sortField = SortField::DateAdded;
    bool descending = true;

    bool operator==(const ContactQuery &other) const = default;
};

struct ContactPage
{
    QList<Contact> contacts;
    int total = 0;          // matches across all pages
    QJsonArray nextCursor;  // searchAfter of the last contact; empty when there is no next page
};

// A page of the deprecated GET /contacts/ list, with the cursor of the next page.
struct ContactListPage
{
    QList<Contact> contacts;
    int total = 0;
    qint64 startAfter = 0; // epoch ms
    QString startAfterId;  // empty: no next page
};

// What POST /contacts/ did. When the answer was lost or an error (a 422 can still have created
// the contact), FlagBridge looks the contact up before anyone tries again.
struct ContactCreation
{
    Contact contact;
    bool foundAfterError = false; // the create reported an error, but the contact exists
    QString errorMessage;         // that error, for the user
};

struct ContactUpsert
{
    Contact contact;
    bool created = false;
};

struct BulkTagResult
{
    bool succeeded = false;
    int errorCount = 0;
    QJsonArray responses;
};
