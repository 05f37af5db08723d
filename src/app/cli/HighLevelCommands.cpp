#include "HighLevelCommands.h"

#include "CliApplication.h"

#include "common/Json.h"
#include "ghl/HighLevelClient.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace {

using Cmd = HighLevelCommands;

QString when(const QDateTime &dt)
{
    return dt.isValid() ? QLocale().toString(dt.toLocalTime(), QLocale::ShortFormat) : QString();
}

template<typename T>
QJsonArray toJsonArray(const QList<T> &items)
{
    QJsonArray a;
    for (const T &item : items)
        a.append(item.toJson());
    return a;
}

void printContacts(CliApplication &app, const QList<Contact> &contacts, int total)
{
    if (app.json()) {
        app.printJson(toJsonArray(contacts));
    } else {
        QList<QStringList> rows;
        for (const Contact &c : contacts)
            rows.append({c.id, c.displayName(), c.email, c.phone, c.tags.join(u", "_s)});
        app.printTable({Cmd::tr("ID"), Cmd::tr("Name"), Cmd::tr("Email"), Cmd::tr("Phone"), Cmd::tr("Tags")}, rows);
        QString summary = Cmd::tr("%n contact(s)", nullptr, int(contacts.size()));
        if (total > contacts.size())
            summary += u' ' + Cmd::tr("of %1 matching").arg(total);
        app.out() << summary << Qt::endl;
    }
    app.finish(CliApplication::Success);
}

void printContact(CliApplication &app, const Contact &c, const QString &note = {})
{
    if (app.json()) {
        app.printJson(c.toJson());
    } else {
        if (!note.isEmpty())
            app.err() << note << u'\n';
        app.out() << Cmd::tr("%1 (%2)").arg(c.displayName(), c.id) << u'\n';
    }
    app.finish(CliApplication::Success);
}

void printDone(CliApplication &app, const QString &message)
{
    if (app.json())
        app.printJson(QJsonObject{{"ok"_L1, true}, {"message"_L1, message}});
    else
        app.out() << message << u'\n';
    app.finish(CliApplication::Success);
}

void printTask(CliApplication &app, const Task &t)
{
    if (app.json())
        app.printJson(t.toJson());
    else
        app.out() << u"["_s << (t.completed ? u'x' : u' ') << u"] "_s << t.title << u"  "_s << when(t.dueDate) << u"  ("_s << t.id << u")\n"_s;
    app.finish(CliApplication::Success);
}

void printNote(CliApplication &app, const Note &n)
{
    if (app.json())
        app.printJson(n.toJson());
    else
        app.out() << when(n.dateAdded) << u"  ("_s << n.id << u")\n"_s << n.body << u'\n';
    app.finish(CliApplication::Success);
}

void printAppointment(CliApplication &app, const Appointment &a)
{
    if (app.json())
        app.printJson(a.toJson());
    else
        app.out() << when(a.startTime) << u"  "_s << a.title << u"  "_s << a.status << u"  ("_s << a.id << u")\n"_s;
    app.finish(CliApplication::Success);
}

// --- contact fields as options ---------------------------------------------------------------

struct FieldOption
{
    const char *name;
    std::optional<QString> ContactDraft::*member;
};

const QList<FieldOption> &fieldOptions()
{
    static const QList<FieldOption> options{
        {"first-name", &ContactDraft::firstName}, {"last-name", &ContactDraft::lastName},
        {"name", &ContactDraft::name},            {"email", &ContactDraft::email},
        {"phone", &ContactDraft::phone},          {"company", &ContactDraft::companyName},
        {"gender", &ContactDraft::gender},        {"address", &ContactDraft::address1},
        {"city", &ContactDraft::city},            {"state", &ContactDraft::state},
        {"postal-code", &ContactDraft::postalCode}, {"country", &ContactDraft::country},
        {"website", &ContactDraft::website},      {"timezone", &ContactDraft::timezone},
        {"source", &ContactDraft::source},        {"assigned-to", &ContactDraft::assignedTo},
        {"date-of-birth", &ContactDraft::dateOfBirth},
    };
    return options;
}

void addContactOptions(QCommandLineParser &p)
{
    for (const FieldOption &f : fieldOptions())
        p.addOption(QCommandLineOption(QString::fromLatin1(f.name), QString(), u"VALUE"_s));
    p.addOption(QCommandLineOption(u"dnd"_s, QString(), u"true|false"_s));
    p.addOption(QCommandLineOption(u"tag"_s, QString(), u"TAG"_s));
    p.addOption(QCommandLineOption(u"field"_s, QString(), u"NAME=VALUE"_s));
    p.addOption(QCommandLineOption(u"allow-duplicate"_s));
}

// Fills a draft from the options, all but --field (see resolveFields).
bool draftFrom(const QCommandLineParser &p, ContactDraft *draft, QString *error)
{
    for (const FieldOption &f : fieldOptions()) {
        if (p.isSet(QString::fromLatin1(f.name)))
            (draft->*f.member) = p.value(QString::fromLatin1(f.name));
    }
    if (p.isSet(u"dnd"_s)) {
        const QString v = p.value(u"dnd"_s).toLower();
        if (v != "true"_L1 && v != "false"_L1) {
            *error = Cmd::tr("--dnd takes true or false");
            return false;
        }
        draft->dnd = v == "true"_L1;
    }
    if (p.isSet(u"tag"_s))
        draft->tags = p.values(u"tag"_s);
    for (const QString &spec : p.values(u"field"_s)) {
        if (spec.indexOf(u'=') <= 0) {
            *error = Cmd::tr("--field takes NAME=VALUE, not \"%1\"").arg(spec);
            return false;
        }
    }
    draft->createNewIfDuplicateAllowed = p.isSet(u"allow-duplicate"_s);
    return true;
}

