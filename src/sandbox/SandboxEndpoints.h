#pragma once

#include <QString>
#include <QStringList>
#include <QUrl>

// Where a running sandbox answers and how to authenticate: a plain value, safe to copy across
// threads.
struct SandboxEndpoints
{
    QUrl highLevelBaseUrl; // http://127.0.0.1:P
    QString highLevelToken; // "Authorization: Bearer <token>"
    QString locationId;
    QUrl launchDarklyBaseUrl; // http://127.0.0.1:P+1
    QString launchDarklyToken; // "Authorization: <token>"
    QString launchDarklyProject = QStringLiteral("demo-app");
    QString launchDarklyEnvironment = QStringLiteral("production");

    bool isValid() const { return highLevelBaseUrl.isValid() && launchDarklyBaseUrl.isValid(); }

    // The `export NAME=value` lines of flagbridge-sandbox, in their documented order.
    QStringList exportLines() const
    {
        auto url = [](const QUrl &u) {
            return u.toString(QUrl::StripTrailingSlash);
        };
        return { QStringLiteral("export FLAGBRIDGE_GHL_BASE_URL=") + url(highLevelBaseUrl),
                 QStringLiteral("export FLAGBRIDGE_GHL_TOKEN=") + highLevelToken,
                 QStringLiteral("export FLAGBRIDGE_GHL_LOCATION=") + locationId,
                 QStringLiteral("export FLAGBRIDGE_LD_BASE_URL=") + url(launchDarklyBaseUrl),
                 QStringLiteral("export FLAGBRIDGE_LD_TOKEN=") + launchDarklyToken,
                 QStringLiteral("export FLAGBRIDGE_LD_PROJECT=") + launchDarklyProject,
                 QStringLiteral("export FLAGBRIDGE_LD_ENV=") + launchDarklyEnvironment };
    }
};
