#include "FakeHighLevel.h"

#include "PhoneNumber.h"
#include "SandboxTime.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QUrl>
#include <QUrlQuery>
#include <QUuid>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

constexpr QByteArrayView kJson = "application/json; charset=utf-8";
constexpr int kMaxPageLimit = 500;
constexpr int kMaxSearchDepth = 10000;
constexpr int kMaxLegacyLimit = 100;

QString traceId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

SandboxResponse reply(int status, const QJsonObject &body)
{
    return SandboxResponse::json(status, body, kJson.toByteArray());
}

QString randomToken(const QString &prefix)
{
    QByteArray bytes(16, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), 4);
    return prefix + QString::fromLatin1(bytes.toHex());
}

} // namespace

FakeHighLevel::FakeHighLevel(QObject *parent)
    : SandboxHttpServer(parent)
{
    m_defaultToken = randomToken(u"sandbox-ghl-"_s);
    registerRoutes();
}

void FakeHighLevel::load(const HighLevelDataSet &data, quint32 idSeed)
{
    m_store.load(data, idSeed);
    m_tokens.clear();
    addToken(HighLevelToken { m_defaultToken, m_store.locationId(), HighLevelToken::allScopes() });
    resetRateLimits();
}

void FakeHighLevel::setOptions(const HighLevelOptions &options)
{
    m_options = options;
    for (LocationBudget &b : m_budgets)
        b.burst.configure(m_options.windowMs, m_options.burstLimit);
}

QString FakeHighLevel::addToken(const QString &locationId, const QStringList &scopes)
{
    HighLevelToken t;
    t.token = randomToken(u"sandbox-ghl-"_s);
    t.locationId = locationId;
    t.scopes = scopes;
    addToken(t);
    return t.token;
}

void FakeHighLevel::addToken(const HighLevelToken &token)
{
    m_tokens.insert(token.token, token);
}

void FakeHighLevel::resetRateLimits()
{
    m_budgets.clear();
}

qint64 FakeHighLevel::now() const
{
    return QDateTime::currentMSecsSinceEpoch();
}

// ---------------------------------------------------------------------------------------------
// Routes

void FakeHighLevel::registerRoutes()
{
    const QString read = u"contacts.readonly"_s;
    const QString write = u"contacts.write"_s;
    auto bind = [this](SandboxResponse (FakeHighLevel::*handler)(SandboxRequest &)) {
        return [this, handler](SandboxRequest &r) {
            return (this->*handler)(r);
        };
    };
    // Literal paths before the ones with a {contactId} that would swallow them.
    addRoute("POST", u"/contacts/search"_s, bind(&FakeHighLevel::searchContacts), false, read);
    addRoute("GET", u"/contacts/search/duplicate"_s, bind(&FakeHighLevel::findDuplicate), false,
             read);
    addRoute("POST", u"/contacts/upsert"_s, bind(&FakeHighLevel::upsertContact), true, write);
    addRoute("POST", u"/contacts/bulk/tags/update/{type}"_s, bind(&FakeHighLevel::bulkTags), true,
             write);
    addRoute("POST", u"/contacts/bulk/business"_s, bind(&FakeHighLevel::bulkBusiness), true, write);
    addRoute("GET", u"/contacts/business/{businessId}"_s, bind(&FakeHighLevel::contactsByBusiness),
             false, read);
    addRoute("GET", u"/contacts/"_s, bind(&FakeHighLevel::listContacts), false, read);
    addRoute("POST", u"/contacts/"_s, bind(&FakeHighLevel::createContact), true, write);

    addRoute("GET", u"/contacts/{contactId}/tasks"_s, bind(&FakeHighLevel::listTasks), false, read);
    addRoute("POST", u"/contacts/{contactId}/tasks"_s, bind(&FakeHighLevel::createTask), true,
             write);
    addRoute("GET", u"/contacts/{contactId}/tasks/{taskId}"_s, bind(&FakeHighLevel::getTask), false,
             read);
    addRoute("PUT", u"/contacts/{contactId}/tasks/{taskId}/completed"_s,
             bind(&FakeHighLevel::completeTask), true, write);
    addRoute("PUT", u"/contacts/{contactId}/tasks/{taskId}"_s, bind(&FakeHighLevel::updateTask),
             true, write);
    addRoute("DELETE", u"/contacts/{contactId}/tasks/{taskId}"_s, bind(&FakeHighLevel::deleteTask),
             true, write);

    addRoute("GET", u"/contacts/{contactId}/notes"_s, bind(&FakeHighLevel::listNotes), false, read);
    addRoute("POST", u"/contacts/{contactId}/notes"_s, bind(&FakeHighLevel::createNote), true,
             write);
    addRoute("GET", u"/contacts/{contactId}/notes/{id}"_s, bind(&FakeHighLevel::getNote), false,
             read);
    addRoute("PUT", u"/contacts/{contactId}/notes/{id}"_s, bind(&FakeHighLevel::updateNote), true,
             write);
    addRoute("DELETE", u"/contacts/{contactId}/notes/{id}"_s, bind(&FakeHighLevel::deleteNote),
             true, write);

    addRoute("GET", u"/contacts/{contactId}/appointments"_s, bind(&FakeHighLevel::listAppointments),
             false, read);
    addRoute("POST", u"/contacts/{contactId}/tags"_s, bind(&FakeHighLevel::addTags), true, write);
    addRoute("DELETE", u"/contacts/{contactId}/tags"_s, bind(&FakeHighLevel::removeTags), true,
             write);
    addRoute("DELETE", u"/contacts/{contactId}/campaigns/removeAll"_s,
             bind(&FakeHighLevel::removeFromAllCampaigns), true, write);
    addRoute("POST", u"/contacts/{contactId}/campaigns/{campaignId}"_s,
             bind(&FakeHighLevel::addToCampaign), true, write);
    addRoute("DELETE", u"/contacts/{contactId}/campaigns/{campaignId}"_s,
             bind(&FakeHighLevel::removeFromCampaign), true, write);
    addRoute("POST", u"/contacts/{contactId}/workflow/{workflowId}"_s,
             bind(&FakeHighLevel::addToWorkflow), true, write);
    addRoute("DELETE", u"/contacts/{contactId}/workflow/{workflowId}"_s,
             bind(&FakeHighLevel::removeFromWorkflow), true, write);
    addRoute("POST", u"/contacts/{contactId}/followers"_s, bind(&FakeHighLevel::addFollowers), true,
             write);
    addRoute("DELETE", u"/contacts/{contactId}/followers"_s, bind(&FakeHighLevel::removeFollowers),
             true, write);

    addRoute("GET", u"/contacts/{contactId}"_s, bind(&FakeHighLevel::getContact), false, read);
    addRoute("PUT", u"/contacts/{contactId}"_s, bind(&FakeHighLevel::updateContact), true, write);
    addRoute("DELETE", u"/contacts/{contactId}"_s, bind(&FakeHighLevel::deleteContact), true,
             write);

    addRoute("GET", u"/locations/{locationId}/customFields"_s,
             bind(&FakeHighLevel::listCustomFields), false, u"locations/customFields.readonly"_s);
    addRoute("GET", u"/locations/{locationId}/tags"_s, bind(&FakeHighLevel::listLocationTags),
             false, u"locations/tags.readonly"_s);
    addRoute("GET", u"/locations/{locationId}"_s, bind(&FakeHighLevel::getLocation), false,
             u"locations.readonly"_s);
    addRoute("GET", u"/users/"_s, bind(&FakeHighLevel::listUsers), false, u"users.readonly"_s);

    addRoute("GET", u"/calendars/events/appointments/{eventId}"_s,
             bind(&FakeHighLevel::getCalendarEvent), false, u"calendars/events.readonly"_s);
    addRoute("PUT", u"/calendars/events/appointments/{eventId}"_s,
             bind(&FakeHighLevel::updateCalendarEvent), true, u"calendars/events.write"_s);

    // OAuth: no bearer token, no Version header ("public" skips admission).
    addRoute("GET", u"/oauth/chooselocation"_s, bind(&FakeHighLevel::oauthChooseLocation), false, u"public"_s);
    addRoute("POST", u"/oauth/token"_s, bind(&FakeHighLevel::oauthToken), false, u"public"_s);
}

// ---------------------------------------------------------------------------------------------
// Service behaviour shared by every route

const HighLevelToken *FakeHighLevel::caller(const SandboxRequest &request) const
{
    const auto it = m_tokens.constFind(request.caller);
    return it == m_tokens.constEnd() ? nullptr : &it.value();
}

FakeHighLevel::LocationBudget &FakeHighLevel::budget(const QString &locationId)
{
    auto it = m_budgets.find(locationId);
    if (it == m_budgets.end()) {
        LocationBudget b;
        b.burst.configure(m_options.windowMs, m_options.burstLimit);
        it = m_budgets.insert(locationId, b);
    }
    LocationBudget &b = it.value();
    const qint64 day = now() / 86400000;
    if (b.day != day) {
        b.day = day;
        b.dailyCount = 0;
    }
    return b;
}

