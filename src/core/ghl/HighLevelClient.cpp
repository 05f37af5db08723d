#include "HighLevelClient.h"

#include "common/Json.h"
#include "net/FailedCall.h"

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
    for (const SearchFilter &f : query.filters) {
        QJsonObject o{{"field"_L1, f.field}, {"operator"_L1, f.op}};
        // exists / not_exists take no value.
        if (!f.value.isUndefined() && !f.op.endsWith("exists"_L1))
            o.insert("value"_L1, f.value);
        filters.append(o);
    }
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

// ---- Contacts ------------------------------------------------------------------------------

namespace {

QString contactPath(const QString &contactId, const QString &rest = {})
{
    return u"/contacts/"_s + pathSegment(contactId) + rest;
}

Result<Contact> decodeContactEnvelope(const QJsonObject &o)
{
    if (!o.value("contact"_L1).isObject())
        return missingKey<Contact>("contact");
    return Result<Contact>::success(Contact::fromJson(o.value("contact"_L1).toObject()));
}

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// Whether the server may have done the write although the answer says otherwise.
bool outcomeUnknown(const ApiError &e)
{
    return e.kind() == ApiError::Kind::Network || e.kind() == ApiError::Kind::Timeout
        || e.kind() == ApiError::Kind::BadResponse || (e.kind() == ApiError::Kind::Http && (e.httpStatus() >= 500 || e.httpStatus() == 422));
}

// POST /contacts/, and when the outcome is unknown, a look at the location before reporting:
// never create twice, never say "failed" about a contact that exists.
class ContactCreationCall : public ApiCall
{
public:
    ContactCreationCall(HighLevelClient *client, ContactDraft draft, HttpRequest request)
        : ApiCall(client)
        , m_client(client)
        , m_draft(std::move(draft))
        , m_request(std::move(request))
    {
    }

    void start(QObject *context, Callback<ContactCreation> done)
    {
        m_context = context;
        m_done = std::move(done);
        HttpCall *http = m_client->http()->send(m_request);
        m_step = http;
        connect(http, &ApiCall::finished, this, [this, http] { onCreated(http->response()); });
    }

private:
    void onCreated(const HttpResponse &resp)
    {
        m_step = nullptr;
        if (resp.ok()) {
            QString parseError;
            const QJsonObject o = Json::parseObject(resp.body, &parseError);
            if (parseError.isEmpty() && o.value("contact"_L1).isObject()) {
                ContactCreation c;
                c.contact = Contact::fromJson(o.value("contact"_L1).toObject());
                report(Result<ContactCreation>::success(c));
                return;
            }
            m_error = badResponse(m_request.operation, parseError.isEmpty()
                                      ? QCoreApplication::translate("HighLevelClient", "the answer has no \"contact\"")
                                      : parseError);
        } else {
            m_error = resp.error;
        }
        const QString email = m_draft.email.value_or(QString());
        const QString phone = m_draft.phone.value_or(QString());
        if (!outcomeUnknown(m_error) || (email.isEmpty() && phone.isEmpty()) || isCancelled()) {
            report(Result<ContactCreation>::failure(m_error));
            return;
        }
        m_step = m_client->findDuplicate(email, phone, this, [this](const Result<Contact> &r) {
            m_step = nullptr;
            if (r.isOk() && !r.value().id.isEmpty()) {
                ContactCreation c;
                c.contact = r.value();
                c.foundAfterError = true;
                c.errorMessage = m_error.message();
                report(Result<ContactCreation>::success(c));
                return;
            }
            ApiError e = m_error;
            if (r.isOk())
                e.setHint(QCoreApplication::translate("HighLevelClient", "FlagBridge checked: the contact was not created, so it is safe to try again."));
            else
                e.setHint(QCoreApplication::translate("HighLevelClient", "The contact may or may not have been created, and the check failed too; look for it before trying again."));
            report(Result<ContactCreation>::failure(e));
        });
    }

    void report(const Result<ContactCreation> &r)
    {
        if (m_context && m_done)
            m_done(r);
        finish();
    }

