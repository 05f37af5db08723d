#include "SandboxRequest.h"

#include <QUrl>

bool SandboxRequest::hasQuery(const QString &name) const
{
    for (const auto &item : query) {
        if (item.first == name)
            return true;
    }
    return false;
}

QString SandboxRequest::queryValue(const QString &name) const
{
    for (const auto &item : query) {
        if (item.first == name)
            return item.second;
    }
    return {};
}

QStringList SandboxRequest::queryValues(const QString &name) const
{
    QStringList values;
    for (const auto &item : query) {
        if (item.first == name)
            values.append(item.second);
    }
    return values;
}

QStringList SandboxRequest::queryNames() const
{
    QStringList names;
    for (const auto &item : query) {
        if (!names.contains(item.first))
            names.append(item.first);
    }
    return names;
}

QByteArray SandboxRequest::contentType() const
{
    return header("content-type").toLower();
}

QList<QPair<QString, QString>> SandboxRequest::parseQuery(const QByteArray &encodedQuery)
{
    QList<QPair<QString, QString>> items;
    const QList<QByteArray> parts = encodedQuery.split('&');
    for (const QByteArray &part : parts) {
        if (part.isEmpty())
            continue;
        const qsizetype eq = part.indexOf('=');
        QByteArray name = eq < 0 ? part : part.left(eq);
        QByteArray value = eq < 0 ? QByteArray() : part.mid(eq + 1);
        name.replace('+', ' ');
        value.replace('+', ' ');
        items.append({ QString::fromUtf8(QByteArray::fromPercentEncoding(name)),
                       QString::fromUtf8(QByteArray::fromPercentEncoding(value)) });
    }
    return items;
}
