#include "Binding.h"

#include "common/Json.h"
#include "ghl/Contact.h"
#include "ghl/CustomFieldDefinition.h"

#include <QCoreApplication>

QString ContextSettings::keyFor(const Contact &contact, const QList<CustomFieldDefinition> &fields,
                                QString *why) const
{
    QString key;
    switch (keyField) {
    case KeyField::ContactId:
        key = contact.id;
        if (key.isEmpty() && why)
            *why = QCoreApplication::translate("ContextSettings", "has no contact id");
        break;
    case KeyField::Email:
        // Emails are case-insensitive; HighLevel keeps the case the user typed.
        key = contact.email.trimmed().toLower();
        if (key.isEmpty() && why)
            *why = QCoreApplication::translate("ContextSettings", "has no email address");
        break;
    case KeyField::Phone:
        key = contact.phone.trimmed();
        if (key.isEmpty() && why)
            *why = QCoreApplication::translate("ContextSettings", "has no phone number");
        break;
    case KeyField::CustomField: {
        QString fieldId;
        for (const CustomFieldDefinition &f : fields) {
            if (f.name.compare(customFieldName, Qt::CaseInsensitive) == 0) {
                fieldId = f.id;
                break;
            }
        }
        if (fieldId.isEmpty()) {
            if (why)
                *why = QCoreApplication::translate("ContextSettings", "the custom field \"%1\" does not exist").arg(customFieldName);
            break;
        }
        key = Json::displayText(contact.customFieldValue(fieldId)).trimmed();
        if (key.isEmpty() && why)
            *why = QCoreApplication::translate("ContextSettings", "has no value in \"%1\"").arg(customFieldName);
        break;
    }
    }
    return key;
}

QString ContextSettings::describeKey() const
{
    switch (keyField) {
    case KeyField::ContactId:
        return QCoreApplication::translate("ContextSettings", "contact id");
    case KeyField::Email:
        return QCoreApplication::translate("ContextSettings", "email (lowercase)");
    case KeyField::Phone:
        return QCoreApplication::translate("ContextSettings", "phone");
    case KeyField::CustomField:
        return QCoreApplication::translate("ContextSettings", "custom field \"%1\"").arg(customFieldName);
    }
    return {};
}

QString Binding::targetDescription() const
{
    if (kind == Kind::Segment)
        return QCoreApplication::translate("Binding", "segment %1").arg(segmentKey);
    return QCoreApplication::translate("Binding", "flag %1, variation %2").arg(flagKey, variationId);
}
