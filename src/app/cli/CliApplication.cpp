#include "CliApplication.h"

#include "DemoWorkspace.h"

#include "common/Json.h"
#include "common/Version.h"
#include "ghl/HighLevelClient.h"
#include "ld/LaunchDarklyClient.h"
#include "mapping/MappingFile.h"
#include "store/EnvironmentConnections.h"
#include "store/LocalDatabase.h"
#include "sync/SyncRun.h"

#include <QCommandLineParser>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

QString pad(const QString &s, int width)
{
    QString t = s;
    if (t.size() > width)
        t = t.left(width - 1) + u'…';
    return t.leftJustified(width);
}

QString usageText()
{
    return CliApplication::tr(
        "Usage: flagbridge-cli [options] <command> [arguments]\n"
        "\n"
        "Commands:\n"
        "  contacts list [--query TEXT] [--tag TAG]... [--limit N]\n"
        "                              List contacts (all pages unless --limit).\n"
        "  contacts get ID             Show one contact with its tasks, notes and appointments.\n"
        "  segments list               List the segments of the LaunchDarkly environment.\n"
        "  segments show KEY           Show a segment and its included targets.\n"
        "  sync --mapping FILE [--dry-run] [--yes]\n"
        "                              Plan and apply a mapping; --dry-run writes nothing,\n"
        "                              --yes confirms large removals.\n"
        "\n"
        "Connections come from the environment:\n"
        "  FLAGBRIDGE_GHL_TOKEN, FLAGBRIDGE_GHL_LOCATION, FLAGBRIDGE_GHL_BASE_URL,\n"
        "  FLAGBRIDGE_LD_TOKEN, FLAGBRIDGE_LD_BASE_URL, FLAGBRIDGE_LD_PROJECT, FLAGBRIDGE_LD_ENV\n"
        "or from the built-in demo workspace with --demo.\n"
        "\n"
        "Exit codes: 0 success, 1 usage error, 2 remote or API error, 3 partial sync.\n");
}

} // namespace

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
    done(code);
}

void CliApplication::done(int code)
{
    m_out.flush();
    m_err.flush();
    QMetaObject::invokeMethod(qApp, [code] { QCoreApplication::exit(code); }, Qt::QueuedConnection);
}

void CliApplication::printJson(const QJsonValue &value)
{
    QJsonDocument doc = value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    m_out << QString::fromUtf8(doc.toJson(QJsonDocument::Indented));
}

int CliApplication::start(const QStringList &rawArguments)
{
    // --json and --demo may come anywhere, also after the command: "sync --mapping f --json".
    QStringList arguments;
    bool jsonAnywhere = false;
    bool demoAnywhere = false;
    for (qsizetype i = 0; i < rawArguments.size(); ++i) {
        const QString &a = rawArguments.at(i);
        if (i > 0 && a == "--json"_L1)
            jsonAnywhere = true;
        else if (i > 0 && a == "--demo"_L1)
            demoAnywhere = true;
        else
            arguments.append(a);
    }
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("FlagBridge: HighLevel contacts and LaunchDarkly flags, from the command line."));
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption jsonOption(u"json"_s, tr("Print JSON for scripts instead of tables."));
    const QCommandLineOption demoOption(u"demo"_s, tr("Use the built-in demo workspace (a local sandbox)."));
    parser.addOption(jsonOption);
    parser.addOption(demoOption);
    parser.addPositionalArgument(u"command"_s, tr("contacts, segments or sync; see below."));

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
        (positional.isEmpty() && !parser.isSet(helpOption) ? m_err : m_out)
            << parser.helpText() << u"\n"_s << usageText();
        m_out.flush();
        m_err.flush();
        return parser.isSet(helpOption) ? Success : Usage;
    }
    m_json = parser.isSet(jsonOption) || jsonAnywhere;
    const bool demo = parser.isSet(demoOption) || demoAnywhere;

    const QString command = positional.at(0);
    const QString sub = positional.value(1);
    QString error;
    auto needConnections = [&]() {
        if (!setUpConnections(demo, &error)) {
            m_err << error << Qt::endl;
            return false;
        }
        return true;
    };

    if (command == "contacts"_L1 && sub == "list"_L1) {
        if (!needConnections())
            return Usage;
        contactsList(positional.mid(2));
    } else if (command == "contacts"_L1 && sub == "get"_L1) {
        if (positional.size() != 3) {
            m_err << tr("Usage: flagbridge-cli contacts get ID") << Qt::endl;
            return Usage;
        }
        if (!needConnections())
            return Usage;
        contactsGet(positional.mid(2));
    } else if (command == "segments"_L1 && (sub == "list"_L1 || sub.isEmpty())) {
        if (!needConnections())
            return Usage;
        segmentsList(positional.mid(2));
    } else if (command == "segments"_L1 && sub == "show"_L1) {
        if (positional.size() != 3) {
            m_err << tr("Usage: flagbridge-cli segments show KEY") << Qt::endl;
            return Usage;
        }
        if (!needConnections())
            return Usage;
        segmentsShow(positional.mid(2));
    } else if (command == "sync"_L1) {
        // Check the mapping file before anything touches the network.
        QCommandLineParser sp;
        const QCommandLineOption mappingOption(u"mapping"_s, tr("The mapping file."), u"FILE"_s);
        const QCommandLineOption dryRunOption(u"dry-run"_s, tr("Plan and report, write nothing."));
        const QCommandLineOption yesOption(u"yes"_s, tr("Confirm removals above the safety threshold."));
        sp.addOptions({mappingOption, dryRunOption, yesOption});
        if (!sp.parse(QStringList{u"sync"_s} + positional.mid(1)) || !sp.isSet(mappingOption)
            || !sp.positionalArguments().isEmpty()) {
            m_err << (sp.errorText().isEmpty() ? tr("Usage: flagbridge-cli sync --mapping FILE [--dry-run] [--yes]")
                                               : sp.errorText())
                  << Qt::endl;
            return Usage;
        }
        if (!needConnections())
            return Usage;
        sync(positional.mid(1));
    } else {
        m_err << tr("Unknown command: %1").arg(positional.join(u' ')) << u"\n\n"_s << usageText();
        return Usage;
    }
    return -1;
}

