#include "HighLevelUser.h"

using namespace Qt::StringLiterals;

QJsonObject HighLevelUser::toJson() const
{
    return QJsonObject { { u"id"_s, id },
                         { u"name"_s, name() },
                         { u"firstName"_s, firstName },
                         { u"lastName"_s, lastName },
                         { u"email"_s, email },
                         { u"phone"_s, phone },
                         { u"roles"_s,
                           QJsonObject { { u"type"_s, u"account"_s }, { u"role"_s, role } } } };
}
