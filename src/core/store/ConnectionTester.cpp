#include "ConnectionTester.h"

#include "common/Json.h"
#include "ghl/HighLevelClient.h"
#include "ld/LaunchDarklyClient.h"

#include <QLocale>
#include <QPointer>

using namespace Qt::StringLiterals;

namespace {

// An id no contact or appointment has: requests on it change nothing.
const QString kProbeId = u"flagbridge-permission-check"_s;

struct Pending
{
    ConnectionTester::Report result;
    int outstanding = 0;
    QPointer<QObject> context;
    ConnectionTester::Done done;

    void finishOne()
    {
        if (--outstanding > 0)
            return;
        if (context && done)
            done(result);
    }
};

// A probe on a missing object passes the permission check when the answer is "not found".
bool allowedButNotFound(const ApiError &e)
{
    return e.kind() == ApiError::Kind::Http && (e.httpStatus() == 400 || e.httpStatus() == 404 || e.httpStatus() == 422);
}

bool refused(const ApiError &e)
{
    return e.kind() == ApiError::Kind::Http && (e.httpStatus() == 401 || e.httpStatus() == 403);
}

ConnectionTester::Check fromError(const QString &what, const ApiError &e, const QString &disables)
{
    ConnectionTester::Check c;
    c.what = what;
    c.state = refused(e) ? ConnectionTester::Check::State::Missing : ConnectionTester::Check::State::Failed;
    c.detail = e.summary();
    c.disables = c.state == ConnectionTester::Check::State::Missing ? disables : QString();
    return c;
}

} // namespace

QString ConnectionTester::stateName(Check::State state)
{
    switch (state) {
    case Check::State::Ok:
        return tr("OK");
    case Check::State::Missing:
        return tr("Missing");
    case Check::State::Failed:
        return tr("Failed");
    case Check::State::Skipped:
        return tr("Not checked");
    }
    return {};
}

void ConnectionTester::testHighLevel(HighLevelClient *client, QObject *context, Done done)
{
    auto p = std::make_shared<Pending>();
    p->context = context;
    p->done = std::move(done);
    // The first read decides whether the token and the location work at all.
    client->searchContacts({}, {}, 1, context, [client, context, p](const Result<ContactPage> &r) {
        Check read;
        read.what = tr("Read contacts (contacts.readonly)");
        if (!r.isOk()) {
            read = fromError(read.what, r.error(), tr("everything: FlagBridge cannot see the sub-account"));
            p->result.checks.append(read);
            p->result.summary = r.error().message();
            if (p->context && p->done)
                p->done(p->result);
            return;
        }
        read.state = Check::State::Ok;
        p->result.contacts = r.value().total;
        read.detail = tr("%1 contacts in this sub-account").arg(QLocale().toString(r.value().total));
        p->result.tokenWorks = true;
        p->result.checks.append(read);
        p->outstanding = 5;
        const int writeIndex = int(p->result.checks.size());
        p->result.checks.resize(writeIndex + 5);

        client->addTags(kProbeId, {kProbeId}, context, [p, writeIndex](const Result<QStringList> &w) {
            Check c;
            c.what = tr("Change contacts (contacts.write)");
            if (w.isOk() || allowedButNotFound(w.error())) {
                c.state = Check::State::Ok;
            } else {
                c = fromError(c.what, w.error(), tr("tag, task and note edits, and writing flag outcomes back to HighLevel"));
            }
            p->result.checks[writeIndex] = c;
            p->finishOne();
        });
        client->customFields(context, [p, writeIndex](const Result<QList<CustomFieldDefinition>> &f) {
            Check c;
            c.what = tr("Custom field names (locations/customFields.readonly)");
            if (f.isOk()) {
                c.state = Check::State::Ok;
                c.detail = tr("%n custom field(s)", nullptr, int(f.value().size()));
            } else {
                c = fromError(c.what, f.error(), tr("custom fields are shown by id, and bindings cannot use them by name"));
            }
            p->result.checks[writeIndex + 1] = c;
            p->finishOne();
        });
        client->locationTags(context, [p, writeIndex](const Result<QStringList> &t) {
            Check c;
            c.what = tr("Tag list (locations/tags.readonly)");
            if (t.isOk()) {
                c.state = Check::State::Ok;
                c.detail = tr("%n tag(s)", nullptr, int(t.value().size()));
            } else {
                c = fromError(c.what, t.error(), tr("tag completion offers only the tags seen on contacts"));
            }
            p->result.checks[writeIndex + 2] = c;
            p->finishOne();
        });
        client->users(context, [p, writeIndex](const Result<QList<LocationUser>> &u) {
            Check c;
            c.what = tr("User names (users.readonly)");
            if (u.isOk()) {
                c.state = Check::State::Ok;
                c.detail = tr("%n user(s)", nullptr, int(u.value().size()));
            } else {
                c = fromError(c.what, u.error(), tr("assignees are shown by id"));
            }
            p->result.checks[writeIndex + 3] = c;
            p->finishOne();
        });
        client->getAppointment(kProbeId, context, [p, writeIndex](const Result<Appointment> &a) {
            Check c;
            c.what = tr("Appointments (calendars/events.readonly)");
            if (a.isOk() || allowedButNotFound(a.error()))
                c.state = Check::State::Ok;
            else
                c = fromError(c.what, a.error(), tr("changing an appointment's status"));
            p->result.checks[writeIndex + 4] = c;
            p->finishOne();
        });
        QObject::connect(context, &QObject::destroyed, [p] { p->context = nullptr; });
        p->result.summary = tr("The token works for this sub-account.");
    });
}

