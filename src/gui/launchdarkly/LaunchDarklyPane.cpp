#include "LaunchDarklyPane.h"

#include "../Workspace.h"
#include "../common/MessageBar.h"

#include "ld/LaunchDarklyClient.h"
#include "ld/TargetingDescription.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

LaunchDarklyPane::LaunchDarklyPane(Workspace *workspace, MessageBar *messages, QWidget *parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_messages(messages)
    , m_project(new QComboBox(this))
    , m_environment(new QComboBox(this))
    , m_tabs(new QTabWidget(this))
    , m_flagList(new QTreeWidget(this))
    , m_flagDetail(new QTextBrowser(this))
    , m_segmentList(new QTreeWidget(this))
    , m_segmentHeader(new QLabel(this))
    , m_members(new QListWidget(this))
    , m_status(new QLabel(this))
{
    auto *layout = new QVBoxLayout(this);
    auto *top = new QHBoxLayout;
    auto *projectLabel = new QLabel(tr("&Project:"), this);
    projectLabel->setBuddy(m_project);
    auto *envLabel = new QLabel(tr("&Environment:"), this);
    envLabel->setBuddy(m_environment);
    m_project->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_environment->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_project->setObjectName(QStringLiteral("projectCombo"));
    m_environment->setObjectName(QStringLiteral("environmentCombo"));
    top->addWidget(projectLabel);
    top->addWidget(m_project);
    top->addWidget(envLabel);
    top->addWidget(m_environment);
    top->addStretch(1);
    top->addWidget(m_status);
    layout->addLayout(top);

    auto *flags = new QSplitter(Qt::Horizontal, this);
    m_flagList->setHeaderLabels({tr("Flag"), tr("Name"), tr("State"), tr("Variations")});
    m_flagList->setRootIsDecorated(false);
    m_flagList->setSortingEnabled(true);
    m_flagList->sortByColumn(0, Qt::AscendingOrder);
    m_flagList->setObjectName(QStringLiteral("flagList"));
    m_flagDetail->setOpenLinks(false);
    m_flagDetail->setObjectName(QStringLiteral("flagDetail"));
    flags->addWidget(m_flagList);
    flags->addWidget(m_flagDetail);
    flags->setStretchFactor(0, 1);
    flags->setStretchFactor(1, 1);
    m_tabs->addTab(flags, tr("&Flags"));

    auto *segments = new QSplitter(Qt::Horizontal, this);
    m_segmentList->setHeaderLabels({tr("Segment"), tr("Name"), tr("Kind"), tr("Included")});
    m_segmentList->setRootIsDecorated(false);
    m_segmentList->setSortingEnabled(true);
    m_segmentList->sortByColumn(0, Qt::AscendingOrder);
    m_segmentList->setObjectName(QStringLiteral("segmentList"));
    auto *memberPane = new QWidget(this);
    auto *memberLayout = new QVBoxLayout(memberPane);
    memberLayout->setContentsMargins(0, 0, 0, 0);
    m_segmentHeader->setWordWrap(true);
    m_segmentHeader->setTextFormat(Qt::PlainText);
    m_members->setObjectName(QStringLiteral("segmentMembers"));
    memberLayout->addWidget(m_segmentHeader);
    memberLayout->addWidget(m_members, 1);
    segments->addWidget(m_segmentList);
    segments->addWidget(memberPane);
    m_tabs->addTab(segments, tr("&Segments"));
    layout->addWidget(m_tabs, 1);

    connect(m_project, &QComboBox::activated, this, [this] { loadEnvironments(m_project->currentData().toString()); });
    connect(m_environment, &QComboBox::activated, this, [this] {
        m_workspace->setProjectAndEnvironment(m_project->currentData().toString(), m_environment->currentData().toString());
    });
    connect(m_workspace, &Workspace::environmentChanged, this, &LaunchDarklyPane::loadEnvironmentData);
    connect(m_workspace, &Workspace::launchDarklyChanged, this, &LaunchDarklyPane::loadEnvironmentData);
    connect(m_flagList, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        if (!item)
            return;
        const QString key = item->data(0, Qt::UserRole).toString();
        for (const LdFlag &f : std::as_const(m_flags)) {
            if (f.key == key)
                renderFlag(f);
        }
    });
    connect(m_segmentList, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        if (item)
            showSegment(item->data(0, Qt::UserRole).toString());
    });
    loadProjects();
}

void LaunchDarklyPane::refresh()
{
    loadEnvironmentData();
}

