#include "ConnectionCommands.h"

#include "CliApplication.h"

#include "ghl/HighLevelClient.h"
#include "ld/LaunchDarklyClient.h"
#include "net/HttpClient.h"
#include "store/ConnectionStore.h"
#include "store/ConnectionTester.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonObject>
#include <QTextStream>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

using Cmd = ConnectionCommands;

QJsonObject toJson(const ConnectionProfile &p)
{
    QJsonObject o{{"id"_L1, p.id},
                  {"name"_L1, p.name},
                  {"service"_L1, p.serviceName()},
                  {"baseUrl"_L1, p.effectiveBaseUrl().toString()},
                  {"storage"_L1, p.storage == ConnectionProfile::SecretStorage::Keychain ? u"keychain"_s : u"unencrypted-file"_s}};
    if (p.service == ConnectionProfile::Service::HighLevel) {
        o.insert("locationId"_L1, p.locationId);
    } else {
        o.insert("project"_L1, p.projectKey);
        o.insert("environment"_L1, p.environmentKey);
    }
    if (p.failingSince.isValid())
        o.insert("failingSince"_L1, p.failingSince.toString(Qt::ISODate));
    return o;
}

void list(CliApplication &app)
{
    const QList<ConnectionProfile> profiles = app.connectionStore().profiles();
    if (app.json()) {
        QJsonArray a;
        for (const ConnectionProfile &p : profiles)
            a.append(toJson(p));
        app.printJson(a);
    } else {
        QList<QStringList> rows;
        for (const ConnectionProfile &p : profiles) {
            const QString where = p.service == ConnectionProfile::Service::HighLevel ? p.locationId : p.projectKey + u" / "_s + p.environmentKey;
            QString status = p.storage == ConnectionProfile::SecretStorage::Keychain ? Cmd::tr("keychain") : Cmd::tr("UNENCRYPTED file");
            if (p.failingSince.isValid())
                status += u", "_s + Cmd::tr("token refused since %1").arg(p.failingSince.toString(Qt::ISODate));
            rows.append({p.name, p.serviceName(), where, p.effectiveBaseUrl().toString(), status});
        }
        app.printTable({Cmd::tr("Name"), Cmd::tr("Service"), Cmd::tr("Where"), Cmd::tr("Address"), Cmd::tr("Token")}, rows);
    }
    app.finish(CliApplication::Success);
}

std::optional<ConnectionProfile> findAny(CliApplication &app, const QString &name)
{
    auto p = app.connectionStore().find(name, ConnectionProfile::Service::HighLevel);
    if (!p)
        p = app.connectionStore().find(name, ConnectionProfile::Service::LaunchDarkly);
    return p;
}

void printReport(CliApplication &app, const ConnectionTester::Report &report)
{
    if (app.json()) {
        QJsonArray checks;
        for (const ConnectionTester::Check &c : report.checks)
            checks.append(QJsonObject{{"check"_L1, c.what}, {"result"_L1, ConnectionTester::stateName(c.state)},
                                      {"detail"_L1, c.detail}, {"disables"_L1, c.disables}});
        app.printJson(QJsonObject{{"works"_L1, report.tokenWorks}, {"summary"_L1, report.summary}, {"checks"_L1, checks}});
    } else {
        app.out() << report.summary << u'\n';
        for (const ConnectionTester::Check &c : report.checks) {
            app.out() << u"  "_s << ConnectionTester::stateName(c.state).leftJustified(12) << c.what;
            if (!c.detail.isEmpty())
                app.out() << u" — "_s << c.detail;
            if (!c.disables.isEmpty())
                app.out() << u" — "_s << Cmd::tr("without it: %1").arg(c.disables);
            app.out() << u'\n';
        }
    }
    bool allOk = report.tokenWorks;
    for (const ConnectionTester::Check &c : report.checks)
        allOk &= c.state == ConnectionTester::Check::State::Ok || c.state == ConnectionTester::Check::State::Skipped;
    app.finish(allOk ? CliApplication::Success : CliApplication::RemoteError);
}

void test(CliApplication &app, const ConnectionProfile &p)
{
    app.connectionStore().readSecrets(p, &app, [&app, p](const QHash<QString, QString> &secrets, const CredentialStore::Outcome &o) {
        if (!o.ok())
            return app.fail(o.message, CliApplication::Usage);
        const QString token = secrets.value(ConnectionProfile::kToken);
        if (p.service == ConnectionProfile::Service::HighLevel) {
            auto *client = new HighLevelClient(p.highLevelConnection(token), &app);
            ConnectionTester::testHighLevel(client, &app, [&app](const ConnectionTester::Report &r) { printReport(app, r); });
        } else {
            auto *client = new LaunchDarklyClient(p.launchDarklyConnection(token), &app);
            ConnectionTester::testLaunchDarkly(client, p.projectKey, p.environmentKey, &app,
                                               [&app](const ConnectionTester::Report &r) { printReport(app, r); });
        }
    });
}

