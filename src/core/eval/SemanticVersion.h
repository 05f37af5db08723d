#pragma once

#include <QList>
#include <QString>
#include <optional>

// A semantic version (semver.org 2.0.0) for the semVer* clause operators, parsed the lenient way
// LaunchDarkly documents: a missing minor or patch number counts as 0, so "2", "2.0" and "2-rc"
// read as 2.0.0, 2.0.0 and 2.0.0-rc. Anything else must follow the grammar: no leading zeros,
// no "v" prefix, no fourth number. Build metadata is kept but plays no part in comparisons.
class SemanticVersion
{
public:
    static std::optional<SemanticVersion> parse(QStringView text);

    quint64 major() const { return m_major; }
    quint64 minor() const { return m_minor; }
    quint64 patch() const { return m_patch; }
    const QList<QString> &preRelease() const { return m_preRelease; }

    // <0, 0, >0 by semver precedence.
    int compare(const SemanticVersion &other) const;

private:
    quint64 m_major = 0;
    quint64 m_minor = 0;
    quint64 m_patch = 0;
    QList<QString> m_preRelease;
    QString m_build;
};
