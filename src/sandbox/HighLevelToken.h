#pragma once

#include <QString>
#include <QStringList>

// A Private Integration Token of one sub-account, with the scopes it was created with.
struct HighLevelToken
{
    QString token;
    QString locationId;
    QStringList scopes = allScopes();
    qint64 expiresAtMs = 0; // OAuth access tokens expire; 0 = never (Private Integration Tokens)

    bool allows(const QString &scope) const { return scope.isEmpty() || scopes.contains(scope); }

    static QStringList allScopes()
    {
        return { QStringLiteral("contacts.readonly"),
                 QStringLiteral("contacts.write"),
                 QStringLiteral("locations.readonly"),
                 QStringLiteral("locations/customFields.readonly"),
                 QStringLiteral("locations/tags.readonly"),
                 QStringLiteral("users.readonly"),
                 QStringLiteral("calendars/events.readonly"),
                 QStringLiteral("calendars/events.write") };
    }
};
