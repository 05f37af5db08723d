#include "Workspace.h"

#include "ghl/HighLevelClient.h"
#include "ld/LaunchDarklyClient.h"
#include "store/LocalDatabase.h"

Workspace::Workspace(const HighLevelConnection &highLevel, const LaunchDarklyConnection &launchDarkly,
                     const QString &databasePath, QObject *parent)
    : QObject(parent)
    , m_highLevel(new HighLevelClient(highLevel, this))
    , m_launchDarkly(new LaunchDarklyClient(launchDarkly, this))
    , m_db(std::make_unique<LocalDatabase>(databasePath))
    , m_projectKey(launchDarkly.projectKey)
    , m_environmentKey(launchDarkly.environmentKey)
{
}

Workspace::~Workspace() = default;

bool Workspace::openDatabase(QString *error)
{
    return m_db->open(error);
}

void Workspace::setProjectAndEnvironment(const QString &project, const QString &environment)
{
    if (project == m_projectKey && environment == m_environmentKey)
        return;
    m_projectKey = project;
    m_environmentKey = environment;
    Q_EMIT environmentChanged();
}

QString Workspace::customFieldName(const QString &fieldId) const
{
    for (const CustomFieldDefinition &f : m_customFields) {
        if (f.id == fieldId)
            return f.name;
    }
    return fieldId;
}

QString Workspace::userName(const QString &userId) const
{
    for (const LocationUser &u : m_users) {
        if (u.id == userId)
            return u.name;
    }
    return userId;
}

void Workspace::noteTags(const QStringList &tags)
{
    bool changed = false;
    for (const QString &t : tags) {
        const QString lower = t.toLower();
        if (!m_locationTags.contains(lower)) {
            m_locationTags.append(lower);
            changed = true;
        }
    }
    if (changed) {
        m_locationTags.sort(Qt::CaseInsensitive);
        Q_EMIT referenceDataChanged();
    }
}

void Workspace::loadReferenceData()
{
    m_highLevel->customFields(this, [this](const Result<QList<CustomFieldDefinition>> &r) {
        if (!r.isOk()) {
            Q_EMIT errorOccurred(r.error());
            return;
        }
        m_customFields = r.value();
        Q_EMIT referenceDataChanged();
    });
    m_highLevel->locationTags(this, [this](const Result<QStringList> &r) {
        if (!r.isOk())
            return; // the catalogue is optional: tags seen on contacts fill the list
        noteTags(r.value());
    });
    // Users need the users.readonly scope, which a token may lack; ids are shown instead.
    m_highLevel->users(this, [this](const Result<QList<LocationUser>> &r) {
        if (!r.isOk())
            return;
        m_users = r.value();
        Q_EMIT referenceDataChanged();
    });
}