std::optional<SandboxResponse> FakeHighLevel::admit(SandboxRequest &request, const Route &route)
{
    if (route.scope == "public"_L1)
        return std::nullopt;
    // The gateway looks at the Version header before the token: a missing header reads as an
    // authentication failure although the token is fine.
    if (!request.hasHeader("version"))
        return error(401, u"version header was not found."_s);
    const QString version = QString::fromLatin1(request.header("version"));
    if (!m_options.acceptedVersions.contains(version))
        return error(401, u"version header is invalid."_s);

    const QByteArray authorization = request.header("authorization");
    if (!authorization.startsWith("Bearer ") && !authorization.startsWith("bearer "))
        return reply(401,
                     QJsonObject { { u"statusCode"_s, 401 },
                                   { u"message"_s, u"Invalid token: access token is invalid"_s },
                                   { u"error"_s, u"Unauthorized"_s } });
    request.caller = QString::fromLatin1(authorization.mid(7).trimmed());
    const HighLevelToken *token = caller(request);
    if (token && token->expiresAtMs > 0 && token->expiresAtMs <= QDateTime::currentMSecsSinceEpoch())
        token = nullptr; // an expired OAuth access token reads as an invalid one
    if (!token) {
        request.caller.clear();
        return reply(401,
                     QJsonObject { { u"statusCode"_s, 401 },
                                   { u"message"_s, u"Invalid token: access token is invalid"_s },
                                   { u"error"_s, u"Unauthorized"_s } });
    }
    if (!token->allows(route.scope))
        return error(401, u"The token is not authorized for this scope."_s);

    if (m_options.rateLimits) {
        LocationBudget &b = budget(token->locationId);
        if (b.dailyCount >= m_options.dailyLimit || !b.burst.tryAcquire(m_store.monotonicMs()))
            return rateLimitedResponse(request, m_options.retryAfterOn429 ? -2 : -1);
        ++b.dailyCount;
    }
    return std::nullopt;
}

void FakeHighLevel::decorate(const SandboxRequest &request, SandboxResponse &response)
{
    // Every answer carries the location's budget, errors included.
    const HighLevelToken *token = caller(request);
    LocationBudget &b = budget(token ? token->locationId : m_store.locationId());
    const qint64 mono = m_store.monotonicMs();
    const int remaining = m_options.rateLimits ? b.burst.remaining(mono) : m_options.burstLimit;
    response.setHeaderIfMissing("X-RateLimit-Max", QByteArray::number(m_options.burstLimit));
    response.setHeaderIfMissing("X-RateLimit-Remaining", QByteArray::number(remaining));
    response.setHeaderIfMissing("X-RateLimit-Interval-Milliseconds",
                                QByteArray::number(m_options.windowMs));
    response.setHeaderIfMissing("X-RateLimit-Limit-Daily",
                                QByteArray::number(m_options.dailyLimit));
    response.setHeaderIfMissing("X-RateLimit-Daily-Remaining",
                                QByteArray::number(qMax(0, m_options.dailyLimit - b.dailyCount)));
}

SandboxResponse FakeHighLevel::rateLimitedResponse(const SandboxRequest &request,
                                                   int retryAfterSeconds)
{
    SandboxResponse r = reply(
        429, QJsonObject { { u"statusCode"_s, 429 }, { u"message"_s, u"Too Many Requests"_s } });
    const HighLevelToken *token = caller(request);
    LocationBudget &b = budget(token ? token->locationId : m_store.locationId());
    r.setHeader("X-RateLimit-Remaining", "0");
    r.setHeader("X-RateLimit-Daily-Remaining",
                QByteArray::number(qMax(0, m_options.dailyLimit - b.dailyCount)));
    if (retryAfterSeconds == -2) {
        // Options ask for Retry-After on real 429s: until the oldest request leaves the window.
        const qint64 wait = b.burst.msUntilSlot(m_store.monotonicMs());
        retryAfterSeconds = int((wait + 999) / 1000);
    }
    if (retryAfterSeconds >= 0)
        r.setHeader("Retry-After", QByteArray::number(retryAfterSeconds));
    return r;
}

SandboxResponse FakeHighLevel::notFound(const SandboxRequest &request, bool)
{
    // NestJS's answer for a path no controller serves.
    return reply(404,
                 QJsonObject { { u"statusCode"_s, 404 },
                               { u"message"_s,
                                 QString(u"Cannot "_s + QString::fromLatin1(request.method) + u' '
                                         + request.path) },
                               { u"error"_s, u"Not Found"_s } });
}

SandboxResponse FakeHighLevel::errorResponse(int status)
{
    if (status == 502 || status == 503 || status == 504) {
        // Gateways in front of the API answer in HTML, not JSON.
        const QByteArray line
            = QByteArray::number(status) + ' ' + SandboxResponse::reasonPhrase(status);
        return SandboxResponse::raw(status,
                                    "<html>\r\n<head><title>" + line
                                        + "</title></head>\r\n<body>\r\n<center><h1>" + line
                                        + "</h1></center>\r\n</body>\r\n</html>\r\n",
                                    "text/html");
    }
    if (status == 500)
        return error(500, u"Internal server error"_s);
    return error(status, QString::fromLatin1(SandboxResponse::reasonPhrase(status)));
}

SandboxResponse FakeHighLevel::error(int status, const QString &message)
{
    return reply(status, QJsonObject { { u"statusCode"_s, status }, { u"message"_s, message } });
}

SandboxResponse FakeHighLevel::unprocessable(const QStringList &messages)
{
    return reply(422,
                 QJsonObject { { u"statusCode"_s, 422 },
                               { u"message"_s, QJsonArray::fromStringList(messages) },
                               { u"error"_s, u"Unprocessable Entity"_s },
                               { u"traceId"_s, traceId() } });
}

SandboxResponse FakeHighLevel::notFoundError(const QString &what) const
{
    if (m_options.notFoundStatus == 404)
        return reply(404,
                     QJsonObject { { u"statusCode"_s, 404 },
                                   { u"message"_s, what },
                                   { u"error"_s, u"Not Found"_s } });
    return error(m_options.notFoundStatus, what);
}

SandboxResponse FakeHighLevel::forbiddenLocation()
{
    return error(403, u"The token does not have access to this location."_s);
}

std::optional<SandboxResponse> FakeHighLevel::readBody(const SandboxRequest &request,
                                                       std::initializer_list<FieldRule> rules,
                                                       QJsonObject *body) const
{
    QJsonObject o;
    const QByteArray trimmed = request.body.trimmed();
    if (!trimmed.isEmpty()) {
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(trimmed, &pe);
        if (pe.error != QJsonParseError::NoError)
            return reply(400,
                         QJsonObject { { u"statusCode"_s, 400 },
                                       { u"message"_s,
                                         QString(u"Unexpected token in JSON at position "_s
                                                 + QString::number(pe.offset)) },
                                       { u"error"_s, u"Bad Request"_s } });
        if (!doc.isObject())
            return unprocessable({ u"the request body must be a JSON object"_s });
        o = doc.object();
    }
    QStringList messages;
    for (auto it = o.begin(); it != o.end(); ++it) {
        const bool known = std::any_of(rules.begin(), rules.end(), [&](const FieldRule &r) {
            return it.key() == QLatin1StringView(r.name);
        });
        if (!known)
            messages.append(u"property "_s + it.key() + u" should not exist"_s);
    }
    for (const FieldRule &rule : rules) {
        const QString name = QString::fromLatin1(rule.name);
        const QJsonValue v = o.value(name);
        if (v.isUndefined() || (v.isNull() && !rule.nullable)) {
            if (rule.required)
                messages.append(name + u" should not be empty"_s);
            else if (v.isNull())
                messages.append(name + u" must not be null"_s);
            continue;
        }
        if (v.isNull())
            continue;
        switch (rule.type) {
        case 's':
            if (!v.isString())
                messages.append(name + u" must be a string"_s);
            else if (rule.required && v.toString().isEmpty())
                messages.append(name + u" should not be empty"_s);
            break;
        case 'b':
            if (!v.isBool())
                messages.append(name + u" must be a boolean value"_s);
            break;
        case 'n':
            if (!v.isDouble())
                messages.append(name
                                + u" must be a number conforming to the specified constraints"_s);
            break;
        case 'a':
            if (!v.isArray())
                messages.append(name + u" must be an array"_s);
            break;
        case 'o':
            if (!v.isObject())
                messages.append(name + u" must be an object"_s);
            break;
        default:
            break;
        }
    }
    if (!messages.isEmpty())
        return unprocessable(messages);
    *body = o;
    return std::nullopt;
}

std::optional<SandboxResponse> FakeHighLevel::checkQuery(const SandboxRequest &request,
                                                         const QStringList &allowed,
                                                         const QStringList &required) const
{
    QStringList messages;
    const QStringList names = request.queryNames();
    for (const QString &name : names) {
        if (!allowed.contains(name))
            messages.append(u"property "_s + name + u" should not exist"_s);
    }
    for (const QString &name : required) {
        if (request.queryValue(name).isEmpty())
            messages.append(name + u" should not be empty"_s);
    }
    if (!messages.isEmpty())
        return unprocessable(messages);
    return std::nullopt;
}

std::optional<SandboxResponse> FakeHighLevel::checkLocation(const SandboxRequest &request,
                                                            const QString &locationId) const
{
    const HighLevelToken *token = caller(request);
    if (!token || token->locationId != locationId)
        return forbiddenLocation();
    return std::nullopt;
}

const HighLevelContact *FakeHighLevel::contactFor(const SandboxRequest &request,
                                                  std::optional<SandboxResponse> *refusal) const
{
    const HighLevelContact *c = m_store.contact(request.param(u"contactId"_s));
    if (!c) {
        *refusal = notFoundError(u"Contact not found"_s);
        return nullptr;
    }
    if (auto forbidden = checkLocation(request, c->locationId)) {
        *refusal = forbidden;
        return nullptr;
    }
    return c;
}

QStringList FakeHighLevel::normaliseTags(const QJsonArray &tags) const
{
    QStringList out;
    for (const QJsonValue &v : tags) {
        QString t = v.toString().trimmed();
        if (m_options.lowercaseTags)
            t = t.toLower();
        if (t.isEmpty())
            continue;
        const bool seen = std::any_of(out.begin(), out.end(), [&](const QString &x) {
            return x.compare(t, Qt::CaseInsensitive) == 0;
        });
        if (!seen)
            out.append(t);
    }
    return out;
}

