#include "ContactSelector.h"

#include "ghl/Contact.h"

#include <QCoreApplication>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace {

QString tagMatchName(SelectorPredicate::TagMatch m)
{
    switch (m) {
    case SelectorPredicate::TagMatch::All:
        return u"all"_s;
    case SelectorPredicate::TagMatch::Any:
        return u"any"_s;
    case SelectorPredicate::TagMatch::None:
        return u"none"_s;
    }
    return u"any"_s;
}

} // namespace

bool SelectorPredicate::matches(const Contact &contact) const
{
    bool result = false;
    switch (type) {
    case Type::Tags: {
        int found = 0;
        for (const QString &tag : tags) {
            if (contact.hasTag(tag))
                ++found;
        }
        switch (tagMatch) {
        case TagMatch::All:
            result = !tags.isEmpty() && found == tags.size();
            break;
        case TagMatch::Any:
            result = found > 0;
            break;
        case TagMatch::None:
            result = found == 0;
            break;
        }
        break;
    }
    }
    return negate ? !result : result;
}

QString SelectorPredicate::describe() const
{
    const QString list = tags.join(QLatin1String(", "));
    QString text;
    switch (tagMatch) {
    case TagMatch::All:
        text = QCoreApplication::translate("ContactSelector", "has all of the tags %1").arg(list);
        break;
    case TagMatch::Any:
        text = tags.size() == 1 ? QCoreApplication::translate("ContactSelector", "has the tag %1").arg(list)
                                : QCoreApplication::translate("ContactSelector", "has any of the tags %1").arg(list);
        break;
    case TagMatch::None:
        text = QCoreApplication::translate("ContactSelector", "has none of the tags %1").arg(list);
        break;
    }
    if (negate)
        text = QCoreApplication::translate("ContactSelector", "not (%1)").arg(text);
    return text;
}

QJsonObject SelectorPredicate::toJson() const
{
    QJsonObject o = extra;
    o.insert("type"_L1, "tags"_L1);
    o.insert("match"_L1, tagMatchName(tagMatch));
    o.insert("tags"_L1, QJsonArray::fromStringList(tags));
    if (negate)
        o.insert("negate"_L1, true);
    else
        o.remove("negate"_L1);
    return o;
}

SelectorPredicate SelectorPredicate::fromJson(const QJsonObject &o, QString *problem)
{
    SelectorPredicate p;
    const QString type = o.value("type"_L1).toString();
    if (type != "tags"_L1) {
        if (problem)
            *problem = QCoreApplication::translate("ContactSelector", "unknown predicate type \"%1\"").arg(type);
        return p;
    }
    const QString match = o.value("match"_L1).toString(u"any"_s);
    if (match == "all"_L1)
        p.tagMatch = TagMatch::All;
    else if (match == "any"_L1)
        p.tagMatch = TagMatch::Any;
    else if (match == "none"_L1)
        p.tagMatch = TagMatch::None;
    else if (problem)
        *problem = QCoreApplication::translate("ContactSelector", "\"match\" must be all, any or none, not \"%1\"").arg(match);
    const QJsonValue tags = o.value("tags"_L1);
    if (!tags.isArray()) {
        if (problem && problem->isEmpty())
            *problem = QCoreApplication::translate("ContactSelector", "\"tags\" must be a list of tag names");
    } else {
        const QJsonArray a = tags.toArray();
        for (const QJsonValue &v : a) {
            if (v.isString() && !v.toString().trimmed().isEmpty())
                p.tags.append(v.toString().trimmed());
        }
    }
    p.negate = o.value("negate"_L1).toBool(false);
    p.extra = o;
    for (const char *known : {"type", "match", "tags", "negate"})
        p.extra.remove(QLatin1String(known));
    return p;
}

bool ContactSelector::matches(const Contact &contact) const
{
    for (const SelectorPredicate &p : predicates) {
        if (!p.matches(contact))
            return false;
    }
    return true;
}

QString ContactSelector::describe() const
{
    if (predicates.isEmpty())
        return QCoreApplication::translate("ContactSelector", "every contact");
    QStringList parts;
    for (const SelectorPredicate &p : predicates)
        parts.append(p.describe());
    return parts.join(QCoreApplication::translate("ContactSelector", " and "));
}
