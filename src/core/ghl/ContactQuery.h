#pragma once

#include "Contact.h"

#include <QJsonArray>
#include <QList>
#include <QString>
#include <QStringList>

// What the contacts table or a sync asks the search API for.
struct ContactQuery
{
    enum class SortField { DateAdded, DateUpdated, FirstName, LastName, Email };

    QString text;        // full-text query (the API caps it at 75 characters)
    QStringList allTags; // contacts having every one of these tags
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
