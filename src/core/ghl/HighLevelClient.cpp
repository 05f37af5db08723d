#include "HighLevelClient.h"

#include "common/Json.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QPointer>

using namespace Qt::StringLiterals;

namespace {

QString pathSegment(const QString &id)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(id));
}

ApiError badResponse(const QString &operation, const QString &detail)
{
    ApiError e(ApiError::Kind::BadResponse, Service::HighLevel, operation);
    e.setDetail(detail);
    return e;
}

template<typename T>
Result<T> missingKey(const char *key)
{
    return Result<T>::failure(
        badResponse({}, QCoreApplication::translate("HighLevelClient", "the answer has no \"%1\"").arg(QLatin1String(key))));
}

QString sortFieldName(ContactQuery::SortField f)
{
    switch (f) {
    case ContactQuery::SortField::DateAdded:
        return u"dateAdded"_s;
    case ContactQuery::SortField::DateUpdated:
        return u"dateUpdated"_s;
    case ContactQuery::SortField::FirstName:
        return u"firstNameLowerCase"_s;
    case ContactQuery::SortField::LastName:
        return u"lastNameLowerCase"_s;
    case ContactQuery::SortField::Email:
        return u"email"_s;
    }
    return u"dateAdded"_s;
}

ContactPage decodeContactPage(const QJsonObject &o, int pageSize)
{
    ContactPage page;
    const QJsonArray items = Json::array(o, "contacts"_L1);
    page.contacts.reserve(items.size());
    for (const QJsonValue &v : items)
        page.contacts.append(Contact::fromJson(v.toObject()));
    page.total = Json::integer(o, "total"_L1, int(page.contacts.size()));
    if (page.contacts.size() >= pageSize && !page.contacts.isEmpty())
        page.nextCursor = page.contacts.constLast().searchAfter;
    return page;
}

// Reads every page of a search, one request at a time (the next cursor comes from the last page).
class ContactSearchRead : public ApiCall
{
public:
    ContactSearchRead(HighLevelClient *client, ContactQuery query)
        : ApiCall(client)
        , m_client(client)
        , m_query(std::move(query))
    {
    }

    void start(QObject *context, Callback<QList<Contact>> done)
    {
        m_context = context;
        m_done = std::move(done);
        next();
    }

private:
    void next()
    {
        m_page = m_client->searchContacts(m_query, m_cursor, HighLevelClient::kMaxSearchPageSize, this,
                                          [this](const Result<ContactPage> &r) { onPage(r); });
    }

    void onPage(const Result<ContactPage> &r)
    {
        m_page = nullptr;
        if (!r.isOk()) {
            report(Result<QList<Contact>>::failure(r.error()));
            return;
        }
        const ContactPage &page = r.value();
        m_contacts.append(page.contacts);
        Q_EMIT progress(m_contacts.size(), page.total);
        // Stop at the announced total too: a last full page would otherwise cost one empty read.
        if (page.nextCursor.isEmpty() || page.contacts.isEmpty() || m_contacts.size() >= page.total) {
            report(Result<QList<Contact>>::success(std::move(m_contacts)));
            return;
        }
        if (page.nextCursor == m_cursor) {
            // A cursor that does not move would loop forever.
            report(Result<QList<Contact>>::failure(
                badResponse(QCoreApplication::translate("HighLevelClient", "search contacts"), QCoreApplication::translate("HighLevelClient", "the search cursor did not advance"))));
            return;
        }
        m_cursor = page.nextCursor;
        next();
    }

    void report(const Result<QList<Contact>> &r)
    {
        if (m_context && m_done)
            m_done(r);
        finish();
    }

    void doCancel() override
    {
        if (m_page) {
            m_page->cancel(); // reports Cancelled through onPage
            return;
        }
        report(Result<QList<Contact>>::failure(
            ApiError(ApiError::Kind::Cancelled, Service::HighLevel, QCoreApplication::translate("HighLevelClient", "search contacts"))));
    }

    HighLevelClient *m_client;
    ContactQuery m_query;
    QPointer<QObject> m_context;
    Callback<QList<Contact>> m_done;
    QPointer<ApiCall> m_page;
    QJsonArray m_cursor;
    QList<Contact> m_contacts;
};

} // namespace

