#include "SyncDialog.h"

#include "../Workspace.h"

#include "sync/SyncRun.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

SyncDialog::SyncDialog(Workspace *workspace, const Mapping &mapping, const QString &mappingPath, QWidget *parent)
    : QDialog(parent)
    , m_workspace(workspace)
    , m_mapping(mapping)
    , m_mappingPath(mappingPath)
    , m_stage(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_summary(new QLabel(this))
    , m_warnings(new QLabel(this))
    , m_filter(new QLineEdit(this))
    , m_changes(new QTreeWidget(this))
    , m_confirm(new QCheckBox(this))
    , m_buttons(new QDialogButtonBox(this))
    , m_filterTimer(new QTimer(this))
{
    setWindowTitle(tr("Sync %1").arg(mapping.name.isEmpty() ? tr("mapping") : mapping.name));
    setObjectName(u"syncDialog"_s);
    resize(880, 600);
    auto *layout = new QVBoxLayout(this);
    m_stage->setWordWrap(true);
    m_stage->setObjectName(u"syncStage"_s);
    QFont stageFont = m_stage->font();
    stageFont.setBold(true);
    m_stage->setFont(stageFont);
    m_progress->setObjectName(u"syncProgress"_s);
    m_progress->setTextVisible(true);
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setObjectName(u"syncSummary"_s);
    m_warnings->setWordWrap(true);
    m_warnings->setTextFormat(Qt::PlainText);
    m_warnings->setObjectName(u"syncWarnings"_s);
    m_warnings->setStyleSheet(u"QLabel { background: palette(alternate-base); border-left: 4px solid #d08b00; padding: 6px; }"_s);
    m_warnings->hide();
    m_filter->setPlaceholderText(tr("Filter by contact, key or reason"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setObjectName(u"syncFilter"_s);
    m_filter->hide();
    m_changes->setHeaderLabels({tr("Change"), tr("Target key"), tr("Why")});
    m_changes->setObjectName(u"syncChanges"_s);
    m_changes->setUniformRowHeights(true);
    m_changes->setAlternatingRowColors(true);
    m_confirm->setObjectName(u"syncConfirm"_s);
    m_confirm->hide();
    layout->addWidget(m_stage);
    layout->addWidget(m_progress);
    layout->addWidget(m_summary);
    layout->addWidget(m_warnings);
    layout->addWidget(m_filter);
    layout->addWidget(m_changes, 1);
    layout->addWidget(m_confirm);
    layout->addWidget(m_buttons);

    m_savePreview = m_buttons->addButton(tr("&Save preview…"), QDialogButtonBox::ActionRole);
    m_apply = m_buttons->addButton(tr("&Apply changes"), QDialogButtonBox::AcceptRole);
    m_retry = m_buttons->addButton(tr("&Run again"), QDialogButtonBox::ActionRole);
    m_close = m_buttons->addButton(QDialogButtonBox::Cancel);
    m_savePreview->setToolTip(tr("Save what this sync would change, contact by contact, as a JSON file"));
    m_savePreview->setEnabled(false);
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
        m_progress->show();
        m_run->apply();
    });
    connect(m_retry, &QPushButton::clicked, this, [this] {
        m_retry->hide();
        startRun();
    });
    connect(m_savePreview, &QPushButton::clicked, this, [this] {
        const QString suggested = QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
                                      .filePath(tr("sync-preview-%1.json").arg(QDate::currentDate().toString(Qt::ISODate)));
        const QString fileName = QFileDialog::getSaveFileName(this, tr("Save Preview"), suggested, tr("JSON files (*.json)"));
        if (fileName.isEmpty())
            return;
        QString error;
        if (!savePreview(fileName, &error))
            QMessageBox::warning(this, tr("Save Preview"), error);
    });
    connect(m_close, &QPushButton::clicked, this, &SyncDialog::reject);
    connect(m_confirm, &QCheckBox::toggled, this, [this](bool on) {
        m_apply->setEnabled(on && m_run && m_run->state() == SyncRun::State::Planned);
    });
    m_filterTimer->setSingleShot(true);
    m_filterTimer->setInterval(200);
    connect(m_filterTimer, &QTimer::timeout, this, &SyncDialog::applyFilter);
    connect(m_filter, &QLineEdit::textChanged, m_filterTimer, qOverload<>(&QTimer::start));
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

QString SyncDialog::stageText() const
{
    return m_stage->text();
}

QString SyncDialog::progressText() const
{
    return m_progress->isVisible() ? m_progress->text() : QString();
}

QString SyncDialog::remainingText(qint64 ms)
{
    if (ms < 0)
        return {};
    const qint64 seconds = (ms + 999) / 1000;
    if (seconds < 5)
        return tr("a few seconds left");
    if (seconds < 60)
        return tr("about %n second(s) left", nullptr, int((seconds + 4) / 5 * 5));
    const qint64 minutes = (seconds + 30) / 60;
    if (minutes < 90)
        return tr("about %n minute(s) left", nullptr, int(minutes));
    return tr("about %n hour(s) left", nullptr, int((minutes + 30) / 60));
}

void SyncDialog::showProgress(qint64 done, qint64 total, qint64 remainingMs)
{
    if (total <= 0) {
        m_progress->setRange(0, 0);
        return;
    }
    // QProgressBar counts in int: scale very large totals.
    const double scale = total > 1000000 ? double(total) / 1000000 : 1.0;
    m_progress->setRange(0, int(double(total) / scale));
    m_progress->setValue(int(double(done) / scale));
    const QLocale locale;
    QString text = tr("%1 of %2").arg(locale.toString(done), locale.toString(total));
    const QString left = m_run && m_run->state() == SyncRun::State::Applying ? remainingText(remainingMs) : QString();
    if (!left.isEmpty())
        text = tr("%1 · %2").arg(text, left);
    m_progress->setFormat(text);
}

void SyncDialog::startRun()
{
    if (m_run)
        m_run->deleteLater();
    m_changes->clear();
    m_summary->clear();
    m_warnings->hide();
    m_filter->hide();
    m_filter->clear();
    m_confirm->hide();
    m_confirm->setChecked(false);
    m_confirm->setEnabled(true);
    m_apply->setEnabled(false);
    m_apply->show();
    m_savePreview->setEnabled(false);
    m_savePreview->show();
    m_close->setText(tr("Cancel"));
    m_progress->setRange(0, 0);
    m_progress->setFormat(QString());
    m_progress->show();
    m_run = new SyncRun(m_workspace->highLevel(), m_workspace->launchDarkly(), m_workspace->database(), m_mapping, this);
    m_run->setMappingPath(m_mappingPath);
    connect(m_run, &SyncRun::stageChanged, m_stage, &QLabel::setText);
    connect(m_run, &SyncRun::progress, this, &SyncDialog::showProgress);
    connect(m_run, &SyncRun::planned, this, &SyncDialog::showPlan);
    connect(m_run, &SyncRun::planningFailed, this, [this](const ApiError &error) {
        m_stage->setText(tr("Could not plan the sync. Nothing was written."));
        m_summary->setText(error.message());
        m_progress->hide();
        m_apply->hide();
        m_savePreview->hide();
        m_retry->show();
        m_close->setText(tr("Close"));
    });
    connect(m_run, &SyncRun::finished, this, &SyncDialog::showResult);
    m_run->startPlanning();
}

void SyncDialog::showPlan()
{
    const SyncPlan &plan = m_run->plan();
    const QLocale locale;
    m_progress->hide();
    m_stage->setText(tr("Preview for %1 / %2 — nothing has been written yet.").arg(m_run->projectKey(), m_run->environmentKey()));
    QStringList lines;
    lines << tr("%n contact(s) read from HighLevel.", nullptr, plan.contactsRead);
    lines << tr("To add: %1 · To remove: %2 · Skipped: %3").arg(plan.adds()).arg(plan.removes()).arg(plan.skipped());
    lines << tr("API calls: %1 made to read, %n write request(s) to apply.", nullptr, plan.writeRequests()).arg(plan.readRequests);
    if (m_run->recovered() > 0)
        lines << tr("%n change(s) that an interrupted earlier run left unfinished were completed first.", nullptr, m_run->recovered());
    m_summary->setText(lines.join(u'\n'));

    QStringList warnings;
    for (const BindingPlan &b : plan.bindings) {
        for (const QString &w : b.warnings)
            warnings << tr("⚠ %1: %2").arg(b.bindingName, w);
        if (!b.error.isEmpty())
            warnings << tr("✖ %1: %2").arg(b.bindingName, b.error);
    }
    m_warnings->setText(warnings.join(u'\n'));
    m_warnings->setVisible(!warnings.isEmpty());

    m_changes->setUpdatesEnabled(false);
    m_changes->clear();
    for (const BindingPlan &b : plan.bindings) {
        auto *top = new QTreeWidgetItem(m_changes);
        top->setText(0, b.bindingName);
        top->setText(1, b.target);
        if (!b.error.isEmpty())
            top->setText(2, b.error);
        else if (b.kind == "flag-outcome"_L1)
            top->setText(2, tr("%n contact(s) get the variation · to do: %1 · already done: %2 · skipped: %3", nullptr,
                               b.served < 0 ? 0 : b.served)
                                .arg(locale.toString(b.adds.size()), locale.toString(b.unchanged), locale.toString(b.skipped.size())));
        else
            top->setText(2, tr("%1 to add, %2 to remove, %3 unchanged, %4 skipped")
                                .arg(locale.toString(b.adds.size()), locale.toString(b.removes.size()),
                                     locale.toString(b.unchanged), locale.toString(b.skipped.size())));
        top->setToolTip(2, top->text(2));
        auto group = [top, &locale](const QString &title, qsizetype count) {
            auto *g = new QTreeWidgetItem(top);
            g->setText(0, title.arg(locale.toString(count)));
            return g;
        };
        if (!b.adds.isEmpty()) {
            QTreeWidgetItem *g = group(b.kind == "flag-outcome"_L1 ? tr("Actions (%1)") : tr("Add (%1)"), b.adds.size());
            for (const TargetChange &c : b.adds)
                new QTreeWidgetItem(g, {c.contactName, c.key, c.reason});
        }
        if (!b.removes.isEmpty()) {
            QTreeWidgetItem *g = group(tr("Remove (%1)"), b.removes.size());
            for (const TargetChange &c : b.removes)
                new QTreeWidgetItem(g, {c.contactName.isEmpty() ? tr("(no longer a contact)") : c.contactName, c.key, c.reason});
        }
        if (!b.skipped.isEmpty()) {
            QTreeWidgetItem *g = group(tr("Skipped (%1)"), b.skipped.size());
            for (const SkippedContact &s : b.skipped)
                new QTreeWidgetItem(g, {s.contactName, s.contactId, s.reason});
        }
        if (!b.operations.isEmpty()) {
            QTreeWidgetItem *g = group(tr("Write requests (%1)"), b.operations.size());
            for (const SyncOperation &op : b.operations)
                new QTreeWidgetItem(g, {op.describe(), op.targetKey, QString()});
        }
        top->setExpanded(true);
    }
    m_changes->header()->resizeSection(0, 280);
    m_changes->header()->resizeSection(1, 220);
    m_changes->setUpdatesEnabled(true);
    m_filter->setVisible(plan.adds() + plan.removes() + plan.skipped() > 0);
    m_savePreview->setEnabled(true);

    if (!plan.hasChanges()) {
        m_apply->hide();
        m_close->setText(tr("Close"));
        m_run->apply(); // nothing to write: records the run as already in sync
        return;
    }
    if (plan.needsConfirmation()) {
        m_confirm->setText(tr("I have read the warnings above and want to apply these changes."));
        m_confirm->show();
        m_apply->setEnabled(false);
    } else {
        m_apply->setEnabled(true);
    }
}

void SyncDialog::applyFilter()
{
    const QString text = m_filter->text().trimmed();
    m_changes->setUpdatesEnabled(false);
    for (int i = 0; i < m_changes->topLevelItemCount(); ++i) {
        QTreeWidgetItem *top = m_changes->topLevelItem(i);
        for (int j = 0; j < top->childCount(); ++j) {
            QTreeWidgetItem *group = top->child(j);
            int shown = 0;
            for (int k = 0; k < group->childCount(); ++k) {
                QTreeWidgetItem *row = group->child(k);
                const bool match = text.isEmpty() || row->text(0).contains(text, Qt::CaseInsensitive)
                    || row->text(1).contains(text, Qt::CaseInsensitive) || row->text(2).contains(text, Qt::CaseInsensitive);
                row->setHidden(!match);
                shown += match ? 1 : 0;
            }
            group->setHidden(shown == 0 && !text.isEmpty());
            if (!text.isEmpty() && shown > 0)
                group->setExpanded(true);
        }
    }
    m_changes->setUpdatesEnabled(true);
}

bool SyncDialog::savePreview(const QString &fileName, QString *error) const
{
    if (!m_run || m_run->plan().bindings.isEmpty()) {
        *error = tr("There is no preview to save yet.");
        return false;
    }
    QJsonObject o = m_run->plan().toJson();
    o.insert("mapping"_L1, m_mapping.name);
    o.insert("project"_L1, m_run->projectKey());
    o.insert("environment"_L1, m_run->environmentKey());
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(o).toJson(QJsonDocument::Indented)) < 0 || !file.commit()) {
        *error = tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(fileName), file.errorString());
        return false;
    }
    return true;
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
    m_savePreview->hide();
    m_close->setText(tr("Close"));
    m_stage->setText(report.summary());
    if (report.outcome == SyncReport::Outcome::NothingToDo) {
        if (report.recovered > 0)
            m_summary->setText(tr("%n change(s) that an interrupted earlier run left unfinished were completed.", nullptr, report.recovered));
        return;
    }
    const RequestCounters req = report.requests();
    const QLocale locale;
    QStringList lines;
    lines << tr("Requests: %1 (%2 reads, %3 writes, %4 retries); %5 s.")
                 .arg(req.total)
                 .arg(req.reads)
                 .arg(req.writes)
                 .arg(req.retries)
                 .arg(locale.toString(report.startedAt.msecsTo(report.finishedAt) / 1000.0, 'f', 1));
    if (report.rateLimitWaits > 0)
        lines << tr("Paced by the rate limits %n time(s), %1 s in all.", nullptr, int(report.rateLimitWaits))
                     .arg(locale.toString(report.rateLimitWaitedMs / 1000.0, 'f', 1));
    for (const SyncReport::BindingResult &b : report.bindings) {
        lines << tr("%1: %2 added, %3 removed, %4 skipped.").arg(b.name).arg(b.added).arg(b.removed).arg(b.skipped);
        for (const QString &f : b.failures)
            lines << tr("✖ %1").arg(f);
    }
    if (!report.error.isEmpty())
        lines << report.error;
    const bool unfinished = report.outcome == SyncReport::Outcome::Partial || report.outcome == SyncReport::Outcome::Cancelled
        || report.outcome == SyncReport::Outcome::Failed;
    if (unfinished) {
        lines << tr("What was written is recorded. Run the sync again to complete the rest: it checks LaunchDarkly first, so "
                    "nothing is written twice.");
        m_retry->show();
    }
    m_summary->setText(lines.join(u'\n'));
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
