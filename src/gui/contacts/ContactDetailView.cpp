#include "ContactDetailView.h"

#include "../Workspace.h"
#include "../common/FlowLayout.h"

#include "common/Json.h"
#include "ghl/HighLevelClient.h"

#include <QCompleter>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QStackedWidget>
#include <QStringListModel>
#include <QTabWidget>
#include <QTextDocumentFragment>
#include <QTimeZone>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {

QString localDateTime(const QDateTime &dt)
{
    if (!dt.isValid())
        return {};
    return QLocale().toString(dt.toLocalTime(), QLocale::ShortFormat);
}

// Notes may hold HTML from HighLevel's editor: show their text only, never render remote content.
QString notePlainText(const QString &body)
{
    if (body.contains(QLatin1Char('<')))
        return QTextDocumentFragment::fromHtml(body).toPlainText();
    return body;
}

} // namespace

ContactDetailView::ContactDetailView(Workspace *workspace, QWidget *parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_stack(new QStackedWidget(this))
    , m_name(new QLabel(this))
    , m_subtitle(new QLabel(this))
    , m_status(new QLabel(this))
    , m_tagArea(new QWidget(this))
    , m_tagLayout(new FlowLayout(m_tagArea))
    , m_tagInput(new QLineEdit(this))
    , m_addTag(new QPushButton(tr("Add tag"), this))
    , m_tabs(new QTabWidget(this))
    , m_fieldsPage(new QWidget(this))
    , m_taskList(new QTreeWidget(this))
    , m_noteList(new QTreeWidget(this))
    , m_appointmentList(new QTreeWidget(this))
{
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_stack);

    auto *empty = new QLabel(tr("Select a contact to see its details."), this);
    empty->setAlignment(Qt::AlignCenter);
    empty->setEnabled(false);
    m_stack->addWidget(empty);

    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    QFont big = m_name->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    m_name->setFont(big);
    m_name->setObjectName(QStringLiteral("contactName"));
    m_name->setTextFormat(Qt::PlainText);
    m_name->setWordWrap(true);
    m_subtitle->setTextFormat(Qt::PlainText);
    m_subtitle->setWordWrap(true);
    m_subtitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setEnabled(false);
    layout->addWidget(m_name);
    layout->addWidget(m_subtitle);

    QSizePolicy tagPolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    tagPolicy.setHeightForWidth(true);
    m_tagArea->setSizePolicy(tagPolicy);
    auto *tagRow = new QHBoxLayout;
    auto *tagLabel = new QLabel(tr("Tags:"), this);
    tagRow->addWidget(tagLabel, 0, Qt::AlignTop);
    tagRow->addWidget(m_tagArea, 1);
    layout->addLayout(tagRow);
    auto *addRow = new QHBoxLayout;
    m_tagInput->setPlaceholderText(tr("New tag"));
    m_tagInput->setObjectName(QStringLiteral("tagInput"));
    m_tagInput->setClearButtonEnabled(true);
    tagLabel->setBuddy(m_tagInput);
    auto *completer = new QCompleter(new QStringListModel(this), this);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    m_tagInput->setCompleter(completer);
    addRow->addWidget(m_tagInput, 1);
    addRow->addWidget(m_addTag);
    layout->addLayout(addRow);
    connect(m_workspace, &Workspace::referenceDataChanged, this, [this, completer] {
        static_cast<QStringListModel *>(completer->model())->setStringList(m_workspace->locationTags());
        if (!m_contact.id.isEmpty())
            renderFields(); // custom field names may have arrived
    });
    auto addFromInput = [this] {
        const QString tag = m_tagInput->text().trimmed();
        if (!tag.isEmpty())
            addTag(tag);
    };
    connect(m_addTag, &QPushButton::clicked, this, addFromInput);
    connect(m_tagInput, &QLineEdit::returnPressed, this, addFromInput);

    auto *fieldsScroll = new QScrollArea(this);
    fieldsScroll->setWidgetResizable(true);
    fieldsScroll->setFrameShape(QFrame::NoFrame);
    m_fields = new QFormLayout(m_fieldsPage);
    m_fields->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    fieldsScroll->setWidget(m_fieldsPage);
    m_tabs->addTab(fieldsScroll, tr("Details"));

    m_taskList->setHeaderLabels({tr("Done"), tr("Task"), tr("Due"), tr("Assigned to")});
    m_taskList->setRootIsDecorated(false);
    m_taskList->setObjectName(QStringLiteral("taskList"));
    m_tabs->addTab(m_taskList, tr("Tasks"));

    auto *notes = new QSplitter(Qt::Vertical, this);
    m_noteList->setHeaderLabels({tr("Added"), tr("Note")});
    m_noteList->setRootIsDecorated(false);
    m_noteList->setObjectName(QStringLiteral("noteList"));
    auto *notePreview = new QPlainTextEdit(this);
    notePreview->setReadOnly(true);
    notePreview->setPlaceholderText(tr("Select a note to read it in full."));
    notes->addWidget(m_noteList);
    notes->addWidget(notePreview);
    connect(m_noteList, &QTreeWidget::currentItemChanged, this, [notePreview](QTreeWidgetItem *item) {
        notePreview->setPlainText(item ? item->data(1, Qt::UserRole).toString() : QString());
    });
    m_tabs->addTab(notes, tr("Notes"));

    m_appointmentList->setHeaderLabels({tr("When"), tr("Title"), tr("Status")});
    m_appointmentList->setRootIsDecorated(false);
    m_appointmentList->setObjectName(QStringLiteral("appointmentList"));
    m_tabs->addTab(m_appointmentList, tr("Appointments"));

    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_status);
    m_stack->addWidget(page);
}