    void doCancel() override
    {
        if (m_step) {
            m_step->cancel();
            return;
        }
        report(Result<ContactCreation>::failure(ApiError(ApiError::Kind::Cancelled, Service::HighLevel, m_request.operation)));
    }

    HighLevelClient *m_client;
    ContactDraft m_draft;
    HttpRequest m_request;
    QPointer<QObject> m_context;
    Callback<ContactCreation> m_done;
    QPointer<ApiCall> m_step;
    ApiError m_error;
};

} // namespace

HttpRequest HighLevelClient::calendarsRequest(const QByteArray &method, const QString &path, const QString &operation,
                                              const QString &route) const
{
    HttpRequest r = contactsRequest(method, path, operation, route);
    r.headers = {{"Version", kCalendarsVersion}};
    return r;
}

ApiCall *HighLevelClient::simpleWrite(HttpRequest request, QObject *context, Callback<Done> done)
{
    // Writes answer {succeded: true} (sic) or similar: success is the status, the body is not needed.
    return call<Done>(std::move(request), context, [](const QJsonObject &) { return Result<Done>::success({}); },
                      std::move(done));
}

ApiCall *HighLevelClient::searchContactsPage(const ContactQuery &query, int page, int pageSize, QObject *context,
                                             Callback<ContactPage> done)
{
    pageSize = std::clamp(pageSize, 1, kMaxSearchPageSize);
    if (page < 1 || qint64(page) * pageSize > kSearchDepthLimit) {
        ApiError e(ApiError::Kind::InvalidInput, Service::HighLevel, tr("search contacts"));
        e.setDetail(tr("HighLevel pages search results only within the first 10,000; read further with a cursor."));
        return FailedCall::create<ContactPage>(this, context, e, std::move(done));
    }
    HttpRequest r = contactsRequest("POST", u"/contacts/search"_s, tr("search contacts"), u"POST /contacts/search"_s);
    r.readOnly = true;
    QJsonObject body = searchBody(query, m_connection.locationId, {}, pageSize);
    body.insert("page"_L1, page);
    r.body = compact(body);
    return call<ContactPage>(std::move(r), context, [pageSize](const QJsonObject &o) {
        if (!o.contains("contacts"_L1))
            return missingKey<ContactPage>("contacts");
        return Result<ContactPage>::success(decodeContactPage(o, pageSize));
    }, std::move(done));
}

ApiCall *HighLevelClient::listContactsLegacy(const QString &text, int limit, qint64 startAfter,
                                             const QString &startAfterId, QObject *context, Callback<ContactListPage> done)
{
    HttpRequest r = contactsRequest("GET", u"/contacts/"_s, tr("list contacts"), u"GET /contacts/"_s);
    r.addQuery(u"locationId"_s, m_connection.locationId);
    r.addQuery(u"limit"_s, QString::number(std::clamp(limit, 1, 100)));
    if (!text.isEmpty())
        r.addQuery(u"query"_s, text);
    // Page N+1 is built from the cursor, never from meta.nextPageUrl (its host is not ours).
    if (!startAfterId.isEmpty()) {
        r.addQuery(u"startAfter"_s, QString::number(startAfter));
        r.addQuery(u"startAfterId"_s, startAfterId);
    }
    return call<ContactListPage>(std::move(r), context, [](const QJsonObject &o) {
        if (!o.value("contacts"_L1).isArray())
            return missingKey<ContactListPage>("contacts");
        ContactListPage page;
        const QJsonArray items = o.value("contacts"_L1).toArray();
        for (const QJsonValue &v : items)
            page.contacts.append(Contact::fromJson(v.toObject()));
        const QJsonObject meta = Json::object(o, "meta"_L1);
        page.total = Json::integer(meta, "total"_L1, Json::integer(o, "count"_L1, int(page.contacts.size())));
        page.startAfterId = Json::string(meta, "startAfterId"_L1);
        page.startAfter = Json::integer64(meta, "startAfter"_L1);
        if (page.contacts.isEmpty())
            page.startAfterId.clear();
        return Result<ContactListPage>::success(page);
    }, std::move(done));
}

