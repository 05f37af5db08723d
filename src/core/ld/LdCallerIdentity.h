#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

// Who an access token is, for "Test connection" and `flagbridge-cli ld whoami`: the token's name
// and kind from GET /api/v2/caller-identity, and its role from GET /api/v2/tokens/{id} (the
// identity itself carries no role). The role lookup may be refused; the identity still counts.
struct LdCallerIdentity
{
    QString accountId;
    QString authKind;  // "token", "session", ...
    QString tokenKind; // "service", "personal", ...
    QString tokenName;
    QString tokenId;
    QString memberId;
    bool serviceToken = false;
    QStringList scopes;

    // From the token itself; empty role when it could not be read (see roleProblem).
    QString role; // "reader", "writer", "admin", "owner", "no_access"
    QStringList customRoleIds;
    bool inlinePolicy = false;
    int defaultApiVersion = 0;
    QString roleProblem;

    QJsonObject raw; // the caller-identity answer as it came

    static LdCallerIdentity fromJson(const QJsonObject &o);
    void addToken(const QJsonObject &token);

    // "service token" / "personal token", in words.
    QString kindText() const;
    // "writer", "custom role (2)", "inline policy", or "unknown".
    QString roleText() const;
    // False only when the role is known to forbid writes.
    bool mayWrite() const;
    QJsonObject toJson() const;
};
