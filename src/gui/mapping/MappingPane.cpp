#include "MappingPane.h"

#include "../Workspace.h"
#include "../common/MessageBar.h"

#include "ghl/HighLevelClient.h"
#include "ld/LaunchDarklyClient.h"
#include "mapping/MappingFile.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSplitter>
#include <QTimer>
#include <QUuid>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

MappingPane::MappingPane(Workspace *workspace, MessageBar *messages, QWidget *parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_messages(messages)
    , m_fileLabel(new QLabel(this))
    , m_list(new QListWidget(this))
    , m_form(new QWidget(this))
    , m_name(new QLineEdit(this))
    , m_enabled(new QCheckBox(tr("Enabled"), this))
    , m_tag(new QComboBox(this))
    , m_segment(new QComboBox(this))
    , m_contextKind(new QComboBox(this))
    , m_keyField(new QComboBox(this))
    , m_mode(new QComboBox(this))
    , m_modeHelp(new QLabel(this))
    , m_matches(new QLabel(this))
    , m_sync(new QPushButton(tr("S&ync now…"), this))
    , m_countTimer(new QTimer(this))
{
    auto *layout = new QVBoxLayout(this);
    auto *fileRow = new QHBoxLayout;
    auto *open = new QPushButton(tr("&Open…"), this);
    auto *save = new QPushButton(tr("&Save"), this);
    auto *saveAs = new QPushButton(tr("Save &As…"), this);
    m_fileLabel->setTextFormat(Qt::PlainText);
    fileRow->addWidget(m_fileLabel, 1);
    fileRow->addWidget(open);
    fileRow->addWidget(save);
    fileRow->addWidget(saveAs);
    fileRow->addWidget(m_sync);
    m_sync->setObjectName(QStringLiteral("syncButton"));
    layout->addLayout(fileRow);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto *bindingsLabel = new QLabel(tr("&Bindings"), this);
    bindingsLabel->setBuddy(m_list);
    m_list->setObjectName(QStringLiteral("bindingList"));
    auto *add = new QPushButton(tr("&New binding"), this);
    auto *remove = new QPushButton(tr("&Remove"), this);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    leftLayout->addWidget(bindingsLabel);
    leftLayout->addWidget(m_list, 1);
    leftLayout->addLayout(buttons);
    splitter->addWidget(left);

    auto *form = new QFormLayout(m_form);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_name->setObjectName(QStringLiteral("bindingName"));
    form->addRow(tr("&Name:"), m_name);
    form->addRow(QString(), m_enabled);
    auto *whoHeader = new QLabel(tr("Which contacts"), this);
    QFont bold = whoHeader->font();
    bold.setBold(true);
    whoHeader->setFont(bold);
    form->addRow(whoHeader);
    m_tag->setEditable(true);
    m_tag->setInsertPolicy(QComboBox::NoInsert);
    m_tag->setObjectName(QStringLiteral("bindingTag"));
    m_tag->completer()->setCaseSensitivity(Qt::CaseInsensitive);
    m_tag->completer()->setFilterMode(Qt::MatchContains);
    m_tag->setToolTip(tr("Contacts that have this tag (compared without regard to case, as HighLevel lowercases tags)."));
    form->addRow(tr("Contacts with the &tag:"), m_tag);
    m_matches->setObjectName(QStringLiteral("matchCount"));
    form->addRow(QString(), m_matches);
    auto *whereHeader = new QLabel(tr("Where in LaunchDarkly"), this);
    whereHeader->setFont(bold);
    form->addRow(whereHeader);
    m_segment->setObjectName(QStringLiteral("bindingSegment"));
    form->addRow(tr("Se&gment:"), m_segment);
    m_contextKind->setEditable(true);
    m_contextKind->addItems({u"user"_s, u"ghl-contact"_s});
    m_contextKind->setObjectName(QStringLiteral("bindingContextKind"));
    form->addRow(tr("Context &kind:"), m_contextKind);
    m_keyField->addItem(tr("Contact id"), int(ContextSettings::KeyField::ContactId));
    m_keyField->addItem(tr("Email (lowercase)"), int(ContextSettings::KeyField::Email));
    m_keyField->addItem(tr("Phone"), int(ContextSettings::KeyField::Phone));
    m_keyField->setObjectName(QStringLiteral("bindingKeyField"));
    form->addRow(tr("Context &key:"), m_keyField);
    m_mode->addItem(tr("Mirror: add matching contacts, remove those that stop matching"), int(Binding::Mode::Mirror));
    m_mode->addItem(tr("Add only: never remove"), int(Binding::Mode::AddOnly));
    m_mode->setObjectName(QStringLiteral("bindingMode"));
    form->addRow(tr("&Mode:"), m_mode);
    m_modeHelp->setWordWrap(true);
    m_modeHelp->setEnabled(false);
    m_modeHelp->setText(tr("Mirror removes only targets that this binding added itself; targets added by hand in LaunchDarkly are never removed."));
    form->addRow(QString(), m_modeHelp);
    splitter->addWidget(m_form);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);

    m_countTimer->setSingleShot(true);
    m_countTimer->setInterval(300);
    connect(m_countTimer, &QTimer::timeout, this, &MappingPane::countMatches);

    connect(open, &QPushButton::clicked, this, &MappingPane::openWithDialog);
    connect(save, &QPushButton::clicked, this, &MappingPane::save);
    connect(saveAs, &QPushButton::clicked, this, &MappingPane::saveAs);
    connect(add, &QPushButton::clicked, this, &MappingPane::addBinding);
    connect(remove, &QPushButton::clicked, this, &MappingPane::removeCurrentBinding);
    connect(m_sync, &QPushButton::clicked, this, &MappingPane::syncRequested);
    connect(m_list, &QListWidget::currentRowChanged, this, &MappingPane::showBinding);

    connect(m_name, &QLineEdit::textEdited, this, &MappingPane::updateBindingFromForm);
    connect(m_enabled, &QCheckBox::toggled, this, &MappingPane::updateBindingFromForm);
    connect(m_tag, &QComboBox::currentTextChanged, this, [this] {
        updateBindingFromForm();
        m_countTimer->start();
    });
    connect(m_segment, &QComboBox::currentIndexChanged, this, &MappingPane::updateBindingFromForm);
    connect(m_contextKind, &QComboBox::currentTextChanged, this, &MappingPane::updateBindingFromForm);
    connect(m_keyField, &QComboBox::currentIndexChanged, this, &MappingPane::updateBindingFromForm);
    connect(m_mode, &QComboBox::currentIndexChanged, this, &MappingPane::updateBindingFromForm);

    connect(m_workspace, &Workspace::referenceDataChanged, this, &MappingPane::refreshTags);
    connect(m_workspace, &Workspace::environmentChanged, this, &MappingPane::refreshSegments);
    connect(m_workspace, &Workspace::launchDarklyChanged, this, &MappingPane::refreshSegments);
    refreshSegments();
    setMapping(Mapping{}, QString());
}

