#include "HighLevelCustomField.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

QJsonObject HighLevelCustomField::toJson() const
{
    return QJsonObject { { u"id"_s, id },
                         { u"name"_s, name },
                         { u"fieldKey"_s, fieldKey },
                         { u"placeholder"_s, placeholder },
                         { u"dataType"_s, dataType },
                         { u"position"_s, position },
                         { u"picklistOptions"_s, QJsonArray::fromStringList(picklistOptions) },
                         { u"isMultiFileAllowed"_s, false },
                         { u"maxFileLimit"_s, 0 },
                         { u"locationId"_s, locationId },
                         { u"model"_s, model } };
}
