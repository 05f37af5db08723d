#pragma once

#include "Appointment.h"
#include "Contact.h"
#include "ContactQuery.h"
#include "ContactDraft.h"
#include "CustomFieldDefinition.h"
#include "HighLevelConnection.h"
#include "LocationUser.h"
#include "Note.h"
#include "Task.h"

#include "net/HttpClient.h"
#include "net/Result.h"

#include <QObject>

// The HighLevel Contacts API (Version 2021-07-28) and the bits of the Locations, Users and
// Calendars APIs (Version 2021-04-15) that FlagBridge needs. Every call is asynchronous: the
// callback runs in the context object's thread unless the context is gone or the call was
// dropped; cancelling a call still reports a Cancelled error.
class HighLevelClient : public QObject
{
    Q_OBJECT

public:
    static constexpr int kMaxSearchPageSize = 500;  // POST /contacts/search pageLimit cap
    static constexpr int kSearchDepthLimit = 10000; // page/pageLimit stop here; searchAfter does not
    static inline const QByteArray kContactsVersion = QByteArrayLiteral("2021-07-28");
    static inline const QByteArray kCalendarsVersion = QByteArrayLiteral("2021-04-15");

    explicit HighLevelClient(const HighLevelConnection &connection, QObject *parent = nullptr);

    const HighLevelConnection &connection() const { return m_connection; }
    QString locationId() const { return m_connection.locationId; }
    HttpClient *http() const { return m_http; }

    // One page of search results after `cursor` (empty for the first page).
    ApiCall *searchContacts(const ContactQuery &query, const QJsonArray &cursor, int pageSize,
                            QObject *context, Callback<ContactPage> done);
    // Every matching contact, exactly once, following searchAfter cursors (no 10,000 ceiling).
    // The returned call emits progress(read, total).
    ApiCall *readAllContacts(const ContactQuery &query, QObject *context,
                             Callback<QList<Contact>> done);
    ApiCall *getContact(const QString &contactId, QObject *context, Callback<Contact> done);
    ApiCall *listTasks(const QString &contactId, QObject *context, Callback<QList<Task>> done);
    ApiCall *listNotes(const QString &contactId, QObject *context, Callback<QList<Note>> done);
    ApiCall *listAppointments(const QString &contactId, QObject *context,
                              Callback<QList<Appointment>> done);
    // Returns the contact's tags after the change.
    ApiCall *addTags(const QString &contactId, const QStringList &tags, QObject *context,
                     Callback<QStringList> done);
    ApiCall *removeTags(const QString &contactId, const QStringList &tags, QObject *context,
                        Callback<QStringList> done);
    // Page `page` (1-based) with page/pageLimit, as HighLevel's UI pages; limited to the first
    // 10,000 results, beyond which readAllContacts() and cursors go on.
    ApiCall *searchContactsPage(const ContactQuery &query, int page, int pageSize, QObject *context,
                                Callback<ContactPage> done);
    // The deprecated GET /contacts/ (limit ≤ 100), paged with startAfter + startAfterId.
    ApiCall *listContactsLegacy(const QString &text, int limit, qint64 startAfter, const QString &startAfterId,
                                QObject *context, Callback<ContactListPage> done);
    ApiCall *contactsByBusiness(const QString &businessId, int skip, int limit, QObject *context,
                                Callback<QList<Contact>> done);
    // An existing contact with this email or phone (the location's duplicate rules), or an empty
    // contact when there is none.
    ApiCall *findDuplicate(const QString &email, const QString &phone, QObject *context, Callback<Contact> done);
    ApiCall *createContact(const ContactDraft &draft, QObject *context, Callback<ContactCreation> done);
    ApiCall *updateContact(const QString &contactId, const ContactDraft &draft, QObject *context,
                           Callback<Contact> done);
    ApiCall *upsertContact(const ContactDraft &draft, QObject *context, Callback<ContactUpsert> done);
    ApiCall *deleteContact(const QString &contactId, QObject *context, Callback<Done> done);

