#pragma once

#include "ghl/Appointment.h"
#include "ghl/Contact.h"
#include "ghl/Note.h"
#include "ghl/Task.h"
#include "net/ApiError.h"

#include <QPointer>
#include <QWidget>

class ApiCall;
class FlowLayout;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QTreeWidget;
class Workspace;

// One contact: fields, custom fields by name, tags (add and remove), tasks, notes and
// appointments. Shows the row's data at once and fills in the rest as it arrives.
class ContactDetailView : public QWidget
{
    Q_OBJECT

public:
    explicit ContactDetailView(Workspace *workspace, QWidget *parent = nullptr);

    void showContact(const Contact &contact);
    void clear();
    QString contactId() const { return m_contact.id; }
    const Contact &contact() const { return m_contact; }
    bool isLoading() const { return m_pending > 0; }

    // For tests and keyboard users.
    QLineEdit *tagInput() const { return m_tagInput; }
    void addTag(const QString &tag);
    void removeTag(const QString &tag);

Q_SIGNALS:
    void contactUpdated(const Contact &contact);
    void errorOccurred(const ApiError &error, const QString &retryHint);
    void loaded();

private:
    void loadDetails();
    void finishPart();
    void renderFields();
    void renderTags();
    void renderTasks();
    void renderNotes();
    void renderAppointments();

    Workspace *m_workspace;
    Contact m_contact;
    QList<Task> m_tasks;
    QList<Note> m_notes;
    QList<Appointment> m_appointments;
    int m_pending = 0;
    quint64 m_generation = 0;
    QList<QPointer<ApiCall>> m_calls;

    QStackedWidget *m_stack;
    QLabel *m_name;
    QLabel *m_subtitle;
    QLabel *m_status;
    QWidget *m_tagArea;
    FlowLayout *m_tagLayout;
    QLineEdit *m_tagInput;
    QPushButton *m_addTag;
    QTabWidget *m_tabs;
    QFormLayout *m_fields;
    QWidget *m_fieldsPage;
    QTreeWidget *m_taskList;
    QTreeWidget *m_noteList;
    QTreeWidget *m_appointmentList;
};