bool CliApplication::setUpConnections(bool demo, QString *error)
{
    if (demo) {
        m_demo = std::make_unique<DemoWorkspace>();
        if (!m_demo->start(error))
            return false;
        m_ghl = m_demo->highLevelConnection();
        m_ld = m_demo->launchDarklyConnection();
    } else if (!EnvironmentConnections::read(&m_ghl, &m_ld, error)) {
        return false;
    }
    m_highLevel = new HighLevelClient(m_ghl, this);
    m_launchDarkly = new LaunchDarklyClient(m_ld, this);
    return true;
}

void CliApplication::contactsList(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption queryOption(u"query"_s, tr("Full-text search."), u"TEXT"_s);
    const QCommandLineOption tagOption(u"tag"_s, tr("Only contacts with this tag (repeatable)."), u"TAG"_s);
    const QCommandLineOption limitOption(u"limit"_s, tr("At most N contacts."), u"N"_s);
    p.addOptions({queryOption, tagOption, limitOption});
    if (!p.parse(QStringList{u"list"_s} + args) || !p.positionalArguments().isEmpty()) {
        fail(p.errorText().isEmpty() ? tr("Usage: flagbridge-cli contacts list [--query TEXT] [--tag TAG]... [--limit N]")
                                     : p.errorText(),
             Usage);
        return;
    }
    ContactQuery q;
    q.text = p.value(queryOption);
    q.allTags = p.values(tagOption);
    q.sortField = ContactQuery::SortField::DateAdded;
    q.descending = true;
    bool limitOk = true;
    const int limit = p.isSet(limitOption) ? p.value(limitOption).toInt(&limitOk) : 0;
    if (!limitOk || limit < 0) {
        fail(tr("--limit must be a positive number"), Usage);
        return;
    }
    auto print = [this](const QList<Contact> &contacts, int total) {
        if (m_json) {
            QJsonArray a;
            for (const Contact &c : contacts)
                a.append(c.toJson());
            printJson(a);
        } else {
            m_out << pad(tr("ID"), 22) << pad(tr("Name"), 28) << pad(tr("Email"), 34) << pad(tr("Phone"), 17)
                  << tr("Tags") << u'\n';
            for (const Contact &c : contacts) {
                m_out << pad(c.id, 22) << pad(c.displayName(), 28) << pad(c.email, 34) << pad(c.phone, 17)
                      << c.tags.join(u", "_s) << u'\n';
            }
            m_out << tr("%n contact(s)", nullptr, int(contacts.size()));
            if (total > contacts.size())
                m_out << u' ' << tr("of %1 matching").arg(total);
            m_out << Qt::endl;
        }
        done(Success);
    };
    auto onError = [this](const ApiError &e) { fail(e.message(), RemoteError); };
    if (limit > 0) {
        m_highLevel->searchContacts(q, {}, std::min(limit, HighLevelClient::kMaxSearchPageSize), this,
                                    [print, onError, limit](const Result<ContactPage> &r) {
            if (!r.isOk())
                return onError(r.error());
            print(r.value().contacts.mid(0, limit), r.value().total);
        });
    } else {
        m_highLevel->readAllContacts(q, this, [print, onError](const Result<QList<Contact>> &r) {
            if (!r.isOk())
                return onError(r.error());
            print(r.value(), int(r.value().size()));
        });
    }
}

