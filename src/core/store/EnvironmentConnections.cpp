#include "EnvironmentConnections.h"

#include "net/HttpClient.h"

using namespace Qt::StringLiterals;

bool EnvironmentConnections::present()
{
    for (const char *name : {"FLAGBRIDGE_GHL_TOKEN", "FLAGBRIDGE_GHL_LOCATION", "FLAGBRIDGE_LD_TOKEN"}) {
        if (qEnvironmentVariableIsSet(name))
            return true;
    }
    return false;
}

bool EnvironmentConnections::read(HighLevelConnection *ghl, LaunchDarklyConnection *ld, QString *error)
{
    ghl->id = u"environment-highlevel"_s;
    ghl->name = tr("HighLevel (from the environment)");
    ghl->token = qEnvironmentVariable("FLAGBRIDGE_GHL_TOKEN").trimmed();
    ghl->locationId = qEnvironmentVariable("FLAGBRIDGE_GHL_LOCATION").trimmed();
    if (qEnvironmentVariableIsSet("FLAGBRIDGE_GHL_BASE_URL"))
        ghl->baseUrl = QUrl(qEnvironmentVariable("FLAGBRIDGE_GHL_BASE_URL").trimmed());
    ld->id = u"environment-launchdarkly"_s;
    ld->name = tr("LaunchDarkly (from the environment)");
    ld->token = qEnvironmentVariable("FLAGBRIDGE_LD_TOKEN").trimmed();
    ld->projectKey = qEnvironmentVariable("FLAGBRIDGE_LD_PROJECT").trimmed();
    ld->environmentKey = qEnvironmentVariable("FLAGBRIDGE_LD_ENV").trimmed();
    if (qEnvironmentVariableIsSet("FLAGBRIDGE_LD_BASE_URL"))
        ld->baseUrl = QUrl(qEnvironmentVariable("FLAGBRIDGE_LD_BASE_URL").trimmed());

    QStringList missing;
    if (ghl->token.isEmpty())
        missing << u"FLAGBRIDGE_GHL_TOKEN"_s;
    if (ghl->locationId.isEmpty())
        missing << u"FLAGBRIDGE_GHL_LOCATION"_s;
    if (ld->token.isEmpty())
        missing << u"FLAGBRIDGE_LD_TOKEN"_s;
    if (!missing.isEmpty()) {
        *error = tr("No connection configured: set %1 (or use --demo).").arg(missing.join(u", "_s));
        return false;
    }
    for (const QUrl &url : {ghl->baseUrl, ld->baseUrl}) {
        if (!HttpClient::isAllowedUrl(url)) {
            *error = tr("Refusing %1: use https://, or http:// only to this computer.").arg(url.toString());
            return false;
        }
    }
    return true;
}
