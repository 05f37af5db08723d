#include "SandboxLogging.h"

Q_LOGGING_CATEGORY(lcSandbox, "flagbridge.sandbox", QtWarningMsg)