void CliApplication::contactsGet(const QStringList &args)
{
    const QString id = args.value(0);
    struct Detail
    {
        Contact contact;
        QList<Task> tasks;
        QList<Note> notes;
        QList<Appointment> appointments;
        QList<CustomFieldDefinition> fields;
        int pending = 5;
        bool failed = false;
    };
    auto d = std::make_shared<Detail>();
    auto finishOne = [this, d]() {
        if (--d->pending > 0 || d->failed)
            return;
        if (m_json) {
            QJsonObject o = d->contact.toJson();
            QJsonArray tasks, notes, appointments;
            for (const Task &t : std::as_const(d->tasks))
                tasks.append(t.toJson());
            for (const Note &n : std::as_const(d->notes))
                notes.append(n.toJson());
            for (const Appointment &a : std::as_const(d->appointments))
                appointments.append(a.toJson());
            o.insert("tasks"_L1, tasks);
            o.insert("notes"_L1, notes);
            o.insert("appointments"_L1, appointments);
            printJson(o);
        } else {
            const Contact &c = d->contact;
            auto line = [this](const QString &label, const QString &value) {
                if (!value.isEmpty())
                    m_out << pad(label + u':', 16) << value << u'\n';
            };
            line(tr("Name"), c.displayName());
            line(tr("ID"), c.id);
            line(tr("Email"), c.email);
            line(tr("Phone"), c.phone);
            line(tr("Company"), c.companyName);
            line(tr("Type"), c.type);
            line(tr("Source"), c.source);
            line(tr("Country"), c.country);
            line(tr("Added"), QLocale().toString(c.dateAdded.toLocalTime(), QLocale::ShortFormat));
            line(tr("Tags"), c.tags.join(u", "_s));
            for (const CustomFieldValue &cf : c.customFields) {
                QString name = cf.id;
                for (const CustomFieldDefinition &f : std::as_const(d->fields)) {
                    if (f.id == cf.id)
                        name = f.name;
                }
                line(name, Json::displayText(cf.value));
            }
            m_out << u'\n' << tr("Tasks (%1)").arg(d->tasks.size()) << u'\n';
            for (const Task &t : std::as_const(d->tasks))
                m_out << u"  ["_s << (t.completed ? u'x' : u' ') << u"] "_s << t.title << u"  "_s
                      << QLocale().toString(t.dueDate.toLocalTime(), QLocale::ShortFormat)
                      << (t.isOverdue() ? u"  "_s + tr("overdue") : QString()) << u'\n';
            m_out << u'\n' << tr("Notes (%1)").arg(d->notes.size()) << u'\n';
            for (const Note &n : std::as_const(d->notes))
                m_out << u"  - "_s << n.body.simplified().left(100) << u'\n';
            m_out << u'\n' << tr("Appointments (%1)").arg(d->appointments.size()) << u'\n';
            for (const Appointment &a : std::as_const(d->appointments))
                m_out << u"  "_s << QLocale().toString(a.startTime.toLocalTime(), QLocale::ShortFormat) << u"  "_s
                      << a.title << u"  ("_s << a.status << u")\n"_s;
        }
        done(Success);
    };
    auto onError = [this, d](const ApiError &e) {
        if (d->failed)
            return;
        d->failed = true;
        fail(e.message(), RemoteError);
    };
    m_highLevel->getContact(id, this, [d, finishOne, onError](const Result<Contact> &r) {
        if (!r.isOk())
            return onError(r.error());
        d->contact = r.value();
        finishOne();
    });
    m_highLevel->listTasks(id, this, [d, finishOne, onError](const Result<QList<Task>> &r) {
        if (!r.isOk())
            return onError(r.error());
        d->tasks = r.value();
        finishOne();
    });
    m_highLevel->listNotes(id, this, [d, finishOne, onError](const Result<QList<Note>> &r) {
        if (!r.isOk())
            return onError(r.error());
        d->notes = r.value();
        finishOne();
    });
    m_highLevel->listAppointments(id, this, [d, finishOne, onError](const Result<QList<Appointment>> &r) {
        if (!r.isOk())
            return onError(r.error());
        d->appointments = r.value();
        finishOne();
    });
    // Names of custom fields are a nicety: without the scope, show ids.
    m_highLevel->customFields(this, [d, finishOne](const Result<QList<CustomFieldDefinition>> &r) {
        if (r.isOk())
            d->fields = r.value();
        finishOne();
    });
}