ApiCall *HighLevelClient::contactsByBusiness(const QString &businessId, int skip, int limit, QObject *context,
                                             Callback<QList<Contact>> done)
{
    HttpRequest r = contactsRequest("GET", u"/contacts/business/"_s + pathSegment(businessId),
                                    tr("list the business's contacts"), u"GET /contacts/business/{businessId}"_s);
    r.addQuery(u"locationId"_s, m_connection.locationId);
    r.addQuery(u"limit"_s, QString::number(std::max(1, limit)));
    r.addQuery(u"skip"_s, QString::number(std::max(0, skip)));
    return call<QList<Contact>>(std::move(r), context, listDecoder<Contact>("contacts"), std::move(done));
}

ApiCall *HighLevelClient::findDuplicate(const QString &email, const QString &phone, QObject *context,
                                        Callback<Contact> done)
{
    HttpRequest r = contactsRequest("GET", u"/contacts/search/duplicate"_s, tr("look for an existing contact"),
                                    u"GET /contacts/search/duplicate"_s);
    r.addQuery(u"locationId"_s, m_connection.locationId);
    // HttpClient percent-encodes "+" and "@" here, as the API requires.
    if (!email.isEmpty())
        r.addQuery(u"email"_s, email.trimmed());
    if (!phone.isEmpty())
        r.addQuery(u"number"_s, phone.trimmed());
    return call<Contact>(std::move(r), context, [](const QJsonObject &o) {
        // {contact: {...}} when one exists, {contact: null} (or no key) when none does.
        const QJsonValue c = o.value("contact"_L1);
        return Result<Contact>::success(c.isObject() ? Contact::fromJson(c.toObject()) : Contact{});
    }, std::move(done));
}

ApiCall *HighLevelClient::createContact(const ContactDraft &draft, QObject *context, Callback<ContactCreation> done)
{
    HttpRequest r = contactsRequest("POST", u"/contacts/"_s, tr("create the contact"), u"POST /contacts/"_s);
    r.body = compact(draft.toJson(ContactDraft::Purpose::Create, m_connection.locationId));
    r.idempotent = false;
    auto *creation = new ContactCreationCall(this, draft, std::move(r));
    creation->start(context, std::move(done));
    return creation;
}

ApiCall *HighLevelClient::updateContact(const QString &contactId, const ContactDraft &draft, QObject *context,
                                        Callback<Contact> done)
{
    HttpRequest r = contactsRequest("PUT", contactPath(contactId), tr("update the contact"), u"PUT /contacts/{id}"_s);
    r.body = compact(draft.toJson(ContactDraft::Purpose::Update, {}));
    // Setting the same fields again ends the same: safe to retry.
    r.idempotent = true;
    return call<Contact>(std::move(r), context, &decodeContactEnvelope, std::move(done));
}

ApiCall *HighLevelClient::upsertContact(const ContactDraft &draft, QObject *context, Callback<ContactUpsert> done)
{
    HttpRequest r = contactsRequest("POST", u"/contacts/upsert"_s, tr("create or update the contact"),
                                    u"POST /contacts/upsert"_s);
    r.body = compact(draft.toJson(ContactDraft::Purpose::Upsert, m_connection.locationId));
    // An upsert matches by email or phone: sending it again updates the same contact.
    r.idempotent = !draft.createNewIfDuplicateAllowed;
    return call<ContactUpsert>(std::move(r), context, [](const QJsonObject &o) {
        const Result<Contact> c = decodeContactEnvelope(o);
        if (!c.isOk())
            return Result<ContactUpsert>::failure(c.error());
        return Result<ContactUpsert>::success({c.value(), Json::boolean(o, "new"_L1)});
    }, std::move(done));
}

ApiCall *HighLevelClient::deleteContact(const QString &contactId, QObject *context, Callback<Done> done)
{
    HttpRequest r = contactsRequest("DELETE", contactPath(contactId), tr("delete the contact"), u"DELETE /contacts/{id}"_s);
    r.idempotent = true;
    return simpleWrite(std::move(r), context, std::move(done));
}

// ---- Tasks ---------------------------------------------------------------------------------

