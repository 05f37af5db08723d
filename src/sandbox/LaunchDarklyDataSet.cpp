#include "LaunchDarklyDataSet.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

QJsonObject LaunchDarklyDataSet::toJson() const
{
    QJsonArray projectList;
    for (const LaunchDarklyProject &p : projects)
        projectList.append(p.toJson(true));
    QJsonObject flagMap;
    for (auto it = flags.begin(); it != flags.end(); ++it) {
        QJsonArray list;
        for (const QJsonObject &f : it.value())
            list.append(f);
        flagMap.insert(it.key(), list);
    }
    QJsonObject segmentMap;
    for (auto it = segments.begin(); it != segments.end(); ++it) {
        const QString project = it.key().section(u'/', 0, 0);
        const QString env = it.key().section(u'/', 1);
        QJsonArray list;
        for (const LaunchDarklySegment &s : it.value()) {
            QJsonObject o = s.toJson(project, env, QJsonArray());
            QStringList big = s.bigIncluded.values();
            big.sort();
            o.insert(u"bigIncluded"_s, QJsonArray::fromStringList(big));
            list.append(o);
        }
        segmentMap.insert(it.key(), list);
    }
    QJsonObject kindMap;
    for (auto it = contextKinds.begin(); it != contextKinds.end(); ++it) {
        QJsonArray list;
        for (const LaunchDarklyContextKind &k : it.value())
            list.append(k.toJson(it.key()));
        kindMap.insert(it.key(), list);
    }
    return QJsonObject { { u"accountId"_s, accountId },
                         { u"projects"_s, projectList },
                         { u"flags"_s, flagMap },
                         { u"segments"_s, segmentMap },
                         { u"contextKinds"_s, kindMap } };
}
