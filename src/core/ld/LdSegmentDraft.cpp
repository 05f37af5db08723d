#include "LdSegmentDraft.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

QJsonObject LdSegmentDraft::toJson() const
{
    QJsonObject o{{"key"_L1, key}, {"name"_L1, name.isEmpty() ? key : name}};
    if (!description.isEmpty())
        o.insert("description"_L1, description);
    if (!tags.isEmpty())
        o.insert("tags"_L1, QJsonArray::fromStringList(tags));
    o.insert("unbounded"_L1, unbounded);
    if (unbounded)
        o.insert("unboundedContextKind"_L1, unboundedContextKind.isEmpty() ? u"user"_s : unboundedContextKind);
    return o;
}
