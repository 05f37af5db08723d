#include "ContactListModel.h"

#include "ghl/HighLevelClient.h"

#include <QLocale>

ContactListModel::ContactListModel(HighLevelClient *client, QObject *parent)
    : QAbstractTableModel(parent)
    , m_client(client)
{
}

int ContactListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_contacts.size());
}

int ContactListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ContactListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Contact &c = m_contacts.at(index.row());
    if (role == int(Role::ContactId))
        return c.id;
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
        case NameColumn:
            return c.displayName();
        case EmailColumn:
            return c.email;
        case PhoneColumn:
            return c.phone;
        case TagsColumn:
            return c.tags.join(QStringLiteral(", "));
        case TypeColumn:
            return c.type;
        case SourceColumn:
            return c.source;
        case DateAddedColumn:
            return role == Qt::ToolTipRole ? QLocale().toString(c.dateAdded.toLocalTime(), QLocale::LongFormat)
                                           : QLocale().toString(c.dateAdded.toLocalTime().date(), QLocale::ShortFormat);
        default:
            break;
        }
    }
    return {};
}

QVariant ContactListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Name");
    case EmailColumn:
        return tr("Email");
    case PhoneColumn:
        return tr("Phone");
    case TagsColumn:
        return tr("Tags");
    case TypeColumn:
        return tr("Type");
    case SourceColumn:
        return tr("Source");
    case DateAddedColumn:
        return tr("Added");
    default:
        return {};
    }
}

bool ContactListModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_atEnd && !m_loading && !m_failed;
}

void ContactListModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    setLoading(true);
    const quint64 generation = m_generation;
    m_call = m_client->searchContacts(m_query, m_cursor, kPageSize, this,
                                      [this, generation](const Result<ContactPage> &r) {
        if (generation != m_generation)
            return; // the query changed while this page was on its way
        m_call = nullptr;
        setLoading(false);
        if (!r.isOk()) {
            if (r.error().kind() != ApiError::Kind::Cancelled) {
                m_failed = true; // no automatic refetch loop; refresh() retries
                Q_EMIT errorOccurred(r.error());
            }
            return;
        }
        const ContactPage &page = r.value();
        if (!page.contacts.isEmpty()) {
            beginInsertRows({}, int(m_contacts.size()), int(m_contacts.size() + page.contacts.size() - 1));
            m_contacts.append(page.contacts);
            endInsertRows();
        }
        m_cursor = page.nextCursor;
        m_atEnd = page.nextCursor.isEmpty() || page.contacts.isEmpty();
        if (page.total != m_total) {
            m_total = page.total;
            Q_EMIT totalChanged(m_total);
        }
        Q_EMIT pageLoaded(int(page.contacts.size()));
    });
}

bool ContactListModel::isSortable(int column)
{
    return column == NameColumn || column == EmailColumn || column == DateAddedColumn;
}

void ContactListModel::sort(int column, Qt::SortOrder order)
{
    if (!isSortable(column))
        return;
    ContactQuery q = m_query;
    q.sortField = column == NameColumn        ? ContactQuery::SortField::FirstName
                  : column == EmailColumn     ? ContactQuery::SortField::Email
                                              : ContactQuery::SortField::DateAdded;
    q.descending = order == Qt::DescendingOrder;
    setQuery(q);
}

void ContactListModel::setQuery(const ContactQuery &query)
{
    if (query == m_query && !m_contacts.isEmpty())
        return;
    m_query = query;
    refresh();
}

void ContactListModel::refresh()
{
    ++m_generation;
    if (m_call)
        m_call->cancel();
    m_call = nullptr;
    beginResetModel();
    m_contacts.clear();
    m_cursor = {};
    m_atEnd = false;
    m_failed = false;
    endResetModel();
    m_total = -1;
    setLoading(false);
    fetchMore({});
}

int ContactListModel::rowOf(const QString &contactId) const
{
    for (int i = 0; i < m_contacts.size(); ++i) {
        if (m_contacts.at(i).id == contactId)
            return i;
    }
    return -1;
}

void ContactListModel::updateContact(const Contact &contact)
{
    const int row = rowOf(contact.id);
    if (row < 0)
        return;
    Contact updated = contact;
    updated.searchAfter = m_contacts.at(row).searchAfter; // keep the row's cursor
    m_contacts[row] = updated;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void ContactListModel::setLoading(bool loading)
{
    if (m_loading == loading)
        return;
    m_loading = loading;
    Q_EMIT loadingChanged(loading);
}
