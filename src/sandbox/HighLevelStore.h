#pragma once

#include "HighLevelContactQuery.h"
#include "HighLevelDataSet.h"

#include <QElapsedTimer>
#include <QHash>
#include <QMap>
#include <QMultiHash>
#include <QRandomGenerator>
#include <functional>
#include <vector>

// The state of one HighLevel location: contacts and what hangs off them, plus the indexes that
// make search fast at 100,000 contacts (sorted orders and recent results are cached until the
// next write).
class HighLevelStore
{
public:
    struct Tag
    {
        QString id;
        QString name;
    };

    HighLevelStore();

    void load(const HighLevelDataSet &data, quint32 idSeed);

    QString locationId() const { return m_locationId; }
    QString locationName() const { return m_locationName; }
    QString timezone() const { return m_timezone; }
    const QList<HighLevelUser> &users() const { return m_users; }
    const QList<HighLevelCustomField> &customFields() const { return m_customFields; }
    const HighLevelCustomField *customField(const QString &idOrKey) const;
    QList<Tag> tags() const;
    void registerTags(const QStringList &tags);

    qsizetype contactCount() const { return qsizetype(m_contacts.size()); }
    const std::vector<HighLevelContact> &contacts() const { return m_contacts; }
    const HighLevelContact *contact(const QString &id) const;
    // Applies `change` and refreshes derived fields, indexes and dateUpdated.
    bool updateContact(const QString &id, const std::function<void(HighLevelContact &)> &change,
                       qint64 nowMs);
    void insertContact(HighLevelContact contact, qint64 searchableAfterMs);
    bool removeContact(const QString &id);
    QString findByEmail(const QString &email, const QString &exceptId = {}) const;
    QString findByPhone(const QString &e164, const QString &exceptId = {}) const;

    QList<HighLevelTask> &tasks(const QString &contactId) { return m_tasks[contactId]; }
    QList<HighLevelNote> &notes(const QString &contactId) { return m_notes[contactId]; }
    QList<HighLevelAppointment> &appointments(const QString &contactId)
    {
        return m_appointments[contactId];
    }
    HighLevelAppointment *appointment(const QString &id);

    // Matching contacts in query order, as indexes into contacts(); cached per query until the
    // next write. Contacts created less than the index lag ago are not visible yet.
    const QVector<int> &search(const HighLevelContactQuery &query);
    // All contacts by dateAdded ascending, id ascending (the legacy GET /contacts/ order).
    const QVector<int> &byDateAddedAscending();

    QString newId(); // 20 alphanumerics, like HighLevel's Firestore-style ids
    quint64 generation() const { return m_generation; }
    qint64 monotonicMs() const { return m_clock.elapsed(); }

private:
    void index(const HighLevelContact &c, int position);
    void unindex(const HighLevelContact &c);
    void changed();
    const QVector<int> &sortedOrder(const HighLevelContactQuery &query);

    QString m_locationId;
    QString m_locationName;
    QString m_timezone;
    QList<HighLevelUser> m_users;
    QList<HighLevelCustomField> m_customFields;
    QMap<QString, Tag> m_tags; // by lower-case name
    std::vector<HighLevelContact> m_contacts;
    QHash<QString, int> m_positions;
    QMultiHash<QString, QString> m_byEmail; // lower-case email → id
    QMultiHash<QString, QString> m_byPhone; // E.164 → id
    QHash<QString, QList<HighLevelTask>> m_tasks;
    QHash<QString, QList<HighLevelNote>> m_notes;
    QHash<QString, QList<HighLevelAppointment>> m_appointments;
    QHash<QString, QString> m_appointmentContact;

    struct Cached
    {
        quint64 generation = 0;
        QVector<int> order;
    };
    // Every sort order asked for so far, kept up to date on each write (a changed contact moves
    // by a binary search) rather than re-sorted: a sync interleaves writes and searches.
    struct SortedOrder
    {
        HighLevelContactQuery query;
        QVector<int> order;
    };
    void reposition(int position);

    QHash<QString, SortedOrder> m_sorted; // by sort key
    QHash<QString, Cached> m_results; // by filter key, until the next write
    HighLevelContactQuery m_legacyQuery; // dateAdded ascending
    QVector<int> m_uncached;
    quint64 m_generation = 1;
    qint64 m_pendingUntilMs = 0; // the newest contact not yet visible to search
    QElapsedTimer m_clock;
    QRandomGenerator m_random;
};
