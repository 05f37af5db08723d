#include "Logging.h"

Q_LOGGING_CATEGORY(lcGhlNet, "flagbridge.ghl.net", QtInfoMsg)
Q_LOGGING_CATEGORY(lcLdNet, "flagbridge.ld.net", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSync, "flagbridge.sync", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStore, "flagbridge.store", QtInfoMsg)
Q_LOGGING_CATEGORY(lcMapping, "flagbridge.mapping", QtInfoMsg)