void MappingPane::setMapping(const Mapping &mapping, const QString &path)
{
    m_mapping = mapping;
    m_path = path;
    reloadList();
    setModified(false);
}

bool MappingPane::openFile(const QString &path, QString *error)
{
    const MappingFile::LoadResult r = MappingFile::load(path);
    if (!r.ok()) {
        QStringList lines;
        for (const MappingProblem &p : r.problems)
            lines.append(p.toString());
        *error = tr("%1 could not be opened:\n%2").arg(QFileInfo(path).fileName(), lines.join(QLatin1Char('\n')));
        return false;
    }
    setMapping(r.mapping, path);
    return true;
}

void MappingPane::openWithDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open mapping"), QFileInfo(m_path).absolutePath(),
                                                      tr("FlagBridge mappings (*.flagbridge.json);;JSON files (*.json)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!openFile(path, &error))
        m_messages->showMessage(MessageBar::Kind::Error, error);
}

bool MappingPane::save()
{
    if (m_path.isEmpty())
        return saveAs();
    // A mapping names its connections (never tokens) so that it can run headless later.
    if (m_mapping.highLevelConnection.isEmpty())
        m_mapping.highLevelConnection = m_workspace->highLevel()->connection().id;
    if (m_mapping.launchDarklyConnection.isEmpty())
        m_mapping.launchDarklyConnection = m_workspace->launchDarkly()->connection().id;
    QString error;
    if (!MappingFile::save(m_path, m_mapping, &error)) {
        m_messages->showMessage(MessageBar::Kind::Error, error);
        return false;
    }
    setModified(false);
    return true;
}