namespace {
Result<Task> decodeTask(const QJsonObject &o)
{
    if (!o.value("task"_L1).isObject())
        return missingKey<Task>("task");
    return Result<Task>::success(Task::fromJson(o.value("task"_L1).toObject()));
}

Result<Note> decodeNote(const QJsonObject &o)
{
    if (!o.value("note"_L1).isObject())
        return missingKey<Note>("note");
    return Result<Note>::success(Note::fromJson(o.value("note"_L1).toObject()));
}
} // namespace

ApiCall *HighLevelClient::getTask(const QString &contactId, const QString &taskId, QObject *context, Callback<Task> done)
{
    HttpRequest r = contactsRequest("GET", contactPath(contactId, u"/tasks/"_s + pathSegment(taskId)), tr("load the task"),
                                    u"GET /contacts/{id}/tasks/{taskId}"_s);
    return call<Task>(std::move(r), context, &decodeTask, std::move(done));
}

ApiCall *HighLevelClient::createTask(const QString &contactId, const TaskDraft &draft, QObject *context, Callback<Task> done)
{
    HttpRequest r = contactsRequest("POST", contactPath(contactId, u"/tasks"_s), tr("create the task"),
                                    u"POST /contacts/{id}/tasks"_s);
    QJsonObject body = draft.toJson();
    // title, dueDate and completed are required by the API.
    if (!body.contains("completed"_L1))
        body.insert("completed"_L1, false);
    r.body = compact(body);
    r.idempotent = false;
    return call<Task>(std::move(r), context, &decodeTask, std::move(done));
}

ApiCall *HighLevelClient::updateTask(const QString &contactId, const QString &taskId, const TaskDraft &draft,
                                     QObject *context, Callback<Task> done)
{
    HttpRequest r = contactsRequest("PUT", contactPath(contactId, u"/tasks/"_s + pathSegment(taskId)), tr("update the task"),
                                    u"PUT /contacts/{id}/tasks/{taskId}"_s);
    r.body = compact(draft.toJson());
    return call<Task>(std::move(r), context, &decodeTask, std::move(done));
}

ApiCall *HighLevelClient::setTaskCompleted(const QString &contactId, const QString &taskId, bool completed,
                                           QObject *context, Callback<Task> done)
{
    HttpRequest r = contactsRequest("PUT", contactPath(contactId, u"/tasks/"_s + pathSegment(taskId) + u"/completed"_s),
                                    completed ? tr("complete the task") : tr("reopen the task"),
                                    u"PUT /contacts/{id}/tasks/{taskId}/completed"_s);
    r.body = compact(QJsonObject{{"completed"_L1, completed}});
    return call<Task>(std::move(r), context, &decodeTask, std::move(done));
}

ApiCall *HighLevelClient::deleteTask(const QString &contactId, const QString &taskId, QObject *context, Callback<Done> done)
{
    HttpRequest r = contactsRequest("DELETE", contactPath(contactId, u"/tasks/"_s + pathSegment(taskId)), tr("delete the task"),
                                    u"DELETE /contacts/{id}/tasks/{taskId}"_s);
    return simpleWrite(std::move(r), context, std::move(done));
}

// ---- Notes ---------------------------------------------------------------------------------

ApiCall *HighLevelClient::getNote(const QString &contactId, const QString &noteId, QObject *context, Callback<Note> done)
{
    HttpRequest r = contactsRequest("GET", contactPath(contactId, u"/notes/"_s + pathSegment(noteId)), tr("load the note"),
                                    u"GET /contacts/{id}/notes/{noteId}"_s);
    return call<Note>(std::move(r), context, &decodeNote, std::move(done));
}

ApiCall *HighLevelClient::createNote(const QString &contactId, const NoteDraft &draft, QObject *context, Callback<Note> done)
{
    // NotesDTO has no locationId: sending it is a 422 ("property locationId should not exist").
    HttpRequest r = contactsRequest("POST", contactPath(contactId, u"/notes"_s), tr("add the note"),
                                    u"POST /contacts/{id}/notes"_s);
    r.body = compact(draft.toJson());
    r.idempotent = false;
    return call<Note>(std::move(r), context, &decodeNote, std::move(done));
}