// Custom fields are named by name, key or id and resolved against the location's definitions,
// with values of the field's type (numbers, lists for multiple options).
bool resolveFields(const QStringList &specs, const QList<CustomFieldDefinition> &definitions, ContactDraft *draft,
                   QString *error)
{
    for (const QString &spec : specs) {
        const qsizetype eq = spec.indexOf(u'=');
        const QString key = spec.left(eq).trimmed();
        const QString value = spec.mid(eq + 1);
        const CustomFieldDefinition *def = nullptr;
        for (const CustomFieldDefinition &d : definitions) {
            if (d.id == key || d.name.compare(key, Qt::CaseInsensitive) == 0 || d.fieldKey == key
                || d.fieldKey == u"contact."_s + key)
                def = &d;
        }
        if (!def) {
            *error = Cmd::tr("No custom field named \"%1\" in this location (see: custom-fields list)").arg(key);
            return false;
        }
        QJsonValue v = value;
        if (def->isMultiValued()) {
            v = QJsonArray::fromStringList(value.split(u',', Qt::SkipEmptyParts));
        } else if (def->isNumeric()) {
            bool ok = false;
            const double number = value.toDouble(&ok);
            if (!ok) {
                *error = Cmd::tr("\"%1\" is a number field; \"%2\" is not a number").arg(def->name, value);
                return false;
            }
            v = number;
        }
        draft->customFields.append({def->id, v});
    }
    return true;
}

// Runs `next` with the location's custom field definitions when --field is used, at once otherwise.
void withDefinitions(CliApplication &app, bool needed, std::function<void(const QList<CustomFieldDefinition> &)> next)
{
    if (!needed) {
        next({});
        return;
    }
    app.highLevel()->customFields(&app, app.onSuccess<QList<CustomFieldDefinition>>(next));
}

std::optional<QDateTime> parseTime(const QString &text)
{
    QDateTime dt = QDateTime::fromString(text, Qt::ISODate);
    if (!dt.isValid()) {
        const QDate d = QDate::fromString(text, Qt::ISODate);
        if (d.isValid())
            dt = d.startOfDay();
    }
    if (!dt.isValid())
        return std::nullopt;
    return dt;
}

// --- commands --------------------------------------------------------------------------------

