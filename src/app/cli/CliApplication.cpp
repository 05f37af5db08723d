#include "CliApplication.h"

#include "DemoWorkspace.h"
#include "HighLevelCommands.h"
#include "LaunchDarklyCommands.h"
#include "MappingCommands.h"
#include "ConnectionCommands.h"
#include "SyncCommand.h"

#include "common/Version.h"
#include "ghl/HighLevelClient.h"
#include "ld/LaunchDarklyClient.h"
#include "store/ConnectionStore.h"
#include "store/CredentialStore.h"
#include "store/EnvironmentConnections.h"
#include "store/OAuthSession.h"
#include "store/LocalDatabase.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

using namespace Qt::StringLiterals;

QString CliApplication::usageText()
{
    return tr("Usage: flagbridge-cli [--json] [--demo] <command> [arguments]\n\n")
        + HighLevelCommands::usage() + u"\n"_s + LaunchDarklyCommands::usage() + u"\n"_s + SyncCommand::usage() + u"\n"_s
        + MappingCommands::usage() + u"\n"_s
        + ConnectionCommands::usage()
        + tr("\n"
             "Connections come from the environment:\n"
             "  FLAGBRIDGE_GHL_TOKEN, FLAGBRIDGE_GHL_LOCATION, FLAGBRIDGE_GHL_BASE_URL,\n"
             "  FLAGBRIDGE_LD_TOKEN, FLAGBRIDGE_LD_BASE_URL, FLAGBRIDGE_LD_PROJECT, FLAGBRIDGE_LD_ENV\n"
             "or from saved connections (tokens in the keychain): --profile NAME, or the ones a mapping\n"
             "names; or from the built-in demo workspace with --demo.\n"
             "--json prints JSON for scripts; it may come anywhere on the line.\n"
             "\n"
             "Exit codes: 0 success, 1 usage error, 2 remote or API error, 3 partial sync.\n");
}

CliApplication::CliApplication(QObject *parent)
    : QObject(parent)
    , m_out(stdout)
    , m_err(stderr)
{
}

CliApplication::~CliApplication() = default;

void CliApplication::fail(const QString &message, int code)
{
    m_err << message << Qt::endl;
    finish(code);
}

void CliApplication::failApi(const ApiError &error)
{
    fail(error.message(), error.kind() == ApiError::Kind::InvalidInput ? Usage : RemoteError);
}

void CliApplication::finish(int code)
{
    if (m_finished)
        return;
    m_finished = true;
    m_out.flush();
    m_err.flush();
    QMetaObject::invokeMethod(qApp, [code] { QCoreApplication::exit(code); }, Qt::QueuedConnection);
}

void CliApplication::printJson(const QJsonValue &value)
{
    const QJsonDocument doc = value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    m_out << QString::fromUtf8(doc.toJson(QJsonDocument::Indented));
}

void CliApplication::printTable(const QStringList &headers, const QList<QStringList> &rows)
{
    constexpr int kMaxWidth = 40;
    QList<int> widths;
    for (const QString &h : headers)
        widths.append(int(h.size()));
    for (const QStringList &row : rows) {
        for (int i = 0; i < row.size() && i < widths.size(); ++i)
            widths[i] = std::min(kMaxWidth, std::max(widths[i], int(row.at(i).size())));
    }
    auto line = [&](const QStringList &cells) {
        QString text;
        for (int i = 0; i < cells.size(); ++i) {
            QString cell = cells.at(i);
            if (i + 1 < cells.size()) {
                if (cell.size() > widths.at(i))
                    cell = cell.left(widths.at(i) - 1) + u'…';
                text += cell.leftJustified(widths.at(i) + 2);
            } else {
                text += cell;
            }
        }
        m_out << text.trimmed() << u'\n';
    };
    line(headers);
    for (const QStringList &row : rows)
        line(row);
}

std::optional<QStringList> CliApplication::parse(QCommandLineParser &parser, const QStringList &args, int minPositional,
                                                 int maxPositional, const QString &usage)
{
    if (!parser.parse(QStringList{u"flagbridge-cli"_s} + args)) {
        fail(parser.errorText() + u"\n"_s + tr("Usage: %1").arg(usage), Usage);
        return std::nullopt;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() < minPositional || (maxPositional >= 0 && positional.size() > maxPositional)) {
        fail(tr("Usage: %1").arg(usage), Usage);
        return std::nullopt;
    }
    return positional;
}

