#include "SyncDialog.h"

#include "../Workspace.h"

#include "sync/SyncRun.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

SyncDialog::SyncDialog(Workspace *workspace, const Mapping &mapping, const QString &mappingPath, QWidget *parent)
    : QDialog(parent)
    , m_workspace(workspace)
    , m_mapping(mapping)
    , m_mappingPath(mappingPath)
    , m_stage(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_summary(new QLabel(this))
    , m_changes(new QTreeWidget(this))
    , m_confirm(new QCheckBox(this))
    , m_buttons(new QDialogButtonBox(this))
{
    setWindowTitle(tr("Sync %1").arg(mapping.name.isEmpty() ? tr("mapping") : mapping.name));
    setObjectName(QStringLiteral("syncDialog"));
    resize(820, 560);
    auto *layout = new QVBoxLayout(this);
    m_stage->setWordWrap(true);
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setObjectName(QStringLiteral("syncSummary"));
    m_changes->setHeaderLabels({tr("Change"), tr("Target key"), tr("Why")});
    m_changes->setObjectName(QStringLiteral("syncChanges"));
    m_changes->setUniformRowHeights(true);
    m_confirm->hide();
    layout->addWidget(m_stage);
    layout->addWidget(m_progress);
    layout->addWidget(m_summary);
    layout->addWidget(m_changes, 1);
    layout->addWidget(m_confirm);
    layout->addWidget(m_buttons);

    m_apply = m_buttons->addButton(tr("&Apply changes"), QDialogButtonBox::AcceptRole);
    m_retry = m_buttons->addButton(tr("&Retry"), QDialogButtonBox::ActionRole);
    m_close = m_buttons->addButton(QDialogButtonBox::Cancel);
    m_apply->setEnabled(false);
    m_apply->setDefault(true);
    m_retry->hide();
    connect(m_apply, &QPushButton::clicked, this, [this] {
        if (!m_run)
            return;
        m_apply->setEnabled(false);
        m_confirm->setEnabled(false);
        m_close->setText(tr("Cancel"));
        m_progress->setRange(0, 0);
        m_run->apply();
    });
    connect(m_retry, &QPushButton::clicked, this, [this] {
        m_retry->hide();
        startRun();
    });
    connect(m_close, &QPushButton::clicked, this, &SyncDialog::reject);
    connect(m_confirm, &QCheckBox::toggled, this, [this](bool on) {
        m_apply->setEnabled(on && m_run && m_run->state() == SyncRun::State::Planned);
    });
    startRun();
}

SyncDialog::~SyncDialog()
{
    if (m_run && m_run->state() != SyncRun::State::Finished)
        m_run->cancel();
}

SyncRun *SyncDialog::run() const
{
    return m_run.data();
}

QString SyncDialog::summaryText() const
{
    return m_summary->text();
}

void SyncDialog::startRun()
{
    if (m_run)
        m_run->deleteLater();
    m_changes->clear();
    m_summary->clear();
    m_confirm->hide();
    m_confirm->setChecked(false);
    m_apply->setEnabled(false);
    m_apply->show();
    m_close->setText(tr("Cancel"));
    m_progress->setRange(0, 0);
    m_progress->show();
    m_run = new SyncRun(m_workspace->highLevel(), m_workspace->launchDarkly(), m_workspace->database(), m_mapping, this);
    m_run->setMappingPath(m_mappingPath);
    connect(m_run, &SyncRun::stageChanged, m_stage, &QLabel::setText);
    connect(m_run, &SyncRun::progress, this, [this](qint64 done, qint64 total) {
        if (total > 0) {
            m_progress->setRange(0, int(total));
            m_progress->setValue(int(done));
        }
    });
    connect(m_run, &SyncRun::planned, this, &SyncDialog::showPlan);
    connect(m_run, &SyncRun::planningFailed, this, [this](const ApiError &error) {
        m_stage->setText(tr("Could not plan the sync."));
        m_summary->setText(error.message());
        m_progress->hide();
        m_apply->hide();
        m_retry->show();
        m_close->setText(tr("Close"));
    });
    connect(m_run, &SyncRun::finished, this, &SyncDialog::showResult);
    m_run->startPlanning();
}

void SyncDialog::showPlan()
{
    const SyncPlan &plan = m_run->plan();
    m_progress->hide();
    m_stage->setText(tr("Preview for %1 / %2 — nothing has been written yet.").arg(m_run->projectKey(), m_run->environmentKey()));
    QStringList lines;
    lines << tr("%n contact(s) read from HighLevel.", nullptr, plan.contactsRead);
    lines << tr("To add: %1 · To remove: %2 · Skipped: %3").arg(plan.adds()).arg(plan.removes()).arg(plan.skipped());
    lines << tr("API calls: %1 made to read, %n write request(s) to apply.", nullptr, plan.writeRequests()).arg(plan.readRequests);
    for (const BindingPlan &b : plan.bindings) {
        for (const QString &w : b.warnings)
            lines << tr("⚠ %1: %2").arg(b.bindingName, w);
        if (!b.error.isEmpty())
            lines << tr("✖ %1: %2").arg(b.bindingName, b.error);
    }
    m_summary->setText(lines.join(QLatin1Char('\n')));

    m_changes->clear();
    for (const BindingPlan &b : plan.bindings) {
        auto *top = new QTreeWidgetItem(m_changes);
        top->setText(0, b.bindingName);
        top->setText(1, b.target);
        top->setText(2, b.error.isEmpty() ? tr("%1 to add, %2 to remove, %3 unchanged, %4 skipped")
                                                .arg(b.adds.size())
                                                .arg(b.removes.size())
                                                .arg(b.unchanged)
                                                .arg(b.skipped.size())
                                          : b.error);
        auto group = [top](const QString &title, int count) {
            auto *g = new QTreeWidgetItem(top);
            g->setText(0, title.arg(count));
            return g;
        };
        if (!b.adds.isEmpty()) {
            QTreeWidgetItem *g = group(tr("Add (%1)"), int(b.adds.size()));
            for (const TargetChange &c : b.adds)
                new QTreeWidgetItem(g, {c.contactName, c.key, c.reason});
        }
        if (!b.removes.isEmpty()) {
            QTreeWidgetItem *g = group(tr("Remove (%1)"), int(b.removes.size()));
            for (const TargetChange &c : b.removes)
                new QTreeWidgetItem(g, {c.contactName.isEmpty() ? tr("(deleted contact)") : c.contactName, c.key, c.reason});
        }
        if (!b.skipped.isEmpty()) {
            QTreeWidgetItem *g = group(tr("Skipped (%1)"), int(b.skipped.size()));
            for (const SkippedContact &s : b.skipped)
                new QTreeWidgetItem(g, {s.contactName, s.contactId, s.reason});
        }
        top->setExpanded(true);
    }
    m_changes->header()->resizeSection(0, 280);
    m_changes->header()->resizeSection(1, 200);

    if (!plan.hasChanges()) {
        m_apply->hide();
        m_close->setText(tr("Close"));
        m_run->apply(); // nothing to write: records the run as already in sync
        return;
    }
    if (plan.needsConfirmation()) {
        m_confirm->setText(tr("I have checked the removals above and want to apply them."));
        m_confirm->show();
        m_apply->setEnabled(false);
    } else {
        m_apply->setEnabled(true);
    }
}

void SyncDialog::showResult()
{
    if (!m_run)
        return;
    const SyncReport &report = m_run->report();
    if (report.dryRun) // closed after the preview, or nothing to do
        return;
    m_progress->hide();
    m_confirm->hide();
    m_apply->hide();
    m_close->setText(tr("Close"));
    m_stage->setText(report.summary());
    if (report.outcome == SyncReport::Outcome::NothingToDo)
        return;
    const RequestCounters req = report.requests();
    QStringList lines;
    lines << tr("Requests: %1 (%2 reads, %3 writes, %4 retries); %5 s.")
                 .arg(req.total)
                 .arg(req.reads)
                 .arg(req.writes)
                 .arg(req.retries)
                 .arg(QLocale().toString(report.startedAt.msecsTo(report.finishedAt) / 1000.0, 'f', 1));
    for (const SyncReport::BindingResult &b : report.bindings) {
        lines << tr("%1: %2 added, %3 removed, %4 skipped.").arg(b.name).arg(b.added).arg(b.removed).arg(b.skipped);
        for (const QString &f : b.failures)
            lines << tr("✖ %1").arg(f);
    }
    m_summary->setText(lines.join(QLatin1Char('\n')));
    if (report.added() + report.removed() > 0)
        Q_EMIT applied();
}

void SyncDialog::reject()
{
    if (m_run && m_run->state() == SyncRun::State::Applying) {
        m_stage->setText(tr("Cancelling after the request in flight…"));
        m_run->cancel();
        return; // showResult() reports what was done
    }
    if (m_run && m_run->state() == SyncRun::State::Planning)
        m_run->cancel();
    QDialog::reject();
}