void contacts(CliApplication &app, const QString &sub, const QStringList &args)
{
    HighLevelClient *ghl = app.highLevel();
    if (sub == "list"_L1 || sub == "search"_L1) {
        QCommandLineParser p;
        p.addOptions({{u"query"_s, {}, u"TEXT"_s}, {u"tag"_s, {}, u"TAG"_s}, {u"filter"_s, {}, u"FIELD:OP[:VALUE]"_s},
                      {u"sort"_s, {}, u"FIELD[:asc|desc]"_s}, {u"limit"_s, {}, u"N"_s}, {u"page"_s, {}, u"N"_s},
                      {u"page-size"_s, {}, u"N"_s}});
        const QString usage = u"flagbridge-cli contacts list [--query TEXT] [--tag TAG]... [--filter FIELD:OP[:VALUE]]... [--sort FIELD[:asc|desc]] [--limit N | --page N [--page-size N]]"_s;
        if (!app.parse(p, args, 0, 0, usage))
            return;
        ContactQuery q;
        q.text = p.value(u"query"_s);
        q.allTags = p.values(u"tag"_s);
        for (const QString &f : p.values(u"filter"_s)) {
            const QStringList parts = f.split(u':');
            if (parts.size() < 2) {
                app.fail(Cmd::tr("--filter takes FIELD:OPERATOR[:VALUE], e.g. dnd:eq:true or email:exists"), CliApplication::Usage);
                return;
            }
            SearchFilter filter{parts.at(0), parts.at(1), QJsonValue::Undefined};
            if (parts.size() > 2) {
                const QString raw = parts.mid(2).join(u':');
                // JSON when it parses (true, 12, {"gte":...}), text otherwise.
                const QJsonDocument doc = QJsonDocument::fromJson("[" + raw.toUtf8() + "]");
                filter.value = doc.isArray() && doc.array().size() == 1 ? doc.array().first() : QJsonValue(raw);
            }
            q.filters.append(filter);
        }
        if (p.isSet(u"sort"_s)) {
            const QStringList parts = p.value(u"sort"_s).split(u':');
            const QString field = parts.value(0).toLower();
            static const QHash<QString, ContactQuery::SortField> fields{
                {u"dateadded"_s, ContactQuery::SortField::DateAdded}, {u"dateupdated"_s, ContactQuery::SortField::DateUpdated},
                {u"firstname"_s, ContactQuery::SortField::FirstName}, {u"lastname"_s, ContactQuery::SortField::LastName},
                {u"email"_s, ContactQuery::SortField::Email}};
            if (!fields.contains(field)) {
                app.fail(Cmd::tr("--sort takes dateAdded, dateUpdated, firstName, lastName or email"), CliApplication::Usage);
                return;
            }
            q.sortField = fields.value(field);
            q.descending = parts.value(1).toLower() == "desc"_L1;
        }
        bool ok = true;
        const int limit = p.isSet(u"limit"_s) ? p.value(u"limit"_s).toInt(&ok) : 0;
        const int page = p.isSet(u"page"_s) ? p.value(u"page"_s).toInt(&ok) : 0;
        const int pageSize = p.isSet(u"page-size"_s) ? p.value(u"page-size"_s).toInt(&ok) : 100;
        if (!ok || limit < 0 || page < 0 || pageSize < 1) {
            app.fail(Cmd::tr("--limit, --page and --page-size take positive numbers"), CliApplication::Usage);
            return;
        }
        if (page > 0) {
            ghl->searchContactsPage(q, page, pageSize, &app, app.onSuccess<ContactPage>([&app](const ContactPage &r) {
                printContacts(app, r.contacts, r.total);
            }));
        } else if (limit > 0) {
            ghl->searchContacts(q, {}, std::min(limit, HighLevelClient::kMaxSearchPageSize), &app,
                                app.onSuccess<ContactPage>([&app, limit](const ContactPage &r) {
                                    printContacts(app, r.contacts.mid(0, limit), r.total);
                                }));
        } else {
            ghl->readAllContacts(q, &app, app.onSuccess<QList<Contact>>([&app](const QList<Contact> &all) {
                printContacts(app, all, int(all.size()));
            }));
        }
    } else if (sub == "get"_L1) {
        QCommandLineParser p;
        if (!app.parse(p, args, 1, 1, u"flagbridge-cli contacts get ID"_s))
            return;
        const QString id = p.positionalArguments().first();
        struct Detail
        {
            Contact contact;
            QList<Task> tasks;
            QList<Note> notes;
            QList<Appointment> appointments;
            QList<CustomFieldDefinition> fields;
            int pending = 5;
        };
        auto d = std::make_shared<Detail>();
        auto part = [&app, d]() {
            if (--d->pending > 0)
                return;
            if (app.json()) {
                QJsonObject o = d->contact.toJson();
                o.insert("tasks"_L1, toJsonArray(d->tasks));
                o.insert("notes"_L1, toJsonArray(d->notes));
                o.insert("appointments"_L1, toJsonArray(d->appointments));
                app.printJson(o);
            } else {
                QTextStream &out = app.out();
                const Contact &c = d->contact;
                auto line = [&out](const QString &label, const QString &value) {
                    if (!value.isEmpty())
                        out << QString(label + u':').leftJustified(16) << value << u'\n';
                };
                line(Cmd::tr("Name"), c.displayName());
                line(Cmd::tr("ID"), c.id);
                line(Cmd::tr("Email"), c.email);
                line(Cmd::tr("Phone"), c.phone);
                line(Cmd::tr("Company"), c.companyName);
                line(Cmd::tr("Type"), c.type);
                line(Cmd::tr("Source"), c.source);
                line(Cmd::tr("Country"), c.country);
                line(Cmd::tr("Added"), when(c.dateAdded));
                line(Cmd::tr("Tags"), c.tags.join(u", "_s));
                for (const CustomFieldValue &cf : c.customFields) {
                    QString name = cf.id;
                    for (const CustomFieldDefinition &f : std::as_const(d->fields)) {
                        if (f.id == cf.id)
                            name = f.name;
                    }
                    line(name, Json::displayText(cf.value));
                }
                out << u'\n' << Cmd::tr("Tasks (%1)").arg(d->tasks.size()) << u'\n';
                for (const Task &t : std::as_const(d->tasks))
                    out << u"  ["_s << (t.completed ? u'x' : u' ') << u"] "_s << t.title << u"  "_s << when(t.dueDate)
                        << (t.isOverdue() ? u"  "_s + Cmd::tr("overdue") : QString()) << u'\n';
                out << u'\n' << Cmd::tr("Notes (%1)").arg(d->notes.size()) << u'\n';
                for (const Note &n : std::as_const(d->notes))
                    out << u"  - "_s << n.body.simplified().left(100) << u'\n';
                out << u'\n' << Cmd::tr("Appointments (%1)").arg(d->appointments.size()) << u'\n';
                for (const Appointment &a : std::as_const(d->appointments))
                    out << u"  "_s << when(a.startTime) << u"  "_s << a.title << u"  ("_s << a.status << u")\n"_s;
            }
            app.finish(CliApplication::Success);
        };
        ghl->getContact(id, &app, app.onSuccess<Contact>([d, part](const Contact &c) { d->contact = c; part(); }));
        ghl->listTasks(id, &app, app.onSuccess<QList<Task>>([d, part](const QList<Task> &t) { d->tasks = t; part(); }));
        ghl->listNotes(id, &app, app.onSuccess<QList<Note>>([d, part](const QList<Note> &n) { d->notes = n; part(); }));
        ghl->listAppointments(id, &app, app.onSuccess<QList<Appointment>>([d, part](const QList<Appointment> &a) {
            d->appointments = a;
            part();
        }));
        // Custom field names are a nicety: a token without that scope still shows ids.
        ghl->customFields(&app, [d, part](const Result<QList<CustomFieldDefinition>> &r) {
            if (r.isOk())
                d->fields = r.value();
            part();
        });
    } else if (sub == "legacy-list"_L1) {
        QCommandLineParser p;
        p.addOptions({{u"query"_s, {}, u"TEXT"_s}, {u"limit"_s, {}, u"N"_s}, {u"all"_s, {}}});
        if (!app.parse(p, args, 0, 0, u"flagbridge-cli contacts legacy-list [--query TEXT] [--limit N] [--all]"_s))
            return;
        const int limit = p.isSet(u"limit"_s) ? std::clamp(p.value(u"limit"_s).toInt(), 1, 100) : 100;
        const bool all = p.isSet(u"all"_s);
        const QString text = p.value(u"query"_s);
        auto collected = std::make_shared<QList<Contact>>();
        auto next = std::make_shared<std::function<void(qint64, QString)>>();
        *next = [&app, ghl, collected, next, limit, all, text](qint64 after, const QString &afterId) {
            ghl->listContactsLegacy(text, limit, after, afterId, &app, app.onSuccess<ContactListPage>([&app, collected, next, all](const ContactListPage &page) {
                collected->append(page.contacts);
                if (all && !page.startAfterId.isEmpty() && collected->size() < page.total)
                    (*next)(page.startAfter, page.startAfterId);
                else
                    printContacts(app, *collected, page.total);
            }));
        };
        (*next)(0, QString());
    } else if (sub == "business"_L1) {
        QCommandLineParser p;
        p.addOptions({{u"skip"_s, {}, u"N"_s}, {u"limit"_s, {}, u"N"_s}});
        if (!app.parse(p, args, 1, 1, u"flagbridge-cli contacts business BUSINESS_ID [--skip N] [--limit N]"_s))
            return;
        ghl->contactsByBusiness(p.positionalArguments().first(), p.value(u"skip"_s).toInt(),
                                p.isSet(u"limit"_s) ? p.value(u"limit"_s).toInt() : 100, &app,
                                app.onSuccess<QList<Contact>>([&app](const QList<Contact> &c) { printContacts(app, c, int(c.size())); }));
    } else if (sub == "duplicate"_L1) {
        QCommandLineParser p;
        p.addOptions({{u"email"_s, {}, u"EMAIL"_s}, {u"phone"_s, {}, u"PHONE"_s}});
        if (!app.parse(p, args, 0, 0, u"flagbridge-cli contacts duplicate --email EMAIL | --phone PHONE"_s))
            return;
        if (!p.isSet(u"email"_s) && !p.isSet(u"phone"_s)) {
            app.fail(Cmd::tr("Usage: flagbridge-cli contacts duplicate --email EMAIL | --phone PHONE"), CliApplication::Usage);
            return;
        }
        ghl->findDuplicate(p.value(u"email"_s), p.value(u"phone"_s), &app, app.onSuccess<Contact>([&app](const Contact &c) {
            if (c.id.isEmpty()) {
                if (app.json())
                    app.printJson(QJsonObject{{"contact"_L1, QJsonValue::Null}});
                else
                    app.out() << Cmd::tr("No existing contact matches.") << u'\n';
                app.finish(CliApplication::Success);
                return;
            }
            printContact(app, c);
        }));
    } else if (sub == "create"_L1 || sub == "upsert"_L1 || sub == "update"_L1) {
        QCommandLineParser p;
        addContactOptions(p);
        const bool update = sub == "update"_L1;
        const QString usage = update ? u"flagbridge-cli contacts update ID [--first-name X] [--email X] [--field NAME=VALUE]..."_s
                                     : u"flagbridge-cli contacts %1 [--first-name X] [--last-name X] [--email X] [--phone X] [--tag T]... [--field NAME=VALUE]..."_s.arg(sub);
        if (!app.parse(p, args, update ? 1 : 0, update ? 1 : 0, usage))
            return;
        ContactDraft base;
        QString error;
        if (!draftFrom(p, &base, &error)) {
            app.fail(error, CliApplication::Usage);
            return;
        }
        if (update) {
            const QStringList unsupported = base.unsupportedFields(ContactDraft::Purpose::Update);
            if (!unsupported.isEmpty()) {
                app.fail(Cmd::tr("HighLevel's update does not take %1: tags change with \"tags add/remove\"; company and gender only on create.")
                             .arg(unsupported.join(u", "_s)),
                         CliApplication::Usage);
                return;
            }
        }
        const QStringList fieldSpecs = p.values(u"field"_s);
        const QString id = p.positionalArguments().value(0);
        withDefinitions(app, !fieldSpecs.isEmpty(), [&app, ghl, sub, update, base, fieldSpecs, id](const QList<CustomFieldDefinition> &defs) {
            ContactDraft draft = base;
            QString error;
            if (!resolveFields(fieldSpecs, defs, &draft, &error)) {
                app.fail(error, CliApplication::Usage);
                return;
            }
            if (update) {
                ghl->updateContact(id, draft, &app, app.onSuccess<Contact>([&app](const Contact &c) { printContact(app, c); }));
            } else if (sub == "upsert"_L1) {
                ghl->upsertContact(draft, &app, app.onSuccess<ContactUpsert>([&app](const ContactUpsert &u) {
                    printContact(app, u.contact, u.created ? Cmd::tr("Created.") : Cmd::tr("Updated an existing contact."));
                }));
            } else {
                ghl->createContact(draft, &app, app.onSuccess<ContactCreation>([&app](const ContactCreation &c) {
                    printContact(app, c.contact,
                                 c.foundAfterError ? Cmd::tr("HighLevel reported an error (%1), but the contact exists.").arg(c.errorMessage)
                                                   : QString());
                }));
            }
        });
    } else if (sub == "delete"_L1) {
        QCommandLineParser p;
        p.addOption({u"yes"_s, {}});
        if (!app.parse(p, args, 1, 1, u"flagbridge-cli contacts delete ID --yes"_s))
            return;
        if (!p.isSet(u"yes"_s)) {
            app.fail(Cmd::tr("Deleting a contact cannot be undone: add --yes to confirm."), CliApplication::Usage);
            return;
        }
        const QString id = p.positionalArguments().first();
        ghl->deleteContact(id, &app, app.onSuccess<Done>([&app, id](const Done &) { printDone(app, Cmd::tr("Deleted contact %1.").arg(id)); }));
    } else {
        app.fail(Cmd::tr("Unknown contacts command \"%1\"; see flagbridge-cli --help").arg(sub), CliApplication::Usage);
    }
}

