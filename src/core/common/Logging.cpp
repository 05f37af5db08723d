#include "Logging.h"

// Quiet by default (warnings and worse); QT_LOGGING_RULES="flagbridge.*.info=true" shows more.

Q_LOGGING_CATEGORY(lcGhlNet, "flagbridge.ghl.net", QtWarningMsg)
Q_LOGGING_CATEGORY(lcLdNet, "flagbridge.ld.net", QtWarningMsg)
Q_LOGGING_CATEGORY(lcSync, "flagbridge.sync", QtWarningMsg)
Q_LOGGING_CATEGORY(lcStore, "flagbridge.store", QtWarningMsg)
Q_LOGGING_CATEGORY(lcMapping, "flagbridge.mapping", QtWarningMsg)
