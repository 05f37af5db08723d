#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

struct LdVariation
{
    QString id; // "_id": what semantic-patch instructions name
    QJsonValue value;
    QString name;
    QString description;

    QString displayName() const; // the name, else the value as text
};

// Individual targets of one variation. "targets" holds the user kind, "contextTargets" the
// others; representations name the variation by index, instructions by _id.
struct LdTarget
{
    QString contextKind = QStringLiteral("user");
    int variation = -1;
    QStringList values;
};

struct LdClause
{
    QString id;
    QString contextKind;
    QString attribute;
    QString op;
    QJsonArray values;
    bool negate = false;

    static LdClause fromJson(const QJsonObject &o);
};

struct LdRule
{
    QString id;
    QString description;
    QList<LdClause> clauses;
    int variation = -1; // or a rollout
    QJsonObject rollout;
    bool disabled = false;
};

// A flag's configuration in one environment, as the REST API returns it. The raw object is kept
// for the local evaluator, which needs every field.
struct LdFlagEnvironment
{
    bool on = false;
    int version = 0;
    QString salt;
    QList<LdTarget> targets;
    QList<LdTarget> contextTargets;
    QList<LdRule> rules;
    int fallthroughVariation = -1;
    QJsonObject fallthroughRollout;
    int offVariation = -1;
    QJsonArray prerequisites;
    QJsonObject raw;

    static LdFlagEnvironment fromJson(const QJsonObject &o);
    // Keys individually targeted to a variation, for one context kind.
    QStringList targetKeys(int variation, const QString &contextKind) const;
    // The variation a key of that kind is individually targeted to, or -1.
    int targetedVariation(const QString &contextKind, const QString &key) const;
    // Segments referenced by segmentMatch clauses.
    QStringList segmentKeys() const;
};

struct LdFlag
{
    QString key;
    QString name;
    QString description;
    QString kind; // boolean, multivariate
    QList<LdVariation> variations;
    QStringList tags;
    bool temporary = false;
    bool archived = false;
    bool deprecated = false;
    int version = 0;
    QMap<QString, LdFlagEnvironment> environments;

    static LdFlag fromJson(const QJsonObject &o);
    int variationIndex(const QString &variationId) const;
    // A variation as a user names it: its _id, its index, its name (case-insensitive) or its
    // value as text ("true", "annual-discount", "500"), tried in that order. -1 and a message
    // when nothing or more than one variation matches.
    int resolveVariation(const QString &reference, QString *error = nullptr) const;
};