void CliApplication::segmentsList(const QStringList &args)
{
    if (!args.isEmpty()) {
        fail(tr("Usage: flagbridge-cli segments list"), Usage);
        return;
    }
    if (m_ld.projectKey.isEmpty() || m_ld.environmentKey.isEmpty()) {
        fail(tr("Set FLAGBRIDGE_LD_PROJECT and FLAGBRIDGE_LD_ENV to choose the LaunchDarkly project and environment."), Usage);
        return;
    }
    m_launchDarkly->listSegments(m_ld.projectKey, m_ld.environmentKey, this, [this](const Result<QList<LdSegment>> &r) {
        if (!r.isOk())
            return fail(r.error().message(), RemoteError);
        if (m_json) {
            QJsonArray a;
            for (const LdSegment &s : r.value()) {
                a.append(QJsonObject{{"key"_L1, s.key},
                                     {"name"_L1, s.name},
                                     {"unbounded"_L1, s.unbounded},
                                     {"included"_L1, s.includedCount()},
                                     {"rules"_L1, int(s.rules.size())},
                                     {"flags"_L1, QJsonArray::fromStringList(s.flagKeys)}});
            }
            printJson(a);
        } else {
            m_out << pad(tr("Key"), 28) << pad(tr("Name"), 32) << pad(tr("Kind"), 10) << pad(tr("Included"), 10)
                  << tr("Rules") << u'\n';
            for (const LdSegment &s : r.value()) {
                m_out << pad(s.key, 28) << pad(s.name, 32) << pad(s.unbounded ? tr("big") : tr("standard"), 10)
                      << pad(QString::number(s.includedCount()), 10) << s.rules.size() << u'\n';
            }
            m_out << tr("%n segment(s) in %1 / %2", nullptr, int(r.value().size())).arg(m_ld.projectKey, m_ld.environmentKey)
                  << Qt::endl;
        }
        done(Success);
    });
}

void CliApplication::segmentsShow(const QStringList &args)
{
    const QString key = args.value(0);
    if (m_ld.projectKey.isEmpty() || m_ld.environmentKey.isEmpty()) {
        fail(tr("Set FLAGBRIDGE_LD_PROJECT and FLAGBRIDGE_LD_ENV to choose the LaunchDarkly project and environment."), Usage);
        return;
    }
    m_launchDarkly->getSegment(m_ld.projectKey, m_ld.environmentKey, key, this, [this](const Result<LdSegment> &r) {
        if (!r.isOk())
            return fail(r.error().message(), RemoteError);
        const LdSegment &s = r.value();
        if (m_json) {
            QJsonArray included;
            QStringList kinds{u"user"_s};
            for (const LdContextTargets &t : s.includedContexts) {
                if (!kinds.contains(t.contextKind))
                    kinds.append(t.contextKind);
            }
            for (const QString &kind : kinds) {
                for (const QString &k : s.includedKeys(kind))
                    included.append(QJsonObject{{"contextKind"_L1, kind}, {"key"_L1, k}});
            }
            printJson(QJsonObject{{"key"_L1, s.key},
                                  {"name"_L1, s.name},
                                  {"description"_L1, s.description},
                                  {"unbounded"_L1, s.unbounded},
                                  {"version"_L1, s.version},
                                  {"included"_L1, included},
                                  {"flags"_L1, QJsonArray::fromStringList(s.flagKeys)}});
        } else {
            m_out << s.name << u" ("_s << s.key << u")\n"_s;
            if (!s.description.isEmpty())
                m_out << s.description << u'\n';
            m_out << tr("Included targets: %1").arg(s.includedCount()) << u'\n';
            for (const QString &k : s.included)
                m_out << u"  user  "_s << k << u'\n';
            for (const LdContextTargets &t : s.includedContexts) {
                for (const QString &k : t.values)
                    m_out << u"  "_s << t.contextKind << u"  "_s << k << u'\n';
            }
            if (!s.flagKeys.isEmpty())
                m_out << tr("Used by flags: %1").arg(s.flagKeys.join(u", "_s)) << u'\n';
            m_out.flush();
        }
        done(Success);
    });
}