ApiCall *HighLevelClient::updateNote(const QString &contactId, const QString &noteId, const NoteDraft &draft,
                                     QObject *context, Callback<Note> done)
{
    HttpRequest r = contactsRequest("PUT", contactPath(contactId, u"/notes/"_s + pathSegment(noteId)), tr("update the note"),
                                    u"PUT /contacts/{id}/notes/{noteId}"_s);
    r.body = compact(draft.toJson());
    return call<Note>(std::move(r), context, &decodeNote, std::move(done));
}

ApiCall *HighLevelClient::deleteNote(const QString &contactId, const QString &noteId, QObject *context, Callback<Done> done)
{
    HttpRequest r = contactsRequest("DELETE", contactPath(contactId, u"/notes/"_s + pathSegment(noteId)), tr("delete the note"),
                                    u"DELETE /contacts/{id}/notes/{noteId}"_s);
    return simpleWrite(std::move(r), context, std::move(done));
}

// ---- Appointments (Calendars API) ----------------------------------------------------------

namespace {
Result<Appointment> decodeAppointment(const QJsonObject &o)
{
    // GET wraps it in "event"; PUT answers with the flat object.
    if (o.value("event"_L1).isObject())
        return Result<Appointment>::success(Appointment::fromJson(o.value("event"_L1).toObject()));
    if (o.contains("id"_L1))
        return Result<Appointment>::success(Appointment::fromJson(o));
    return missingKey<Appointment>("event");
}
} // namespace

ApiCall *HighLevelClient::getAppointment(const QString &eventId, QObject *context, Callback<Appointment> done)
{
    HttpRequest r = calendarsRequest("GET", u"/calendars/events/appointments/"_s + pathSegment(eventId),
                                     tr("load the appointment"), u"GET /calendars/events/appointments/{eventId}"_s);
    return call<Appointment>(std::move(r), context, &decodeAppointment, std::move(done));
}

ApiCall *HighLevelClient::setAppointmentStatus(const QString &eventId, const QString &status, QObject *context,
                                               Callback<Appointment> done)
{
    HttpRequest r = calendarsRequest("PUT", u"/calendars/events/appointments/"_s + pathSegment(eventId),
                                     tr("change the appointment's status"), u"PUT /calendars/events/appointments/{eventId}"_s);
    r.body = compact(QJsonObject{{"appointmentStatus"_L1, status}});
    return call<Appointment>(std::move(r), context, &decodeAppointment, std::move(done));
}

// ---- Bulk tags, campaigns, workflows, followers ----------------------------------------------

ApiCall *HighLevelClient::bulkUpdateTags(bool add, const QStringList &contactIds, const QStringList &tags,
                                         bool removeAllTags, QObject *context, Callback<BulkTagResult> done)
{
    const QString type = add ? u"add"_s : u"remove"_s;
    HttpRequest r = contactsRequest("POST", u"/contacts/bulk/tags/update/"_s + type,
                                    add ? tr("add tags to the contacts") : tr("remove tags from the contacts"),
                                    u"POST /contacts/bulk/tags/update/{type}"_s);
    QJsonObject body{{"contacts"_L1, QJsonArray::fromStringList(contactIds)},
                     {"tags"_L1, QJsonArray::fromStringList(tags)},
                     {"locationId"_L1, m_connection.locationId}};
    if (!add && removeAllTags)
        body.insert("removeAllTags"_L1, true);
    r.body = compact(body);
    r.idempotent = true;
    return call<BulkTagResult>(std::move(r), context, [](const QJsonObject &o) {
        BulkTagResult b;
        b.succeeded = Json::boolean(o, "succeded"_L1, Json::boolean(o, "succeeded"_L1, true));
        b.errorCount = Json::integer(o, "errorCount"_L1);
        b.responses = Json::array(o, "responses"_L1);
        return Result<BulkTagResult>::success(b);
    }, std::move(done));
}

