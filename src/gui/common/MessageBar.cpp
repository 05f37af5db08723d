#include "MessageBar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>

MessageBar::MessageBar(QWidget *parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_text(new QLabel(this))
    , m_retry(new QPushButton(tr("Retry"), this))
    , m_close(new QPushButton(tr("Dismiss"), this))
{
    setObjectName(QStringLiteral("messageBar"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setTextFormat(Qt::PlainText);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_retry, 0, Qt::AlignTop);
    layout->addWidget(m_close, 0, Qt::AlignTop);
    connect(m_retry, &QPushButton::clicked, this, [this] {
        auto retry = m_retryAction;
        dismiss();
        if (retry)
            retry();
    });
    connect(m_close, &QPushButton::clicked, this, &MessageBar::dismiss);
    hide();
}

void MessageBar::showMessage(Kind kind, const QString &text, std::function<void()> retry)
{
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize);
    const QStyle::StandardPixmap icon = kind == Kind::Error ? QStyle::SP_MessageBoxWarning : QStyle::SP_MessageBoxInformation;
    m_icon->setPixmap(style()->standardIcon(icon).pixmap(size, size));
    // Palette roles, not colours: readable in light and dark themes.
    QPalette p = palette();
    p.setColor(QPalette::Window, kind == Kind::Error ? p.color(QPalette::ToolTipBase) : p.color(QPalette::AlternateBase));
    p.setColor(QPalette::WindowText, kind == Kind::Error ? p.color(QPalette::ToolTipText) : p.color(QPalette::Text));
    setPalette(p);
    m_text->setText(text);
    m_retryAction = std::move(retry);
    m_retry->setVisible(bool(m_retryAction));
    show();
}

void MessageBar::dismiss()
{
    m_retryAction = {};
    hide();
}

QString MessageBar::text() const
{
    return isVisible() ? m_text->text() : QString();
}
