#pragma once

#include "Binding.h"

#include <QJsonObject>
#include <QList>
#include <QString>

// A mapping file's content: which connections, which LaunchDarkly project and environment, and
// the bindings. Names connections by id, never holds a token.
struct Mapping
{
    static constexpr int kCurrentVersion = 2;

    int version = kCurrentVersion;
    QString name;
    QString highLevelConnection;
    QString launchDarklyConnection;
    QString projectKey;     // empty: the connection's default project
    QString environmentKey; // empty: the connection's default environment
    QList<Binding> bindings;
    QJsonObject extra;

    const Binding *binding(const QString &id) const;
    bool operator==(const Mapping &other) const = default;
};
