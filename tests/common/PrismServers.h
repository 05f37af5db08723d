#pragma once

#include "net/HttpClient.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStringList>
#include <QTest>

// The Prism servers started by the contract_prism_start fixture (tests/contract/prism), and a
// recorder of the violations Prism reports in its sl-violations header.
class PrismServers
{
public:
    PrismServers()
    {
        const QString state = qEnvironmentVariable("FLAGBRIDGE_PRISM_STATE");
        QFile skipped(state + QStringLiteral("/skipped"));
        if (skipped.open(QIODevice::ReadOnly)) {
            skipReason = QString::fromUtf8(skipped.readAll()).trimmed();
            return;
        }
        QFile ports(state + QStringLiteral("/ports.env"));
        if (!ports.open(QIODevice::ReadOnly)) {
            skipReason = QStringLiteral("Prism is not running (run the tests with CTest, which starts it)");
            return;
        }
        for (const QByteArray &line : ports.readAll().split('\n')) {
            const qsizetype eq = line.indexOf('=');
            if (eq > 0)
                urls.insert(QString::fromUtf8(line.left(eq)), QUrl(QString::fromUtf8(line.mid(eq + 1).trimmed())));
        }
    }

    QString skipReason;
    QHash<QString, QUrl> urls;
};

// Collects every request Prism found at fault, with the operation that sent it.
class ViolationRecorder : public QObject
{
public:
    QStringList violations;
    int responses = 0;

    void watch(HttpClient *client)
    {
        connect(client, &HttpClient::responseReceived, this, [this](const HttpRequest &request, const HttpResponse &response) {
            ++responses;
            const QByteArray header = response.header("sl-violations");
            if (header.isEmpty())
                return;
            const QJsonArray list = QJsonDocument::fromJson(header).array();
            for (const QJsonValue &v : list) {
                const QJsonObject o = v.toObject();
                // Only what we sent: Prism also flags its own mock answers where the spec's
                // examples contradict its schemas.
                if (o.value(QLatin1String("severity")).toString() != QLatin1String("Error")
                    || o.value(QLatin1String("location")).toArray().first().toString() != QLatin1String("request"))
                    continue;
                violations.append(QString::fromLatin1(request.method) + QLatin1Char(' ') + request.path + QStringLiteral(" (")
                                  + request.operation + QStringLiteral("): ")
                                  + QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)));
            }
        });
    }
};
