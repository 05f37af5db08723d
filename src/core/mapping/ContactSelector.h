#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

struct Contact;

// One condition on a contact. Negatable; unknown fields of the file are kept so that a newer
// FlagBridge's predicates survive a round trip through this one.
struct SelectorPredicate
{
    enum class Type { Tags };
    enum class TagMatch { All, Any, None };

    Type type = Type::Tags;
    bool negate = false;
    TagMatch tagMatch = TagMatch::Any;
    QStringList tags;
    QJsonObject extra;

    bool matches(const Contact &contact) const;
    QString describe() const; // "has any of the tags vip, gold"

    QJsonObject toJson() const;
    static SelectorPredicate fromJson(const QJsonObject &o, QString *problem);

    bool operator==(const SelectorPredicate &other) const = default;
};

// Which contacts a binding is about: every predicate must hold (AND). An empty selector matches
// every contact.
struct ContactSelector
{
    QList<SelectorPredicate> predicates;

    bool matches(const Contact &contact) const;
    QString describe() const;
    bool operator==(const ContactSelector &other) const = default;
};
