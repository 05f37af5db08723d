#pragma once

#include "ghl/Contact.h"
#include "ghl/ContactQuery.h"
#include "net/ApiError.h"

#include <QAbstractTableModel>
#include <QJsonArray>
#include <QPointer>

class ApiCall;
class HighLevelClient;

// Contacts as the search API returns them, fetched a page at a time as the view scrolls
// (canFetchMore/fetchMore), sorted and filtered on the server.
class ContactListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, EmailColumn, PhoneColumn, TagsColumn, TypeColumn, SourceColumn, DateAddedColumn, ColumnCount };
    enum class Role { ContactId = Qt::UserRole + 1 };

    static constexpr int kPageSize = 500;

    explicit ContactListModel(HighLevelClient *client, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    ContactQuery query() const { return m_query; }
    void setQuery(const ContactQuery &query);
    void refresh();

    const Contact &contactAt(int row) const { return m_contacts.at(row); }
    int rowOf(const QString &contactId) const;
    // Replaces a row after an edit (tags added in the detail view, ...).
    void updateContact(const Contact &contact);

    int total() const { return m_total; }
    bool isLoading() const { return m_loading; }
    // Whether the column can be sorted by the server.
    static bool isSortable(int column);

Q_SIGNALS:
    void loadingChanged(bool loading);
    void totalChanged(int total);
    void errorOccurred(const ApiError &error);
    void pageLoaded(int rows);

private:
    void setLoading(bool loading);

    HighLevelClient *m_client;
    ContactQuery m_query;
    QList<Contact> m_contacts;
    QJsonArray m_cursor;
    bool m_atEnd = false;
    bool m_loading = false;
    bool m_failed = false;
    int m_total = -1;
    quint64 m_generation = 0;
    QPointer<ApiCall> m_call;
};