std::optional<SandboxResponse> FakeHighLevel::duplicateOf(const HighLevelContact &candidate,
                                                          const QString &exceptId) const
{
    if (m_options.allowDuplicates)
        return std::nullopt;
    QString match;
    QString field;
    if (!candidate.email.isEmpty()) {
        match = m_store.findByEmail(candidate.email, exceptId);
        field = u"email"_s;
    }
    if (match.isEmpty() && !candidate.phone.isEmpty()) {
        match = m_store.findByPhone(candidate.phone, exceptId);
        field = u"phone"_s;
    }
    if (match.isEmpty())
        return std::nullopt;
    return reply(
        400,
        QJsonObject {
            { u"statusCode"_s, 400 },
            { u"message"_s, u"This location does not allow duplicated contacts."_s },
            { u"meta"_s, QJsonObject { { u"contactId"_s, match }, { u"matchingField"_s, field } } },
            { u"traceId"_s, traceId() } });
}

QStringList FakeHighLevel::applyContactFields(const QJsonObject &body, HighLevelContact *c,
                                              bool replaceTags) const
{
    QStringList errors;
    auto text = [&](QLatin1StringView key, QString *target) {
        if (body.contains(key))
            *target = body.value(key).toString().trimmed();
    };
    text("firstName"_L1, &c->firstName);
    text("lastName"_L1, &c->lastName);
    if (body.contains("name"_L1) && !body.contains("firstName"_L1)
        && !body.contains("lastName"_L1)) {
        const QString name = body.value("name"_L1).toString().trimmed();
        const qsizetype space = name.indexOf(u' ');
        c->firstName = space < 0 ? name : name.left(space);
        c->lastName = space < 0 ? QString() : name.mid(space + 1).trimmed();
    }
    if (body.contains("email"_L1)) {
        const QString email = body.value("email"_L1).toString().trimmed();
        static const QRegularExpression shape(u"^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"_s);
        if (!email.isEmpty() && !shape.match(email).hasMatch())
            errors.append(u"email must be an email"_s);
        else
            c->email = email;
    }
    text("companyName"_L1, &c->companyName);
    text("address1"_L1, &c->address1);
    text("city"_L1, &c->city);
    text("state"_L1, &c->state);
    text("postalCode"_L1, &c->postalCode);
    text("website"_L1, &c->website);
    text("timezone"_L1, &c->timezone);
    text("source"_L1, &c->source);
    text("assignedTo"_L1, &c->assignedTo);
    text("gender"_L1, &c->gender);
    if (body.contains("country"_L1))
        c->country = body.value("country"_L1).toString().trimmed().toUpper();
    if (body.contains("phone"_L1)) {
        const QString raw = body.value("phone"_L1).toString().trimmed();
        const QString e164 = PhoneNumber::toE164(raw, c->country);
        if (!raw.isEmpty() && e164.isEmpty())
            errors.append(u"phone must be a valid phone number"_s);
        else
            c->phone = e164;
    }
    if (body.contains("dnd"_L1))
        c->dnd = body.value("dnd"_L1).toBool();
    if (body.value("dndSettings"_L1).isObject())
        c->dndSettings = body.value("dndSettings"_L1).toObject();
    if (body.contains("dateOfBirth"_L1)) {
        const QJsonValue v = body.value("dateOfBirth"_L1);
        if (v.isNull()) {
            c->dateOfBirth.clear();
        } else {
            // Every notation the spec lists: YYYY/MM/DD, MM/DD/YYYY, with -, ., _ or /.
            QString s = v.toString().trimmed();
            s.replace(u'/', u'-').replace(u'.', u'-').replace(u'_', u'-');
            QDate d = QDate::fromString(s.left(10), u"yyyy-MM-dd"_s);
            if (!d.isValid())
                d = QDate::fromString(s.left(10), u"MM-dd-yyyy"_s);
            if (!d.isValid())
                errors.append(u"dateOfBirth must be a valid date"_s);
            else
                c->dateOfBirth = d.toString(Qt::ISODate);
        }
    }
    if (replaceTags && body.contains("tags"_L1)) {
        const QJsonArray tags = body.value("tags"_L1).toArray();
        for (const QJsonValue &t : tags) {
            if (!t.isString()) {
                errors.append(u"each value in tags must be a string"_s);
                break;
            }
        }
        c->tags = normaliseTags(tags);
    }
    if (body.contains("customFields"_L1)) {
        const QJsonArray fields = body.value("customFields"_L1).toArray();
        for (qsizetype i = 0; i < fields.size(); ++i) {
            const QString where = u"customFields."_s + QString::number(i);
            const QJsonObject f = fields.at(i).toObject();
            bool shapeOk = fields.at(i).isObject();
            for (auto it = f.begin(); it != f.end(); ++it) {
                static const QStringList allowed
                    = { u"id"_s, u"key"_s, u"field_value"_s, u"fieldValue"_s, u"value"_s };
                if (!allowed.contains(it.key())) {
                    errors.append(where + u".property "_s + it.key() + u" should not exist"_s);
                    shapeOk = false;
                }
            }
            if (!shapeOk)
                continue;
            const QString ref
                = f.contains("id"_L1) ? f.value("id"_L1).toString() : f.value("key"_L1).toString();
            const HighLevelCustomField *def = m_store.customField(ref);
            if (!def) {
                errors.append(where
                              + u".id must be the id or key of a custom field of this "
                                "location"_s);
                continue;
            }
            QJsonValue value = f.contains("fieldValue"_L1) ? f.value("fieldValue"_L1)
                : f.contains("field_value"_L1)             ? f.value("field_value"_L1)
                                                           : f.value("value"_L1);
            if (def->isNumeric() && value.isString() && !value.toString().isEmpty()) {
                bool ok = false;
                const double d = value.toString().toDouble(&ok);
                if (!ok) {
                    errors.append(where + u".field_value must be a number for "_s + def->name);
                    continue;
                }
                value = d;
            }
            if (def->isMultiValued() && value.isString())
                value = QJsonArray { value };
            if (def->isNumeric() && !value.isDouble() && !value.isNull()
                && !(value.isString() && value.toString().isEmpty())) {
                errors.append(where + u".field_value must be a number for "_s + def->name);
                continue;
            }
            auto &list = c->customFields;
            list.erase(std::remove_if(
                           list.begin(), list.end(),
                           [&](const HighLevelContact::CustomValue &v) { return v.id == def->id; }),
                       list.end());
            const bool empty = value.isNull() || value.isUndefined()
                || (value.isString() && value.toString().isEmpty())
                || (value.isArray() && value.toArray().isEmpty());
            if (!empty)
                list.append({ def->id, value });
        }
    }
    return errors;
}

// ---------------------------------------------------------------------------------------------
// Search and lists

SandboxResponse FakeHighLevel::searchContacts(SandboxRequest &request)
{
    QJsonObject body;
    if (auto refusal = readBody(request,
                                { { "locationId", 's', true, false },
                                  { "pageLimit", 'n', true, false },
                                  { "page", 'n', false, false },
                                  { "searchAfter", 'a', false, false },
                                  { "filters", 'a', false, false },
                                  { "sort", 'a', false, false },
                                  { "query", 's', false, false } },
                                &body))
        return *refusal;

    QStringList errors;
    const double pageLimit = body.value("pageLimit"_L1).toDouble();
    if (pageLimit != double(int(pageLimit)) || pageLimit < 1)
        errors.append(u"pageLimit must not be less than 1"_s);
    else if (pageLimit > kMaxPageLimit)
        errors.append(u"pageLimit must not be greater than 500"_s);
    const bool hasPage = body.contains("page"_L1);
    const double page = body.value("page"_L1).toDouble(1);
    if (hasPage && (page != double(int(page)) || page < 1))
        errors.append(u"page must not be less than 1"_s);
    if (hasPage && body.contains("searchAfter"_L1))
        errors.append(u"page and searchAfter cannot be used together; send searchAfter without "
                      "page to continue after the last contact of the previous page"_s);
    if (errors.isEmpty() && page * pageLimit > kMaxSearchDepth)
        errors.append(u"page * pageLimit must not exceed 10000: standard pagination stops at "
                      "10,000 results, use searchAfter to read further"_s);
    const HighLevelContactQuery query = HighLevelContactQuery::parse(body, &errors);
    if (!errors.isEmpty())
        return unprocessable(errors);

    const QString locationId = body.value("locationId"_L1).toString();
    if (auto forbidden = checkLocation(request, locationId))
        return *forbidden;
    if (locationId != m_store.locationId())
        return reply(200, QJsonObject { { u"contacts"_s, QJsonArray() }, { u"total"_s, 0 } });

    const QVector<int> &order = m_store.search(query);
    const auto &contacts = m_store.contacts();
    qsizetype start = 0;
    if (query.hasCursor()) {
        start
            = std::partition_point(order.begin(), order.end(),
                                   [&](int i) { return !query.isAfterCursor(contacts[size_t(i)]); })
            - order.begin();
    } else {
        start = qsizetype(page - 1) * qsizetype(pageLimit);
    }
    const qsizetype end = qMin(order.size(), start + qsizetype(pageLimit));
    QJsonArray items;
    for (qsizetype i = start; i < end; ++i) {
        const HighLevelContact &c = contacts[size_t(order.at(i))];
        QJsonObject item = c.toSearchJson();
        item.insert(u"searchAfter"_s, query.cursorOf(c));
        items.append(item);
    }
    return reply(200,
                 QJsonObject { { u"contacts"_s, items }, { u"total"_s, qint64(order.size()) } });
}

