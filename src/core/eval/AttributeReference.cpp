#include "AttributeReference.h"

#include <QHash>

using namespace Qt::StringLiterals;

AttributeReference AttributeReference::fromPath(const QString &reference)
{
    AttributeReference ref;
    ref.m_text = reference;
    if (reference.isEmpty()) {
        ref.m_error = u"empty attribute reference"_s;
        return ref;
    }
    if (!reference.startsWith(u'/')) {
        ref.setComponents({ reference });
        return ref;
    }
    QList<QString> components;
    const QStringView path = QStringView(reference).mid(1);
    for (QStringView part : path.split(u'/')) {
        if (part.isEmpty()) {
            ref.m_error = u"attribute reference has an empty path component"_s;
            return ref;
        }
        QString component;
        component.reserve(part.size());
        for (qsizetype i = 0; i < part.size(); ++i) {
            const QChar c = part.at(i);
            if (c != u'~') {
                component.append(c);
                continue;
            }
            const QChar next = i + 1 < part.size() ? part.at(i + 1) : QChar();
            if (next == u'0')
                component.append(u'~');
            else if (next == u'1')
                component.append(u'/');
            else {
                ref.m_error = u"'~' in an attribute reference must be followed by 0 or 1"_s;
                return ref;
            }
            ++i;
        }
        components.append(component);
    }
    ref.setComponents(std::move(components));
    return ref;
}

AttributeReference AttributeReference::literal(const QString &name)
{
    AttributeReference ref;
    ref.m_text = name;
    if (name.isEmpty()) {
        ref.m_error = u"empty attribute name"_s;
        return ref;
    }
    ref.setComponents({ name });
    return ref;
}

QString AttributeReference::error() const
{
    if (!m_error.isEmpty())
        return m_error;
    if (m_components.isEmpty())
        return u"no attribute reference"_s;
    return QString();
}

bool AttributeReference::isKind() const
{
    return m_components.size() == 1 && m_components.first() == "kind"_L1;
}

void AttributeReference::setComponents(QList<QString> components)
{
    m_components = std::move(components);
    m_firstHash = qHash(QStringView(m_components.first()), size_t(0));
}
