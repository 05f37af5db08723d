#include "ContactsPane.h"

#include "ContactDetailView.h"
#include "ContactListModel.h"

#include "../Workspace.h"
#include "../common/MessageBar.h"

#include "ghl/HighLevelClient.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

ContactsPane::ContactsPane(Workspace *workspace, MessageBar *messages, QWidget *parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_messages(messages)
    , m_model(new ContactListModel(workspace->highLevel(), this))
    , m_search(new QLineEdit(this))
    , m_tagFilter(new QComboBox(this))
    , m_count(new QLabel(this))
    , m_table(new QTableView(this))
    , m_detail(new ContactDetailView(workspace, this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_debounce(new QTimer(this))
{
    auto *layout = new QVBoxLayout(this);
    auto *filters = new QHBoxLayout;
    m_search->setPlaceholderText(tr("Search contacts by name, email, phone or company"));
    m_search->setClearButtonEnabled(true);
    m_search->setObjectName(QStringLiteral("contactSearch"));
    auto *searchLabel = new QLabel(tr("&Search:"), this);
    searchLabel->setBuddy(m_search);
    auto *tagLabel = new QLabel(tr("&Tag:"), this);
    tagLabel->setBuddy(m_tagFilter);
    m_tagFilter->setObjectName(QStringLiteral("tagFilter"));
    m_tagFilter->setMinimumContentsLength(14);
    m_tagFilter->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_tagFilter->addItem(tr("Any tag"), QString());
    filters->addWidget(searchLabel);
    filters->addWidget(m_search, 1);
    filters->addWidget(tagLabel);
    filters->addWidget(m_tagFilter);
    filters->addWidget(m_count);
    layout->addLayout(filters);

    m_table->setModel(m_model);
    m_table->setObjectName(QStringLiteral("contactTable"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setSortingEnabled(false); // sorting is on the server: handled below
    m_table->horizontalHeader()->setSortIndicatorShown(true);
    m_table->horizontalHeader()->setSectionsClickable(true);
    m_table->horizontalHeader()->setSectionsMovable(true);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSortIndicator(ContactListModel::DateAddedColumn, Qt::DescendingOrder);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    const int ch = m_table->fontMetrics().horizontalAdvance(QLatin1Char('x'));
    m_table->setColumnWidth(ContactListModel::NameColumn, ch * 24);
    m_table->setColumnWidth(ContactListModel::EmailColumn, ch * 30);
    m_table->setColumnWidth(ContactListModel::PhoneColumn, ch * 16);
    m_table->setColumnWidth(ContactListModel::TagsColumn, ch * 22);
    m_table->setColumnWidth(ContactListModel::TypeColumn, ch * 10);
    m_table->setColumnWidth(ContactListModel::SourceColumn, ch * 14);

    m_splitter->addWidget(m_table);
    m_splitter->addWidget(m_detail);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setObjectName(QStringLiteral("contactsSplitter"));
    layout->addWidget(m_splitter, 1);

    m_debounce->setSingleShot(true);
    m_debounce->setInterval(350);
    connect(m_search, &QLineEdit::textChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_debounce, &QTimer::timeout, this, &ContactsPane::applyFilters);
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        m_debounce->stop();
        applyFilters();
    });
    connect(m_tagFilter, &QComboBox::currentIndexChanged, this, &ContactsPane::applyFilters);

    connect(m_table->horizontalHeader(), &QHeaderView::sortIndicatorChanged, this, [this](int column, Qt::SortOrder order) {
        if (!ContactListModel::isSortable(column)) {
            // Keep showing the sort in force: the API sorts by name, email and date only.
            QSignalBlocker block(m_table->horizontalHeader());
            const ContactQuery q = m_model->query();
            const int current = q.sortField == ContactQuery::SortField::Email       ? int(ContactListModel::EmailColumn)
                                : q.sortField == ContactQuery::SortField::FirstName ? int(ContactListModel::NameColumn)
                                                                                    : int(ContactListModel::DateAddedColumn);
            m_table->horizontalHeader()->setSortIndicator(current, q.descending ? Qt::DescendingOrder : Qt::AscendingOrder);
            return;
        }
        m_model->sort(column, order);
    });

    // Fetch the next page before the user reaches the end of what is loaded.
    connect(m_table->verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
        const QScrollBar *bar = m_table->verticalScrollBar();
        if (bar->maximum() > 0 && value >= bar->maximum() - bar->pageStep() * 3 && m_model->canFetchMore({}))
            m_model->fetchMore({});
    });

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        if (!current.isValid()) {
            m_detail->clear();
            return;
        }
        m_detail->showContact(m_model->contactAt(current.row()));
    });
    connect(m_detail, &ContactDetailView::contactUpdated, m_model, &ContactListModel::updateContact);
    connect(m_detail, &ContactDetailView::errorOccurred, this, [this](const ApiError &e) {
        m_messages->showMessage(MessageBar::Kind::Error, e.message());
    });

    connect(m_model, &ContactListModel::totalChanged, this, &ContactsPane::updateCount);
    connect(m_model, &ContactListModel::loadingChanged, this, &ContactsPane::updateCount);
    connect(m_model, &ContactListModel::pageLoaded, this, [this] {
        QStringList tags;
        for (int row = 0; row < m_model->rowCount(); ++row)
            tags += m_model->contactAt(row).tags;
        tags.removeDuplicates();
        m_workspace->noteTags(tags);
        if (!m_table->currentIndex().isValid() && m_model->rowCount() > 0)
            m_table->selectRow(0);
    });
    connect(m_model, &ContactListModel::errorOccurred, this, [this](const ApiError &e) {
        showError(e, [this] { m_model->refresh(); });
    });
    connect(m_workspace, &Workspace::referenceDataChanged, this, [this] {
        const QString current = m_tagFilter->currentData().toString();
        QSignalBlocker block(m_tagFilter);
        while (m_tagFilter->count() > 1)
            m_tagFilter->removeItem(1);
        for (const QString &tag : m_workspace->locationTags())
            m_tagFilter->addItem(tag, tag);
        const int index = m_tagFilter->findData(current);
        m_tagFilter->setCurrentIndex(index < 0 ? 0 : index);
    });
    connect(m_workspace, &Workspace::contactsChanged, this, &ContactsPane::refresh);
    updateCount();
}

void ContactsPane::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void ContactsPane::refresh()
{
    m_model->refresh();
}

void ContactsPane::applyFilters()
{
    ContactQuery q = m_model->query();
    q.text = m_search->text().trimmed();
    q.allTags.clear();
    const QString tag = m_tagFilter->currentData().toString();
    if (!tag.isEmpty())
        q.allTags.append(tag);
    m_model->setQuery(q);
}

void ContactsPane::updateCount()
{
    if (m_model->isLoading() && m_model->rowCount() == 0) {
        m_count->setText(tr("Loading…"));
        return;
    }
    const int total = m_model->total();
    if (total < 0) {
        m_count->clear();
        return;
    }
    if (m_model->rowCount() < total)
        m_count->setText(tr("%1 of %n contact(s)", nullptr, total).arg(QLocale().toString(m_model->rowCount())));
    else
        m_count->setText(tr("%n contact(s)", nullptr, total));
}

void ContactsPane::showError(const ApiError &error, std::function<void()> retry)
{
    m_messages->showMessage(MessageBar::Kind::Error, error.message(), std::move(retry));
}