SandboxResponse FakeHighLevel::listContacts(SandboxRequest &request)
{
    if (auto refusal = checkQuery(
            request,
            { u"locationId"_s, u"startAfterId"_s, u"startAfter"_s, u"query"_s, u"limit"_s },
            { u"locationId"_s }))
        return *refusal;
    const QString locationId = request.queryValue(u"locationId"_s);
    if (auto forbidden = checkLocation(request, locationId))
        return *forbidden;
    int limit = 20;
    if (request.hasQuery(u"limit"_s)) {
        bool ok = false;
        limit = request.queryValue(u"limit"_s).toInt(&ok);
        if (!ok || limit < 1)
            return unprocessable({ u"limit must not be less than 1"_s });
        if (limit > kMaxLegacyLimit)
            return unprocessable({ u"limit must not be greater than 100"_s });
    }
    const QString text = request.queryValue(u"query"_s).trimmed().toLower();
    QVector<int> matches;
    if (locationId == m_store.locationId()) {
        const QVector<int> &order = m_store.byDateAddedAscending();
        if (text.isEmpty()) {
            matches = order;
        } else {
            for (int i : order) {
                if (m_store.contacts()[size_t(i)].searchText.contains(text))
                    matches.append(i);
            }
        }
    }
    const auto &contacts = m_store.contacts();
    qsizetype start = 0;
    if (request.hasQuery(u"startAfter"_s) || request.hasQuery(u"startAfterId"_s)) {
        const qint64 after = request.queryValue(u"startAfter"_s).toLongLong();
        const QString afterId = request.queryValue(u"startAfterId"_s);
        if (!afterId.isEmpty() && !request.hasQuery(u"startAfter"_s)) {
            // Only the id: position after that contact.
            const HighLevelContact *c = m_store.contact(afterId);
            const qint64 at = c ? c->dateAdded : 0;
            start = std::partition_point(matches.begin(), matches.end(),
                                         [&](int i) {
                                             const HighLevelContact &x = contacts[size_t(i)];
                                             return x.dateAdded < at
                                                 || (x.dateAdded == at && x.id <= afterId);
                                         })
                - matches.begin();
        } else {
            start = std::partition_point(matches.begin(), matches.end(),
                                         [&](int i) {
                                             const HighLevelContact &x = contacts[size_t(i)];
                                             return x.dateAdded < after
                                                 || (x.dateAdded == after && !afterId.isEmpty()
                                                     && x.id <= afterId);
                                         })
                - matches.begin();
        }
    }
    const qsizetype end = qMin(matches.size(), start + limit);
    QJsonArray items;
    for (qsizetype i = start; i < end; ++i)
        items.append(contacts[size_t(matches.at(i))].toSearchJson());

    const int currentPage = int(start / limit) + 1;
    QJsonObject meta { { u"total"_s, qint64(matches.size()) }, { u"currentPage"_s, currentPage } };
    if (end > start) {
        const HighLevelContact &last = contacts[size_t(matches.at(end - 1))];
        meta.insert(u"startAfterId"_s, last.id);
        meta.insert(u"startAfter"_s, last.dateAdded);
    } else {
        meta.insert(u"startAfterId"_s, QJsonValue::Null);
        meta.insert(u"startAfter"_s, QJsonValue::Null);
    }
    if (end < matches.size()) {
        const HighLevelContact &last = contacts[size_t(matches.at(end - 1))];
        QUrl next = baseUrl();
        next.setPath(u"/contacts/"_s);
        QString q = u"locationId="_s + QString::fromLatin1(QUrl::toPercentEncoding(locationId))
            + u"&startAfter="_s + QString::number(last.dateAdded) + u"&startAfterId="_s + last.id;
        if (!text.isEmpty())
            q += u"&query="_s + QString::fromLatin1(QUrl::toPercentEncoding(text));
        if (request.hasQuery(u"limit"_s))
            q += u"&limit="_s + QString::number(limit);
        next.setQuery(q);
        meta.insert(u"nextPageUrl"_s, next.toString());
        meta.insert(u"nextPage"_s, currentPage + 1);
    } else {
        meta.insert(u"nextPageUrl"_s, QJsonValue::Null);
        meta.insert(u"nextPage"_s, QJsonValue::Null);
    }
    meta.insert(u"prevPage"_s, currentPage > 1 ? QJsonValue(currentPage - 1) : QJsonValue());
    return reply(200, QJsonObject { { u"contacts"_s, items }, { u"meta"_s, meta } });
}

SandboxResponse FakeHighLevel::findDuplicate(SandboxRequest &request)
{
    if (auto refusal
        = checkQuery(request, { u"locationId"_s, u"number"_s, u"email"_s }, { u"locationId"_s }))
        return *refusal;
    const QString locationId = request.queryValue(u"locationId"_s);
    if (auto forbidden = checkLocation(request, locationId))
        return *forbidden;
    QString id;
    if (locationId == m_store.locationId()) {
        const QString email = request.queryValue(u"email"_s).trimmed();
        const QString number = request.queryValue(u"number"_s).trimmed();
        if (!email.isEmpty())
            id = m_store.findByEmail(email);
        if (id.isEmpty() && !number.isEmpty())
            id = m_store.findByPhone(PhoneNumber::toE164(number));
    }
    const HighLevelContact *c = id.isEmpty() ? nullptr : m_store.contact(id);
    return reply(200, QJsonObject { { u"contact"_s, c ? QJsonValue(c->toJson()) : QJsonValue() } });
}

SandboxResponse FakeHighLevel::contactsByBusiness(SandboxRequest &request)
{
    if (auto refusal = checkQuery(request, { u"locationId"_s, u"limit"_s, u"skip"_s, u"query"_s },
                                  { u"locationId"_s }))
        return *refusal;
    const QString locationId = request.queryValue(u"locationId"_s);
    if (auto forbidden = checkLocation(request, locationId))
        return *forbidden;
    const QString businessId = request.param(u"businessId"_s);
    const int limit = request.hasQuery(u"limit"_s) ? request.queryValue(u"limit"_s).toInt() : 25;
    const int skip = request.queryValue(u"skip"_s).toInt();
    const QString text = request.queryValue(u"query"_s).trimmed().toLower();
    QJsonArray items;
    int count = 0;
    if (locationId == m_store.locationId()) {
        for (int i : m_store.byDateAddedAscending()) {
            const HighLevelContact &c = m_store.contacts()[size_t(i)];
            if (c.businessId != businessId || (!text.isEmpty() && !c.searchText.contains(text)))
                continue;
            if (count >= skip && items.size() < limit)
                items.append(c.toSearchJson());
            ++count;
        }
    }
    return reply(200, QJsonObject { { u"contacts"_s, items }, { u"count"_s, count } });
}

// ---------------------------------------------------------------------------------------------
// Contacts

SandboxResponse FakeHighLevel::getContact(SandboxRequest &request)
{
    std::optional<SandboxResponse> refusal;
    const HighLevelContact *c = contactFor(request, &refusal);
    if (!c)
        return *refusal;
    return reply(200, QJsonObject { { u"contact"_s, c->toJson() } });
}

#define CONTACT_FIELDS                                                                             \
    { "firstName", 's', false, true }, { "lastName", 's', false, true },                           \
        { "name", 's', false, true }, { "email", 's', false, true },                               \
        { "phone", 's', false, true }, { "address1", 's', false, true },                           \
        { "city", 's', false, true }, { "state", 's', false, true },                               \
        { "postalCode", 's', false, true }, { "website", 's', false, true },                       \
        { "timezone", 's', false, true }, { "dnd", 'b', false, false },                            \
        { "dndSettings", 'o', false, false }, { "inboundDndSettings", 'o', false, false },         \
        { "tags", 'a', false, false }, { "customFields", 'a', false, false },                      \
        { "source", 's', false, true }, { "dateOfBirth", '*', false, true },                       \
        { "country", 's', false, false },                                                          \
    {                                                                                              \
        "assignedTo", 's', false, true                                                             \
    }

SandboxResponse FakeHighLevel::createContact(SandboxRequest &request)
{
    QJsonObject body;
    if (auto refusal = readBody(request,
                                { CONTACT_FIELDS,
                                  { "locationId", 's', true, false },
                                  { "gender", 's', false, false },
                                  { "companyName", 's', false, false } },
                                &body))
        return *refusal;
    const QString locationId = body.value("locationId"_L1).toString();
    if (auto forbidden = checkLocation(request, locationId))
        return *forbidden;
    HighLevelContact c;
    c.id = m_store.newId();
    c.locationId = locationId;
    c.type = u"lead"_s;
    c.dateAdded = c.dateUpdated = now();
    const QStringList errors = applyContactFields(body, &c, true);
    if (!errors.isEmpty())
        return unprocessable(errors);
    c.updateDerived();
    if (auto duplicate = duplicateOf(c, QString()))
        return *duplicate;
    m_store.insertContact(c, m_options.searchIndexLagMs);
    return reply(201, QJsonObject { { u"contact"_s, m_store.contact(c.id)->toJson() } });
}

