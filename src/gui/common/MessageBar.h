#pragma once

#include <QFrame>

#include <functional>

class QLabel;
class QPushButton;

// A non-modal message above the content: what went wrong, and a Retry when it can help. Stays
// until dismissed or replaced; never blocks the window like a dialog would.
class MessageBar : public QFrame
{
    Q_OBJECT

public:
    enum class Kind { Information, Error };

    explicit MessageBar(QWidget *parent = nullptr);

    void showMessage(Kind kind, const QString &text, std::function<void()> retry = {});
    void dismiss();
    QString text() const;

private:
    QLabel *m_icon;
    QLabel *m_text;
    QPushButton *m_retry;
    QPushButton *m_close;
    std::function<void()> m_retryAction;
};
