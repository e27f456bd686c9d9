// SPDX-License-Identifier: GPL-3.0-or-later
#include "ImageView.h"

#include "Theme.h"

#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

namespace advlab::ui {

namespace {
constexpr int kNative = 299;
// Small enough that three panels and both docks fit 90 % of 960 logical pixels
// (1920 at 200 %), large enough to still see the image.
constexpr int kSmallest = 112;
} // namespace

ImageView::ImageView(QWidget* parent) : QWidget(parent) {
    // Square: grow with the width available; native size when there is
    // room, scaled down on a small screen rather than pushing the window
    // past its edge.
    QSizePolicy policy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
    setMinimumSize(kSmallest, kSmallest);
}

void ImageView::setImage(const QImage& image) {
    m_image = image;
    m_overlay = QImage();
    update();
}

void ImageView::setOverlay(const QImage& overlay) {
    m_overlay = overlay;
    update();
}

void ImageView::setPlaceholder(const QString& text) {
    m_placeholder = text;
    update();
}

void ImageView::setBusy(bool busy, const QString& note) {
    if (m_busy == busy && m_note == note)
        return;
    m_busy = busy;
    m_note = note;
    update();
}

QSize ImageView::sizeHint() const {
    return {kNative, kNative};
}
QSize ImageView::minimumSizeHint() const {
    return {kSmallest, kSmallest};
}
int ImageView::heightForWidth(int width) const {
    return std::max(kSmallest, width);
}

double ImageView::fitScale() const {
    const QSize src = m_image.isNull() ? QSize(kNative, kNative) : m_image.size();
    return std::min(width() / double(src.width()), height() / double(src.height()));
}

void ImageView::setScalePeers(const QList<ImageView*>& peers) {
    m_peers.clear();
    for (ImageView* v : peers)
        if (v && v != this)
            m_peers << v;
    update();
}

void ImageView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    for (const QPointer<ImageView>& v : m_peers)
        if (v)
            v->update(); // their common scale may have changed
}

QRect ImageView::imageRect() const {
    const QSize src = m_image.isNull() ? QSize(kNative, kNative) : m_image.size();
    double scale = fitScale();
    for (const QPointer<ImageView>& v : m_peers)
        if (v && v->isVisible())
            scale = std::min(scale, v->fitScale());
    // Snap to whole factors when close, so pixels map 1:n exactly.
    if (scale >= 1.0 && std::abs(scale - std::floor(scale)) < 0.15)
        scale = std::floor(scale);
    const QSize shown(int(std::lround(src.width() * scale)), int(std::lround(src.height() * scale)));
    // Top-aligned: the panels' caption heights differ, and centring would
    // put the three images at different heights.
    return QRect(QPoint((width() - shown.width()) / 2, 0), shown);
}

void ImageView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const QRect r = imageRect();
    if (m_image.isNull()) {
        p.fillRect(r, theme::placeholder);
        p.setPen(theme::placeholderText);
        p.drawText(r.adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
    } else {
        const QImage& shown = displayedImage();
        const bool whole = r.width() % shown.width() == 0 && r.height() % shown.height() == 0;
        p.setRenderHint(QPainter::SmoothPixmapTransform, !whole);
        p.drawImage(r, shown);
    }
    p.setPen(QPen(QColor(0, 0, 0, 40), 1));
    p.drawRect(r.adjusted(0, 0, -1, -1));
    if (m_busy && !m_image.isNull()) {
        p.fillRect(r, QColor(255, 255, 255, 150));
        if (!m_note.isEmpty()) {
            QFont f = font();
            f.setBold(true);
            p.setFont(f);
            // Sized from the font, so a larger system font still fits, and
            // never wider than the image.
            const QFontMetrics fm(f);
            const int h = fm.height() + fm.height() / 2;
            const int w = std::min(r.width() - 8, fm.horizontalAdvance(m_note) + 2 * h);
            QRect pill(0, 0, w, h);
            pill.moveCenter(r.center());
            QPainterPath path;
            path.addRoundedRect(pill, h / 2.0, h / 2.0);
            p.setRenderHint(QPainter::Antialiasing);
            p.fillPath(path, theme::captionBox);
            p.setPen(Qt::white);
            p.drawText(pill, Qt::AlignCenter, fm.elidedText(m_note, Qt::ElideRight, pill.width() - h / 2));
        }
    }
}

} // namespace advlab::ui
