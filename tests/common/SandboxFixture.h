#pragma once

#include "Sandbox.h"
#include "SandboxThread.h"
#include "FakeHighLevel.h"
#include "FakeLaunchDarkly.h"

#include "ghl/HighLevelClient.h"
#include "ld/LaunchDarklyClient.h"
#include "store/LocalDatabase.h"
#include "sync/SyncRun.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>

// A sandbox in its own thread, clients pointing at it, and a scratch local database: what an
// integration test needs to drive the real clients over loopback.
class SandboxFixture
{
public:
    explicit SandboxFixture(SandboxOptions options = SandboxOptions())
        : thread(options)
    {
        QString error;
        started = thread.startAndWait(&error);
        if (!started)
            qWarning("sandbox did not start: %s", qPrintable(error));
        const SandboxEndpoints e = thread.endpoints();
        ghl.id = QStringLiteral("test-highlevel");
        ghl.baseUrl = e.highLevelBaseUrl;
        ghl.token = e.highLevelToken;
        ghl.locationId = e.locationId;
        ld.id = QStringLiteral("test-launchdarkly");
        ld.baseUrl = e.launchDarklyBaseUrl;
        ld.token = e.launchDarklyToken;
        ld.projectKey = e.launchDarklyProject;
        ld.environmentKey = e.launchDarklyEnvironment;
        highLevel = std::make_unique<HighLevelClient>(ghl);
        launchDarkly = std::make_unique<LaunchDarklyClient>(ld);
        db = std::make_unique<LocalDatabase>(dataDir.filePath(QStringLiteral("flagbridge.sqlite")));
        QString dbError;
        if (!db->open(&dbError))
            qWarning("database did not open: %s", qPrintable(dbError));
    }

    SandboxStats highLevelStats()
    {
        SandboxStats s;
        thread.runInSandbox([&s](Sandbox &sb) { s = sb.highLevel()->stats(); });
        return s;
    }

    SandboxStats launchDarklyStats()
    {
        SandboxStats s;
        thread.runInSandbox([&s](Sandbox &sb) { s = sb.launchDarkly()->stats(); });
        return s;
    }

    void addHighLevelFault(const SandboxFault &fault)
    {
        thread.runInSandbox([fault](Sandbox &sb) { sb.highLevel()->addFault(fault); });
    }

    void addLaunchDarklyFault(const SandboxFault &fault)
    {
        thread.runInSandbox([fault](Sandbox &sb) { sb.launchDarkly()->addFault(fault); });
    }

    // Runs a sync of `mapping` to its end; applies unless dryRun.
    std::unique_ptr<SyncRun> runSync(const Mapping &mapping, bool dryRun = false, int timeoutMs = 60000)
    {
        auto run = std::make_unique<SyncRun>(highLevel.get(), launchDarkly.get(), db.get(), mapping);
        SyncRun *r = run.get();
        QObject::connect(r, &SyncRun::planned, r, [r, dryRun] {
            if (dryRun)
                r->finishWithoutApplying();
            else
                r->apply();
        });
        r->startPlanning();
        [&] { QTRY_VERIFY_WITH_TIMEOUT(r->state() == SyncRun::State::Finished, timeoutMs); }();
        return run;
    }

    template<typename T, typename Start>
    static Result<T> wait(Start start, int timeoutMs = 30000)
    {
        Result<T> result;
        bool done = false;
        QObject context;
        start(&context, [&](const Result<T> &r) {
            result = r;
            done = true;
        });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(done, timeoutMs); }();
        return result;
    }

    QTemporaryDir dataDir;
    SandboxThread thread;
    bool started = false;
    HighLevelConnection ghl;
    LaunchDarklyConnection ld;
    std::unique_ptr<HighLevelClient> highLevel;
    std::unique_ptr<LaunchDarklyClient> launchDarkly;
    std::unique_ptr<LocalDatabase> db;
};
