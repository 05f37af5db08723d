#include "HighLevelStore.h"

#include "PhoneNumber.h"

#include <QJsonArray>
#include <algorithm>

HighLevelStore::HighLevelStore()
{
    m_clock.start();
    QStringList errors;
    m_legacyQuery = HighLevelContactQuery::parse(
        QJsonObject { { QStringLiteral("sort"),
                        QJsonArray { QJsonObject {
                            { QStringLiteral("field"), QStringLiteral("dateAdded") },
                            { QStringLiteral("direction"), QStringLiteral("asc") } } } } },
        &errors);
}

void HighLevelStore::load(const HighLevelDataSet &data, quint32 idSeed)
{
    m_random.seed(idSeed);
    m_locationId = data.locationId;
    m_locationName = data.locationName;
    m_timezone = data.timezone;
    m_users = data.users;
    m_customFields = data.customFields;
    m_tags.clear();
    m_contacts.clear();
    m_positions.clear();
    m_byEmail.clear();
    m_byPhone.clear();
    m_tasks.clear();
    m_notes.clear();
    m_appointments.clear();
    m_appointmentContact.clear();
    m_sorted.clear();
    m_results.clear();

    m_contacts.reserve(size_t(data.contacts.size()));
    for (const HighLevelContact &source : data.contacts) {
        HighLevelContact c = source;
        // Stored numbers are E.164 whatever notation they were entered in.
        c.phone = PhoneNumber::toE164(c.phone, c.country);
        c.updateDerived();
        c.searchableAtMs = 0;
        const int position = int(m_contacts.size());
        m_contacts.push_back(std::move(c));
        index(m_contacts.back(), position);
        registerTags(m_contacts.back().tags);
    }
    for (const HighLevelTask &t : data.tasks)
        m_tasks[t.contactId].append(t);
    for (const HighLevelNote &n : data.notes)
        m_notes[n.contactId].append(n);
    for (const HighLevelAppointment &a : data.appointments) {
        m_appointments[a.contactId].append(a);
        m_appointmentContact.insert(a.id, a.contactId);
    }
    changed();
    // The default order (dateAdded descending) is ready before the first search.
    QStringList errors;
    sortedOrder(HighLevelContactQuery::parse(QJsonObject(), &errors));
}

const HighLevelCustomField *HighLevelStore::customField(const QString &idOrKey) const
{
    for (const HighLevelCustomField &f : m_customFields) {
        if (f.id == idOrKey || f.fieldKey == idOrKey
            || f.fieldKey == QLatin1String("contact.") + idOrKey)
            return &f;
    }
    return nullptr;
}

QList<HighLevelStore::Tag> HighLevelStore::tags() const
{
    return m_tags.values();
}

void HighLevelStore::registerTags(const QStringList &tags)
{
    for (const QString &tag : tags) {
        const QString key = tag.toLower();
        if (!m_tags.contains(key))
            m_tags.insert(key, Tag { newId(), key });
    }
}

const HighLevelContact *HighLevelStore::contact(const QString &id) const
{
    const auto it = m_positions.find(id);
    if (it == m_positions.end())
        return nullptr;
    return &m_contacts[size_t(it.value())];
}

bool HighLevelStore::updateContact(const QString &id,
                                   const std::function<void(HighLevelContact &)> &change,
                                   qint64 nowMs)
{
    const auto it = m_positions.find(id);
    if (it == m_positions.end())
        return false;
    const int position = it.value();
    HighLevelContact &c = m_contacts[size_t(position)];
    unindex(c);
    change(c);
    c.dateUpdated = nowMs;
    c.updateDerived();
    index(c, position);
    registerTags(c.tags);
    reposition(position);
    changed();
    return true;
}

void HighLevelStore::insertContact(HighLevelContact contact, qint64 searchableAfterMs)
{
    contact.updateDerived();
    contact.searchableAtMs = monotonicMs() + searchableAfterMs;
    if (searchableAfterMs > 0)
        m_pendingUntilMs = qMax(m_pendingUntilMs, contact.searchableAtMs);
    const int position = int(m_contacts.size());
    m_contacts.push_back(std::move(contact));
    index(m_contacts.back(), position);
    registerTags(m_contacts.back().tags);
    for (SortedOrder &sorted : m_sorted) {
        auto at = std::upper_bound(
            sorted.order.begin(), sorted.order.end(), position, [&](int a, int b) {
                return sorted.query.lessThan(m_contacts[size_t(a)], m_contacts[size_t(b)]);
            });
        sorted.order.insert(at, position);
    }
    changed();
}