bool MappingPane::saveAs()
{
    QString path = QFileDialog::getSaveFileName(this, tr("Save mapping"), m_path.isEmpty() ? tr("mapping.flagbridge.json") : m_path,
                                                tr("FlagBridge mappings (*.flagbridge.json)"));
    if (path.isEmpty())
        return false;
    if (!path.endsWith(".json"_L1))
        path += u".flagbridge.json"_s;
    m_path = path;
    return save();
}

void MappingPane::reloadList()
{
    const int current = std::max(0, m_list->currentRow());
    QSignalBlocker block(m_list);
    m_list->clear();
    for (const Binding &b : std::as_const(m_mapping.bindings)) {
        auto *item = new QListWidgetItem(tr("%1\n%2 → %3").arg(b.name, b.selector.describe(), b.targetDescription()), m_list);
        if (!b.enabled)
            item->setForeground(palette().brush(QPalette::Disabled, QPalette::Text));
    }
    m_fileLabel->setText(m_path.isEmpty() ? tr("Unsaved mapping") : QFileInfo(m_path).fileName());
    const int row = std::min(current, int(m_list->count()) - 1);
    m_list->setCurrentRow(row);
    showBinding(row);
}

Binding *MappingPane::currentBinding()
{
    const int row = m_list->currentRow();
    if (row < 0 || row >= m_mapping.bindings.size())
        return nullptr;
    return &m_mapping.bindings[row];
}

void MappingPane::showBinding(int index)
{
    m_form->setEnabled(index >= 0 && index < m_mapping.bindings.size());
    if (!m_form->isEnabled()) {
        m_matches->clear();
        return;
    }
    const Binding &b = m_mapping.bindings.at(index);
    m_updatingForm = true;
    m_name->setText(b.name);
    m_enabled->setChecked(b.enabled);
    QString tag;
    for (const SelectorPredicate &p : b.selector.predicates) {
        if (p.type == SelectorPredicate::Type::Tags && !p.tags.isEmpty())
            tag = p.tags.first();
    }
    m_tag->setCurrentText(tag);
    int segmentIndex = m_segment->findData(b.segmentKey);
    if (segmentIndex < 0 && !b.segmentKey.isEmpty()) {
        // Not (yet) in the environment's list: keep it visible rather than silently changing it.
        m_segment->addItem(tr("%1 (not found)").arg(b.segmentKey), b.segmentKey);
        segmentIndex = m_segment->count() - 1;
    }
    m_segment->setCurrentIndex(segmentIndex);
    m_contextKind->setCurrentText(b.context.kind);
    m_keyField->setCurrentIndex(std::max(0, m_keyField->findData(int(b.context.keyField))));
    m_mode->setCurrentIndex(m_mode->findData(int(b.mode)));
    m_updatingForm = false;
    m_countTimer->start();
}

