#pragma once

#include <QJsonObject>
#include <QString>

struct LdProject
{
    QString key;
    QString name;

    static LdProject fromJson(const QJsonObject &o);
};

struct LdEnvironment
{
    QString key;
    QString name;
    QString color;
    bool critical = false;

    static LdEnvironment fromJson(const QJsonObject &o);
};
