#include "LdCallerIdentity.h"

#include "common/Json.h"

#include <QCoreApplication>
#include <QJsonArray>

using namespace Qt::StringLiterals;

LdCallerIdentity LdCallerIdentity::fromJson(const QJsonObject &o)
{
    LdCallerIdentity id;
    id.raw = o;
    id.accountId = Json::string(o, "accountId"_L1);
    id.authKind = Json::string(o, "authKind"_L1);
    id.tokenKind = Json::string(o, "tokenKind"_L1);
    id.tokenName = Json::string(o, "tokenName"_L1);
    id.tokenId = Json::string(o, "tokenId"_L1);
    id.memberId = Json::string(o, "memberId"_L1);
    id.serviceToken = Json::boolean(o, "serviceToken"_L1);
    id.scopes = Json::stringList(o, "scopes"_L1);
    return id;
}

void LdCallerIdentity::addToken(const QJsonObject &token)
{
    role = Json::string(token, "role"_L1);
    customRoleIds = Json::stringList(token, "customRoleIds"_L1);
    inlinePolicy = !Json::array(token, "inlineRole"_L1).isEmpty();
    defaultApiVersion = Json::integer(token, "defaultApiVersion"_L1);
    if (token.contains("serviceToken"_L1))
        serviceToken = Json::boolean(token, "serviceToken"_L1);
    if (tokenName.isEmpty())
        tokenName = Json::string(token, "name"_L1);
    roleProblem.clear();
}

QString LdCallerIdentity::kindText() const
{
    if (serviceToken || tokenKind == "service"_L1)
        return QCoreApplication::translate("LdCallerIdentity", "service token");
    if (tokenKind == "personal"_L1 || authKind == "token"_L1)
        return QCoreApplication::translate("LdCallerIdentity", "personal token");
    return tokenKind.isEmpty() ? authKind : tokenKind;
}

QString LdCallerIdentity::roleText() const
{
    if (!customRoleIds.isEmpty())
        return QCoreApplication::translate("LdCallerIdentity", "custom role (%n)", nullptr, int(customRoleIds.size()));
    if (inlinePolicy)
        return QCoreApplication::translate("LdCallerIdentity", "inline policy");
    if (!role.isEmpty())
        return role;
    return QCoreApplication::translate("LdCallerIdentity", "unknown");
}

bool LdCallerIdentity::mayWrite() const
{
    if (!customRoleIds.isEmpty() || inlinePolicy)
        return true; // only LaunchDarkly knows; the first write will tell
    return role != "reader"_L1 && role != "no_access"_L1;
}

QJsonObject LdCallerIdentity::toJson() const
{
    QJsonObject o{{"accountId"_L1, accountId},
                  {"tokenName"_L1, tokenName},
                  {"tokenId"_L1, tokenId},
                  {"tokenKind"_L1, tokenKind},
                  {"authKind"_L1, authKind},
                  {"memberId"_L1, memberId},
                  {"serviceToken"_L1, serviceToken},
                  {"role"_L1, role.isEmpty() ? QJsonValue() : QJsonValue(role)},
                  {"customRoleIds"_L1, QJsonArray::fromStringList(customRoleIds)},
                  {"inlinePolicy"_L1, inlinePolicy},
                  {"mayWrite"_L1, mayWrite()}};
    if (defaultApiVersion > 0)
        o.insert("defaultApiVersion"_L1, defaultApiVersion);
    if (!roleProblem.isEmpty())
        o.insert("roleProblem"_L1, roleProblem);
    return o;
}
