#pragma once

#include <QString>
#include <QUrl>

// Where and as whom to reach one HighLevel sub-account. The token is held in memory only; on
// disk it lives in the OS keychain.
struct HighLevelConnection
{
    QString id;   // stable, non-secret: what mapping files refer to
    QString name; // what the user calls it
    QUrl baseUrl = QUrl(QStringLiteral("https://services.leadconnectorhq.com"));
    QString locationId;
    QString token; // sub-account Private Integration Token or OAuth access token
};
