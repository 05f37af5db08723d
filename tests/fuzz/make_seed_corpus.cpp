// Writes a seed corpus for the fuzz targets from real sandbox answers: every kind of body the
// clients decode, as the fakes send them.
#include "Sandbox.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        qWarning("usage: make_seed_corpus OUTPUT_DIR");
        return 1;
    }
    const QDir out(QString::fromLocal8Bit(argv[1]));
    for (const char *sub : {"highlevel", "launchdarkly", "mapping"})
        QDir().mkpath(out.filePath(QLatin1String(sub)));

    SandboxOptions options;
    options.contacts = 60;
    Sandbox sandbox(options);
    QString error;
    if (!sandbox.start(&error)) {
        qWarning("%s", qPrintable(error));
        return 1;
    }
    struct Request
    {
        bool ghl;
        QByteArray method;
        QString path;
        QByteArray body;
    };
    const QString loc = sandbox.locationId();
    const QList<Request> requests{
        {true, "POST", u"/contacts/search"_s, "{\"locationId\":\"" + loc.toUtf8() + "\",\"pageLimit\":20}"},
        {true, "GET", u"/contacts/?locationId="_s + loc + u"&limit=5"_s, {}},
        {true, "GET", u"/locations/"_s + loc + u"/customFields?model=contact"_s, {}},
        {true, "GET", u"/locations/"_s + loc + u"/tags"_s, {}},
        {true, "GET", u"/users/?locationId="_s + loc, {}},
        {true, "GET", u"/contacts/does-not-exist"_s, {}},
        {true, "POST", u"/contacts/search"_s, "{\"locationId\":\"" + loc.toUtf8() + "\"}"},
        {false, "GET", u"/api/v2/projects"_s, {}},
        {false, "GET", u"/api/v2/projects/demo-app/environments"_s, {}},
        {false, "GET", u"/api/v2/flags/demo-app?env=production&filter=filterEnv:production&summary=0&limit=5"_s, {}},
        {false, "GET", u"/api/v2/segments/demo-app/production?limit=5"_s, {}},
        {false, "GET", u"/api/v2/segments/demo-app/production/beta-testers"_s, {}},
        {false, "GET", u"/api/v2/flags/demo-app/new-checkout?env=production"_s, {}},
        {false, "GET", u"/api/v2/segments/demo-app/production/nope"_s, {}},
        {false, "GET", u"/api/v2/caller-identity"_s, {}},
    };
    QNetworkAccessManager nam;
    int pending = int(requests.size());
    int index = 0;
    for (const Request &r : requests) {
        QNetworkRequest req(QUrl((r.ghl ? sandbox.highLevelBaseUrl() : sandbox.launchDarklyBaseUrl()).toString() + r.path));
        if (r.ghl) {
            req.setRawHeader("Authorization", "Bearer " + sandbox.highLevelToken().toUtf8());
            req.setRawHeader("Version", "2021-07-28");
        } else {
            req.setRawHeader("Authorization", sandbox.launchDarklyToken().toUtf8());
            req.setRawHeader("LD-API-Version", "20240415");
        }
        req.setRawHeader("Content-Type", "application/json");
        QNetworkReply *reply = r.method == "GET" ? nam.get(req) : nam.sendCustomRequest(req, r.method, r.body);
        const QString file = out.filePath((r.ghl ? u"highlevel/"_s : u"launchdarkly/"_s) + QString::number(index++) + u".json"_s);
        QObject::connect(reply, &QNetworkReply::finished, &app, [reply, file, &pending] {
            QFile f(file);
            if (f.open(QIODevice::WriteOnly))
                f.write(reply->readAll());
            reply->deleteLater();
            if (--pending == 0)
                QCoreApplication::quit();
        });
    }
    QTimer::singleShot(30000, &app, [] { QCoreApplication::exit(1); });
    return QCoreApplication::exec();
}
