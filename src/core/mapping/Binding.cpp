#include "Binding.h"

#include "common/Json.h"
#include "ghl/Contact.h"
#include "ghl/CustomFieldDefinition.h"

#include <QCoreApplication>
#include <QCryptographicHash>

using namespace Qt::StringLiterals;

QString ContextSettings::keyFor(const Contact &contact, const QList<CustomFieldDefinition> &fields, QString *why) const
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

QString OutcomeAction::describe() const
{
    switch (kind) {
    case Kind::AddTags:
        return QCoreApplication::translate("OutcomeAction", "add the tags %1").arg(tags.join(u", "_s));
    case Kind::RemoveTags:
        return QCoreApplication::translate("OutcomeAction", "remove the tags %1").arg(tags.join(u", "_s));
    case Kind::CreateTask:
        return QCoreApplication::translate("OutcomeAction", "create the task \"%1\" due in %n day(s)", nullptr, dueInDays).arg(title);
    case Kind::AddNote:
        return QCoreApplication::translate("OutcomeAction", "add the note \"%1\"").arg(body.left(40));
    }
    return {};
}

QString OutcomeAction::fingerprint() const
{
    QStringList sorted = tags;
    sorted.sort(Qt::CaseInsensitive);
    const QString text = QString::number(int(kind)) + u'|' + sorted.join(u',').toLower() + u'|' + title + u'|' + body;
    return QString::fromLatin1(QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha1).toHex().left(16));
}

QString Binding::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Segment:
        return u"segment"_s;
    case Kind::FlagTargets:
        return u"flag-targets"_s;
    case Kind::FlagOutcome:
        return u"flag-outcome"_s;
    }
    return {};
}

QString Binding::targetDescription() const
{
    switch (kind) {
    case Kind::Segment:
        return QCoreApplication::translate("Binding", "segment %1").arg(segmentKey);
    case Kind::FlagTargets:
        return QCoreApplication::translate("Binding", "flag %1, variation %2").arg(flagKey, variationId);
    case Kind::FlagOutcome: {
        QStringList parts;
        for (const OutcomeAction &a : actions)
            parts.append(a.describe());
        return QCoreApplication::translate("Binding", "when flag %1 serves %2: %3").arg(flagKey, variationId, parts.join(u"; "_s));
    }
    }
    return {};
}