void add(CliApplication &app, const QStringList &args)
{
    QCommandLineParser parser;
    parser.addOptions({{u"name"_s, {}, u"NAME"_s}, {u"location"_s, {}, u"LOCATION_ID"_s}, {u"project"_s, {}, u"KEY"_s},
                       {u"env"_s, {}, u"KEY"_s}, {u"instance"_s, {}, u"commercial|eu|federal|URL"_s}, {u"url"_s, {}, u"URL"_s},
                       {u"unencrypted"_s, {}}});
    const QString usage = u"flagbridge-cli connections add highlevel|launchdarkly --name NAME [--location ID] [--project KEY --env KEY] [--instance commercial|eu|federal|URL] [--unencrypted] < token-file"_s;
    const auto positional = app.parse(parser, args, 1, 1, usage);
    if (!positional)
        return;
    ConnectionProfile p;
    const QString service = positional->first().toLower();
    if (service == "highlevel"_L1)
        p.service = ConnectionProfile::Service::HighLevel;
    else if (service == "launchdarkly"_L1)
        p.service = ConnectionProfile::Service::LaunchDarkly;
    else
        return app.fail(Cmd::tr("Usage: %1").arg(usage), CliApplication::Usage);
    p.id = ConnectionProfile::newId(p.service);
    p.name = parser.value(u"name"_s).trimmed();
    p.locationId = parser.value(u"location"_s).trimmed();
    p.projectKey = parser.value(u"project"_s).trimmed();
    p.environmentKey = parser.value(u"env"_s).trimmed();
    p.storage = parser.isSet(u"unencrypted"_s) ? ConnectionProfile::SecretStorage::UnencryptedFile : ConnectionProfile::SecretStorage::Keychain;
    if (parser.isSet(u"url"_s))
        p.baseUrl = QUrl(parser.value(u"url"_s));
    const QString instance = parser.value(u"instance"_s).toLower();
    if (instance == "eu"_L1) {
        p.instance = LaunchDarklyConnection::Instance::Europe;
    } else if (instance == "federal"_L1) {
        p.instance = LaunchDarklyConnection::Instance::Federal;
    } else if (instance.startsWith("http"_L1)) {
        p.instance = LaunchDarklyConnection::Instance::Custom;
        p.baseUrl = QUrl(parser.value(u"instance"_s));
    } else if (!instance.isEmpty() && instance != "commercial"_L1) {
        return app.fail(Cmd::tr("--instance takes commercial, eu, federal or an https:// address"), CliApplication::Usage);
    }
    if (p.name.isEmpty() || (p.service == ConnectionProfile::Service::HighLevel && p.locationId.isEmpty()))
        return app.fail(Cmd::tr("Usage: %1").arg(usage), CliApplication::Usage);
    if (app.connectionStore().find(p.name, p.service))
        return app.fail(Cmd::tr("A %1 connection named \"%2\" exists already.").arg(p.serviceName(), p.name), CliApplication::Usage);
    if (!HttpClient::isAllowedUrl(p.effectiveBaseUrl()))
        return app.fail(Cmd::tr("Refusing %1: use https://, or http:// only to this computer.").arg(p.effectiveBaseUrl().toString()),
                        CliApplication::Usage);
    // The token comes on standard input: never on the command line, where it would stay in the
    // shell's history and in the process list.
    QTextStream in(stdin);
    const QString token = in.readLine().trimmed();
    if (token.isEmpty())
        return app.fail(Cmd::tr("Give the token on standard input, e.g. flagbridge-cli connections add ... < token.txt"), CliApplication::Usage);
    app.connectionStore().save(p, {{ConnectionProfile::kToken, token}}, &app, [&app, p](const CredentialStore::Outcome &o) {
        if (!o.ok()) {
            app.connectionStore().remove(p.id, &app, [](const CredentialStore::Outcome &) {});
            QString message = o.message;
            if (o.status == CredentialStore::Status::NoBackend)
                message += u' ' + Cmd::tr("To store it unencrypted in a file only you can read, add --unencrypted.");
            return app.fail(message, CliApplication::RemoteError);
        }
        if (app.json())
            app.printJson(toJson(p));
        else
            app.out() << Cmd::tr("Saved %1 connection \"%2\" (%3).").arg(p.serviceName(), p.name, p.id) << u'\n';
        app.finish(CliApplication::Success);
    });
}

} // namespace

QString ConnectionCommands::usage()
{
    return tr("Saved connections (tokens in the system keychain):\n"
              "  connections list\n"
              "  connections add highlevel --name NAME --location ID [--url URL] [--unencrypted] < token-file\n"
              "  connections add launchdarkly --name NAME --project KEY --env KEY [--instance commercial|eu|federal|URL] < token-file\n"
              "  connections test NAME               prove the token and list what it may do\n"
              "  connections remove NAME             the connection and its saved token\n"
              "  --profile NAME on any command uses the saved connection(s) of that name.\n");
}

void ConnectionCommands::run(CliApplication &app, const QStringList &args)
{
    const QString sub = args.value(0, u"list"_s);
    const QStringList rest = args.mid(1);
    if (sub == "list"_L1 && rest.isEmpty()) {
        list(app);
    } else if (sub == "add"_L1) {
        add(app, rest);
    } else if ((sub == "test"_L1 || sub == "remove"_L1) && rest.size() == 1) {
        const auto p = findAny(app, rest.first());
        if (!p)
            return app.fail(tr("No saved connection named \"%1\" (see: flagbridge-cli connections list).").arg(rest.first()), CliApplication::Usage);
        if (sub == "test"_L1) {
            test(app, *p);
            return;
        }
        app.connectionStore().remove(p->id, &app, [&app, p](const CredentialStore::Outcome &o) {
            if (!o.ok())
                return app.fail(tr("Removed \"%1\", but its token could not be deleted from the keychain: %2").arg(p->name, o.message),
                                CliApplication::RemoteError);
            app.out() << tr("Removed \"%1\" and its saved token.").arg(p->name) << u'\n';
            app.finish(CliApplication::Success);
        });
    } else {
        app.fail(tr("Usage:\n%1").arg(usage()), CliApplication::Usage);
    }
}