SandboxResponse FakeHighLevel::updateContact(SandboxRequest &request)
{
    std::optional<SandboxResponse> refusal;
    const HighLevelContact *existing = contactFor(request, &refusal);
    if (!existing)
        return *refusal;
    QJsonObject body;
    if (m_options.companyNameOnUpdate)
        refusal = readBody(request, { CONTACT_FIELDS, { "companyName", 's', false, true } }, &body);
    else
        refusal = readBody(request, { CONTACT_FIELDS }, &body);
    if (refusal)
        return *refusal;
    HighLevelContact candidate = *existing;
    const QStringList errors = applyContactFields(body, &candidate, true);
    if (!errors.isEmpty())
        return unprocessable(errors);
    candidate.updateDerived();
    // Only a changed email or phone is checked: legacy data may already hold duplicates, and
    // editing such a contact's name must not fail.
    HighLevelContact changedOnly = candidate;
    if (changedOnly.emailLower == existing->emailLower)
        changedOnly.email.clear();
    if (changedOnly.phone == existing->phone)
        changedOnly.phone.clear();
    if (auto duplicate = duplicateOf(changedOnly, candidate.id))
        return *duplicate;
    const QString id = candidate.id;
    m_store.updateContact(
        id, [&](HighLevelContact &c) { c = candidate; }, now());
    return reply(
        200,
        QJsonObject { { u"succeded"_s, true }, { u"contact"_s, m_store.contact(id)->toJson() } });
}

SandboxResponse FakeHighLevel::upsertContact(SandboxRequest &request)
{
    QJsonObject body;
    if (auto refusal = readBody(request,
                                { CONTACT_FIELDS,
                                  { "locationId", 's', true, false },
                                  { "gender", 's', false, false },
                                  { "companyName", 's', false, false },
                                  { "createNewIfDuplicateAllowed", 'b', false, false } },
                                &body))
        return *refusal;
    const QString locationId = body.value("locationId"_L1).toString();
    if (auto forbidden = checkLocation(request, locationId))
        return *forbidden;

    HighLevelContact probe;
    const QStringList errors = applyContactFields(body, &probe, true);
    if (!errors.isEmpty())
        return unprocessable(errors);
    // Matches by email first, then phone: the location's default priority.
    QString matchId;
    const bool forceNew
        = m_options.allowDuplicates && body.value("createNewIfDuplicateAllowed"_L1).toBool();
    if (!forceNew) {
        if (!probe.email.isEmpty())
            matchId = m_store.findByEmail(probe.email);
        if (matchId.isEmpty() && !probe.phone.isEmpty())
            matchId = m_store.findByPhone(probe.phone);
    }
    if (!matchId.isEmpty()) {
        HighLevelContact candidate = *m_store.contact(matchId);
        QJsonObject fields = body;
        // The second identifier is dropped when it belongs to another contact.
        if (!m_options.allowDuplicates && fields.contains("phone"_L1)) {
            const QString other = m_store.findByPhone(probe.phone, matchId);
            if (!other.isEmpty())
                fields.remove(u"phone"_s);
        }
        applyContactFields(fields, &candidate, true);
        m_store.updateContact(
            matchId, [&](HighLevelContact &c) { c = candidate; }, now());
        return reply(200,
                     QJsonObject { { u"new"_s, false },
                                   { u"contact"_s, m_store.contact(matchId)->toJson() },
                                   { u"traceId"_s, traceId() } });
    }
    HighLevelContact c;
    c.id = m_store.newId();
    c.locationId = locationId;
    c.type = u"lead"_s;
    c.dateAdded = c.dateUpdated = now();
    applyContactFields(body, &c, true);
    m_store.insertContact(c, m_options.searchIndexLagMs);
    return reply(200,
                 QJsonObject { { u"new"_s, true },
                               { u"contact"_s, m_store.contact(c.id)->toJson() },
                               { u"traceId"_s, traceId() } });
}

SandboxResponse FakeHighLevel::deleteContact(SandboxRequest &request)
{
    std::optional<SandboxResponse> refusal;
    const HighLevelContact *c = contactFor(request, &refusal);
    if (!c)
        return *refusal;
    m_store.removeContact(c->id);
    return reply(200, QJsonObject { { u"succeded"_s, true } });
}

// ---------------------------------------------------------------------------------------------
// Tags

SandboxResponse FakeHighLevel::addTags(SandboxRequest &request)
{
    std::optional<SandboxResponse> refusal;
    const HighLevelContact *c = contactFor(request, &refusal);
    if (!c)
        return *refusal;
    QJsonObject body;
    if (auto bad = readBody(request, { { "tags", 'a', true, false } }, &body))
        return *bad;
    const QStringList tags = normaliseTags(body.value("tags"_L1).toArray());
    if (tags.isEmpty())
        return unprocessable({ u"tags should not be empty"_s });
    QStringList added;
    for (const QString &t : tags) {
        if (!c->hasTag(t))
            added.append(t);
    }
    const QString id = c->id;
    // Adding a tag the contact already has (in any case) changes nothing, not even dateUpdated.
    if (!added.isEmpty())
        m_store.updateContact(
            id, [&](HighLevelContact &x) { x.tags += added; }, now());
    return reply(
        201, QJsonObject { { u"tags"_s, QJsonArray::fromStringList(m_store.contact(id)->tags) } });
}

SandboxResponse FakeHighLevel::removeTags(SandboxRequest &request)
{
    std::optional<SandboxResponse> refusal;
    const HighLevelContact *c = contactFor(request, &refusal);
    if (!c)
        return *refusal;
    QJsonObject body;
    if (auto bad = readBody(request, { { "tags", 'a', true, false } }, &body))
        return *bad;
    QStringList remove;
    for (const QJsonValue &v : body.value("tags"_L1).toArray())
        remove.append(v.toString().trimmed());
    const QString id = c->id;
    const bool any
        = std::any_of(remove.begin(), remove.end(), [&](const QString &t) { return c->hasTag(t); });
    if (any) {
        m_store.updateContact(
            id,
            [&](HighLevelContact &x) {
                x.tags.removeIf([&](const QString &t) {
                    return std::any_of(remove.begin(), remove.end(), [&](const QString &r) {
                        return r.compare(t, Qt::CaseInsensitive) == 0;
                    });
                });
            },
            now());
    }
    return reply(
        200, QJsonObject { { u"tags"_s, QJsonArray::fromStringList(m_store.contact(id)->tags) } });
}

SandboxResponse FakeHighLevel::bulkTags(SandboxRequest &request)
{
    const QString type = request.param(u"type"_s);
    if (type != "add"_L1 && type != "remove"_L1)
        return unprocessable({ u"type must be one of the following values: add, remove"_s });
    QJsonObject body;
    if (auto bad = readBody(request,
                            { { "contacts", 'a', true, false },
                              { "tags", 'a', true, false },
                              { "locationId", 's', true, false },
                              { "removeAllTags", 'b', false, false } },
                            &body))
        return *bad;
    const QString locationId = body.value("locationId"_L1).toString();
    if (auto forbidden = checkLocation(request, locationId))
        return *forbidden;
    const bool removeAll = body.value("removeAllTags"_L1).toBool();
    if (removeAll && type == "add"_L1)
        return unprocessable({ u"removeAllTags can only be used with the remove type"_s });
    const QStringList tags = normaliseTags(body.value("tags"_L1).toArray());
    QJsonArray responses;
    int errorCount = 0;
    for (const QJsonValue &v : body.value("contacts"_L1).toArray()) {
        const QString id = v.toString();
        const HighLevelContact *c = m_store.contact(id);
        if (!c || c->locationId != locationId) {
            ++errorCount;
            responses.append(QJsonObject {
                { u"contactId"_s, id },
                { u"message"_s,
                  c ? u"contact does not belong to location"_s : u"contact not found"_s },
                { u"type"_s, u"error"_s } });
            continue;
        }
        const QStringList oldTags = c->tags;
        QStringList added, removed;
        if (type == "add"_L1) {
            for (const QString &t : tags) {
                if (!c->hasTag(t))
                    added.append(t);
            }
        } else {
            for (const QString &t : oldTags) {
                const bool hit
                    = removeAll || std::any_of(tags.begin(), tags.end(), [&](const QString &r) {
                          return r.compare(t, Qt::CaseInsensitive) == 0;
                      });
                if (hit)
                    removed.append(t);
            }
        }
        if (!added.isEmpty() || !removed.isEmpty()) {
            m_store.updateContact(
                id,
                [&](HighLevelContact &x) {
                    x.tags += added;
                    for (const QString &r : std::as_const(removed))
                        x.tags.removeAll(r);
                },
                now());
        }
        responses.append(QJsonObject { { u"contactId"_s, id },
                                       { u"message"_s, u"Tags updated"_s },
                                       { u"type"_s, u"success"_s },
                                       { u"oldTags"_s, QJsonArray::fromStringList(oldTags) },
                                       { u"tagsAdded"_s, QJsonArray::fromStringList(added) },
                                       { u"tagsRemoved"_s, QJsonArray::fromStringList(removed) } });
    }
    return reply(201,
                 QJsonObject { { u"succeded"_s, errorCount == 0 },
                               { u"errorCount"_s, errorCount },
                               { u"responses"_s, responses } });
}

SandboxResponse FakeHighLevel::bulkBusiness(SandboxRequest &request)
{
    QJsonObject body;
    if (auto bad = readBody(request,
                            { { "locationId", 's', true, false },
                              { "ids", 'a', true, false },
                              { "businessId", 's', false, true } },
                            &body))
        return *bad;
    if (!body.contains("businessId"_L1))
        return unprocessable({ u"businessId should not be empty"_s });
    const QString locationId = body.value("locationId"_L1).toString();
    if (auto forbidden = checkLocation(request, locationId))
        return *forbidden;
    const QString businessId = body.value("businessId"_L1).toString();
    QJsonArray ids;
    for (const QJsonValue &v : body.value("ids"_L1).toArray()) {
        if (m_store.updateContact(
                v.toString(), [&](HighLevelContact &c) { c.businessId = businessId; }, now()))
            ids.append(v);
    }
    return reply(200, QJsonObject { { u"success"_s, true }, { u"ids"_s, ids } });
}

