#pragma once

#include <QString>

// An access token of the fake account. A Reader may read everything and write nothing.
struct LaunchDarklyToken
{
    enum class Role { Reader, Writer, Admin };

    QString token;
    QString name = QStringLiteral("FlagBridge sandbox");
    QString id;
    QString memberId;
    Role role = Role::Writer;
    bool serviceToken = true;

    bool canWrite() const { return role != Role::Reader; }
    static QString roleName(Role role)
    {
        switch (role) {
        case Role::Reader:
            return QStringLiteral("reader");
        case Role::Writer:
            return QStringLiteral("writer");
        case Role::Admin:
            return QStringLiteral("admin");
        }
        return {};
    }
};