void ConnectionTester::testLaunchDarkly(LaunchDarklyClient *client, const QString &project, const QString &environment,
                                        QObject *context, Done done)
{
    auto p = std::make_shared<Pending>();
    p->context = context;
    p->done = std::move(done);
    client->callerIdentity(context, [client, project, environment, context, p](const Result<QJsonObject> &r) {
        Check token;
        token.what = tr("Access token");
        if (!r.isOk()) {
            token = fromError(token.what, r.error(), tr("everything: FlagBridge cannot reach LaunchDarkly"));
            p->result.checks.append(token);
            p->result.summary = r.error().message();
            if (p->context && p->done)
                p->done(p->result);
            return;
        }
        const QJsonObject id = r.value();
        p->result.identity = id;
        p->result.tokenWorks = true;
        token.state = Check::State::Ok;
        const QString name = Json::string(id, "tokenName"_L1);
        const bool service = Json::boolean(id, "serviceToken"_L1);
        token.detail = service ? tr("service token \"%1\"").arg(name) : tr("personal token \"%1\"").arg(name);
        if (!service)
            token.detail += u' ' + tr("(a service token is better for an integration: it does not change with a member's role)");
        p->result.checks.append(token);
        p->result.summary = tr("The token works.");
        if (project.isEmpty()) {
            if (p->context && p->done)
                p->done(p->result);
            return;
        }
        client->listEnvironments(project, context, [p, project, environment](const Result<QList<LdEnvironment>> &envs) {
            Check proj;
            proj.what = tr("Project \"%1\"").arg(project);
            Check env;
            env.what = tr("Environment \"%1\"").arg(environment);
            if (!envs.isOk()) {
                proj = fromError(proj.what, envs.error(), tr("every flag and segment of this project"));
                if (envs.error().httpStatus() == 404)
                    proj.detail = tr("no project with this key");
                p->result.checks.append(proj);
                env.state = Check::State::Skipped;
            } else {
                proj.state = Check::State::Ok;
                proj.detail = tr("%n environment(s)", nullptr, int(envs.value().size()));
                p->result.checks.append(proj);
                env.state = Check::State::Failed;
                env.detail = tr("no environment with this key in the project");
                for (const LdEnvironment &e : envs.value()) {
                    if (e.key == environment) {
                        env.state = Check::State::Ok;
                        env.detail = e.critical ? tr("%1 (marked critical)").arg(e.name) : e.name;
                    }
                }
            }
            if (!environment.isEmpty())
                p->result.checks.append(env);
            if (p->context && p->done)
                p->done(p->result);
        });
    });
}
