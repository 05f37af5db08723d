#pragma once

#include "Contact.h"

#include <QJsonObject>
#include <QStringList>

#include <optional>

// What to write to a contact. Only the fields that are set are sent, and each request body
// carries exactly the properties its DTO allows: HighLevel rejects any other with 422
// "property X should not exist".
struct ContactDraft
{
    enum class Purpose { Create, Update, Upsert };

    std::optional<QString> firstName;
    std::optional<QString> lastName;
    std::optional<QString> name;
    std::optional<QString> email;
    std::optional<QString> phone;
    std::optional<QString> companyName; // create and upsert only: not in the update DTO
    std::optional<QString> gender;      // create and upsert only
    std::optional<QString> address1;
    std::optional<QString> city;
    std::optional<QString> state;
    std::optional<QString> postalCode;
    std::optional<QString> country;
    std::optional<QString> website;
    std::optional<QString> timezone;
    std::optional<QString> source;
    std::optional<QString> assignedTo;
    std::optional<QString> dateOfBirth;
    std::optional<bool> dnd;
    // Create and upsert only: on update the field would replace every tag of the contact, so
    // tag edits go through the tag endpoints.
    std::optional<QStringList> tags;
    QList<CustomFieldValue> customFields; // written as {id, fieldValue}
    bool createNewIfDuplicateAllowed = false; // upsert only

    QJsonObject toJson(Purpose purpose, const QString &locationId) const;
    // Properties that were set but that this purpose cannot send (e.g. companyName on update).
    QStringList unsupportedFields(Purpose purpose) const;
    bool isEmpty() const;
};

struct TaskDraft
{
    std::optional<QString> title;
    std::optional<QString> body;
    std::optional<QDateTime> dueDate;
    std::optional<bool> completed;
    std::optional<QString> assignedTo;

    QJsonObject toJson() const;
};

struct NoteDraft
{
    std::optional<QString> body;
    std::optional<QString> userId;
    std::optional<QString> title;
    std::optional<QString> color;
    std::optional<bool> pinned;

    QJsonObject toJson() const;
};