void LaunchDarklyPane::loadProjects()
{
    ++m_pending;
    m_workspace->launchDarkly()->listProjects(this, [this](const Result<QList<LdProject>> &r) {
        finishPart();
        if (!r.isOk()) {
            m_messages->showMessage(MessageBar::Kind::Error, r.error().message(), [this] { loadProjects(); });
            return;
        }
        m_project->clear();
        for (const LdProject &p : r.value())
            m_project->addItem(p.name.isEmpty() ? p.key : tr("%1 (%2)").arg(p.name, p.key), p.key);
        const int index = m_project->findData(m_workspace->projectKey());
        m_project->setCurrentIndex(std::max(index, 0));
        loadEnvironments(m_project->currentData().toString());
    });
}

void LaunchDarklyPane::loadEnvironments(const QString &project)
{
    if (project.isEmpty())
        return;
    ++m_pending;
    m_workspace->launchDarkly()->listEnvironments(project, this, [this, project](const Result<QList<LdEnvironment>> &r) {
        finishPart();
        if (!r.isOk()) {
            m_messages->showMessage(MessageBar::Kind::Error, r.error().message(), [this, project] { loadEnvironments(project); });
            return;
        }
        m_environment->clear();
        for (const LdEnvironment &e : r.value()) {
            const QString label = e.critical ? tr("%1 (critical)").arg(e.name.isEmpty() ? e.key : e.name)
                                             : (e.name.isEmpty() ? e.key : e.name);
            m_environment->addItem(label, e.key);
        }
        int index = m_environment->findData(m_workspace->environmentKey());
        if (project != m_workspace->projectKey() || index < 0)
            index = 0;
        m_environment->setCurrentIndex(index);
        const QString env = m_environment->currentData().toString();
        if (project == m_workspace->projectKey() && env == m_workspace->environmentKey())
            loadEnvironmentData();
        else
            m_workspace->setProjectAndEnvironment(project, env);
    });
}

void LaunchDarklyPane::loadEnvironmentData()
{
    const QString project = m_workspace->projectKey();
    const QString env = m_workspace->environmentKey();
    if (project.isEmpty() || env.isEmpty())
        return;
    const quint64 generation = ++m_generation;
    m_status->setText(tr("Loading…"));
    m_pending += 2;
    m_workspace->launchDarkly()->listFlags(project, env, this, [this, generation, env](const Result<QList<LdFlag>> &r) {
        if (generation != m_generation)
            return;
        finishPart();
        if (!r.isOk()) {
            m_messages->showMessage(MessageBar::Kind::Error, r.error().message(), [this] { loadEnvironmentData(); });
            return;
        }
        const QString selected = m_flagList->currentItem() ? m_flagList->currentItem()->data(0, Qt::UserRole).toString() : QString();
        m_flags = r.value();
        m_flagList->clear();
        for (const LdFlag &f : std::as_const(m_flags)) {
            auto *item = new QTreeWidgetItem(m_flagList);
            item->setText(0, f.key);
            item->setData(0, Qt::UserRole, f.key);
            item->setText(1, f.name);
            const LdFlagEnvironment config = f.environments.value(env);
            item->setText(2, config.on ? tr("On") : tr("Off"));
            item->setText(3, QString::number(f.variations.size()));
            if (f.key == selected)
                m_flagList->setCurrentItem(item);
        }
        m_flagList->header()->resizeSections(QHeaderView::ResizeToContents);
        if (!m_flagList->currentItem() && m_flagList->topLevelItemCount() > 0)
            m_flagList->setCurrentItem(m_flagList->topLevelItem(0));
    });
    m_workspace->launchDarkly()->listSegments(project, env, this, [this, generation](const Result<QList<LdSegment>> &r) {
        if (generation != m_generation)
            return;
        finishPart();
        if (!r.isOk()) {
            m_messages->showMessage(MessageBar::Kind::Error, r.error().message(), [this] { loadEnvironmentData(); });
            return;
        }
        const QString selected = m_segmentList->currentItem() ? m_segmentList->currentItem()->data(0, Qt::UserRole).toString() : QString();
        m_segments = r.value();
        QSignalBlocker block(m_segmentList);
        m_segmentList->clear();
        QTreeWidgetItem *current = nullptr;
        for (const LdSegment &s : std::as_const(m_segments)) {
            auto *item = new QTreeWidgetItem(m_segmentList);
            item->setText(0, s.key);
            item->setData(0, Qt::UserRole, s.key);
            item->setText(1, s.name);
            item->setText(2, s.unbounded ? tr("big") : tr("standard"));
            item->setData(3, Qt::DisplayRole, s.includedCount());
            if (s.key == selected)
                current = item;
        }
        m_segmentList->header()->resizeSections(QHeaderView::ResizeToContents);
        if (current) {
            m_segmentList->setCurrentItem(current);
            showSegment(selected);
        }
    });
}

void LaunchDarklyPane::finishPart()
{
    if (--m_pending > 0)
        return;
    m_pending = 0;
    m_status->clear();
    Q_EMIT loaded();
}