void tasks(CliApplication &app, const QString &sub, const QStringList &args)
{
    HighLevelClient *ghl = app.highLevel();
    QCommandLineParser p;
    p.addOptions({{u"title"_s, {}, u"TITLE"_s}, {u"body"_s, {}, u"TEXT"_s}, {u"due"_s, {}, u"ISO-DATE"_s},
                  {u"assigned-to"_s, {}, u"USER_ID"_s}});
    auto draft = [&app](const QCommandLineParser &p, TaskDraft *d) {
        if (p.isSet(u"title"_s))
            d->title = p.value(u"title"_s);
        if (p.isSet(u"body"_s))
            d->body = p.value(u"body"_s);
        if (p.isSet(u"assigned-to"_s))
            d->assignedTo = p.value(u"assigned-to"_s);
        if (p.isSet(u"due"_s)) {
            const auto due = parseTime(p.value(u"due"_s));
            if (!due) {
                app.fail(Cmd::tr("--due takes a date or time such as 2026-12-24 or 2026-12-24T09:00:00Z"), CliApplication::Usage);
                return false;
            }
            d->dueDate = *due;
        }
        return true;
    };
    if (sub == "list"_L1) {
        if (!app.parse(p, args, 1, 1, u"flagbridge-cli tasks list CONTACT_ID"_s))
            return;
        ghl->listTasks(p.positionalArguments().first(), &app, app.onSuccess<QList<Task>>([&app](const QList<Task> &list) {
            if (app.json()) {
                app.printJson(toJsonArray(list));
            } else {
                QList<QStringList> rows;
                for (const Task &t : list)
                    rows.append({t.id, t.completed ? Cmd::tr("done") : (t.isOverdue() ? Cmd::tr("overdue") : Cmd::tr("open")), when(t.dueDate), t.title});
                app.printTable({Cmd::tr("ID"), Cmd::tr("State"), Cmd::tr("Due"), Cmd::tr("Title")}, rows);
            }
            app.finish(CliApplication::Success);
        }));
    } else if (sub == "get"_L1) {
        if (!app.parse(p, args, 2, 2, u"flagbridge-cli tasks get CONTACT_ID TASK_ID"_s))
            return;
        const QStringList a = p.positionalArguments();
        ghl->getTask(a.at(0), a.at(1), &app, app.onSuccess<Task>([&app](const Task &t) { printTask(app, t); }));
    } else if (sub == "create"_L1) {
        if (!app.parse(p, args, 1, 1, u"flagbridge-cli tasks create CONTACT_ID --title TITLE --due DATE [--body TEXT] [--assigned-to USER_ID]"_s))
            return;
        TaskDraft d;
        if (!draft(p, &d))
            return;
        if (!d.title || !d.dueDate) {
            app.fail(Cmd::tr("A task needs --title and --due."), CliApplication::Usage);
            return;
        }
        ghl->createTask(p.positionalArguments().first(), d, &app, app.onSuccess<Task>([&app](const Task &t) { printTask(app, t); }));
    } else if (sub == "update"_L1) {
        if (!app.parse(p, args, 2, 2, u"flagbridge-cli tasks update CONTACT_ID TASK_ID [--title X] [--due DATE] [--body X] [--assigned-to USER_ID]"_s))
            return;
        TaskDraft d;
        if (!draft(p, &d))
            return;
        const QStringList a = p.positionalArguments();
        ghl->updateTask(a.at(0), a.at(1), d, &app, app.onSuccess<Task>([&app](const Task &t) { printTask(app, t); }));
    } else if (sub == "complete"_L1 || sub == "reopen"_L1) {
        if (!app.parse(p, args, 2, 2, u"flagbridge-cli tasks %1 CONTACT_ID TASK_ID"_s.arg(sub)))
            return;
        const QStringList a = p.positionalArguments();
        ghl->setTaskCompleted(a.at(0), a.at(1), sub == "complete"_L1, &app, app.onSuccess<Task>([&app](const Task &t) { printTask(app, t); }));
    } else if (sub == "delete"_L1) {
        if (!app.parse(p, args, 2, 2, u"flagbridge-cli tasks delete CONTACT_ID TASK_ID"_s))
            return;
        const QStringList a = p.positionalArguments();
        ghl->deleteTask(a.at(0), a.at(1), &app, app.onSuccess<Done>([&app](const Done &) { printDone(app, Cmd::tr("Task deleted.")); }));
    } else {
        app.fail(Cmd::tr("Unknown tasks command \"%1\"; see flagbridge-cli --help").arg(sub), CliApplication::Usage);
    }
}

