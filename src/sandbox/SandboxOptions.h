#pragma once

#include <QHostAddress>

// How to start a sandbox: where it listens, how much demo data it makes and how the fakes
// behave. Every field has the demo's default.
struct SandboxOptions
{
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 0; // HighLevel on `port`, LaunchDarkly on `port + 1`; 0 = any free ports
    int contacts = 2500;
    quint32 seed = 42;
    qint64 anchor = 0; // "today" of the demo data, epoch ms; 0 = DemoDataGenerator's default
    int latencyMs = 0; // added to every answer of both fakes
    bool rateLimits = true;
    int highLevelBurstLimit = 100; // per 10 s and location
    int highLevelDailyLimit = 200000;
    // Appointment times and task due dates move by whole days so that the anchor day is today:
    // "upcoming" and "overdue" stay true in a demo started next year. Everything else keeps the
    // generator's fixed dates. Tests that compare with the generator turn this off.
    bool scheduleRelativeToToday = true;
};
