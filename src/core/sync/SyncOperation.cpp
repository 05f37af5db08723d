#include "SyncOperation.h"

#include "common/Json.h"

#include <QCoreApplication>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace {

const char *kindName(SyncOperation::Kind k)
{
    switch (k) {
    case SyncOperation::Kind::SegmentPatch:
        return "segmentPatch";
    case SyncOperation::Kind::BigSegmentBatch:
        return "bigSegmentBatch";
    case SyncOperation::Kind::FlagPatch:
        return "flagPatch";
    case SyncOperation::Kind::AddTags:
        return "addTags";
    case SyncOperation::Kind::RemoveTags:
        return "removeTags";
    case SyncOperation::Kind::CreateTask:
        return "createTask";
    case SyncOperation::Kind::AddNote:
        return "addNote";
    }
    return "";
}

} // namespace

int SyncOperation::size() const
{
    switch (kind) {
    case Kind::SegmentPatch:
    case Kind::FlagPatch:
        return patch.targetOperationCount();
    case Kind::BigSegmentBatch:
        return int(add.size() + remove.size());
    case Kind::AddTags:
    case Kind::RemoveTags:
        return int(add.size());
    case Kind::CreateTask:
    case Kind::AddNote:
        return 1;
    }
    return 1;
}

QString SyncOperation::describe() const
{
    switch (kind) {
    case Kind::SegmentPatch:
    case Kind::BigSegmentBatch:
        return QCoreApplication::translate("SyncOperation", "segment %1: +%2 −%3").arg(targetKey).arg(add.size()).arg(remove.size());
    case Kind::FlagPatch:
        return QCoreApplication::translate("SyncOperation", "flag %1: +%2 −%3").arg(targetKey).arg(add.size()).arg(remove.size());
    case Kind::AddTags:
        return QCoreApplication::translate("SyncOperation", "add %1 to %n contact(s)", nullptr, int(add.size())).arg(tags.join(u", "_s));
    case Kind::RemoveTags:
        return QCoreApplication::translate("SyncOperation", "remove %1 from %n contact(s)", nullptr, int(add.size())).arg(tags.join(u", "_s));
    case Kind::CreateTask:
        return QCoreApplication::translate("SyncOperation", "task \"%1\" for %2").arg(task.title.value_or(QString()), contactId);
    case Kind::AddNote:
        return QCoreApplication::translate("SyncOperation", "note for %1").arg(contactId);
    }
    return {};
}

QJsonObject SyncOperation::toJson() const
{
    QJsonObject o{{"kind"_L1, QLatin1String(kindName(kind))},
                  {"binding"_L1, bindingIndex},
                  {"target"_L1, targetKey},
                  {"contextKind"_L1, contextKind},
                  {"add"_L1, QJsonArray::fromStringList(add)},
                  {"remove"_L1, QJsonArray::fromStringList(remove)}};
    if (!patch.instructions.isEmpty())
        o.insert("patch"_L1, patch.toJson());
    if (!tags.isEmpty())
        o.insert("tags"_L1, QJsonArray::fromStringList(tags));
    if (!contactId.isEmpty())
        o.insert("contactId"_L1, contactId);
    if (!fingerprint.isEmpty())
        o.insert("fingerprint"_L1, fingerprint);
    if (kind == Kind::CreateTask)
        o.insert("task"_L1, task.toJson());
    if (kind == Kind::AddNote)
        o.insert("note"_L1, note.toJson());
    return o;
}

SyncOperation SyncOperation::fromJson(const QJsonObject &o)
{
    SyncOperation op;
    const QString kind = o.value("kind"_L1).toString();
    for (Kind k : {Kind::SegmentPatch, Kind::BigSegmentBatch, Kind::FlagPatch, Kind::AddTags, Kind::RemoveTags, Kind::CreateTask, Kind::AddNote}) {
        if (kind == QLatin1String(kindName(k)))
            op.kind = k;
    }
    op.bindingIndex = o.value("binding"_L1).toInt(-1);
    op.targetKey = o.value("target"_L1).toString();
    op.contextKind = o.value("contextKind"_L1).toString();
    op.add = Json::stringList(o, "add"_L1);
    op.remove = Json::stringList(o, "remove"_L1);
    op.tags = Json::stringList(o, "tags"_L1);
    op.contactId = o.value("contactId"_L1).toString();
    op.fingerprint = o.value("fingerprint"_L1).toString();
    const QJsonObject patch = o.value("patch"_L1).toObject();
    op.patch.environmentKey = patch.value("environmentKey"_L1).toString();
    op.patch.comment = patch.value("comment"_L1).toString();
    for (const QJsonValue &i : patch.value("instructions"_L1).toArray())
        op.patch.instructions.append(i.toObject());
    const QJsonObject task = o.value("task"_L1).toObject();
    if (!task.isEmpty()) {
        op.task.title = task.value("title"_L1).toString();
        if (task.contains("body"_L1))
            op.task.body = task.value("body"_L1).toString();
        if (task.contains("dueDate"_L1))
            op.task.dueDate = Json::dateTime(task.value("dueDate"_L1));
        if (task.contains("assignedTo"_L1))
            op.task.assignedTo = task.value("assignedTo"_L1).toString();
    }
    const QJsonObject note = o.value("note"_L1).toObject();
    if (!note.isEmpty())
        op.note.body = note.value("body"_L1).toString();
    return op;
}
