#include "Task.h"

#include "common/Json.h"

using namespace Qt::StringLiterals;

Task Task::fromJson(const QJsonObject &o)
{
    Task t;
    t.id = Json::string(o, "id"_L1);
    t.contactId = Json::string(o, "contactId"_L1);
    t.title = Json::string(o, "title"_L1);
    t.body = Json::string(o, "body"_L1);
    t.assignedTo = Json::string(o, "assignedTo"_L1);
    t.dueDate = Json::dateTime(o.value("dueDate"_L1));
    t.completed = Json::boolean(o, "completed"_L1);
    return t;
}

QJsonObject Task::toJson() const
{
    return {{"id"_L1, id},
            {"contactId"_L1, contactId},
            {"title"_L1, title},
            {"body"_L1, body},
            {"assignedTo"_L1, assignedTo},
            {"dueDate"_L1, Json::isoUtc(dueDate)},
            {"completed"_L1, completed}};
}
