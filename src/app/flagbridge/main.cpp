#include "DemoWorkspace.h"

#include "MainWindow.h"
#include "Workspace.h"
#include "contacts/ContactDetailView.h"
#include "contacts/ContactListModel.h"
#include "contacts/ContactsPane.h"
#include "launchdarkly/LaunchDarklyPane.h"
#include "mapping/MappingPane.h"

#include "common/Version.h"
#include "mapping/MappingFile.h"
#include "store/EnvironmentConnections.h"
#include "store/LocalDatabase.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QIcon>
#include <QMessageBox>
#include <QPushButton>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

// Asks what to do when no connection is configured yet. Connection profiles come with the
// connections issue; until then the environment variables of the CLI work here too.
bool askForDemo()
{
    QMessageBox box;
    box.setIcon(QMessageBox::Information);
    box.setWindowTitle(QApplication::translate("main", "Welcome to FlagBridge"));
    box.setText(QApplication::translate("main", "FlagBridge has no connection to HighLevel and LaunchDarkly yet."));
    box.setInformativeText(QApplication::translate("main",
        "Try the demo workspace: a local sandbox with generated contacts and a LaunchDarkly project, "
        "nothing leaves this computer.\n\nTo use your own accounts, start FlagBridge with "
        "FLAGBRIDGE_GHL_TOKEN, FLAGBRIDGE_GHL_LOCATION, FLAGBRIDGE_LD_TOKEN, FLAGBRIDGE_LD_PROJECT "
        "and FLAGBRIDGE_LD_ENV set."));
    QPushButton *demo = box.addButton(QApplication::translate("main", "Try the demo workspace"), QMessageBox::AcceptRole);
    box.addButton(QMessageBox::Close);
    box.setDefaultButton(demo);
    box.exec();
    return box.clickedButton() == demo;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
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

    bool useDemo = parser.isSet(demoOption);
    HighLevelConnection highLevel;
    LaunchDarklyConnection launchDarkly;
    QString databasePath = LocalDatabase::defaultPath();
    if (!useDemo && EnvironmentConnections::present()) {
        QString error;
        if (!EnvironmentConnections::read(&highLevel, &launchDarkly, &error)) {
            QMessageBox::critical(nullptr, QApplication::translate("main", "FlagBridge"), error);
            return 1;
        }
    } else if (!useDemo) {
        if (!askForDemo())
            return 0;
        useDemo = true;
    }

    std::unique_ptr<DemoWorkspace> demo;
    if (useDemo) {
        SandboxOptions options;
        bool ok = false;
        options.contacts = parser.value(contactsOption).toInt(&ok);
        if (!ok || options.contacts < 0) {
            QMessageBox::critical(nullptr, QApplication::translate("main", "FlagBridge"),
                                  QApplication::translate("main", "--contacts needs a number."));
            return 1;
        }
        options.seed = parser.value(seedOption).toUInt(&ok);
        if (!ok) {
            QMessageBox::critical(nullptr, QApplication::translate("main", "FlagBridge"),
                                  QApplication::translate("main", "--seed needs a number."));
            return 1;
        }
        demo = std::make_unique<DemoWorkspace>(options);
        QString error;
        if (!demo->start(&error)) {
            QMessageBox::critical(nullptr, QApplication::translate("main", "FlagBridge"), error);
            return 1;
        }
        highLevel = demo->highLevelConnection();
        launchDarkly = demo->launchDarklyConnection();
        databasePath = demo->databasePath();
    }

    Workspace workspace(highLevel, launchDarkly, databasePath);
    workspace.setDemo(useDemo);
    QString dbError;
    if (!workspace.openDatabase(&dbError)) {
        QMessageBox::critical(nullptr, QApplication::translate("main", "FlagBridge"), dbError);
        return 1;
    }

    MainWindow window(&workspace);
    const QString mappingPath = parser.positionalArguments().value(0);
    if (!mappingPath.isEmpty()) {
        QString error;
        if (!window.mappingPane()->openFile(mappingPath, &error))
            QMessageBox::warning(&window, QApplication::translate("main", "FlagBridge"), error);
    } else if (useDemo) {
        QFile example(u":/examples/demo.flagbridge.json"_s);
        if (example.open(QIODevice::ReadOnly)) {
            const MappingFile::LoadResult r = MappingFile::parse(example.readAll());
            if (r.ok())
                window.mappingPane()->setMapping(r.mapping, QString());
        }
    }
    const QString tab = parser.value(tabOption);
    if (tab == "launchdarkly"_L1)
        window.tabs()->setCurrentWidget(window.launchDarklyPane());
    else if (tab == "mapping"_L1)
        window.tabs()->setCurrentWidget(window.mappingPane());
    window.show();

    if (parser.isSet(exitAfterOption))
        QTimer::singleShot(parser.value(exitAfterOption).toInt(), &app, &QApplication::quit);

    if (parser.isSet(screenshotOption)) {
        // Wait until what the user would see has arrived, then grab the window.
        const QString file = parser.value(screenshotOption);
        auto *poll = new QTimer(&app);
        auto clock = std::make_shared<QElapsedTimer>();
        clock->start();
        QObject::connect(poll, &QTimer::timeout, &app, [&window, poll, clock, file] {
            const bool ready = window.contactsPane()->model()->rowCount() > 0
                && !window.contactsPane()->detail()->isLoading() && !window.launchDarklyPane()->isLoading()
                && !window.launchDarklyPane()->flags().isEmpty();
            if (!ready && clock->elapsed() < 30000)
                return;
            poll->stop();
            QTimer::singleShot(300, &window, [&window, file] {
                const bool saved = window.grab().save(file);
                QApplication::exit(saved ? 0 : 1);
            });
        });
        poll->start(100);
    }
    return QApplication::exec();
}
