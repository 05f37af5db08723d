#pragma once

#include <QHash>
#include <QList>
#include <QString>

// Numbers flag or segment keys in the order they are first mentioned. Compiled flags refer to
// prerequisites and segments by these numbers, so evaluation indexes a vector instead of hashing
// a key, and a flag may mention a segment (or prerequisite) that is loaded later, or never.
class KeyIndex
{
public:
    // The key's number, assigning the next one if the key is new.
    int slot(const QString &key)
    {
        const auto it = m_slots.constFind(key);
        if (it != m_slots.constEnd())
            return it.value();
        const int n = int(m_keys.size());
        m_slots.insert(key, n);
        m_keys.append(key);
        return n;
    }
    // -1 for a key never mentioned.
    int find(const QString &key) const { return m_slots.value(key, -1); }
    const QString &key(int slot) const { return m_keys.at(slot); }
    int size() const { return int(m_keys.size()); }
    void clear()
    {
        m_slots.clear();
        m_keys.clear();
    }

private:
    QHash<QString, int> m_slots;
    QList<QString> m_keys;
};