void notes(CliApplication &app, const QString &sub, const QStringList &args)
{
    HighLevelClient *ghl = app.highLevel();
    QCommandLineParser p;
    p.addOptions({{u"body"_s, {}, u"TEXT"_s}, {u"title"_s, {}, u"TITLE"_s}, {u"user"_s, {}, u"USER_ID"_s}, {u"pinned"_s, {}}});
    auto draft = [](const QCommandLineParser &p) {
        NoteDraft d;
        if (p.isSet(u"body"_s))
            d.body = p.value(u"body"_s);
        if (p.isSet(u"title"_s))
            d.title = p.value(u"title"_s);
        if (p.isSet(u"user"_s))
            d.userId = p.value(u"user"_s);
        if (p.isSet(u"pinned"_s))
            d.pinned = true;
        return d;
    };
    if (sub == "list"_L1) {
        if (!app.parse(p, args, 1, 1, u"flagbridge-cli notes list CONTACT_ID"_s))
            return;
        ghl->listNotes(p.positionalArguments().first(), &app, app.onSuccess<QList<Note>>([&app](const QList<Note> &list) {
            if (app.json()) {
                app.printJson(toJsonArray(list));
            } else {
                QList<QStringList> rows;
                for (const Note &n : list)
                    rows.append({n.id, when(n.dateAdded), n.body.simplified().left(80)});
                app.printTable({Cmd::tr("ID"), Cmd::tr("Added"), Cmd::tr("Note")}, rows);
            }
            app.finish(CliApplication::Success);
        }));
    } else if (sub == "get"_L1) {
        if (!app.parse(p, args, 2, 2, u"flagbridge-cli notes get CONTACT_ID NOTE_ID"_s))
            return;
        const QStringList a = p.positionalArguments();
        ghl->getNote(a.at(0), a.at(1), &app, app.onSuccess<Note>([&app](const Note &n) { printNote(app, n); }));
    } else if (sub == "create"_L1) {
        if (!app.parse(p, args, 1, 1, u"flagbridge-cli notes create CONTACT_ID --body TEXT [--title TITLE] [--user USER_ID] [--pinned]"_s))
            return;
        const NoteDraft d = draft(p);
        if (!d.body || d.body->trimmed().isEmpty()) {
            app.fail(Cmd::tr("A note needs --body."), CliApplication::Usage);
            return;
        }
        ghl->createNote(p.positionalArguments().first(), d, &app, app.onSuccess<Note>([&app](const Note &n) { printNote(app, n); }));
    } else if (sub == "update"_L1) {
        if (!app.parse(p, args, 2, 2, u"flagbridge-cli notes update CONTACT_ID NOTE_ID [--body TEXT] [--title TITLE]"_s))
            return;
        const QStringList a = p.positionalArguments();
        ghl->updateNote(a.at(0), a.at(1), draft(p), &app, app.onSuccess<Note>([&app](const Note &n) { printNote(app, n); }));
    } else if (sub == "delete"_L1) {
        if (!app.parse(p, args, 2, 2, u"flagbridge-cli notes delete CONTACT_ID NOTE_ID"_s))
            return;
        const QStringList a = p.positionalArguments();
        ghl->deleteNote(a.at(0), a.at(1), &app, app.onSuccess<Done>([&app](const Done &) { printDone(app, Cmd::tr("Note deleted.")); }));
    } else {
        app.fail(Cmd::tr("Unknown notes command \"%1\"; see flagbridge-cli --help").arg(sub), CliApplication::Usage);
    }
}