// ---------------------------------------------------------------------------------------------
// Tasks

SandboxResponse FakeHighLevel::listTasks(SandboxRequest &request)
{
    std::optional<SandboxResponse> refusal;
    const HighLevelContact *c = contactFor(request, &refusal);
    if (!c)
        return *refusal;
    QJsonArray tasks;
    for (const HighLevelTask &t : m_store.tasks(c->id))
        tasks.append(t.toJson());
    return reply(200, QJsonObject { { u"tasks"_s, tasks } });
}

SandboxResponse FakeHighLevel::getTask(SandboxRequest &request)
{
    std::optional<SandboxResponse> refusal;
    const HighLevelContact *c = contactFor(request, &refusal);
    if (!c)
        return *refusal;
    for (const HighLevelTask &t : m_store.tasks(c->id)) {
        if (t.id == request.param(u"taskId"_s))
            return reply(200, QJsonObject { { u"task"_s, t.toJson() } });
    }
    return notFoundError(u"Task not found"_s);
}

static bool parseDue(const QJsonObject &body, qint64 *due, QStringList *errors)
{
    if (!body.contains("dueDate"_L1))
        return true;
    if (!SandboxTime::parse(body.value("dueDate"_L1).toString(), due)) {
        errors->append(u"dueDate must be a valid ISO 8601 date string"_s);
        return false;
    }
    return true;
}

SandboxResponse FakeHighLevel::createTask(SandboxRequest &request)
{
    std::optional<SandboxResponse> refusal;
    const HighLevelContact *c = contactFor(request, &refusal);
    if (!c)
        return *refusal;
    QJsonObject body;
    if (auto bad = readBody(request,
                            { { "title", 's', true, false },
                              { "body", 's', false, false },
                              { "dueDate", 's', true, false },
                              { "completed", 'b', true, false },
                              { "assignedTo", 's', false, false } },
                            &body))
        return *bad;
    HighLevelTask t;
    QStringList errors;
    parseDue(body, &t.dueDate, &errors);
    if (!errors.isEmpty())
        return unprocessable(errors);
    t.id = m_store.newId();
    t.contactId = c->id;
    t.title = body.value("title"_L1).toString();
    t.body = body.value("body"_L1).toString();
    t.completed = body.value("completed"_L1).toBool();
    t.assignedTo = body.value("assignedTo"_L1).toString();
    t.dateAdded = now();
    m_store.tasks(c->id).append(t);
    return reply(201, QJsonObject { { u"task"_s, t.toJson() } });
}

SandboxResponse FakeHighLevel::updateTask(SandboxRequest &request)
{
    std::optional<SandboxResponse> refusal;
    const HighLevelContact *c = contactFor(request, &refusal);
    if (!c)
        return *refusal;
    QJsonObject body;
    if (auto bad = readBody(request,
                            { { "title", 's', false, false },
                              { "body", 's', false, false },
                              { "dueDate", 's', false, false },
                              { "completed", 'b', false, false },
                              { "assignedTo", 's', false, false } },
                            &body))
        return *bad;
    for (HighLevelTask &t : m_store.tasks(c->id)) {
        if (t.id != request.param(u"taskId"_s))
            continue;
        QStringList errors;
        qint64 due = t.dueDate;
        parseDue(body, &due, &errors);
        if (!errors.isEmpty())
            return unprocessable(errors);
        t.dueDate = due;
        if (body.contains("title"_L1))
            t.title = body.value("title"_L1).toString();
        if (body.contains("body"_L1))
            t.body = body.value("body"_L1).toString();
        if (body.contains("completed"_L1))
            t.completed = body.value("completed"_L1).toBool();
        if (body.contains("assignedTo"_L1))
            t.assignedTo = body.value("assignedTo"_L1).toString();
        return reply(200, QJsonObject { { u"task"_s, t.toJson() } });
    }
    return notFoundError(u"Task not found"_s);
}

SandboxResponse FakeHighLevel::completeTask(SandboxRequest &request)
{
    std::optional<SandboxResponse> refusal;
    const HighLevelContact *c = contactFor(request, &refusal);
    if (!c)
        return *refusal;
    QJsonObject body;
    if (auto bad = readBody(request, { { "completed", 'b', true, false } }, &body))
        return *bad;
    for (HighLevelTask &t : m_store.tasks(c->id)) {
        if (t.id == request.param(u"taskId"_s)) {
            t.completed = body.value("completed"_L1).toBool();
            return reply(200, QJsonObject { { u"task"_s, t.toJson() } });
        }
    }
    return notFoundError(u"Task not found"_s);
}

SandboxResponse FakeHighLevel::deleteTask(SandboxRequest &request)
{
    std::optional<SandboxResponse> refusal;
    const HighLevelContact *c = contactFor(request, &refusal);
    if (!c)
        return *refusal;
    auto &tasks = m_store.tasks(c->id);
    const QString id = request.param(u"taskId"_s);
    const qsizetype removed = tasks.removeIf([&](const HighLevelTask &t) { return t.id == id; });
    if (removed == 0)
        return notFoundError(u"Task not found"_s);
    return reply(200, QJsonObject { { u"succeded"_s, true } });
}

// ---------------------------------------------------------------------------------------------
// Notes

SandboxResponse FakeHighLevel::listNotes(SandboxRequest &request)
{
    std::optional<SandboxResponse> refusal;
    const HighLevelContact *c = contactFor(request, &refusal);
    if (!c)
        return *refusal;
    QJsonArray notes;
    for (const HighLevelNote &n : m_store.notes(c->id))
        notes.append(n.toJson());
    return reply(200, QJsonObject { { u"notes"_s, notes } });
}

SandboxResponse FakeHighLevel::getNote(SandboxRequest &request)
{
    std::optional<SandboxResponse> refusal;
    const HighLevelContact *c = contactFor(request, &refusal);
    if (!c)
        return *refusal;
    for (const HighLevelNote &n : m_store.notes(c->id)) {
        if (n.id == request.param(u"id"_s))
            return reply(200, QJsonObject { { u"note"_s, n.toJson() } });
    }
    return notFoundError(u"Note not found"_s);
}

SandboxResponse FakeHighLevel::createNote(SandboxRequest &request)
{
    std::optional<SandboxResponse> refusal;
    const HighLevelContact *c = contactFor(request, &refusal);
    if (!c)
        return *refusal;
    QJsonObject body;
    if (auto bad = readBody(request,
                            { { "userId", 's', false, false },
                              { "body", 's', true, false },
                              { "title", 's', false, false },
                              { "color", 's', false, false },
                              { "pinned", 'b', false, false } },
                            &body))
        return *bad;
    HighLevelNote n;
    n.id = m_store.newId();
    n.contactId = c->id;
    n.body = body.value("body"_L1).toString();
    n.userId = body.value("userId"_L1).toString();
    n.title = body.value("title"_L1).toString();
    n.color = body.value("color"_L1).toString();
    n.pinned = body.value("pinned"_L1).toBool();
    n.dateAdded = now();
    m_store.notes(c->id).prepend(n);
    return reply(201, QJsonObject { { u"note"_s, n.toJson() } });
}

SandboxResponse FakeHighLevel::updateNote(SandboxRequest &request)
{
    std::optional<SandboxResponse> refusal;
    const HighLevelContact *c = contactFor(request, &refusal);
    if (!c)
        return *refusal;
    QJsonObject body;
    if (auto bad = readBody(request,
                            { { "userId", 's', false, false },
                              { "body", 's', false, false },
                              { "title", 's', false, false },
                              { "color", 's', false, false },
                              { "pinned", 'b', false, false } },
                            &body))
        return *bad;
    for (HighLevelNote &n : m_store.notes(c->id)) {
        if (n.id != request.param(u"id"_s))
            continue;
        if (body.contains("body"_L1))
            n.body = body.value("body"_L1).toString();
        if (body.contains("userId"_L1))
            n.userId = body.value("userId"_L1).toString();
        if (body.contains("title"_L1))
            n.title = body.value("title"_L1).toString();
        if (body.contains("color"_L1))
            n.color = body.value("color"_L1).toString();
        if (body.contains("pinned"_L1))
            n.pinned = body.value("pinned"_L1).toBool();
        return reply(200, QJsonObject { { u"note"_s, n.toJson() } });
    }
    return notFoundError(u"Note not found"_s);
}

SandboxResponse FakeHighLevel::deleteNote(SandboxRequest &request)
{
    std::optional<SandboxResponse> refusal;
    const HighLevelContact *c = contactFor(request, &refusal);
    if (!c)
        return *refusal;
    const QString id = request.param(u"id"_s);
    const qsizetype removed
        = m_store.notes(c->id).removeIf([&](const HighLevelNote &n) { return n.id == id; });
    if (removed == 0)
        return notFoundError(u"Note not found"_s);
    return reply(200, QJsonObject { { u"succeded"_s, true } });
}

// ---------------------------------------------------------------------------------------------
// Appointments, campaigns, workflows, followers

SandboxResponse FakeHighLevel::listAppointments(SandboxRequest &request)
{
    std::optional<SandboxResponse> refusal;
    const HighLevelContact *c = contactFor(request, &refusal);
    if (!c)
        return *refusal;
    QList<HighLevelAppointment> list = m_store.appointments(c->id);
    std::sort(list.begin(), list.end(),
              [](const HighLevelAppointment &a, const HighLevelAppointment &b) {
                  return a.startTime < b.startTime;
              });
    QJsonArray events;
    for (const HighLevelAppointment &a : std::as_const(list))
        events.append(a.toContactEventJson());
    return reply(200, QJsonObject { { u"events"_s, events } });
}