ApiCall *HighLevelClient::addToCampaign(const QString &contactId, const QString &campaignId, QObject *context,
                                        Callback<Done> done)
{
    HttpRequest r = contactsRequest("POST", contactPath(contactId, u"/campaigns/"_s + pathSegment(campaignId)),
                                    tr("add the contact to the campaign"), u"POST /contacts/{id}/campaigns/{campaignId}"_s);
    r.body = "{}";
    return simpleWrite(std::move(r), context, std::move(done));
}

ApiCall *HighLevelClient::removeFromCampaign(const QString &contactId, const QString &campaignId, QObject *context,
                                             Callback<Done> done)
{
    HttpRequest r = contactsRequest("DELETE", contactPath(contactId, u"/campaigns/"_s + pathSegment(campaignId)),
                                    tr("remove the contact from the campaign"),
                                    u"DELETE /contacts/{id}/campaigns/{campaignId}"_s);
    return simpleWrite(std::move(r), context, std::move(done));
}

ApiCall *HighLevelClient::removeFromAllCampaigns(const QString &contactId, QObject *context, Callback<Done> done)
{
    HttpRequest r = contactsRequest("DELETE", contactPath(contactId, u"/campaigns/removeAll"_s),
                                    tr("remove the contact from every campaign"),
                                    u"DELETE /contacts/{id}/campaigns/removeAll"_s);
    return simpleWrite(std::move(r), context, std::move(done));
}

ApiCall *HighLevelClient::addToWorkflow(const QString &contactId, const QString &workflowId,
                                        const QDateTime &eventStartTime, QObject *context, Callback<Done> done)
{
    HttpRequest r = contactsRequest("POST", contactPath(contactId, u"/workflow/"_s + pathSegment(workflowId)),
                                    tr("add the contact to the workflow"), u"POST /contacts/{id}/workflow/{workflowId}"_s);
    QJsonObject body;
    if (eventStartTime.isValid())
        body.insert("eventStartTime"_L1, eventStartTime.toOffsetFromUtc(eventStartTime.offsetFromUtc()).toString(Qt::ISODate));
    r.body = compact(body);
    // Adding twice would start the workflow twice.
    r.idempotent = false;
    return simpleWrite(std::move(r), context, std::move(done));
}

ApiCall *HighLevelClient::removeFromWorkflow(const QString &contactId, const QString &workflowId, QObject *context,
                                             Callback<Done> done)
{
    // The API declares a (possibly empty) JSON body on this DELETE.
    HttpRequest r = contactsRequest("DELETE", contactPath(contactId, u"/workflow/"_s + pathSegment(workflowId)),
                                    tr("remove the contact from the workflow"),
                                    u"DELETE /contacts/{id}/workflow/{workflowId}"_s);
    r.body = "{}";
    return simpleWrite(std::move(r), context, std::move(done));
}

namespace {
Result<QStringList> decodeFollowers(const QJsonObject &o)
{
    if (!o.value("followers"_L1).isArray())
        return missingKey<QStringList>("followers");
    return Result<QStringList>::success(Json::stringList(o, "followers"_L1));
}
} // namespace

ApiCall *HighLevelClient::addFollowers(const QString &contactId, const QStringList &userIds, QObject *context,
                                       Callback<QStringList> done)
{
    HttpRequest r = contactsRequest("POST", contactPath(contactId, u"/followers"_s), tr("add followers to the contact"),
                                    u"POST /contacts/{id}/followers"_s);
    r.body = compact(QJsonObject{{"followers"_L1, QJsonArray::fromStringList(userIds)}});
    return call<QStringList>(std::move(r), context, &decodeFollowers, std::move(done));
}

ApiCall *HighLevelClient::removeFollowers(const QString &contactId, const QStringList &userIds, QObject *context,
                                          Callback<QStringList> done)
{
    HttpRequest r = contactsRequest("DELETE", contactPath(contactId, u"/followers"_s),
                                    tr("remove followers from the contact"), u"DELETE /contacts/{id}/followers"_s);
    r.body = compact(QJsonObject{{"followers"_L1, QJsonArray::fromStringList(userIds)}});
    return call<QStringList>(std::move(r), context, &decodeFollowers, std::move(done));
}
