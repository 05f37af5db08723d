#pragma once

#include <QLoggingCategory>

// Switch with QT_LOGGING_RULES, e.g. "flagbridge.*.debug=true". Tokens are never logged.
Q_DECLARE_LOGGING_CATEGORY(lcGhlNet)
Q_DECLARE_LOGGING_CATEGORY(lcLdNet)
Q_DECLARE_LOGGING_CATEGORY(lcSync)
Q_DECLARE_LOGGING_CATEGORY(lcStore)
Q_DECLARE_LOGGING_CATEGORY(lcMapping)