SandboxResponse FakeHighLevel::addToCampaign(SandboxRequest &request)
{
    std::optional<SandboxResponse> refusal;
    const HighLevelContact *c = contactFor(request, &refusal);
    if (!c)
        return *refusal;
    QJsonObject body;
    if (auto bad = readBody(request, {}, &body))
        return *bad;
    const QString campaign = request.param(u"campaignId"_s);
    if (!c->campaigns.contains(campaign))
        m_store.updateContact(
            c->id, [&](HighLevelContact &x) { x.campaigns.append(campaign); }, now());
    return reply(201, QJsonObject { { u"succeded"_s, true } });
}

SandboxResponse FakeHighLevel::removeFromCampaign(SandboxRequest &request)
{
    std::optional<SandboxResponse> refusal;
    const HighLevelContact *c = contactFor(request, &refusal);
    if (!c)
        return *refusal;
    const QString campaign = request.param(u"campaignId"_s);
    if (c->campaigns.contains(campaign))
        m_store.updateContact(
            c->id, [&](HighLevelContact &x) { x.campaigns.removeAll(campaign); }, now());
    return reply(200, QJsonObject { { u"succeded"_s, true } });
}

SandboxResponse FakeHighLevel::removeFromAllCampaigns(SandboxRequest &request)
{
    std::optional<SandboxResponse> refusal;
    const HighLevelContact *c = contactFor(request, &refusal);
    if (!c)
        return *refusal;
    if (!c->campaigns.isEmpty())
        m_store.updateContact(
            c->id, [](HighLevelContact &x) { x.campaigns.clear(); }, now());
    return reply(200, QJsonObject { { u"succeded"_s, true } });
}

SandboxResponse FakeHighLevel::addToWorkflow(SandboxRequest &request)
{
    std::optional<SandboxResponse> refusal;
    const HighLevelContact *c = contactFor(request, &refusal);
    if (!c)
        return *refusal;
    QJsonObject body;
    if (auto bad = readBody(request, { { "eventStartTime", 's', false, false } }, &body))
        return *bad;
    const QString workflow = request.param(u"workflowId"_s);
    if (!c->workflows.contains(workflow))
        m_store.updateContact(
            c->id, [&](HighLevelContact &x) { x.workflows.append(workflow); }, now());
    return reply(200, QJsonObject { { u"succeded"_s, true } });
}

SandboxResponse FakeHighLevel::removeFromWorkflow(SandboxRequest &request)
{
    std::optional<SandboxResponse> refusal;
    const HighLevelContact *c = contactFor(request, &refusal);
    if (!c)
        return *refusal;
    QJsonObject body;
    if (auto bad = readBody(request, { { "eventStartTime", 's', false, false } }, &body))
        return *bad;
    const QString workflow = request.param(u"workflowId"_s);
    if (c->workflows.contains(workflow))
        m_store.updateContact(
            c->id, [&](HighLevelContact &x) { x.workflows.removeAll(workflow); }, now());
    return reply(200, QJsonObject { { u"succeded"_s, true } });
}

SandboxResponse FakeHighLevel::addFollowers(SandboxRequest &request)
{
    std::optional<SandboxResponse> refusal;
    const HighLevelContact *c = contactFor(request, &refusal);
    if (!c)
        return *refusal;
    QJsonObject body;
    if (auto bad = readBody(request, { { "followers", 'a', true, false } }, &body))
        return *bad;
    QStringList added;
    for (const QJsonValue &v : body.value("followers"_L1).toArray()) {
        const QString f = v.toString();
        if (!f.isEmpty() && !c->followers.contains(f) && !added.contains(f))
            added.append(f);
    }
    const QString id = c->id;
    if (!added.isEmpty())
        m_store.updateContact(
            id, [&](HighLevelContact &x) { x.followers += added; }, now());
    return reply(201,
                 QJsonObject {
                     { u"followers"_s, QJsonArray::fromStringList(m_store.contact(id)->followers) },
                     { u"followersAdded"_s, QJsonArray::fromStringList(added) } });
}

SandboxResponse FakeHighLevel::removeFollowers(SandboxRequest &request)
{
    std::optional<SandboxResponse> refusal;
    const HighLevelContact *c = contactFor(request, &refusal);
    if (!c)
        return *refusal;
    QJsonObject body;
    if (auto bad = readBody(request, { { "followers", 'a', true, false } }, &body))
        return *bad;
    QStringList removed;
    for (const QJsonValue &v : body.value("followers"_L1).toArray()) {
        if (c->followers.contains(v.toString()) && !removed.contains(v.toString()))
            removed.append(v.toString());
    }
    const QString id = c->id;
    if (!removed.isEmpty()) {
        m_store.updateContact(
            id,
            [&](HighLevelContact &x) {
                for (const QString &f : std::as_const(removed))
                    x.followers.removeAll(f);
            },
            now());
    }
    return reply(200,
                 QJsonObject {
                     { u"followers"_s, QJsonArray::fromStringList(m_store.contact(id)->followers) },
                     { u"followersRemoved"_s, QJsonArray::fromStringList(removed) } });
}

// ---------------------------------------------------------------------------------------------
// Location, custom fields, tags, users

SandboxResponse FakeHighLevel::getLocation(SandboxRequest &request)
{
    const QString locationId = request.param(u"locationId"_s);
    if (auto forbidden = checkLocation(request, locationId))
        return *forbidden;
    if (locationId != m_store.locationId())
        return notFoundError(u"Location not found"_s);
    return reply(200,
                 QJsonObject { { u"location"_s,
                                 QJsonObject { { u"id"_s, m_store.locationId() },
                                               { u"name"_s, m_store.locationName() },
                                               { u"timezone"_s, m_store.timezone() },
                                               { u"country"_s, u"US"_s } } } });
}

SandboxResponse FakeHighLevel::listCustomFields(SandboxRequest &request)
{
    if (auto refusal = checkQuery(request, { u"model"_s }, {}))
        return *refusal;
    const QString locationId = request.param(u"locationId"_s);
    if (auto forbidden = checkLocation(request, locationId))
        return *forbidden;
    const QString model = request.queryValue(u"model"_s);
    if (!model.isEmpty() && model != "contact"_L1 && model != "opportunity"_L1 && model != "all"_L1)
        return unprocessable(
            { u"model must be one of the following values: contact, opportunity, all"_s });
    QJsonArray fields;
    if (locationId == m_store.locationId()) {
        for (const HighLevelCustomField &f : m_store.customFields()) {
            if (model.isEmpty() || model == "all"_L1 || f.model == model)
                fields.append(f.toJson());
        }
    }
    return reply(200, QJsonObject { { u"customFields"_s, fields } });
}

SandboxResponse FakeHighLevel::listLocationTags(SandboxRequest &request)
{
    const QString locationId = request.param(u"locationId"_s);
    if (auto forbidden = checkLocation(request, locationId))
        return *forbidden;
    QJsonArray tags;
    if (locationId == m_store.locationId()) {
        for (const HighLevelStore::Tag &t : m_store.tags())
            tags.append(QJsonObject {
                { u"id"_s, t.id }, { u"name"_s, t.name }, { u"locationId"_s, locationId } });
    }
    return reply(200, QJsonObject { { u"tags"_s, tags } });
}

SandboxResponse FakeHighLevel::listUsers(SandboxRequest &request)
{
    if (auto refusal = checkQuery(request, { u"locationId"_s }, { u"locationId"_s }))
        return *refusal;
    const QString locationId = request.queryValue(u"locationId"_s);
    if (auto forbidden = checkLocation(request, locationId))
        return *forbidden;
    QJsonArray users;
    if (locationId == m_store.locationId()) {
        for (const HighLevelUser &u : m_store.users())
            users.append(u.toJson());
    }
    return reply(200, QJsonObject { { u"users"_s, users } });
}

// ---------------------------------------------------------------------------------------------
// Calendars API

SandboxResponse FakeHighLevel::getCalendarEvent(SandboxRequest &request)
{
    const HighLevelAppointment *a = m_store.appointment(request.param(u"eventId"_s));
    if (!a)
        return notFoundError(u"Appointment not found"_s);
    if (auto forbidden = checkLocation(request, a->locationId))
        return *forbidden;
    return reply(200, QJsonObject { { u"event"_s, a->toCalendarEventJson() } });
}

