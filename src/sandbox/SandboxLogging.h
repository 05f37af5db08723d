#pragma once

#include <QLoggingCategory>

// "flagbridge.sandbox": switch with QT_LOGGING_RULES. Tokens are never logged.
Q_DECLARE_LOGGING_CATEGORY(lcSandbox)
