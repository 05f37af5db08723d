#include "DemoWorkspace.h"

#include "MainWindow.h"
#include "AppController.h"
#include "Workspace.h"
#include "contacts/ContactDetailView.h"
#include "contacts/ContactListModel.h"
#include "contacts/ContactsPane.h"
#include "launchdarkly/LaunchDarklyPane.h"
#include "mapping/MappingPane.h"

#include "common/SecretRedactor.h"
#include "common/Version.h"
#include "mapping/MappingFile.h"
#include "store/ConnectionStore.h"
#include "store/CredentialStore.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QIcon>
#include <QMessageBox>
#include <QTabWidget>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    SecretRedactor::installMessageHandler();
    QApplication::setOrganizationName(u"FlagBridge"_s);
    QApplication::setApplicationName(u"FlagBridge"_s);
    QApplication::setApplicationDisplayName(u"FlagBridge"_s);
    QApplication::setApplicationVersion(QStringLiteral(FLAGBRIDGE_VERSION));
    QApplication::setDesktopFileName(u"io.flagbridge.FlagBridge"_s);
    QApplication::setWindowIcon(QIcon(u":/icons/flagbridge.svg"_s));

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Bind HighLevel contacts to LaunchDarkly feature flags."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demoOption(u"demo"_s, QApplication::translate("main", "Open the built-in demo workspace (a local sandbox)."));
    const QCommandLineOption contactsOption(u"contacts"_s, QApplication::translate("main", "Demo: number of generated contacts (default 2500)."), u"N"_s, u"2500"_s);
    const QCommandLineOption seedOption(u"seed"_s, QApplication::translate("main", "Demo: seed of the generated data (default 42)."), u"S"_s, u"42"_s);
    const QCommandLineOption screenshotOption(u"screenshot"_s, QApplication::translate("main", "Save a PNG of the window once the data has loaded, then quit."), u"FILE"_s);
    const QCommandLineOption tabOption(u"tab"_s, QApplication::translate("main", "Open on this tab: contacts, launchdarkly or mapping."), u"NAME"_s);
    const QCommandLineOption exitAfterOption(u"exit-after"_s, QApplication::translate("main", "Quit after this many milliseconds (smoke tests)."), u"MS"_s);
    parser.addOptions({demoOption, contactsOption, seedOption, screenshotOption, tabOption, exitAfterOption});
    parser.addPositionalArgument(u"mapping"_s, QApplication::translate("main", "A mapping file to open."), u"[mapping]"_s);
    parser.process(app);

    SandboxOptions demoOptions;
    bool ok = false;
    demoOptions.contacts = parser.value(contactsOption).toInt(&ok);
    if (!ok || demoOptions.contacts < 0) {
        QMessageBox::critical(nullptr, QApplication::translate("main", "FlagBridge"), QApplication::translate("main", "--contacts needs a number."));
        return 1;
    }
    demoOptions.seed = parser.value(seedOption).toUInt(&ok);
    if (!ok) {
        QMessageBox::critical(nullptr, QApplication::translate("main", "FlagBridge"), QApplication::translate("main", "--seed needs a number."));
        return 1;
    }
    auto demoFactory = [demoOptions]() {
        auto demo = std::make_shared<DemoWorkspace>(demoOptions);
        AppController::Demo d;
        if (!demo->start(&d.error))
            return d;
        d.highLevel = demo->highLevelConnection();
        d.launchDarkly = demo->launchDarklyConnection();
        d.databasePath = demo->databasePath();
        d.keepAlive = demo;
        return d;
    };

    CredentialStore credentials;
    ConnectionStore connections(&credentials);
    AppController controller(&connections, demoFactory);
    QObject::connect(&controller, &AppController::quitRequested, &app, &QApplication::quit, Qt::QueuedConnection);
    const QString mappingPath = parser.positionalArguments().value(0);
    const QString tab = parser.value(tabOption);
    QObject::connect(&controller, &AppController::windowReady, &app, [mappingPath, tab](MainWindow *window) {
        if (!mappingPath.isEmpty()) {
            QString error;
            if (!window->mappingPane()->openFile(mappingPath, &error))
                QMessageBox::warning(window, QApplication::translate("main", "FlagBridge"), error);
        }
        if (tab == "launchdarkly"_L1)
            window->tabs()->setCurrentWidget(window->launchDarklyPane());
        else if (tab == "mapping"_L1)
            window->tabs()->setCurrentWidget(window->mappingPane());
    });
    controller.start(parser.isSet(demoOption));

    if (parser.isSet(exitAfterOption))
        QTimer::singleShot(parser.value(exitAfterOption).toInt(), &app, &QApplication::quit);

    if (parser.isSet(screenshotOption)) {
        // Wait until what the user would see has arrived, then grab the window.
        const QString file = parser.value(screenshotOption);
        auto *poll = new QTimer(&app);
        auto clock = std::make_shared<QElapsedTimer>();
        clock->start();
        QObject::connect(poll, &QTimer::timeout, &app, [&app, &controller, poll, clock, file] {
            MainWindow *window = controller.window();
            const bool ready = window && window->contactsPane()->model()->rowCount() > 0
                && !window->contactsPane()->detail()->isLoading() && !window->launchDarklyPane()->isLoading()
                && !window->launchDarklyPane()->flags().isEmpty();
            // Without a main window (the first-run wizard, a keychain question) grab what is shown.
            const bool dialogOnly = !window && clock->elapsed() > 3000;
            if (!ready && !dialogOnly && clock->elapsed() < 30000)
                return;
            poll->stop();
            QTimer::singleShot(300, &app, [&controller, file] {
                QWidget *target = controller.window();
                for (QWidget *w : QApplication::topLevelWidgets()) {
                    if (!target && w->isVisible())
                        target = w;
                }
                const bool saved = target && target->grab().save(file);
                QApplication::exit(saved ? 0 : 1);
            });
        });
        poll->start(100);
    }
    return QApplication::exec();
}