void LaunchDarklyPane::renderFlag(const LdFlag &f)
{
    const QString env = m_workspace->environmentKey();
    const LdFlagEnvironment config = f.environments.value(env);
    auto esc = [](const QString &s) { return s.toHtmlEscaped(); };
    QString html;
    html += u"<h3>"_s + esc(f.name.isEmpty() ? f.key : f.name) + u"</h3>"_s;
    html += u"<p><code>"_s + esc(f.key) + u"</code> · "_s + esc(config.on ? tr("On in %1").arg(env) : tr("Off in %1").arg(env))
        + u"</p>"_s;
    if (!f.description.isEmpty())
        html += u"<p>"_s + esc(f.description) + u"</p>"_s;
    html += u"<h4>"_s + esc(tr("Variations")) + u"</h4><ul>"_s;
    for (int i = 0; i < f.variations.size(); ++i) {
        QStringList keys = config.targetKeys(i, u"user"_s);
        for (const LdTarget &t : config.contextTargets) {
            if (t.variation == i && t.contextKind != "user"_L1)
                keys += t.values;
        }
        html += u"<li>"_s + esc(TargetingDescription::variationName(f, i));
        if (!keys.isEmpty())
            html += u" — "_s + esc(tr("%n individual target(s)", nullptr, int(keys.size())))
                + u": "_s + esc(keys.mid(0, 10).join(u", "_s)) + (keys.size() > 10 ? u"…"_s : QString());
        html += u"</li>"_s;
    }
    html += u"</ul>"_s;
    html += u"<h4>"_s + esc(tr("Rules")) + u"</h4>"_s;
    if (config.rules.isEmpty())
        html += u"<p>"_s + esc(tr("No rules.")) + u"</p>"_s;
    else {
        html += u"<ol>"_s;
        for (const LdRule &r : config.rules)
            html += u"<li>"_s + esc(TargetingDescription::rule(r, f)) + u"</li>"_s;
        html += u"</ol>"_s;
    }
    html += u"<p>"_s + esc(tr("Otherwise %1.").arg(TargetingDescription::serve(config.fallthroughVariation, config.fallthroughRollout, f)))
        + u"</p>"_s;
    html += u"<p>"_s + esc(tr("When off, serve %1.").arg(TargetingDescription::variationName(f, config.offVariation))) + u"</p>"_s;
    const QStringList segments = config.segmentKeys();
    if (!segments.isEmpty())
        html += u"<p>"_s + esc(tr("Uses segments: %1").arg(segments.join(u", "_s))) + u"</p>"_s;
    m_flagDetail->setHtml(html);
}

void LaunchDarklyPane::showSegment(const QString &key)
{
    // Select it in the list (when called from outside) and load its members fresh.
    for (int i = 0; i < m_segmentList->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_segmentList->topLevelItem(i);
        if (item->data(0, Qt::UserRole).toString() == key && m_segmentList->currentItem() != item) {
            QSignalBlocker block(m_segmentList);
            m_segmentList->setCurrentItem(item);
        }
    }
    if (m_segmentCall)
        m_segmentCall->cancel();
    m_segmentHeader->setText(tr("Loading %1…").arg(key));
    m_members->clear();
    m_segmentCall = m_workspace->launchDarkly()->getSegment(m_workspace->projectKey(), m_workspace->environmentKey(), key, this,
                                                            [this, key](const Result<LdSegment> &r) {
        m_segmentCall = nullptr;
        if (!r.isOk()) {
            if (r.error().kind() != ApiError::Kind::Cancelled) {
                m_segmentHeader->setText(r.error().summary());
                m_messages->showMessage(MessageBar::Kind::Error, r.error().message(), [this, key] { showSegment(key); });
            }
            return;
        }
        renderSegment(r.value());
        Q_EMIT segmentShown(key);
    });
}

void LaunchDarklyPane::renderSegment(const LdSegment &s)
{
    QString header = tr("%1 (%2): %n included target(s)", nullptr, s.includedCount()).arg(s.name, s.key);
    if (s.unbounded)
        header += u"\n"_s + tr("Big segment: members are not listed by the API.");
    if (!s.flagKeys.isEmpty())
        header += u"\n"_s + tr("Used by flags: %1").arg(s.flagKeys.join(u", "_s));
    m_segmentHeader->setText(header);
    m_members->clear();
    for (const QString &k : s.included)
        m_members->addItem(tr("%1 (user)").arg(k));
    for (const LdContextTargets &t : s.includedContexts) {
        for (const QString &k : t.values)
            m_members->addItem(tr("%1 (%2)").arg(k, t.contextKind));
    }
    // Keep the list's count column in step with what was just read.
    for (int i = 0; i < m_segmentList->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_segmentList->topLevelItem(i);
        if (item->data(0, Qt::UserRole).toString() == s.key)
            item->setData(3, Qt::DisplayRole, s.includedCount());
    }
}
