#pragma once

#include "HighLevelDataSet.h"
#include "LaunchDarklyDataSet.h"

// Makes realistic demo data for both fakes from a seed. The same seed and size give
// byte-identical data on every machine (one QRandomGenerator(seed), never the global one, and
// times relative to a fixed anchor instead of the wall clock). Contact i depends only on the
// seed and i: a larger data set starts with the contacts of a smaller one.
//
// The data is deliberately awkward: names in many scripts, contacts without a name or email or
// phone, phones in every local notation, mixed-case legacy tags, custom fields of every type
// with gaps, overdue tasks, HTML and very long notes, past and upcoming appointments.
class DemoDataGenerator
{
public:
    explicit DemoDataGenerator(quint32 seed = 42, int contacts = 2500);

    quint32 seed() const { return m_seed; }
    int contactCount() const { return m_contacts; }
    // "Today" for the data: contacts were added in the two years before it, tasks fall due and
    // appointments happen around it. Default 2026-12-01T00:00:00Z.
    qint64 anchor() const { return m_anchor; }
    void setAnchor(qint64 epochMs) { m_anchor = epochMs; }
    static qint64 defaultAnchor();

    HighLevelDataSet highLevel() const;
    // LaunchDarkly projects, environments, flags and segments. Some targets are ids of the
    // HighLevel contacts, as if a team had already hand-picked a few.
    LaunchDarklyDataSet launchDarkly(const HighLevelDataSet &highLevel) const;

private:
    quint32 m_seed;
    int m_contacts;
    qint64 m_anchor;
};