    ApiCall *getTask(const QString &contactId, const QString &taskId, QObject *context, Callback<Task> done);
    ApiCall *createTask(const QString &contactId, const TaskDraft &draft, QObject *context, Callback<Task> done);
    ApiCall *updateTask(const QString &contactId, const QString &taskId, const TaskDraft &draft, QObject *context,
                        Callback<Task> done);
    ApiCall *setTaskCompleted(const QString &contactId, const QString &taskId, bool completed, QObject *context,
                              Callback<Task> done);
    ApiCall *deleteTask(const QString &contactId, const QString &taskId, QObject *context, Callback<Done> done);

    ApiCall *getNote(const QString &contactId, const QString &noteId, QObject *context, Callback<Note> done);
    ApiCall *createNote(const QString &contactId, const NoteDraft &draft, QObject *context, Callback<Note> done);
    ApiCall *updateNote(const QString &contactId, const QString &noteId, const NoteDraft &draft, QObject *context,
                        Callback<Note> done);
    ApiCall *deleteNote(const QString &contactId, const QString &noteId, QObject *context, Callback<Done> done);

    // Calendars API (its own Version header).
    ApiCall *getAppointment(const QString &eventId, QObject *context, Callback<Appointment> done);
    // new, confirmed, cancelled, showed, noshow, invalid
    ApiCall *setAppointmentStatus(const QString &eventId, const QString &status, QObject *context,
                                  Callback<Appointment> done);

    // type: add or remove; removeAllTags only with remove.
    ApiCall *bulkUpdateTags(bool add, const QStringList &contactIds, const QStringList &tags, bool removeAllTags,
                            QObject *context, Callback<BulkTagResult> done);
    ApiCall *addToCampaign(const QString &contactId, const QString &campaignId, QObject *context, Callback<Done> done);
    ApiCall *removeFromCampaign(const QString &contactId, const QString &campaignId, QObject *context,
                                Callback<Done> done);
    ApiCall *removeFromAllCampaigns(const QString &contactId, QObject *context, Callback<Done> done);
    // eventStartTime: when the workflow should start for the contact; invalid = now.
    ApiCall *addToWorkflow(const QString &contactId, const QString &workflowId, const QDateTime &eventStartTime,
                           QObject *context, Callback<Done> done);
    ApiCall *removeFromWorkflow(const QString &contactId, const QString &workflowId, QObject *context,
                                Callback<Done> done);
    // Return the contact's followers after the change.
    ApiCall *addFollowers(const QString &contactId, const QStringList &userIds, QObject *context,
                          Callback<QStringList> done);
    ApiCall *removeFollowers(const QString &contactId, const QStringList &userIds, QObject *context,
                             Callback<QStringList> done);

    ApiCall *customFields(QObject *context, Callback<QList<CustomFieldDefinition>> done);
    ApiCall *locationTags(QObject *context, Callback<QStringList> done);
    ApiCall *users(QObject *context, Callback<QList<LocationUser>> done);

    // Fills the server message and an actionable hint into an error from HighLevel.
    static void decodeError(ApiError &error, const HttpResponse &response);
    static QJsonObject searchBody(const ContactQuery &query, const QString &locationId,
                                  const QJsonArray &cursor, int pageSize);

private:
    template<typename T>
    ApiCall *call(HttpRequest request, QObject *context,
                  std::function<Result<T>(const QJsonObject &)> decode, Callback<T> done);
    HttpRequest contactsRequest(const QByteArray &method, const QString &path,
                                const QString &operation, const QString &route) const;
    HttpRequest calendarsRequest(const QByteArray &method, const QString &path, const QString &operation,
                                 const QString &route) const;
    ApiCall *simpleWrite(HttpRequest request, QObject *context, Callback<Done> done);

    HighLevelConnection m_connection;
    HttpClient *m_http;
};
