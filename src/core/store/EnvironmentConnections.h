#pragma once

#include "ghl/HighLevelConnection.h"
#include "ld/LaunchDarklyConnection.h"

#include <QCoreApplication>
#include <QStringList>

// Connections from environment variables, for scripts, CI and the sandbox:
// FLAGBRIDGE_GHL_TOKEN, FLAGBRIDGE_GHL_LOCATION, FLAGBRIDGE_GHL_BASE_URL, FLAGBRIDGE_LD_TOKEN,
// FLAGBRIDGE_LD_BASE_URL, FLAGBRIDGE_LD_PROJECT, FLAGBRIDGE_LD_ENV.
class EnvironmentConnections
{
    Q_DECLARE_TR_FUNCTIONS(EnvironmentConnections)

public:
    // True when any of the variables is set.
    static bool present();
    // Fills both connections; false with a message naming what is missing or wrong.
    static bool read(HighLevelConnection *highLevel, LaunchDarklyConnection *launchDarkly, QString *error);
};