HighLevelClient::HighLevelClient(const HighLevelConnection &connection, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_http(new HttpClient(Service::HighLevel, connection.baseUrl, this))
{
    m_http->setAuthorization("Bearer " + connection.token.toUtf8());
    m_http->setErrorDecoder(&HighLevelClient::decodeError);
}

template<typename T>
ApiCall *HighLevelClient::call(HttpRequest request, QObject *context,
                               std::function<Result<T>(const QJsonObject &)> decode, Callback<T> done)
{
    const QString operation = request.operation;
    HttpCall *http = m_http->send(std::move(request));
    connect(http, &ApiCall::finished, context, [http, operation, decode, done] {
        const HttpResponse &resp = http->response();
        if (!resp.ok()) {
            done(Result<T>::failure(resp.error));
            return;
        }
        QString parseError;
        const QJsonObject body = Json::parseObject(resp.body, &parseError);
        if (!parseError.isEmpty()) {
            done(Result<T>::failure(badResponse(operation, parseError)));
            return;
        }
        Result<T> r = decode(body);
        if (!r.isOk() && r.error().operation().isEmpty()) {
            ApiError e = r.error();
            e.setOperation(operation);
            r = Result<T>::failure(e);
        }
        done(r);
    });
    return http;
}

HttpRequest HighLevelClient::contactsRequest(const QByteArray &method, const QString &path,
                                             const QString &operation, const QString &route) const
{
    HttpRequest r;
    r.method = method;
    r.path = path;
    r.operation = operation;
    r.route = route;
    r.headers.append({"Version", kContactsVersion});
    return r;
}

QJsonObject HighLevelClient::searchBody(const ContactQuery &query, const QString &locationId,
                                        const QJsonArray &cursor, int pageSize)
{
    QJsonObject body{{"locationId"_L1, locationId}, {"pageLimit"_L1, pageSize}};
    if (!cursor.isEmpty())
        body.insert("searchAfter"_L1, cursor);
    if (!query.text.trimmed().isEmpty())
        body.insert("query"_L1, query.text.trimmed().left(75));
    QJsonArray filters;
    for (const QString &tag : query.allTags)
        filters.append(QJsonObject{{"field"_L1, "tags"_L1}, {"operator"_L1, "eq"_L1}, {"value"_L1, tag.toLower()}});
    if (!filters.isEmpty())
        body.insert("filters"_L1, filters);
    body.insert("sort"_L1, QJsonArray{QJsonObject{{"field"_L1, sortFieldName(query.sortField)},
                                                  {"direction"_L1, query.descending ? "desc"_L1 : "asc"_L1}}});
    return body;
}

ApiCall *HighLevelClient::searchContacts(const ContactQuery &query, const QJsonArray &cursor,
                                         int pageSize, QObject *context, Callback<ContactPage> done)
{
    pageSize = std::clamp(pageSize, 1, kMaxSearchPageSize);
    HttpRequest r = contactsRequest("POST", u"/contacts/search"_s, tr("search contacts"),
                                    u"POST /contacts/search"_s);
    r.readOnly = true;
    r.body = QJsonDocument(searchBody(query, m_connection.locationId, cursor, pageSize)).toJson(QJsonDocument::Compact);
    return call<ContactPage>(std::move(r), context, [pageSize](const QJsonObject &o) {
        if (!o.contains("contacts"_L1))
            return missingKey<ContactPage>("contacts");
        return Result<ContactPage>::success(decodeContactPage(o, pageSize));
    }, std::move(done));
}

ApiCall *HighLevelClient::readAllContacts(const ContactQuery &query, QObject *context,
                                          Callback<QList<Contact>> done)
{
    auto *read = new ContactSearchRead(this, query);
    read->start(context, std::move(done));
    return read;
}

ApiCall *HighLevelClient::getContact(const QString &contactId, QObject *context, Callback<Contact> done)
{
    HttpRequest r = contactsRequest("GET", u"/contacts/"_s + pathSegment(contactId), tr("load the contact"),
                                    u"GET /contacts/{id}"_s);
    return call<Contact>(std::move(r), context, [](const QJsonObject &o) {
        if (!o.value("contact"_L1).isObject())
            return missingKey<Contact>("contact");
        return Result<Contact>::success(Contact::fromJson(o.value("contact"_L1).toObject()));
    }, std::move(done));
}

namespace {
template<typename T>
std::function<Result<QList<T>>(const QJsonObject &)> listDecoder(const char *key)
{
    return [key](const QJsonObject &o) {
        if (!o.value(QLatin1String(key)).isArray())
            return missingKey<QList<T>>(key);
        QList<T> out;
        const QJsonArray items = o.value(QLatin1String(key)).toArray();
        out.reserve(items.size());
        for (const QJsonValue &v : items)
            out.append(T::fromJson(v.toObject()));
        return Result<QList<T>>::success(std::move(out));
    };
}
} // namespace

ApiCall *HighLevelClient::listTasks(const QString &contactId, QObject *context, Callback<QList<Task>> done)
{
    HttpRequest r = contactsRequest("GET", u"/contacts/"_s + pathSegment(contactId) + u"/tasks"_s,
                                    tr("load the contact's tasks"), u"GET /contacts/{id}/tasks"_s);
    return call<QList<Task>>(std::move(r), context, listDecoder<Task>("tasks"), std::move(done));
}

ApiCall *HighLevelClient::listNotes(const QString &contactId, QObject *context, Callback<QList<Note>> done)
{
    HttpRequest r = contactsRequest("GET", u"/contacts/"_s + pathSegment(contactId) + u"/notes"_s,
                                    tr("load the contact's notes"), u"GET /contacts/{id}/notes"_s);
    return call<QList<Note>>(std::move(r), context, listDecoder<Note>("notes"), std::move(done));
}

ApiCall *HighLevelClient::listAppointments(const QString &contactId, QObject *context,
                                           Callback<QList<Appointment>> done)
{
    HttpRequest r = contactsRequest("GET", u"/contacts/"_s + pathSegment(contactId) + u"/appointments"_s,
                                    tr("load the contact's appointments"),
                                    u"GET /contacts/{id}/appointments"_s);
    return call<QList<Appointment>>(std::move(r), context, listDecoder<Appointment>("events"), std::move(done));
}

namespace {
Result<QStringList> decodeTags(const QJsonObject &o)
{
    if (!o.value("tags"_L1).isArray())
        return missingKey<QStringList>("tags");
    return Result<QStringList>::success(Json::stringList(o, "tags"_L1));
}
} // namespace

ApiCall *HighLevelClient::addTags(const QString &contactId, const QStringList &tags, QObject *context,
                                  Callback<QStringList> done)
{
    HttpRequest r = contactsRequest("POST", u"/contacts/"_s + pathSegment(contactId) + u"/tags"_s,
                                    tr("add tags to the contact"), u"POST /contacts/{id}/tags"_s);
    r.body = QJsonDocument(QJsonObject{{"tags"_L1, QJsonArray::fromStringList(tags)}}).toJson(QJsonDocument::Compact);
    // Adding a tag twice changes nothing, so a retry after a dropped connection is safe.
    r.idempotent = true;
    return call<QStringList>(std::move(r), context, &decodeTags, std::move(done));
}

ApiCall *HighLevelClient::removeTags(const QString &contactId, const QStringList &tags, QObject *context,
                                     Callback<QStringList> done)
{
    // A DELETE with a JSON body, which QNetworkAccessManager::deleteResource() cannot send.
    HttpRequest r = contactsRequest("DELETE", u"/contacts/"_s + pathSegment(contactId) + u"/tags"_s,
                                    tr("remove tags from the contact"), u"DELETE /contacts/{id}/tags"_s);
    r.body = QJsonDocument(QJsonObject{{"tags"_L1, QJsonArray::fromStringList(tags)}}).toJson(QJsonDocument::Compact);
    r.idempotent = true;
    return call<QStringList>(std::move(r), context, &decodeTags, std::move(done));
}

ApiCall *HighLevelClient::customFields(QObject *context, Callback<QList<CustomFieldDefinition>> done)
{
    HttpRequest r = contactsRequest("GET", u"/locations/"_s + pathSegment(m_connection.locationId) + u"/customFields"_s,
                                    tr("load the custom field definitions"),
                                    u"GET /locations/{id}/customFields"_s);
    r.addQuery(u"model"_s, u"contact"_s);
    return call<QList<CustomFieldDefinition>>(std::move(r), context,
                                              listDecoder<CustomFieldDefinition>("customFields"), std::move(done));
}

ApiCall *HighLevelClient::locationTags(QObject *context, Callback<QStringList> done)
{
    HttpRequest r = contactsRequest("GET", u"/locations/"_s + pathSegment(m_connection.locationId) + u"/tags"_s,
                                    tr("load the location's tags"), u"GET /locations/{id}/tags"_s);
    return call<QStringList>(std::move(r), context, [](const QJsonObject &o) {
        if (!o.value("tags"_L1).isArray())
            return missingKey<QStringList>("tags");
        QStringList names;
        const QJsonArray items = o.value("tags"_L1).toArray();
        for (const QJsonValue &v : items)
            names.append(v.isString() ? v.toString() : Json::string(v.toObject(), "name"_L1));
        names.removeAll(QString());
        return Result<QStringList>::success(names);
    }, std::move(done));
}

ApiCall *HighLevelClient::users(QObject *context, Callback<QList<LocationUser>> done)
{
    HttpRequest r = contactsRequest("GET", u"/users/"_s, tr("load the location's users"), u"GET /users/"_s);
    r.addQuery(u"locationId"_s, m_connection.locationId);
    return call<QList<LocationUser>>(std::move(r), context, listDecoder<LocationUser>("users"), std::move(done));
}

void HighLevelClient::decodeError(ApiError &error, const HttpResponse &response)
{
    QString parseError;
    const QJsonObject body = Json::parseObject(response.body, &parseError);
    QString message;
    const QJsonValue m = body.value("message"_L1);
    if (m.isArray()) {
        QStringList parts;
        const QJsonArray a = m.toArray();
        for (const QJsonValue &v : a)
            parts.append(Json::displayText(v));
        message = parts.join(QLatin1String("; "));
    } else if (m.isString()) {
        message = m.toString();
    }
    if (message.isEmpty())
        message = Json::string(body, "error"_L1);
    if (!message.isEmpty())
        error.setServerMessage(message);
    const QJsonObject meta = Json::object(body, "meta"_L1);
    if (!meta.isEmpty())
        error.setMeta(meta);

    const int status = response.status;
    const QString lower = message.toLower();
    if (status == 401) {
        if (lower.contains("version header"_L1))
            error.setHint(tr("The request lacked HighLevel's Version header; this is a FlagBridge bug, please report it."));
        else if (lower.contains("scope"_L1))
            error.setHint(tr("The token lacks a permission (scope) this needs, such as contacts.write. Add the scope to the Private Integration in HighLevel and paste the new token."));
        else if (lower.contains("user type"_L1) || lower.contains("authclass"_L1))
            error.setHint(tr("This looks like an agency token; FlagBridge needs a sub-account (location) token."));
        else
            error.setHint(tr("Check the token in the connection settings, or create a new Private Integration Token in HighLevel (Settings → Private Integrations)."));
    } else if (status == 403) {
        error.setHint(tr("The token belongs to another sub-account: check the location id in the connection settings."));
    } else if (status == 400 && !meta.value("contactId"_L1).toString().isEmpty()) {
        error.setHint(tr("A contact with the same %1 already exists (id %2).")
                          .arg(meta.value("matchingField"_L1).toString(), meta.value("contactId"_L1).toString()));
    } else if ((status == 404 || status == 400) && lower.contains("not found"_L1)) {
        error.setHint(tr("It may have been deleted in HighLevel; refresh to see the current data."));
    } else if (status == 429) {
        error.setHint(tr("HighLevel's rate limit was reached and did not recover; wait a minute and try again."));
    } else if (status >= 500 && error.hint().isEmpty()) {
        error.setHint(tr("HighLevel had a problem answering; try again in a moment."));
    }
    if (!parseError.isEmpty() && message.isEmpty() && !response.body.isEmpty())
        error.setDetail(QString::fromUtf8(response.body.left(200)).simplified());
}
