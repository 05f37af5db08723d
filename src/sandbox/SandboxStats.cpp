#include "SandboxStats.h"

using namespace Qt::StringLiterals;

static QJsonObject countsToJson(const QMap<QString, qint64> &counts)
{
    QJsonObject o;
    for (auto it = counts.begin(); it != counts.end(); ++it)
        o.insert(it.key(), it.value());
    return o;
}

QJsonObject SandboxStats::toJson() const
{
    return QJsonObject { { u"requests"_s, requests },
                         { u"writes"_s, writes },
                         { u"rateLimited"_s, rateLimited },
                         { u"faultsFired"_s, faultsFired },
                         { u"withoutVersionHeader"_s, withoutVersionHeader },
                         { u"byMethod"_s, countsToJson(byMethod) },
                         { u"byRoute"_s, countsToJson(byRoute) },
                         { u"byStatus"_s, countsToJson(byStatus) },
                         { u"byVersionHeader"_s, countsToJson(byVersionHeader) } };
}