void MappingPane::updateBindingFromForm()
{
    if (m_updatingForm)
        return;
    Binding *b = currentBinding();
    if (!b)
        return;
    Binding before = *b;
    b->name = m_name->text().trimmed();
    b->enabled = m_enabled->isChecked();
    const QString tag = m_tag->currentText().trimmed();
    b->selector.predicates.clear();
    if (!tag.isEmpty()) {
        SelectorPredicate p;
        p.type = SelectorPredicate::Type::Tags;
        p.tagMatch = SelectorPredicate::TagMatch::Any;
        p.tags = {tag};
        b->selector.predicates.append(p);
    }
    if (m_segment->currentIndex() >= 0)
        b->segmentKey = m_segment->currentData().toString();
    const QString kind = m_contextKind->currentText().trimmed();
    b->context.kind = kind;
    b->context.keyField = ContextSettings::KeyField(m_keyField->currentData().toInt());
    b->mode = Binding::Mode(m_mode->currentData().toInt());
    if (!(before == *b)) {
        const QString problem = LaunchDarklyClient::contextKindProblem(kind);
        m_contextKind->setToolTip(problem);
        if (!problem.isEmpty())
            m_messages->showMessage(MessageBar::Kind::Error, problem);
        QListWidgetItem *item = m_list->currentItem();
        if (item)
            item->setText(tr("%1\n%2 → %3").arg(b->name, b->selector.describe(), b->targetDescription()));
        setModified(true);
    }
}

void MappingPane::refreshSegments()
{
    const QString project = m_workspace->projectKey();
    const QString env = m_workspace->environmentKey();
    if (project.isEmpty() || env.isEmpty())
        return;
    m_workspace->launchDarkly()->listSegments(project, env, this, [this](const Result<QList<LdSegment>> &r) {
        if (!r.isOk()) {
            m_messages->showMessage(MessageBar::Kind::Error, r.error().message(), [this] { refreshSegments(); });
            return;
        }
        m_updatingForm = true;
        m_segment->clear();
        for (const LdSegment &s : r.value()) {
            const QString label = s.unbounded ? tr("%1 (%2, big segment)").arg(s.name, s.key) : tr("%1 (%2)").arg(s.name, s.key);
            m_segment->addItem(label, s.key);
        }
        m_updatingForm = false;
        showBinding(m_list->currentRow());
    });
}

void MappingPane::refreshTags()
{
    const QString current = m_tag->currentText();
    m_updatingForm = true;
    m_tag->clear();
    m_tag->addItems(m_workspace->locationTags());
    m_tag->setCurrentText(current);
    m_updatingForm = false;
}

void MappingPane::countMatches()
{
    const Binding *b = currentBinding();
    if (!b)
        return;
    if (m_countCall)
        m_countCall->cancel();
    ContactQuery q;
    for (const SelectorPredicate &p : b->selector.predicates)
        q.allTags += p.tags;
    m_matches->setText(tr("Counting matching contacts…"));
    // The search API counts for us: one request with the smallest page.
    m_countCall = m_workspace->highLevel()->searchContacts(q, {}, 1, this, [this](const Result<ContactPage> &r) {
        m_countCall = nullptr;
        if (!r.isOk()) {
            if (r.error().kind() != ApiError::Kind::Cancelled)
                m_matches->setText(tr("Could not count: %1").arg(r.error().summary()));
            return;
        }
        m_matches->setText(tr("Matches %n contact(s) in HighLevel.", nullptr, r.value().total));
        Q_EMIT matchCountUpdated(r.value().total);
    });
}

void MappingPane::addBinding()
{
    Binding b;
    b.id = QUuid::createUuid().toString(QUuid::WithoutBraces).left(8);
    b.name = tr("New binding");
    b.kind = Binding::Kind::Segment;
    b.segmentKey = m_segment->count() > 0 ? m_segment->itemData(0).toString() : QString();
    m_mapping.bindings.append(b);
    reloadList();
    m_list->setCurrentRow(int(m_mapping.bindings.size()) - 1);
    setModified(true);
    m_name->setFocus();
    m_name->selectAll();
}

void MappingPane::removeCurrentBinding()
{
    const int row = m_list->currentRow();
    if (row < 0 || row >= m_mapping.bindings.size())
        return;
    m_mapping.bindings.removeAt(row);
    reloadList();
    setModified(true);
}

void MappingPane::setModified(bool modified)
{
    if (m_modified == modified)
        return;
    m_modified = modified;
    m_fileLabel->setText((m_path.isEmpty() ? tr("Unsaved mapping") : QFileInfo(m_path).fileName()) + (modified ? u" *"_s : QString()));
    Q_EMIT modifiedChanged(modified);
}
