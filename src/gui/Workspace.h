#pragma once

#include "ghl/CustomFieldDefinition.h"
#include "ghl/HighLevelConnection.h"
#include "ghl/LocationUser.h"
#include "ld/LaunchDarklyConnection.h"
#include "net/ApiError.h"

#include <QObject>
#include <QStringList>

#include <memory>

class HighLevelClient;
class LaunchDarklyClient;
class LocalDatabase;

// What the window works on: one HighLevel sub-account, one LaunchDarkly account (with the project
// and environment in view), and the local database. Panes share it; it caches what every pane
// needs (custom field names, the location's tags, users).
class Workspace : public QObject
{
    Q_OBJECT

public:
    Workspace(const HighLevelConnection &highLevel, const LaunchDarklyConnection &launchDarkly,
              const QString &databasePath, QObject *parent = nullptr);
    ~Workspace() override;

    bool openDatabase(QString *error);

    HighLevelClient *highLevel() const { return m_highLevel; }
    LaunchDarklyClient *launchDarkly() const { return m_launchDarkly; }
    LocalDatabase *database() const { return m_db.get(); }
    bool isDemo() const { return m_demo; }
    void setDemo(bool demo) { m_demo = demo; }

    QString projectKey() const { return m_projectKey; }
    QString environmentKey() const { return m_environmentKey; }
    void setProjectAndEnvironment(const QString &project, const QString &environment);

    const QList<CustomFieldDefinition> &customFields() const { return m_customFields; }
    QString customFieldName(const QString &fieldId) const;
    const QStringList &locationTags() const { return m_locationTags; }
    QString userName(const QString &userId) const;

    // Loads custom fields, tags and users; emits referenceDataChanged() as each arrives.
    void loadReferenceData();
    // Tags seen on contacts join the completion list (the catalogue may lag).
    void noteTags(const QStringList &tags);

Q_SIGNALS:
    void referenceDataChanged();
    void environmentChanged();
    // A sync or an edit changed LaunchDarkly targeting: views showing it should refresh.
    void launchDarklyChanged();
    void contactsChanged();
    void errorOccurred(const ApiError &error);

private:
    HighLevelClient *m_highLevel;
    LaunchDarklyClient *m_launchDarkly;
    std::unique_ptr<LocalDatabase> m_db;
    bool m_demo = false;
    QString m_projectKey;
    QString m_environmentKey;
    QList<CustomFieldDefinition> m_customFields;
    QStringList m_locationTags;
    QList<LocationUser> m_users;
};