void ContactDetailView::clear()
{
    ++m_generation;
    for (const QPointer<ApiCall> &c : std::as_const(m_calls)) {
        if (c)
            c->cancel();
    }
    m_calls.clear();
    m_pending = 0;
    m_contact = {};
    m_stack->setCurrentIndex(0);
}

void ContactDetailView::showContact(const Contact &contact)
{
    clear();
    m_contact = contact;
    m_tasks.clear();
    m_notes.clear();
    m_appointments.clear();
    m_stack->setCurrentIndex(1);
    renderFields();
    renderTags();
    renderTasks();
    renderNotes();
    renderAppointments();
    loadDetails();
}

void ContactDetailView::loadDetails()
{
    HighLevelClient *client = m_workspace->highLevel();
    const QString id = m_contact.id;
    const quint64 generation = m_generation;
    m_pending = 4;
    m_status->setText(tr("Loading…"));
    auto stale = [this, generation] { return generation != m_generation; };
    auto report = [this, id](const ApiError &e) {
        if (e.kind() != ApiError::Kind::Cancelled)
            Q_EMIT errorOccurred(e, id);
    };
    m_calls.append(client->getContact(id, this, [=, this](const Result<Contact> &r) {
        if (stale())
            return;
        if (r.isOk()) {
            m_contact = r.value();
            renderFields();
            renderTags();
            Q_EMIT contactUpdated(m_contact);
        } else {
            report(r.error());
        }
        finishPart();
    }));
    m_calls.append(client->listTasks(id, this, [=, this](const Result<QList<Task>> &r) {
        if (stale())
            return;
        if (r.isOk()) {
            m_tasks = r.value();
            renderTasks();
        } else {
            report(r.error());
        }
        finishPart();
    }));
    m_calls.append(client->listNotes(id, this, [=, this](const Result<QList<Note>> &r) {
        if (stale())
            return;
        if (r.isOk()) {
            m_notes = r.value();
            renderNotes();
        } else {
            report(r.error());
        }
        finishPart();
    }));
    m_calls.append(client->listAppointments(id, this, [=, this](const Result<QList<Appointment>> &r) {
        if (stale())
            return;
        if (r.isOk()) {
            m_appointments = r.value();
            renderAppointments();
        } else {
            report(r.error());
        }
        finishPart();
    }));
}

void ContactDetailView::finishPart()
{
    if (--m_pending > 0)
        return;
    m_calls.clear();
    m_status->clear();
    Q_EMIT loaded();
}

void ContactDetailView::renderFields()
{
    const Contact &c = m_contact;
    m_name->setText(c.displayName());
    QStringList parts;
    for (const QString &s : {c.email, c.phone, c.companyName}) {
        if (!s.isEmpty())
            parts.append(s);
    }
    m_subtitle->setText(parts.join(QStringLiteral(" · ")));

    while (m_fields->rowCount() > 0)
        m_fields->removeRow(0);
    auto row = [this](const QString &label, const QString &value) {
        auto *v = new QLabel(value.isEmpty() ? QStringLiteral("—") : value, m_fieldsPage);
        v->setTextFormat(Qt::PlainText);
        v->setTextInteractionFlags(Qt::TextSelectableByMouse);
        v->setWordWrap(true);
        m_fields->addRow(label, v);
    };
    row(tr("First name"), c.firstName);
    row(tr("Last name"), c.lastName);
    row(tr("Email"), c.email);
    row(tr("Phone"), c.phone);
    row(tr("Company"), c.companyName);
    row(tr("Type"), c.type);
    row(tr("Source"), c.source);
    row(tr("City"), c.city);
    row(tr("Country"), c.country);
    row(tr("Time zone"), c.timezone);
    row(tr("Assigned to"), c.assignedTo.isEmpty() ? QString() : m_workspace->userName(c.assignedTo));
    row(tr("Do not disturb"), c.dnd ? tr("Yes") : tr("No"));
    row(tr("Added"), localDateTime(c.dateAdded));
    row(tr("Updated"), localDateTime(c.dateUpdated));
    row(tr("Contact id"), c.id);
    if (!c.customFields.isEmpty()) {
        auto *header = new QLabel(tr("Custom fields"), m_fieldsPage);
        QFont f = header->font();
        f.setBold(true);
        header->setFont(f);
        m_fields->addRow(header);
        for (const CustomFieldValue &cf : c.customFields)
            row(m_workspace->customFieldName(cf.id), Json::displayText(cf.value));
    }
}