void tags(CliApplication &app, const QString &sub, const QStringList &args)
{
    HighLevelClient *ghl = app.highLevel();
    auto printTags = [&app](const QStringList &tags) {
        if (app.json())
            app.printJson(QJsonObject{{"tags"_L1, QJsonArray::fromStringList(tags)}});
        else
            app.out() << Cmd::tr("Tags: %1").arg(tags.join(u", "_s)) << u'\n';
        app.finish(CliApplication::Success);
    };
    QCommandLineParser p;
    p.addOptions({{u"contact"_s, {}, u"CONTACT_ID"_s}, {u"all"_s, {}}});
    if (sub == "add"_L1 || sub == "remove"_L1) {
        if (!app.parse(p, args, 2, -1, u"flagbridge-cli tags %1 CONTACT_ID TAG..."_s.arg(sub)))
            return;
        const QStringList a = p.positionalArguments();
        if (sub == "add"_L1)
            ghl->addTags(a.first(), a.mid(1), &app, app.onSuccess<QStringList>(printTags));
        else
            ghl->removeTags(a.first(), a.mid(1), &app, app.onSuccess<QStringList>(printTags));
    } else if (sub == "bulk-add"_L1 || sub == "bulk-remove"_L1) {
        const bool add = sub == "bulk-add"_L1;
        if (!app.parse(p, args, add ? 1 : 0, -1, u"flagbridge-cli tags %1 --contact ID [--contact ID]... TAG...%2"_s.arg(sub, add ? QString() : u" | --all"_s)))
            return;
        const QStringList contacts = p.values(u"contact"_s);
        const bool all = !add && p.isSet(u"all"_s);
        if (contacts.isEmpty() || (p.positionalArguments().isEmpty() && !all)) {
            app.fail(Cmd::tr("Name the contacts with --contact and the tags after them."), CliApplication::Usage);
            return;
        }
        ghl->bulkUpdateTags(add, contacts, p.positionalArguments(), all, &app, app.onSuccess<BulkTagResult>([&app](const BulkTagResult &r) {
            if (app.json())
                app.printJson(QJsonObject{{"succeded"_L1, r.succeeded}, {"errorCount"_L1, r.errorCount}, {"responses"_L1, r.responses}});
            else
                app.out() << (r.errorCount == 0 ? Cmd::tr("Done.") : Cmd::tr("Done with %n error(s).", nullptr, r.errorCount)) << u'\n';
            app.finish(r.errorCount == 0 ? CliApplication::Success : CliApplication::RemoteError);
        }));
    } else {
        app.fail(Cmd::tr("Unknown tags command \"%1\"; see flagbridge-cli --help").arg(sub), CliApplication::Usage);
    }
}

