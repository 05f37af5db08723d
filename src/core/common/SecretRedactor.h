#pragma once

#include <QString>

// Defence in depth for logs: every token FlagBridge holds is registered here, and a Qt message
// handler replaces any of them with "***" before a line reaches stderr, a log file or a crash
// report. (The HTTP layer never logs headers in the first place.)
class SecretRedactor
{
public:
    static void registerSecret(const QString &secret);
    static QString redact(QString text);
    // Wraps the current message handler; idempotent.
    static void installMessageHandler();
};
