// SPDX-License-Identifier: GPL-3.0-or-later
#include "ErrorBanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace advlab::ui {

ErrorBanner::ErrorBanner(QWidget* parent)
    : QFrame(parent), m_text(new QLabel(this)), m_close(new QToolButton(this)) {
    setObjectName(QStringLiteral("errorBanner"));
    m_text->setObjectName(QStringLiteral("errorBannerText"));
    m_close->setObjectName(QStringLiteral("errorBannerClose"));
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_close->setText(QStringLiteral("\u2715"));
    m_close->setAutoRaise(true);
    m_close->setToolTip(tr("Dismiss"));
    auto* icon = new QLabel(QStringLiteral("\u26A0"), this);
    QFont f = icon->font();
    f.setPointSizeF(f.pointSizeF() + 3);
    icon->setFont(f);
    icon->setObjectName(QStringLiteral("errorBannerIcon")); // coloured by the style sheet
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addWidget(icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_close, 0, Qt::AlignTop);
    connect(m_close, &QToolButton::clicked, this, &ErrorBanner::dismiss);
    hide();
}

void ErrorBanner::showError(const QString& message) {
    m_history.push_back(message);
    m_text->setText(message);
    setToolTip(m_history.size() > 1
                   ? tr("Earlier problems:\n%1").arg(m_history.mid(0, m_history.size() - 1).join('\n'))
                   : QString());
    show();
}

void ErrorBanner::dismiss() {
    hide();
}

QString ErrorBanner::text() const {
    return m_text->text();
}

} // namespace advlab::ui