LocalDatabase *CliApplication::database(QString *error)
{
    if (!m_db) {
        // The demo's sandbox is new each time: so is its ledger.
        auto db = std::make_unique<LocalDatabase>(m_demo ? m_demo->databasePath() : LocalDatabase::defaultPath());
        if (!db->open(error))
            return nullptr;
        m_db = std::move(db);
    }
    return m_db.get();
}

int CliApplication::start(const QStringList &rawArguments)
{
    // --json and --demo may come anywhere, also after the command: "sync --mapping f --json".
    QStringList arguments;
    bool json = false;
    bool demo = false;
    QString profile;
    for (qsizetype i = 0; i < rawArguments.size(); ++i) {
        const QString &a = rawArguments.at(i);
        if (i > 0 && a == "--json"_L1) {
            json = true;
        } else if (i > 0 && a == "--demo"_L1) {
            demo = true;
        } else if (i > 0 && (a == "--profile"_L1 || a.startsWith("--profile="_L1))) {
            if (a == "--profile"_L1) {
                if (i + 1 >= rawArguments.size()) {
                    m_err << tr("--profile needs the name of a saved connection") << Qt::endl;
                    return Usage;
                }
                profile = rawArguments.at(++i);
            } else {
                profile = a.mid(10);
            }
        } else {
            arguments.append(a);
        }
    }
    m_json = json;

    QCommandLineParser parser;
    parser.setApplicationDescription(tr("FlagBridge: HighLevel contacts and LaunchDarkly flags, from the command line."));
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    parser.addPositionalArgument(u"command"_s, tr("What to do; see below."));
    if (!parser.parse(arguments)) {
        m_err << parser.errorText() << u"\n\n"_s << usageText();
        return Usage;
    }
    if (parser.isSet(versionOption)) {
        m_out << u"flagbridge-cli "_s << QLatin1String(FLAGBRIDGE_VERSION);
        if (qstrlen(FLAGBRIDGE_GIT_REVISION) > 0)
            m_out << u" ("_s << QLatin1String(FLAGBRIDGE_GIT_REVISION) << u')';
        m_out << Qt::endl;
        return Success;
    }
    const QStringList positional = parser.positionalArguments();
    if (parser.isSet(helpOption) || positional.isEmpty()) {
        QTextStream &stream = parser.isSet(helpOption) ? m_out : m_err;
        stream << usageText();
        stream.flush();
        return parser.isSet(helpOption) ? Success : Usage;
    }

    const QString command = positional.first();
    const QStringList rest = positional.mid(1);
    enum class Group { None, HighLevel, LaunchDarkly, Sync, Connections, Mapping } group = Group::None;
    if (ConnectionCommands::handles(command))
        group = Group::Connections;
    else if (HighLevelCommands::handles(command))
        group = Group::HighLevel;
    else if (LaunchDarklyCommands::handles(command))
        group = Group::LaunchDarkly;
    else if (SyncCommand::handles(command))
        group = Group::Sync;
    else if (MappingCommands::handles(command))
        group = Group::Mapping;
    if (group == Group::None) {
        m_err << tr("Unknown command: %1").arg(command) << u"\n\n"_s << usageText();
        return Usage;
    }
    if (group == Group::Connections) {
        ConnectionCommands::run(*this, rest);
        return -1;
    }
    // Check the mapping file before connecting: a broken file is a usage error, not a network one.
    Connections wanted;
    wanted.demo = demo;
    wanted.profile = profile;
    if (group == Group::Sync) {
        const int early = SyncCommand::check(*this, rest, &wanted.highLevelId, &wanted.launchDarklyId);
        if (early >= 0)
            return early;
    }
    if (group == Group::Mapping) {
        const int early = MappingCommands::check(*this, rest, demo, profile, &wanted.highLevelId, &wanted.launchDarklyId);
        if (early >= 0)
            return early;
    }
    const auto runCommand = [this, group, command, rest]() {
        switch (group) {
        case Group::HighLevel:
            HighLevelCommands::run(*this, command, rest);
            break;
        case Group::LaunchDarkly:
            LaunchDarklyCommands::run(*this, command, rest);
            break;
        case Group::Sync:
            SyncCommand::run(*this, rest);
            break;
        case Group::Mapping:
            MappingCommands::run(*this, rest);
            break;
        case Group::Connections:
        case Group::None:
            break;
        }
    };
    QString error;
    const int ready = setUpConnections(wanted, &error, runCommand);
    if (ready == Usage) {
        m_err << error << Qt::endl;
        return Usage;
    }
    return -1;
}

