// SPDX-License-Identifier: GPL-3.0-or-later
#include "ColourBarLegend.h"

#include "ColourMap.h"

#include <QPainter>
#include <algorithm>

namespace advlab::ui {

ColourBarLegend::ColourBarLegend(const ColourMap& colours, QWidget* parent)
    : QWidget(parent), m_colours(colours), m_low(tr("low")), m_high(tr("high")) {
    setObjectName(QStringLiteral("attributionLegend"));
    setAccessibleName(tr("Colour scale: dark purple is low attribution, yellow is high"));
}

void ColourBarLegend::setLabels(const QString& low, const QString& high) {
    m_low = low;
    m_high = high;
    updateGeometry();
    update();
}

QRect ColourBarLegend::barRect() const {
    const QFontMetrics fm(font());
    const int left = fm.horizontalAdvance(m_low) + 6;
    const int right = fm.horizontalAdvance(m_high) + 6;
    return QRect(left, (height() - 12) / 2, std::max(1, width() - left - right), 12);
}

QSize ColourBarLegend::sizeHint() const {
    const QFontMetrics fm(font());
    return {fm.horizontalAdvance(m_low) + fm.horizontalAdvance(m_high) + 12 + 160,
            std::max(16, fm.height() + 2)};
}

QSize ColourBarLegend::minimumSizeHint() const {
    const QFontMetrics fm(font());
    return {fm.horizontalAdvance(m_low) + fm.horizontalAdvance(m_high) + 12 + 48,
            std::max(16, fm.height() + 2)};
}

void ColourBarLegend::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const QRect bar = barRect();
    for (int x = 0; x < bar.width(); ++x) {
        const double t = bar.width() > 1 ? x / double(bar.width() - 1) : 1.0;
        p.setPen(QColor(m_colours.map(t)));
        p.drawLine(bar.left() + x, bar.top(), bar.left() + x, bar.bottom());
    }
    p.setPen(palette().color(QPalette::WindowText));
    p.drawText(QRect(0, 0, bar.left() - 4, height()), Qt::AlignRight | Qt::AlignVCenter, m_low);
    p.drawText(QRect(bar.right() + 5, 0, width() - bar.right() - 5, height()),
               Qt::AlignLeft | Qt::AlignVCenter, m_high);
}

} // namespace advlab::ui
