#pragma once

#include "mapping/Mapping.h"

#include <QPointer>
#include <QWidget>

class ApiCall;
class MessageBar;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTimer;
class Workspace;

// The mapping editor: bindings on the left, the selected binding's form on the right, built
// from pickers filled with what the connections contain (tags, segments), and a live count of
// the contacts the binding matches.
class MappingPane : public QWidget
{
    Q_OBJECT

public:
    explicit MappingPane(Workspace *workspace, MessageBar *messages, QWidget *parent = nullptr);

    const Mapping &mapping() const { return m_mapping; }
    QString filePath() const { return m_path; }
    bool isModified() const { return m_modified; }
    void setMapping(const Mapping &mapping, const QString &path);

    bool openFile(const QString &path, QString *error);
    void openWithDialog();
    bool save();
    bool saveAs();
    void addBinding();
    void removeCurrentBinding();

    // Form widgets, for tests and keyboard users.
    QListWidget *bindingList() const { return m_list; }
    QLineEdit *nameEdit() const { return m_name; }
    QComboBox *tagCombo() const { return m_tag; }
    QComboBox *segmentCombo() const { return m_segment; }
    QComboBox *contextKindCombo() const { return m_contextKind; }
    QComboBox *keyFieldCombo() const { return m_keyField; }
    QComboBox *modeCombo() const { return m_mode; }
    QLabel *matchLabel() const { return m_matches; }
    QPushButton *syncButton() const { return m_sync; }

Q_SIGNALS:
    void syncRequested();
    void modifiedChanged(bool modified);
    void matchCountUpdated(int count);

private:
    void reloadList();
    void showBinding(int index);
    void updateBindingFromForm();
    void refreshSegments();
    void refreshTags();
    void countMatches();
    void setModified(bool modified);
    Binding *currentBinding();

    Workspace *m_workspace;
    MessageBar *m_messages;
    Mapping m_mapping;
    QString m_path;
    bool m_modified = false;
    bool m_updatingForm = false;

    QLabel *m_fileLabel;
    QListWidget *m_list;
    QWidget *m_form;
    QLineEdit *m_name;
    QCheckBox *m_enabled;
    QComboBox *m_tag;
    QComboBox *m_segment;
    QComboBox *m_contextKind;
    QComboBox *m_keyField;
    QComboBox *m_mode;
    QLabel *m_modeHelp;
    QLabel *m_matches;
    QPushButton *m_sync;
    QTimer *m_countTimer;
    QPointer<ApiCall> m_countCall;
};
