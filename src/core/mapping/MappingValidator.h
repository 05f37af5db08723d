#pragma once

#include "Mapping.h"
#include "MappingFile.h"

#include "ghl/CustomFieldDefinition.h"
#include "ghl/LocationUser.h"
#include "ld/LdContextKind.h"
#include "ld/LdFlag.h"
#include "ld/LdProject.h"
#include "ld/LdSegment.h"
#include "net/ApiError.h"

#include <QCoreApplication>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>

class ApiCall;
class HighLevelClient;
class LaunchDarklyClient;

// What the connections hold that a mapping can name. A part that was not read, or could not be,
// is not checked: "known" says which parts are there.
struct MappingCatalog
{
    QString projectKey;
    QString environmentKey;

    bool environmentsKnown = false;
    bool projectMissing = false; // LaunchDarkly answered 404 for the project
    QList<LdEnvironment> environments;
    bool contextKindsKnown = false;
    QList<LdContextKind> contextKinds;
    bool segmentsKnown = false;
    QList<LdSegment> segments;
    bool flagsKnown = false;
    QList<LdFlag> flags;

    bool customFieldsKnown = false;
    QList<CustomFieldDefinition> customFields;
    bool tagsKnown = false;
    QStringList tags;
    bool usersKnown = false;
    QList<LocationUser> users;

    const LdSegment *segment(const QString &key) const;
    const LdFlag *flag(const QString &key) const;
    // By name, as selectors and context keys name custom fields (case-insensitive, or its key).
    const CustomFieldDefinition *customField(const QString &name) const;
    bool hasTag(const QString &tag) const;
    bool hasUser(const QString &userId) const;
};

// Checks a mapping against what its connections contain: segments, flags and variations,
// context kinds, custom fields, tags and users. Every problem names the JSON path of the value
// to fix, a severity (an error stops a sync; a warning does not), and says in plain words what
// is wrong. The file's structure is MappingFile::parse's business; this class checks the content.
class MappingValidator : public QObject
{
    Q_OBJECT

public:
    enum class Scope {
        WhatTheMappingNeeds, // both services, only what the mapping names
        LaunchDarklyCatalog, // every environment, context kind, segment and flag; no HighLevel
    };

    MappingValidator(HighLevelClient *highLevel, LaunchDarklyClient *launchDarkly, QObject *parent = nullptr);
    ~MappingValidator() override;

    // Reads from both connections, then checks; finished() follows (also after cancel()).
    void start(const Mapping &mapping, Scope scope = Scope::WhatTheMappingNeeds);
    void cancel();
    bool isRunning() const { return m_pending > 0; }

    const MappingCatalog &catalog() const { return m_catalog; }
    const QList<MappingProblem> &problems() const { return m_problems; }
    // Reads that failed; what they would have told stays unchecked. (A token that may not list
    // users only skips the task assignee check, and is not listed here.)
    const QList<ApiError> &readErrors() const { return m_readErrors; }

    // The checks, on whatever the catalog holds; no network. With an empty catalog only the
    // checks that need no connection run (operators that fit their field, values that parse).
    static QList<MappingProblem> check(const Mapping &mapping, const MappingCatalog &catalog);
    static bool hasErrors(const QList<MappingProblem> &problems);
    // The operators that can hold for a standard or custom field, in the order an editor offers
    // them; the others are errors. An unknown custom field takes the text operators.
    static QList<SelectorPredicate::Op> fittingOperators(SelectorPredicate::Type type, const QString &field, const MappingCatalog &catalog);
    // The project and environment a sync of `mapping` uses: its own, else the connection's.
    static QString projectKeyFor(const Mapping &mapping, const LaunchDarklyClient *launchDarkly);
    static QString environmentKeyFor(const Mapping &mapping, const LaunchDarklyClient *launchDarkly);

Q_SIGNALS:
    void finished();

private:
    void abort();
    void readLaunchDarkly(const Mapping &mapping, Scope scope);
    void track(ApiCall *call);
    void readDone();
    void failed(const ApiError &error);

    HighLevelClient *m_highLevel;
    LaunchDarklyClient *m_launchDarkly;
    Mapping m_mapping;
    MappingCatalog m_catalog;
    QList<MappingProblem> m_problems;
    QList<MappingProblem> m_startProblems; // the project or environment is not named anywhere
    QList<ApiError> m_readErrors;
    QList<QPointer<ApiCall>> m_calls;
    int m_pending = 0;
    quint64 m_generation = 0;
};