SandboxResponse FakeHighLevel::updateCalendarEvent(SandboxRequest &request)
{
    HighLevelAppointment *a = m_store.appointment(request.param(u"eventId"_s));
    if (!a)
        return notFoundError(u"Appointment not found"_s);
    if (auto forbidden = checkLocation(request, a->locationId))
        return *forbidden;
    QJsonObject body;
    if (auto bad = readBody(request,
                            { { "title", 's', false, false },
                              { "meetingLocationType", 's', false, false },
                              { "meetingLocationId", 's', false, false },
                              { "overrideLocationConfig", 'b', false, false },
                              { "appointmentStatus", 's', false, false },
                              { "assignedUserId", 's', false, false },
                              { "description", 's', false, false },
                              { "address", 's', false, false },
                              { "ignoreDateRange", 'b', false, false },
                              { "toNotify", 'b', false, false },
                              { "ignoreFreeSlotValidation", 'b', false, false },
                              { "rrule", 's', false, false },
                              { "calendarId", 's', false, false },
                              { "startTime", 's', false, false },
                              { "endTime", 's', false, false } },
                            &body))
        return *bad;
    QStringList errors;
    static const QStringList statuses
        = { u"new"_s, u"confirmed"_s, u"cancelled"_s, u"showed"_s, u"noshow"_s, u"invalid"_s };
    const QString status = body.value("appointmentStatus"_L1).toString();
    if (body.contains("appointmentStatus"_L1) && !statuses.contains(status))
        errors.append(u"appointmentStatus must be one of the following values: new, confirmed, "
                      "cancelled, showed, noshow, invalid"_s);
    qint64 start = a->startTime, end = a->endTime;
    if (body.contains("startTime"_L1)
        && !SandboxTime::parse(body.value("startTime"_L1).toString(), &start))
        errors.append(u"startTime must be a valid ISO 8601 date string"_s);
    if (body.contains("endTime"_L1)
        && !SandboxTime::parse(body.value("endTime"_L1).toString(), &end))
        errors.append(u"endTime must be a valid ISO 8601 date string"_s);
    if (!errors.isEmpty())
        return unprocessable(errors);
    if (body.contains("appointmentStatus"_L1))
        a->appointmentStatus = status;
    if (body.contains("title"_L1))
        a->title = body.value("title"_L1).toString();
    if (body.contains("assignedUserId"_L1))
        a->assignedUserId = body.value("assignedUserId"_L1).toString();
    if (body.contains("address"_L1))
        a->address = body.value("address"_L1).toString();
    if (body.contains("calendarId"_L1))
        a->calendarId = body.value("calendarId"_L1).toString();
    a->startTime = start;
    a->endTime = end;
    a->dateUpdated = now();
    return reply(200, a->toAppointmentJson());
}

// ---------------------------------------------------------------------------------------------
// /_sandbox controls of this service

std::optional<SandboxResponse> FakeHighLevel::handleControl(SandboxRequest &request)
{
    const QString path = request.path.endsWith(u'/') ? request.path.chopped(1) : request.path;
    bool ok = false;
    if (path == "/_sandbox/tokens"_L1 && request.method == "POST") {
        // {"locationId": "...", "scopes": [...]}: both optional.
        const QJsonObject body = parseJsonObject(request.body.isEmpty() ? "{}" : request.body, &ok);
        if (!ok)
            return SandboxResponse::json(
                400, QJsonObject { { u"error"_s, u"expected a JSON object"_s } });
        QStringList scopes = HighLevelToken::allScopes();
        if (body.value("scopes"_L1).isArray()) {
            scopes.clear();
            for (const QJsonValue &v : body.value("scopes"_L1).toArray())
                scopes.append(v.toString());
        }
        const QString location = body.value("locationId"_L1).toString(m_store.locationId());
        const QString token = addToken(location, scopes);
        return SandboxResponse::json(
            201,
            QJsonObject { { u"token"_s, token },
                          { u"locationId"_s, location },
                          { u"scopes"_s, QJsonArray::fromStringList(scopes) } });
    }
    if (path == "/_sandbox/options"_L1 && (request.method == "PUT" || request.method == "PATCH")) {
        const QJsonObject body = parseJsonObject(request.body, &ok);
        if (!ok)
            return SandboxResponse::json(
                400, QJsonObject { { u"error"_s, u"expected a JSON object"_s } });
        HighLevelOptions o = m_options;
        o.rateLimits = body.value("rateLimits"_L1).toBool(o.rateLimits);
        o.burstLimit = body.value("burstLimit"_L1).toInt(o.burstLimit);
        o.windowMs = body.value("windowMs"_L1).toInt(o.windowMs);
        o.dailyLimit = body.value("dailyLimit"_L1).toInt(o.dailyLimit);
        o.retryAfterOn429 = body.value("retryAfterOn429"_L1).toBool(o.retryAfterOn429);
        o.lowercaseTags = body.value("lowercaseTags"_L1).toBool(o.lowercaseTags);
        o.allowDuplicates = body.value("allowDuplicates"_L1).toBool(o.allowDuplicates);
        o.notFoundStatus = body.value("notFoundStatus"_L1).toInt(o.notFoundStatus);
        o.searchIndexLagMs = body.value("searchIndexLagMs"_L1).toInt(o.searchIndexLagMs);
        o.companyNameOnUpdate = body.value("companyNameOnUpdate"_L1).toBool(o.companyNameOnUpdate);
        setOptions(o);
        return SandboxResponse::json(200,
                                     QJsonObject { { u"rateLimits"_s, o.rateLimits },
                                                   { u"burstLimit"_s, o.burstLimit },
                                                   { u"windowMs"_s, o.windowMs },
                                                   { u"dailyLimit"_s, o.dailyLimit },
                                                   { u"lowercaseTags"_s, o.lowercaseTags },
                                                   { u"allowDuplicates"_s, o.allowDuplicates },
                                                   { u"notFoundStatus"_s, o.notFoundStatus },
                                                   { u"searchIndexLagMs"_s, o.searchIndexLagMs } });
    }
    if (path == "/_sandbox/ratelimits/reset"_L1 && request.method == "POST") {
        resetRateLimits();
        return SandboxResponse::noContent();
    }
    if (path == "/_sandbox/state"_L1 && request.method == "GET") {
        return SandboxResponse::json(
            200,
            QJsonObject { { u"locationId"_s, m_store.locationId() },
                          { u"contacts"_s, qint64(m_store.contactCount()) } });
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// OAuth (Marketplace apps)

void FakeHighLevel::addOAuthApp(const QString &clientId, const QString &clientSecret)
{
    m_oauthApps.insert(clientId, clientSecret);
}

SandboxResponse FakeHighLevel::oauthChooseLocation(SandboxRequest &request)
{
    const QString clientId = request.queryValue(u"client_id"_s);
    const QString redirect = request.queryValue(u"redirect_uri"_s);
    if (!m_oauthApps.contains(clientId) || redirect.isEmpty() || request.queryValue(u"response_type"_s) != "code"_L1)
        return reply(400, QJsonObject{{u"error"_s, u"invalid_request"_s},
                                      {u"error_description"_s, u"Unknown client or missing redirect_uri"_s}});
    // The user picked the sandbox's location and approved: straight back to the app.
    const QString code = QUuid::createUuid().toString(QUuid::Id128);
    m_oauthCodes.insert(code, {clientId, m_store.locationId(),
                               request.queryValue(u"scope"_s).split(u' ', Qt::SkipEmptyParts), redirect});
    QUrl target(redirect);
    QUrlQuery q(target);
    q.addQueryItem(u"code"_s, code);
    if (request.hasQuery(u"state"_s))
        q.addQueryItem(u"state"_s, request.queryValue(u"state"_s));
    target.setQuery(q);
    SandboxResponse r = SandboxResponse::raw(302, QByteArray(), "text/plain");
    r.setHeader("Location", target.toEncoded());
    return r;
}

SandboxResponse FakeHighLevel::oauthToken(SandboxRequest &request)
{
    // application/x-www-form-urlencoded, as the real endpoint takes it.
    const QUrlQuery form(QString::fromUtf8(request.body));
    auto field = [&form](const char *name) { return form.queryItemValue(QLatin1String(name), QUrl::FullyDecoded); };
    const QString clientId = field("client_id");
    if (!m_oauthApps.contains(clientId) || m_oauthApps.value(clientId) != field("client_secret"))
        return reply(401, QJsonObject{{u"error"_s, u"invalid_client"_s}, {u"error_description"_s, u"Client authentication failed"_s}});
    const QString grantType = field("grant_type");
    if (grantType == "authorization_code"_L1) {
        const OAuthGrant grant = m_oauthCodes.take(field("code"));
        if (grant.clientId != clientId || (!grant.redirectUri.isEmpty() && field("redirect_uri") != grant.redirectUri))
            return reply(400, QJsonObject{{u"error"_s, u"invalid_grant"_s}, {u"error_description"_s, u"Invalid or used authorization code"_s}});
        return issueOAuthTokens(clientId, grant.locationId, grant.scopes);
    }
    if (grantType == "refresh_token"_L1) {
        // Refresh tokens rotate: this one is spent, the answer carries the next.
        const OAuthGrant grant = m_refreshTokens.take(field("refresh_token"));
        if (grant.clientId != clientId)
            return reply(400, QJsonObject{{u"error"_s, u"invalid_grant"_s}, {u"error_description"_s, u"Invalid refresh token"_s}});
        return issueOAuthTokens(clientId, grant.locationId, grant.scopes);
    }
    return reply(400, QJsonObject{{u"error"_s, u"unsupported_grant_type"_s}});
}

SandboxResponse FakeHighLevel::issueOAuthTokens(const QString &clientId, const QString &locationId, const QStringList &scopes)
{
    HighLevelToken access;
    access.token = u"sandbox-oauth-"_s + QUuid::createUuid().toString(QUuid::Id128);
    access.locationId = locationId;
    access.scopes = scopes.isEmpty() ? HighLevelToken::allScopes() : scopes;
    access.expiresAtMs = QDateTime::currentMSecsSinceEpoch() + qint64(m_options.oauthAccessTokenSeconds) * 1000;
    addToken(access);
    const QString refresh = u"sandbox-refresh-"_s + QUuid::createUuid().toString(QUuid::Id128);
    m_refreshTokens.insert(refresh, {clientId, locationId, access.scopes, {}});
    return reply(200, QJsonObject{{u"access_token"_s, access.token},
                                  {u"token_type"_s, u"Bearer"_s},
                                  {u"expires_in"_s, m_options.oauthAccessTokenSeconds},
                                  {u"refresh_token"_s, refresh},
                                  {u"scope"_s, access.scopes.join(u' ')},
                                  {u"userType"_s, u"Location"_s},
                                  {u"locationId"_s, locationId},
                                  {u"companyId"_s, u"sandbox-company"_s},
                                  {u"userId"_s, u"sandbox-user"_s}});
}