void CliApplication::sync(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption mappingOption(u"mapping"_s, {}, u"FILE"_s);
    const QCommandLineOption dryRunOption(u"dry-run"_s, {});
    const QCommandLineOption yesOption(u"yes"_s, {});
    p.addOptions({mappingOption, dryRunOption, yesOption});
    p.parse(QStringList{u"sync"_s} + args);
    const QString path = p.value(mappingOption);
    const MappingFile::LoadResult loaded = MappingFile::load(path);
    if (!loaded.ok()) {
        m_err << tr("%1 is not a valid mapping file:").arg(QDir::toNativeSeparators(path)) << u'\n';
        for (const MappingProblem &problem : loaded.problems)
            m_err << u"  "_s << problem.toString() << u'\n';
        done(Usage);
        return;
    }
    const bool dryRun = p.isSet(dryRunOption);
    const bool confirmed = p.isSet(yesOption);

    if (!m_db) {
        // The demo's sandbox is new each time: so is its ledger.
        m_db = std::make_unique<LocalDatabase>(m_demo ? m_demo->databasePath() : LocalDatabase::defaultPath());
        QString dbError;
        if (!m_db->open(&dbError)) {
            fail(dbError, RemoteError);
            return;
        }
    }
    auto *run = new SyncRun(m_highLevel, m_launchDarkly, m_db.get(), loaded.mapping, this);
    run->setMappingPath(QDir(path).absolutePath());
    if (!m_json) {
        connect(run, &SyncRun::stageChanged, this, [this](const QString &text) { m_err << text << u'\n'; m_err.flush(); });
    }
    connect(run, &SyncRun::planned, this, [this, run, dryRun, confirmed] {
        const SyncPlan &plan = run->plan();
        if (!m_json) {
            m_out << tr("Plan for %1 / %2:").arg(run->projectKey(), run->environmentKey()) << u'\n';
            for (const BindingPlan &b : plan.bindings) {
                m_out << u"  "_s << b.bindingName << u" → "_s << b.target << u'\n';
                if (!b.error.isEmpty()) {
                    m_out << u"    "_s << b.error << u'\n';
                    continue;
                }
                m_out << u"    "_s
                      << tr("%1 matching, %2 to add, %3 to remove, %4 unchanged, %5 skipped, %6 write request(s)")
                             .arg(b.matched)
                             .arg(b.adds.size())
                             .arg(b.removes.size())
                             .arg(b.unchanged)
                             .arg(b.skipped.size())
                             .arg(b.patches.size())
                      << u'\n';
                for (const QString &w : b.warnings)
                    m_out << u"    ! "_s << w << u'\n';
            }
            m_out.flush();
        }
        if (dryRun) {
            run->finishWithoutApplying();
            return;
        }
        if (plan.needsConfirmation() && !confirmed) {
            m_err << tr("This sync would remove more than 20 % of a segment's targets. Nothing was written; run again with --yes to apply it.")
                  << Qt::endl;
            run->finishWithoutApplying();
            m_exitOverride = RemoteError;
            return;
        }
        run->apply();
    });
    connect(run, &SyncRun::finished, this, [this, run] {
        const SyncReport &report = run->report();
        if (m_json) {
            QJsonObject o = report.toJson();
            if (run->state() == SyncRun::State::Finished && report.dryRun)
                o.insert("plan"_L1, run->plan().toJson());
            printJson(o);
        } else {
            m_out << report.summary() << u'\n';
            const RequestCounters req = report.requests();
            m_out << tr("Requests: %1 (%2 reads, %3 writes, %4 retries)")
                         .arg(req.total)
                         .arg(req.reads)
                         .arg(req.writes)
                         .arg(req.retries)
                  << u'\n';
            for (const SyncReport::BindingResult &b : report.bindings) {
                for (const QString &f : b.failures)
                    m_err << b.name << u": "_s << f << u'\n';
            }
        }
        int code = Success;
        switch (report.outcome) {
        case SyncReport::Outcome::Success:
        case SyncReport::Outcome::NothingToDo:
            code = Success;
            for (const SyncReport::BindingResult &b : report.bindings)
                code = b.failures.isEmpty() ? code : int(PartialSync);
            break;
        case SyncReport::Outcome::Partial:
        case SyncReport::Outcome::Cancelled:
            code = PartialSync;
            break;
        case SyncReport::Outcome::Failed:
            code = RemoteError;
            break;
        }
        if (m_exitOverride >= 0)
            code = m_exitOverride;
        done(code);
    });
    run->startPlanning();
}
