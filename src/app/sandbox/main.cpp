// flagbridge-sandbox: serves the fake HighLevel and LaunchDarkly APIs with generated demo data
// on 127.0.0.1 until SIGINT or SIGTERM.
//
//   eval "$(flagbridge-sandbox --port 8700 | head -7)"
//
// stdout carries only the seven `export` lines (flushed at once); everything for humans goes to
// stderr.

#include "Sandbox.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>
#include <csignal>
#include <cstdio>

#ifdef Q_OS_UNIX
#include <QSocketNotifier>
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace {

#ifdef Q_OS_UNIX
int signalPipe[2] = { -1, -1 };

void onSignal(int)
{
    // Only async-signal-safe work here: wake the event loop through the pipe.
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(signalPipe[0], &byte, 1);
}

// SIGINT and SIGTERM end the event loop, so that the servers close and the process exits 0.
void quitOnSignals(QCoreApplication &app)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) != 0)
        return;
    auto *notifier = new QSocketNotifier(signalPipe[1], QSocketNotifier::Read, &app);
    QObject::connect(notifier, &QSocketNotifier::activated, &app, [notifier]() {
        notifier->setEnabled(false);
        char byte = 0;
        [[maybe_unused]] const auto n = ::read(signalPipe[1], &byte, 1);
        QCoreApplication::quit();
    });
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}
#else
void quitOnSignals(QCoreApplication &)
{
    std::signal(SIGINT, [](int) { QCoreApplication::quit(); });
    std::signal(SIGTERM, [](int) { QCoreApplication::quit(); });
}
#endif

bool readNumber(const QCommandLineParser &parser, const QCommandLineOption &option, qint64 low,
                qint64 high, qint64 *value)
{
    if (!parser.isSet(option))
        return true;
    bool ok = false;
    const qint64 n = parser.value(option).toLongLong(&ok);
    if (!ok || n < low || n > high) {
        QTextStream(stderr) << QCoreApplication::translate(
                                   "main",
                                   "flagbridge-sandbox: --%1 must be a number from %2 to %3")
                                   .arg(option.names().constFirst())
                                   .arg(low)
                                   .arg(high)
                            << Qt::endl;
        return false;
    }
    *value = n;
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("flagbridge-sandbox"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FLAGBRIDGE_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "main",
        "Serves fake HighLevel and LaunchDarkly APIs with generated demo data on 127.0.0.1.\n"
        "Prints `export` lines for FLAGBRIDGE_GHL_* and FLAGBRIDGE_LD_* on stdout and runs until "
        "interrupted."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption contacts(
        QStringLiteral("contacts"),
        QCoreApplication::translate("main", "Number of demo contacts (default 2500)."),
        QStringLiteral("N"), QStringLiteral("2500"));
    const QCommandLineOption seed(
        QStringLiteral("seed"),
        QCoreApplication::translate("main", "Seed of the demo data (default 42)."),
        QStringLiteral("S"), QStringLiteral("42"));
    const QCommandLineOption port(
        QStringLiteral("port"),
        QCoreApplication::translate(
            "main", "HighLevel port P; LaunchDarkly listens on P+1. 0 picks free ports (default)."),
        QStringLiteral("P"), QStringLiteral("0"));
    const QCommandLineOption latency(
        QStringLiteral("latency"),
        QCoreApplication::translate("main", "Delay every answer by MS milliseconds."),
        QStringLiteral("MS"), QStringLiteral("0"));
    const QCommandLineOption noRateLimit(
        QStringLiteral("no-rate-limit"),
        QCoreApplication::translate("main", "Never answer 429 for exceeded rate limits."));
    const QCommandLineOption ghlLimit(
        QStringLiteral("ghl-limit"),
        QCoreApplication::translate("main",
                                    "HighLevel requests allowed per 10 seconds (default 100)."),
        QStringLiteral("N"), QStringLiteral("100"));
    parser.addOptions({ contacts, seed, port, latency, noRateLimit, ghlLimit });
    parser.process(app);

    SandboxOptions options;
    qint64 n = options.contacts;
    if (!readNumber(parser, contacts, 0, 2000000, &n))
        return 2;
    options.contacts = int(n);
    n = options.seed;
    if (!readNumber(parser, seed, 0, 4294967295LL, &n))
        return 2;
    options.seed = quint32(n);
    n = 0;
    if (!readNumber(parser, port, 0, 65534, &n))
        return 2;
    options.port = quint16(n);
    n = 0;
    if (!readNumber(parser, latency, 0, 600000, &n))
        return 2;
    options.latencyMs = int(n);
    n = options.highLevelBurstLimit;
    if (!readNumber(parser, ghlLimit, 1, 1000000, &n))
        return 2;
    options.highLevelBurstLimit = int(n);
    options.rateLimits = !parser.isSet(noRateLimit);

    Sandbox sandbox(options);
    QString error;
    if (!sandbox.start(&error)) {
        QTextStream(stderr) << "flagbridge-sandbox: " << error << Qt::endl;
        return 1;
    }
    quitOnSignals(app);

    const SandboxEndpoints endpoints = sandbox.endpoints();
    {
        QTextStream out(stdout);
        for (const QString &line : endpoints.exportLines())
            out << line << '\n';
        out.flush();
    }
    std::fflush(stdout);
    QTextStream(stderr) << QCoreApplication::translate(
                               "main",
                               "Sandbox ready: HighLevel at %1 (%2 contacts), LaunchDarkly at %3. "
                               "Stop with Ctrl+C.")
                               .arg(endpoints.highLevelBaseUrl.toString(),
                                    QString::number(options.contacts),
                                    endpoints.launchDarklyBaseUrl.toString())
                        << Qt::endl;
    const int code = app.exec();
    QTextStream(stderr) << QCoreApplication::translate("main", "Sandbox stopped.") << Qt::endl;
    return code;
}
