#include "HighLevelDataSet.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

QJsonObject HighLevelDataSet::toJson() const
{
    QJsonArray u, f, c, t, n, a;
    for (const auto &x : users)
        u.append(x.toJson());
    for (const auto &x : customFields)
        f.append(x.toJson());
    for (const auto &x : contacts) {
        QJsonObject o = x.toJson();
        o.insert(u"phone"_s, x.phone); // as entered
        c.append(o);
    }
    for (const auto &x : tasks)
        t.append(x.toJson());
    for (const auto &x : notes)
        n.append(x.toJson());
    for (const auto &x : appointments)
        a.append(x.toCalendarEventJson());
    return QJsonObject { { u"locationId"_s, locationId },
                         { u"locationName"_s, locationName },
                         { u"timezone"_s, timezone },
                         { u"users"_s, u },
                         { u"customFields"_s, f },
                         { u"contacts"_s, c },
                         { u"tasks"_s, t },
                         { u"notes"_s, n },
                         { u"appointments"_s, a } };
}