int CliApplication::setUpConnections(const Connections &wanted, QString *error, std::function<void()> then)
{
    auto ready = [this, then](const std::optional<ConnectionProfile> &highLevelProfile = std::nullopt) {
        m_highLevel = new HighLevelClient(m_ghl, this);
        m_launchDarkly = new LaunchDarklyClient(m_ld, this);
        // A daily-expiring OAuth token renews itself when HighLevel refuses it.
        if (highLevelProfile && OAuthSession::needed(*highLevelProfile))
            new OAuthSession(&connectionStore(), *highLevelProfile, m_highLevel->http(), this);
        then();
    };
    if (wanted.demo) {
        m_demo = std::make_unique<DemoWorkspace>();
        if (!m_demo->start(error))
            return Usage;
        m_ghl = m_demo->highLevelConnection();
        m_ld = m_demo->launchDarklyConnection();
        ready();
        return -1;
    }
    // The environment wins (scripts, CI); then --profile; then the connections a mapping names.
    if (EnvironmentConnections::present() && wanted.profile.isEmpty()) {
        if (!EnvironmentConnections::read(&m_ghl, &m_ld, error))
            return Usage;
        ready();
        return -1;
    }
    ConnectionStore &store = connectionStore();
    const QString ghlName = wanted.profile.isEmpty() ? wanted.highLevelId : wanted.profile;
    const QString ldName = wanted.profile.isEmpty() ? wanted.launchDarklyId : wanted.profile;
    auto ghl = store.find(ghlName, ConnectionProfile::Service::HighLevel);
    auto ld = store.find(ldName, ConnectionProfile::Service::LaunchDarkly);
    // --profile names one connection: the other service's is the only one saved, if there is one.
    auto onlyOne = [&store](ConnectionProfile::Service service) -> std::optional<ConnectionProfile> {
        const QList<ConnectionProfile> list = store.profiles(service);
        return list.size() == 1 ? std::optional(list.first()) : std::nullopt;
    };
    if (!wanted.profile.isEmpty() && ghl && !ld)
        ld = onlyOne(ConnectionProfile::Service::LaunchDarkly);
    if (!wanted.profile.isEmpty() && ld && !ghl)
        ghl = onlyOne(ConnectionProfile::Service::HighLevel);
    if (!ghl || !ld) {
        if (!wanted.profile.isEmpty()) {
            *error = tr("No saved %1 connection named \"%2\" (see: flagbridge-cli connections list).")
                         .arg(ghl ? u"LaunchDarkly"_s : u"HighLevel"_s, wanted.profile);
        } else if (!ghlName.isEmpty() || !ldName.isEmpty()) {
            *error = tr("The mapping names the connections \"%1\" and \"%2\", which are not saved here: add them "
                        "(flagbridge-cli connections add), use --profile, or set the FLAGBRIDGE_* variables.")
                         .arg(ghlName, ldName);
        } else {
            EnvironmentConnections::read(&m_ghl, &m_ld, error);
        }
        return Usage;
    }
    // Tokens from the keychain: asynchronous, then the command runs.
    store.readSecrets(*ghl, this, [this, ghl, ld, ready](const QHash<QString, QString> &ghlSecrets, const CredentialStore::Outcome &o) {
        if (!o.ok())
            return fail(tr("The token of \"%1\" could not be read: %2").arg(ghl->name, o.message), Usage);
        connectionStore().readSecrets(*ld, this, [this, ghl, ld, ready, ghlSecrets](const QHash<QString, QString> &ldSecrets, const CredentialStore::Outcome &o2) {
            if (!o2.ok())
                return fail(tr("The token of \"%1\" could not be read: %2").arg(ld->name, o2.message), Usage);
            m_ghl = ghl->highLevelConnection(ghlSecrets.value(ConnectionProfile::kToken));
            m_ld = ld->launchDarklyConnection(ldSecrets.value(ConnectionProfile::kToken));
            ready(ghl);
        });
    });
    return -1;
}

ConnectionStore &CliApplication::connectionStore()
{
    if (!m_connections) {
        m_credentials = std::make_unique<CredentialStore>();
        m_connections = std::make_unique<ConnectionStore>(m_credentials.get());
    }
    return *m_connections;
}
