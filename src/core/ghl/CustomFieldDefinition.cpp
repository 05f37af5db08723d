#include "CustomFieldDefinition.h"

#include "common/Json.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

CustomFieldDefinition CustomFieldDefinition::fromJson(const QJsonObject &o)
{
    CustomFieldDefinition d;
    d.id = Json::string(o, "id"_L1);
    d.name = Json::string(o, "name"_L1);
    d.fieldKey = Json::string(o, "fieldKey"_L1);
    d.dataType = Json::string(o, "dataType"_L1);
    // Options arrive as strings or as {label, key} objects depending on the field's age.
    const QJsonArray options = Json::array(o, "picklistOptions"_L1);
    for (const QJsonValue &v : options) {
        if (v.isString())
            d.picklistOptions.append(v.toString());
        else if (v.isObject())
            d.picklistOptions.append(Json::string(v.toObject(), "label"_L1));
    }
    return d;
}

bool CustomFieldDefinition::isNumeric() const
{
    return dataType == "NUMERICAL"_L1 || dataType == "MONETORY"_L1 || dataType == "MONETARY"_L1;
}

bool CustomFieldDefinition::isMultiValued() const
{
    return dataType == "MULTIPLE_OPTIONS"_L1 || dataType == "CHECKBOX"_L1;
}