bool HighLevelStore::removeContact(const QString &id)
{
    const auto it = m_positions.find(id);
    if (it == m_positions.end())
        return false;
    const int position = it.value();
    unindex(m_contacts[size_t(position)]);
    m_positions.erase(it);
    const int last = int(m_contacts.size()) - 1;
    if (position != last) {
        m_contacts[size_t(position)] = std::move(m_contacts[size_t(last)]);
        m_positions[m_contacts[size_t(position)].id] = position;
    }
    m_contacts.pop_back();
    // The last contact moved into the hole: rename it in every order, drop the removed one.
    for (SortedOrder &sorted : m_sorted) {
        sorted.order.removeOne(position);
        if (position != last)
            std::replace(sorted.order.begin(), sorted.order.end(), last, position);
    }
    m_tasks.remove(id);
    m_notes.remove(id);
    const auto appointments = m_appointments.take(id);
    for (const HighLevelAppointment &a : appointments)
        m_appointmentContact.remove(a.id);
    changed();
    return true;
}

QString HighLevelStore::findByEmail(const QString &email, const QString &exceptId) const
{
    const auto ids = m_byEmail.values(email.toLower());
    for (const QString &id : ids) {
        if (id != exceptId)
            return id;
    }
    return {};
}

QString HighLevelStore::findByPhone(const QString &e164, const QString &exceptId) const
{
    const auto ids = m_byPhone.values(e164);
    for (const QString &id : ids) {
        if (id != exceptId)
            return id;
    }
    return {};
}

HighLevelAppointment *HighLevelStore::appointment(const QString &id)
{
    const auto it = m_appointmentContact.find(id);
    if (it == m_appointmentContact.end())
        return nullptr;
    auto &list = m_appointments[it.value()];
    for (HighLevelAppointment &a : list) {
        if (a.id == id)
            return &a;
    }
    return nullptr;
}

void HighLevelStore::index(const HighLevelContact &c, int position)
{
    m_positions.insert(c.id, position);
    if (!c.emailLower.isEmpty())
        m_byEmail.insert(c.emailLower, c.id);
    if (!c.phone.isEmpty())
        m_byPhone.insert(c.phone, c.id);
}

void HighLevelStore::unindex(const HighLevelContact &c)
{
    if (!c.emailLower.isEmpty())
        m_byEmail.remove(c.emailLower, c.id);
    if (!c.phone.isEmpty())
        m_byPhone.remove(c.phone, c.id);
}

void HighLevelStore::changed()
{
    ++m_generation;
}

const QVector<int> &HighLevelStore::sortedOrder(const HighLevelContactQuery &query)
{
    auto it = m_sorted.find(query.sortKey());
    if (it != m_sorted.end())
        return it->order;
    SortedOrder sorted { query, {} };
    sorted.order.resize(qsizetype(m_contacts.size()));
    for (int i = 0; i < int(m_contacts.size()); ++i)
        sorted.order[i] = i;
    std::sort(sorted.order.begin(), sorted.order.end(), [&](int a, int b) {
        return query.lessThan(m_contacts[size_t(a)], m_contacts[size_t(b)]);
    });
    return m_sorted.insert(query.sortKey(), std::move(sorted))->order;
}

void HighLevelStore::reposition(int position)
{
    for (SortedOrder &sorted : m_sorted) {
        sorted.order.removeOne(position);
        auto at = std::upper_bound(
            sorted.order.begin(), sorted.order.end(), position, [&](int a, int b) {
                return sorted.query.lessThan(m_contacts[size_t(a)], m_contacts[size_t(b)]);
            });
        sorted.order.insert(at, position);
    }
}

const QVector<int> &HighLevelStore::search(const HighLevelContactQuery &query)
{
    const qint64 now = monotonicMs();
    const bool lagging = now < m_pendingUntilMs;
    if (!lagging) {
        const auto it = m_results.constFind(query.filterKey());
        if (it != m_results.constEnd() && it->generation == m_generation)
            return it->order;
    }
    const QVector<int> &sorted = sortedOrder(query);
    QVector<int> matches;
    matches.reserve(sorted.size());
    for (int i : sorted) {
        const HighLevelContact &c = m_contacts[size_t(i)];
        if (lagging && c.searchableAtMs > now)
            continue;
        if (query.matches(c))
            matches.append(i);
    }
    if (lagging) {
        m_uncached = std::move(matches);
        return m_uncached;
    }
    if (m_results.size() > 32)
        m_results.clear();
    Cached &slot = m_results[query.filterKey()];
    slot.generation = m_generation;
    slot.order = std::move(matches);
    return slot.order;
}

const QVector<int> &HighLevelStore::byDateAddedAscending()
{
    return sortedOrder(m_legacyQuery);
}

QString HighLevelStore::newId()
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    QString id(20, Qt::Uninitialized);
    for (int i = 0; i < 20; ++i)
        id[i] = QLatin1Char(alphabet[m_random.bounded(62)]);
    return id;
}
