#pragma once

#include "net/ApiError.h"

#include <QWidget>

class ContactDetailView;
class ContactListModel;
class MessageBar;
class QComboBox;
class QLabel;
class QLineEdit;
class QSplitter;
class QTableView;
class QTimer;
class Workspace;

// The contacts table (search, tag filter, server-side sort, lazy paging) beside the selected
// contact's details.
class ContactsPane : public QWidget
{
    Q_OBJECT

public:
    explicit ContactsPane(Workspace *workspace, MessageBar *messages, QWidget *parent = nullptr);

    ContactListModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QLineEdit *searchField() const { return m_search; }
    ContactDetailView *detail() const { return m_detail; }
    QSplitter *splitter() const { return m_splitter; }

    void focusSearch();
    void refresh();

private:
    void applyFilters();
    void updateCount();
    void showError(const ApiError &error, std::function<void()> retry);

    Workspace *m_workspace;
    MessageBar *m_messages;
    ContactListModel *m_model;
    QLineEdit *m_search;
    QComboBox *m_tagFilter;
    QLabel *m_count;
    QTableView *m_table;
    ContactDetailView *m_detail;
    QSplitter *m_splitter;
    QTimer *m_debounce;
};