void appointments(CliApplication &app, const QString &sub, const QStringList &args)
{
    HighLevelClient *ghl = app.highLevel();
    QCommandLineParser p;
    if (sub == "list"_L1) {
        if (!app.parse(p, args, 1, 1, u"flagbridge-cli appointments list CONTACT_ID"_s))
            return;
        ghl->listAppointments(p.positionalArguments().first(), &app, app.onSuccess<QList<Appointment>>([&app](const QList<Appointment> &list) {
            if (app.json()) {
                app.printJson(toJsonArray(list));
            } else {
                QList<QStringList> rows;
                for (const Appointment &a : list)
                    rows.append({a.id, when(a.startTime), a.status, a.title});
                app.printTable({Cmd::tr("ID"), Cmd::tr("When"), Cmd::tr("Status"), Cmd::tr("Title")}, rows);
            }
            app.finish(CliApplication::Success);
        }));
    } else if (sub == "get"_L1) {
        if (!app.parse(p, args, 1, 1, u"flagbridge-cli appointments get EVENT_ID"_s))
            return;
        ghl->getAppointment(p.positionalArguments().first(), &app, app.onSuccess<Appointment>([&app](const Appointment &a) { printAppointment(app, a); }));
    } else if (sub == "set-status"_L1) {
        if (!app.parse(p, args, 2, 2, u"flagbridge-cli appointments set-status EVENT_ID new|confirmed|cancelled|showed|noshow|invalid"_s))
            return;
        const QString status = p.positionalArguments().at(1);
        static const QStringList valid{u"new"_s, u"confirmed"_s, u"cancelled"_s, u"showed"_s, u"noshow"_s, u"invalid"_s};
        if (!valid.contains(status)) {
            app.fail(Cmd::tr("The status must be one of %1.").arg(valid.join(u", "_s)), CliApplication::Usage);
            return;
        }
        ghl->setAppointmentStatus(p.positionalArguments().first(), status, &app,
                                  app.onSuccess<Appointment>([&app](const Appointment &a) { printAppointment(app, a); }));
    } else {
        app.fail(Cmd::tr("Unknown appointments command \"%1\"; see flagbridge-cli --help").arg(sub), CliApplication::Usage);
    }
}

void campaignsOrWorkflows(CliApplication &app, const QString &group, const QString &sub, const QStringList &args)
{
    HighLevelClient *ghl = app.highLevel();
    QCommandLineParser p;
    p.addOption({u"start"_s, {}, u"ISO-TIME"_s});
    auto ok = [&app](const QString &message) { return app.onSuccess<Done>([&app, message](const Done &) { printDone(app, message); }); };
    if (group == "campaigns"_L1 && sub == "remove-all"_L1) {
        if (!app.parse(p, args, 1, 1, u"flagbridge-cli campaigns remove-all CONTACT_ID"_s))
            return;
        ghl->removeFromAllCampaigns(p.positionalArguments().first(), &app, ok(Cmd::tr("Removed from every campaign.")));
        return;
    }
    if (sub != "add"_L1 && sub != "remove"_L1) {
        app.fail(Cmd::tr("Unknown %1 command \"%2\"; see flagbridge-cli --help").arg(group, sub), CliApplication::Usage);
        return;
    }
    const QString usage = group == "campaigns"_L1 ? u"flagbridge-cli campaigns add|remove CONTACT_ID CAMPAIGN_ID"_s
                                                  : u"flagbridge-cli workflows add CONTACT_ID WORKFLOW_ID [--start ISO-TIME] | workflows remove CONTACT_ID WORKFLOW_ID"_s;
    if (!app.parse(p, args, 2, 2, usage))
        return;
    const QStringList a = p.positionalArguments();
    if (group == "campaigns"_L1) {
        if (sub == "add"_L1)
            ghl->addToCampaign(a.at(0), a.at(1), &app, ok(Cmd::tr("Added to the campaign.")));
        else
            ghl->removeFromCampaign(a.at(0), a.at(1), &app, ok(Cmd::tr("Removed from the campaign.")));
        return;
    }
    if (sub == "add"_L1) {
        QDateTime start;
        if (p.isSet(u"start"_s)) {
            const auto t = parseTime(p.value(u"start"_s));
            if (!t) {
                app.fail(Cmd::tr("--start takes a time such as 2026-12-24T09:00:00+01:00"), CliApplication::Usage);
                return;
            }
            start = *t;
        }
        ghl->addToWorkflow(a.at(0), a.at(1), start, &app, ok(Cmd::tr("Added to the workflow.")));
    } else {
        ghl->removeFromWorkflow(a.at(0), a.at(1), &app, ok(Cmd::tr("Removed from the workflow.")));
    }
}

