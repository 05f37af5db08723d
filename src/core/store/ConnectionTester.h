#pragma once

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>

#include <functional>

class HighLevelClient;
class LaunchDarklyClient;

// "Test connection": proves a token with cheap requests that change nothing, and says in plain
// words what works and what a missing permission disables.
class ConnectionTester : public QObject
{
    Q_OBJECT

public:
    struct Check
    {
        enum class State { Ok, Missing, Failed, Skipped };
        QString what;     // "Read contacts"
        State state = State::Skipped;
        QString detail;   // what the server said, or what was found
        QString disables; // when missing: what it switches off in FlagBridge
    };

    struct Report
    {
        bool tokenWorks = false;
        QString summary;
        QList<Check> checks;
        QJsonObject identity; // LaunchDarkly caller identity
        int contacts = -1;    // HighLevel: how many contacts the location has
    };
    using Done = std::function<void(const Report &)>;

    // Read contacts, change contacts (a tag on a contact that does not exist: refused as "not
    // found" when allowed, as "not authorized" when not), custom fields, tags, users, calendars.
    static void testHighLevel(HighLevelClient *client, QObject *context, Done done);
    // Caller identity (token name and kind), then the project and environment.
    static void testLaunchDarkly(LaunchDarklyClient *client, const QString &project, const QString &environment,
                                 QObject *context, Done done);

    static QString stateName(Check::State state);
};

Q_DECLARE_METATYPE(ConnectionTester::Report)
