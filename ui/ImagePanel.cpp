// SPDX-License-Identifier: GPL-3.0-or-later
#include "ImagePanel.h"

#include "ElidedLabel.h"
#include "ImageView.h"
#include "ObserverLinesView.h"
#include "Theme.h"
#include "TopKPlot.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QResizeEvent>
#include <QTextDocumentFragment>
#include <QVBoxLayout>

namespace advlab::ui {

namespace {
QLabel* makeLabel(QWidget* parent, const QString& name) {
    auto* l = new QLabel(parent);
    l->setObjectName(name);
    l->setTextFormat(Qt::RichText);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return l;
}
QString plainText(const QString& html) {
    return QTextDocumentFragment::fromHtml(html).toPlainText().trimmed();
}
} // namespace

ImagePanel::ImagePanel(const QString& objectName, QWidget* parent)
    : QWidget(parent), m_title(new ElidedLabel(this)), m_view(new ImageView(this)),
      m_prediction(makeLabel(this, objectName + QStringLiteral("Prediction"))),
      m_detail(makeLabel(this, objectName + QStringLiteral("Detail"))),
      m_mark(makeLabel(this, objectName + QStringLiteral("Mark"))), m_topK(new TopKPlot(this)),
      m_observers(new ObserverLinesView(objectName, this)) {
    setObjectName(objectName);
    m_title->setObjectName(objectName + QStringLiteral("Title"));
    // Reachable with Tab, and the style sheet draws its focus frame.
    setFocusPolicy(Qt::TabFocus);
    setAttribute(Qt::WA_StyledBackground);
    m_view->setObjectName(objectName + QStringLiteral("Image"));
    m_topK->setObjectName(objectName + QStringLiteral("Top5"));

    QFont titleFont = font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() + 1.0);
    m_title->setFont(titleFont);
    // A long attack description must not widen one panel past the others:
    // it ends in "…" (the tooltip has it all).
    m_title->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    // Wrapped, and allowed to be narrower than their longest line, so a long
    // class name takes a second line instead of widening the panel.
    m_prediction->setWordWrap(true);
    m_detail->setWordWrap(true);
    m_prediction->setMinimumWidth(1);
    m_detail->setMinimumWidth(1);
    QFont markFont = font();
    markFont.setBold(true);
    m_mark->setFont(markFont);
    m_mark->setAlignment(Qt::AlignRight | Qt::AlignVCenter);

    auto* captionRow = new QHBoxLayout;
    m_captionRow = captionRow;
    captionRow->setContentsMargins(0, 0, 0, 0);
    auto* captions = new QVBoxLayout;
    captions->setSpacing(1);
    captions->addWidget(m_prediction);
    captions->addWidget(m_detail);
    captionRow->addLayout(captions, 1);
    captionRow->addWidget(m_mark, 0, Qt::AlignTop);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    layout->addWidget(m_title);
    layout->addWidget(m_view, 1);
    layout->addLayout(captionRow);
    layout->addWidget(m_observers);
    layout->addWidget(m_topK);
    clearCaption();
}

void ImagePanel::resizeEvent(QResizeEvent* event) {
    // Beside the prediction, the mark leaves a narrow panel (a small screen)
    // too little room for "Predicted:" and a class name: it goes under it.
    const QFontMetrics fm(m_mark->font());
    const int needed = m_mark->sizeHint().width() +
                       fm.horizontalAdvance(QStringLiteral("Predicted: long-horned")) +
                       layout()->contentsMargins().left() + layout()->contentsMargins().right();
    const auto direction =
        event->size().width() >= needed ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom;
    if (m_captionRow->direction() != direction)
        m_captionRow->setDirection(direction);
    QWidget::resizeEvent(event);
}

void ImagePanel::setTitle(const QString& text) {
    m_title->setText(text);
    m_title->setToolTip(text);
}

void ImagePanel::setCaption(const QString& predictionHtml, const QString& detailHtml) {
    m_prediction->setText(predictionHtml);
    m_detail->setText(detailHtml);
    m_prediction->setToolTip(plainText(predictionHtml));
    m_detail->setToolTip(plainText(detailHtml));
}

void ImagePanel::setSummary(const QString& name, const QString& description) {
    setAccessibleName(name);
    setAccessibleDescription(description);
    m_view->setAccessibleName(name);
    m_view->setAccessibleDescription(description);
}

void ImagePanel::setMark(const QString& text, bool ok) {
    if (text.isEmpty()) {
        m_mark->clear();
        m_mark->setToolTip({});
        return;
    }
    const QString color = theme::css(ok ? theme::good : theme::bad);
    const QString glyph = ok ? QStringLiteral("\u2713") : QStringLiteral("\u2717");
    m_mark->setText(
        QStringLiteral("<span style='color:%1'>%2 %3</span>").arg(color, glyph, text.toHtmlEscaped()));
    m_mark->setToolTip(text);
}

void ImagePanel::clearCaption() {
    // Keep two lines' worth of height so the layout does not jump.
    m_prediction->setText(QStringLiteral("&nbsp;"));
    m_detail->setText(QStringLiteral("&nbsp;"));
    m_prediction->setToolTip({});
    m_detail->setToolTip({});
    m_mark->clear();
    m_mark->setToolTip({});
}

} // namespace advlab::ui