void followers(CliApplication &app, const QString &sub, const QStringList &args)
{
    QCommandLineParser p;
    if ((sub != "add"_L1 && sub != "remove"_L1)) {
        app.fail(Cmd::tr("Unknown followers command \"%1\"; see flagbridge-cli --help").arg(sub), CliApplication::Usage);
        return;
    }
    if (!app.parse(p, args, 2, -1, u"flagbridge-cli followers %1 CONTACT_ID USER_ID..."_s.arg(sub)))
        return;
    const QStringList a = p.positionalArguments();
    auto print = app.onSuccess<QStringList>([&app](const QStringList &f) {
        if (app.json())
            app.printJson(QJsonObject{{"followers"_L1, QJsonArray::fromStringList(f)}});
        else
            app.out() << Cmd::tr("Followers: %1").arg(f.join(u", "_s)) << u'\n';
        app.finish(CliApplication::Success);
    });
    if (sub == "add"_L1)
        app.highLevel()->addFollowers(a.first(), a.mid(1), &app, print);
    else
        app.highLevel()->removeFollowers(a.first(), a.mid(1), &app, print);
}

void customFields(CliApplication &app, const QString &sub, const QStringList &args)
{
    QCommandLineParser p;
    if (sub != "list"_L1 || !app.parse(p, args, 0, 0, u"flagbridge-cli custom-fields list"_s)) {
        if (sub != "list"_L1)
            app.fail(Cmd::tr("Usage: flagbridge-cli custom-fields list"), CliApplication::Usage);
        return;
    }
    app.highLevel()->customFields(&app, app.onSuccess<QList<CustomFieldDefinition>>([&app](const QList<CustomFieldDefinition> &defs) {
        if (app.json()) {
            QJsonArray a;
            for (const CustomFieldDefinition &d : defs)
                a.append(QJsonObject{{"id"_L1, d.id}, {"name"_L1, d.name}, {"fieldKey"_L1, d.fieldKey}, {"dataType"_L1, d.dataType},
                                     {"options"_L1, QJsonArray::fromStringList(d.picklistOptions)}});
            app.printJson(a);
        } else {
            QList<QStringList> rows;
            for (const CustomFieldDefinition &d : defs)
                rows.append({d.id, d.name, d.fieldKey, d.dataType, d.picklistOptions.join(u", "_s)});
            app.printTable({Cmd::tr("ID"), Cmd::tr("Name"), Cmd::tr("Key"), Cmd::tr("Type"), Cmd::tr("Options")}, rows);
        }
        app.finish(CliApplication::Success);
    }));
}

} // namespace

bool HighLevelCommands::handles(const QString &command)
{
    static const QStringList commands{u"contacts"_s, u"tasks"_s, u"notes"_s, u"tags"_s, u"appointments"_s,
                                      u"campaigns"_s, u"workflows"_s, u"followers"_s, u"custom-fields"_s};
    return commands.contains(command);
}

QString HighLevelCommands::usage()
{
    return tr("HighLevel:\n"
              "  contacts list [--query TEXT] [--tag TAG]... [--filter FIELD:OP[:VALUE]]... [--sort FIELD[:asc|desc]]\n"
              "                [--limit N | --page N [--page-size N]]      search (all pages unless limited)\n"
              "  contacts get ID                     one contact with tasks, notes and appointments\n"
              "  contacts create|upsert [--first-name X] [--last-name X] [--email X] [--phone X] [--company X]\n"
              "                [--tag TAG]... [--field NAME=VALUE]... [--allow-duplicate]\n"
              "  contacts update ID [field options]  (tags change with \"tags add|remove\")\n"
              "  contacts delete ID --yes\n"
              "  contacts duplicate --email X | --phone X     the existing contact the location would match\n"
              "  contacts business BUSINESS_ID [--skip N] [--limit N]\n"
              "  contacts legacy-list [--query TEXT] [--limit N] [--all]   the deprecated GET /contacts/\n"
              "  tasks list|get|create|update|complete|reopen|delete CONTACT_ID [TASK_ID] [--title X] [--due DATE] [--body X]\n"
              "  notes list|get|create|update|delete CONTACT_ID [NOTE_ID] [--body TEXT] [--title X] [--pinned]\n"
              "  tags add|remove CONTACT_ID TAG...\n"
              "  tags bulk-add|bulk-remove --contact ID... TAG... [--all]\n"
              "  appointments list CONTACT_ID | get EVENT_ID | set-status EVENT_ID STATUS\n"
              "  campaigns add|remove CONTACT_ID CAMPAIGN_ID | remove-all CONTACT_ID\n"
              "  workflows add CONTACT_ID WORKFLOW_ID [--start ISO-TIME] | remove CONTACT_ID WORKFLOW_ID\n"
              "  followers add|remove CONTACT_ID USER_ID...\n"
              "  custom-fields list\n");
}

void HighLevelCommands::run(CliApplication &app, const QString &command, const QStringList &args)
{
    const QString sub = args.value(0);
    const QStringList rest = args.mid(1);
    if (sub.isEmpty()) {
        app.fail(tr("\"%1\" needs a subcommand; see flagbridge-cli --help").arg(command), CliApplication::Usage);
        return;
    }
    if (command == "contacts"_L1)
        contacts(app, sub, rest);
    else if (command == "tasks"_L1)
        tasks(app, sub, rest);
    else if (command == "notes"_L1)
        notes(app, sub, rest);
    else if (command == "tags"_L1)
        tags(app, sub, rest);
    else if (command == "appointments"_L1)
        appointments(app, sub, rest);
    else if (command == "campaigns"_L1 || command == "workflows"_L1)
        campaignsOrWorkflows(app, command, sub, rest);
    else if (command == "followers"_L1)
        followers(app, sub, rest);
    else if (command == "custom-fields"_L1)
        customFields(app, sub, rest);
}
