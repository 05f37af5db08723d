#pragma once

#include <QJsonObject>
#include <QString>

// A context kind of a project ("user", "organization", "ghl-contact"). Created or updated with
// PUT .../context-kinds/{key}, where only the fields sent change.
struct LdContextKind
{
    QString key;
    QString name;
    QString description;
    int version = 0;
    bool archived = false;
    bool hideInTargeting = false;
    QString createdFrom; // "default", "auto-add", "context-kind-api"
    qint64 creationDate = 0; // epoch ms
    qint64 lastModified = 0;
    qint64 lastSeen = 0;

    static LdContextKind fromJson(const QJsonObject &o);
    QJsonObject toJson() const;
    // The PUT body: name (required), and the description when there is one.
    QJsonObject upsertBody() const;
};
