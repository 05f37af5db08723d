#include "HighLevelNote.h"

#include "SandboxTime.h"

using namespace Qt::StringLiterals;

QJsonObject HighLevelNote::toJson() const
{
    QJsonObject o { { u"id"_s, id },
                    { u"body"_s, body },
                    { u"dateAdded"_s, SandboxTime::isoUtc(dateAdded) },
                    { u"contactId"_s, contactId },
                    { u"pinned"_s, pinned } };
    if (!userId.isEmpty())
        o.insert(u"userId"_s, userId);
    if (!title.isEmpty())
        o.insert(u"title"_s, title);
    if (!color.isEmpty())
        o.insert(u"color"_s, color);
    return o;
}
