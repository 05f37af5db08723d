#pragma once

#include "Appointment.h"
#include "Contact.h"
#include "ContactQuery.h"
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

    HighLevelConnection m_connection;
    HttpClient *m_http;
};