void ContactDetailView::renderTags()
{
    while (QLayoutItem *item = m_tagLayout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    if (m_contact.tags.isEmpty()) {
        auto *none = new QLabel(tr("no tags"), m_tagArea);
        none->setEnabled(false);
        m_tagLayout->addWidget(none);
    }
    for (const QString &tag : std::as_const(m_contact.tags)) {
        auto *chip = new QToolButton(m_tagArea);
        //: A tag chip; clicking removes the tag. %1 is the tag
        chip->setText(tr("%1  ✕").arg(tag));
        chip->setToolTip(tr("Remove the tag \"%1\"").arg(tag));
        chip->setAutoRaise(false);
        chip->setProperty("tag", tag);
        connect(chip, &QToolButton::clicked, this, [this, tag] { removeTag(tag); });
        m_tagLayout->addWidget(chip);
    }
    m_tagArea->updateGeometry();
}

void ContactDetailView::renderTasks()
{
    m_taskList->clear();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const Task &t : std::as_const(m_tasks)) {
        auto *item = new QTreeWidgetItem(m_taskList);
        item->setCheckState(0, t.completed ? Qt::Checked : Qt::Unchecked);
        item->setFlags(item->flags() & ~Qt::ItemIsUserCheckable); // editing arrives with the tasks editor
        item->setText(1, t.title);
        item->setToolTip(1, t.body);
        item->setText(2, t.isOverdue(now) ? tr("%1 (overdue)").arg(localDateTime(t.dueDate)) : localDateTime(t.dueDate));
        item->setText(3, t.assignedTo.isEmpty() ? QString() : m_workspace->userName(t.assignedTo));
        if (t.isOverdue(now)) {
            QFont f = item->font(2);
            f.setBold(true);
            item->setFont(2, f);
        }
    }
    m_taskList->header()->resizeSections(QHeaderView::ResizeToContents);
    m_tabs->setTabText(1, tr("Tasks (%1)").arg(m_tasks.size()));
}

void ContactDetailView::renderNotes()
{
    m_noteList->clear();
    for (const Note &n : std::as_const(m_notes)) {
        auto *item = new QTreeWidgetItem(m_noteList);
        const QString text = notePlainText(n.body);
        item->setText(0, localDateTime(n.dateAdded));
        item->setText(1, text.simplified().left(200));
        item->setData(1, Qt::UserRole, text);
    }
    m_noteList->header()->resizeSection(0, m_noteList->fontMetrics().horizontalAdvance(QLatin1Char('0')) * 18);
    m_tabs->setTabText(2, tr("Notes (%1)").arg(m_notes.size()));
}

void ContactDetailView::renderAppointments()
{
    m_appointmentList->clear();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const Appointment &a : std::as_const(m_appointments)) {
        auto *item = new QTreeWidgetItem(m_appointmentList);
        const QString zone = QString::fromUtf8(QTimeZone::systemTimeZoneId());
        item->setText(0, localDateTime(a.startTime));
        item->setToolTip(0, tr("%1 – %2 (%3)").arg(localDateTime(a.startTime), localDateTime(a.endTime), zone));
        item->setText(1, a.title);
        item->setText(2, a.isUpcoming(now) ? tr("%1, upcoming").arg(a.status) : a.status);
    }
    m_appointmentList->header()->resizeSections(QHeaderView::ResizeToContents);
    m_tabs->setTabText(3, tr("Appointments (%1)").arg(m_appointments.size()));
}

void ContactDetailView::addTag(const QString &tag)
{
    if (m_contact.id.isEmpty())
        return;
    const QString id = m_contact.id;
    m_addTag->setEnabled(false);
    m_workspace->highLevel()->addTags(id, {tag}, this, [this, id, tag](const Result<QStringList> &r) {
        m_addTag->setEnabled(true);
        if (m_contact.id != id)
            return;
        if (!r.isOk()) {
            // Keep what the user typed so nothing is lost.
            Q_EMIT errorOccurred(r.error(), id);
            return;
        }
        m_tagInput->clear();
        // Whether the answer lists every tag or only the new ones is not documented: merge.
        for (const QString &t : r.value()) {
            if (!m_contact.hasTag(t))
                m_contact.tags.append(t);
        }
        m_workspace->noteTags({tag});
        renderTags();
        Q_EMIT contactUpdated(m_contact);
    });
}

void ContactDetailView::removeTag(const QString &tag)
{
    if (m_contact.id.isEmpty())
        return;
    const QString id = m_contact.id;
    m_workspace->highLevel()->removeTags(id, {tag}, this, [this, id, tag](const Result<QStringList> &r) {
        if (m_contact.id != id)
            return;
        if (!r.isOk()) {
            Q_EMIT errorOccurred(r.error(), id);
            return;
        }
        m_contact.tags.removeIf([&tag](const QString &t) { return t.compare(tag, Qt::CaseInsensitive) == 0; });
        renderTags();
        Q_EMIT contactUpdated(m_contact);
    });
}
