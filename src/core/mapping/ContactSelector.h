#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

struct Appointment;
struct Contact;
struct CustomFieldDefinition;
struct Note;
struct Task;

// A contact's tasks, notes and appointments, fetched only for contacts whose selector still
// needs them (one request each per contact: the API has no bulk read for them).
struct RelatedData
{
    const QList<Task> *tasks = nullptr;
    const QList<Note> *notes = nullptr;
    const QList<Appointment> *appointments = nullptr;
};

// What a predicate needs besides the contact.
struct SelectorContext
{
    const QList<CustomFieldDefinition> *customFields = nullptr;
    const RelatedData *related = nullptr; // null: not fetched (yet)
    QDateTime now = QDateTime::currentDateTimeUtc();
};

// One condition on a contact, negatable. Unknown fields of the file are kept so that a newer
// FlagBridge's predicates survive a round trip through this one.
struct SelectorPredicate
{
    enum class Type {
        Tags,                // has all / any / none of some tags (case-insensitive)
        Field,               // a standard contact field
        CustomField,         // a custom field, by name
        OpenTasks,           // has open (not completed) tasks
        OverdueTasks,        // has open tasks past their due date
        UpcomingAppointment, // has an appointment still to come
        NoteContains,        // has a note containing some text
    };
    enum class TagMatch { All, Any, None };
    enum class Op {
        Equals, Contains, StartsWith, IsSet, InList, WithinDays, // text, and dates (within N days)
        LessThan, LessOrEqual, GreaterThan, GreaterOrEqual,       // numbers
        Before, After,                                            // dates
    };

    Type type = Type::Tags;
    bool negate = false;
    TagMatch tagMatch = TagMatch::Any; // Tags
    QStringList tags;                  // Tags
    QString field;                     // Field: "email", "dateAdded", ...; CustomField: its name
    Op op = Op::Equals;                // Field, CustomField
    QStringList values;                // the operand(s); one for most operators, several for InList
    int days = 0;                      // WithinDays
    QString text;                      // NoteContains
    QJsonObject extra;

    bool needsRelatedData() const;
    // Without related data, a related-data predicate cannot be decided: `decided` says so.
    bool matches(const Contact &contact, const SelectorContext &context, bool *decided = nullptr) const;
    QString describe() const; // "email ends with @acme.com", in words

    QJsonObject toJson() const;
    // `problem` set (with the JSON path suffix in `where`) when the object is not a predicate.
    static SelectorPredicate fromJson(const QJsonObject &o, QString *problem, QString *where = nullptr);

    static QStringList standardFields();
    static QString opName(Op op);
    static bool opFromName(const QString &name, Op *op);
    bool operator==(const SelectorPredicate &other) const = default;
};

// Which contacts a binding is about: every predicate must hold (AND). An empty selector matches
// every contact.
struct ContactSelector
{
    Q_DECLARE_TR_FUNCTIONS(ContactSelector)

public:
    enum class Match { Yes, No, NeedsRelatedData };

    QList<SelectorPredicate> predicates;

    // Contact-field predicates first: related data is asked for only when they all hold.
    Match evaluate(const Contact &contact, const SelectorContext &context) const;
    bool matches(const Contact &contact, const SelectorContext &context) const
    {
        return evaluate(contact, context) == Match::Yes;
    }
    bool needsRelatedData() const;
    QString describe() const;
    bool operator==(const ContactSelector &other) const = default;
};
