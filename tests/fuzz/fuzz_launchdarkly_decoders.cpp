// libFuzzer target: LaunchDarkly answers of any shape go through the decoders safely.
#include "common/Json.h"
#include "ld/LaunchDarklyClient.h"
#include "ld/LdFlag.h"
#include "ld/LdProject.h"
#include "ld/LdSegment.h"
#include "ld/TargetingDescription.h"

#include <QJsonArray>
#include <QJsonObject>

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    QString error;
    const QJsonObject o = Json::parseObject(bytes, &error);
    QList<QJsonObject> objects{o};
    const QJsonArray items = o.value(QLatin1String("items")).toArray();
    for (const QJsonValue &v : items)
        objects.append(v.toObject());
    for (const QJsonObject &item : objects) {
        const LdFlag flag = LdFlag::fromJson(item);
        for (auto it = flag.environments.cbegin(); it != flag.environments.cend(); ++it) {
            for (const LdRule &rule : it.value().rules)
                (void)TargetingDescription::rule(rule, flag);
            (void)TargetingDescription::serve(it.value().fallthroughVariation, it.value().fallthroughRollout, flag);
            (void)it.value().segmentKeys();
            (void)it.value().targetKeys(0, QStringLiteral("user"));
        }
        const LdSegment segment = LdSegment::fromJson(item);
        (void)segment.includedCount();
        (void)segment.includedKeys(QStringLiteral("user"));
        (void)LdProject::fromJson(item);
        (void)LdEnvironment::fromJson(item);
    }
    for (int status : {400, 401, 403, 404, 405, 409, 429, 503}) {
        HttpResponse r;
        r.status = status;
        r.body = bytes;
        ApiError e(ApiError::Kind::Http, Service::LaunchDarkly, QStringLiteral("fuzz"));
        e.setHttpStatus(status);
        LaunchDarklyClient::decodeError(e, r);
        (void)e.message();
    }
    return 0;
}
