#include "LaunchDarklyEnvironment.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

QJsonObject LaunchDarklyEnvironment::toJson(const QString &projectKey) const
{
    const QString self = u"/api/v2/projects/"_s + projectKey + u"/environments/"_s + key;
    QJsonObject approval { { u"required"_s, flagApprovalsRequired },
                           { u"bypassApprovalsForPendingChanges"_s, false },
                           { u"minNumApprovals"_s, 1 },
                           { u"canReviewOwnRequest"_s, false },
                           { u"canApplyDeclinedChanges"_s, true },
                           { u"serviceKind"_s, u"launchdarkly"_s },
                           { u"serviceConfig"_s, QJsonObject() },
                           { u"requiredApprovalTags"_s, QJsonArray() } };
    QJsonObject segmentApproval = approval;
    segmentApproval.insert(u"required"_s, segmentApprovalsRequired);
    return QJsonObject {
        { u"_links"_s,
          QJsonObject {
              { u"self"_s,
                QJsonObject { { u"href"_s, self }, { u"type"_s, u"application/json"_s } } } } },
        { u"_id"_s, id },
        { u"key"_s, key },
        { u"name"_s, name },
        { u"apiKey"_s, apiKey },
        { u"mobileKey"_s, mobileKey },
        { u"color"_s, color },
        { u"defaultTtl"_s, defaultTtl },
        { u"secureMode"_s, secureMode },
        { u"defaultTrackEvents"_s, false },
        { u"requireComments"_s, requireComments },
        { u"confirmChanges"_s, confirmChanges },
        { u"tags"_s, QJsonArray::fromStringList(tags) },
        { u"approvalSettings"_s, approval },
        { u"resourceApprovalSettings"_s, QJsonObject { { u"segment"_s, segmentApproval } } },
        { u"critical"_s, critical }
    };
}
