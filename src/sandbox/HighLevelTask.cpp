#include "HighLevelTask.h"

#include "SandboxTime.h"

using namespace Qt::StringLiterals;

QJsonObject HighLevelTask::toJson() const
{
    QJsonObject o { { u"id"_s, id },
                    { u"title"_s, title },
                    { u"body"_s, body },
                    { u"dueDate"_s, SandboxTime::isoUtc(dueDate) },
                    { u"completed"_s, completed },
                    { u"contactId"_s, contactId } };
    if (!assignedTo.isEmpty())
        o.insert(u"assignedTo"_s, assignedTo);
    return o;
}
