// libFuzzer target: whatever a HighLevel server (or something pretending to be one) answers,
// the decoders neither crash nor hang nor leak.
#include "common/Json.h"
#include "ghl/Appointment.h"
#include "ghl/Contact.h"
#include "ghl/CustomFieldDefinition.h"
#include "ghl/HighLevelClient.h"
#include "ghl/LocationUser.h"
#include "ghl/Note.h"
#include "ghl/Task.h"

#include <QJsonArray>
#include <QJsonObject>

#include <cstdint>

namespace {

template<typename T>
void each(const QJsonObject &o, const char *key)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isObject())
        (void)T::fromJson(v.toObject());
    const QJsonArray a = v.toArray();
    for (const QJsonValue &item : a)
        (void)T::fromJson(item.toObject());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    QString error;
    const QJsonObject o = Json::parseObject(bytes, &error);
    const Contact top = Contact::fromJson(o);
    (void)top.displayName();
    (void)top.toJson();
    each<Contact>(o, "contact");
    each<Contact>(o, "contacts");
    each<Task>(o, "task");
    each<Task>(o, "tasks");
    each<Note>(o, "note");
    each<Note>(o, "notes");
    each<Appointment>(o, "event");
    each<Appointment>(o, "events");
    each<CustomFieldDefinition>(o, "customFields");
    each<LocationUser>(o, "users");
    for (int status : {400, 401, 403, 404, 422, 429, 500}) {
        HttpResponse r;
        r.status = status;
        r.body = bytes;
        ApiError e(ApiError::Kind::Http, Service::HighLevel, QStringLiteral("fuzz"));
        e.setHttpStatus(status);
        HighLevelClient::decodeError(e, r);
        (void)e.message();
    }
    return 0;
}
