// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QImage>
#include <QList>
#include <QPointer>
#include <QWidget>

namespace advlab::ui {

// Shows one image at its native 299×299 when there is room (down to 112 on
// a small screen), scaled up to fill the
// space available. Integer scale factors use nearest-neighbour so single-pixel
// perturbations stay crisp. While a newer result is being computed the old
// image stays visible, dimmed, with a note, so the user sees both that the
// view is stale and what it showed.
class ImageView : public QWidget {
    Q_OBJECT

public:
    explicit ImageView(QWidget* parent = nullptr);

    // A new image drops any overlay: it belonged to the previous image.
    void setImage(const QImage& image);
    const QImage& image() const { return m_image; }
    // Drawn instead of image() while set (the attribution overlay: the same
    // size, painted over it); a null image removes it.
    void setOverlay(const QImage& overlay);
    const QImage& overlay() const { return m_overlay; }
    // What is painted: the overlay when set, else the image.
    const QImage& displayedImage() const { return m_overlay.isNull() ? m_image : m_overlay; }
    void setPlaceholder(const QString& text);
    void setBusy(bool busy, const QString& note = {});
    bool isBusy() const { return m_busy; }
    QRect imageRect() const; // where the image is drawn, in widget coordinates
    // Views drawn side by side (the triptych): all use the smallest of their
    // fitting scales, so equal images come out the same size even when the
    // views' heights differ by a caption line (the whole-factor snap below
    // would otherwise draw one 15 % larger than its neighbours).
    void setScalePeers(const QList<ImageView*>& peers);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    double fitScale() const; // the largest scale at which the image fits this view

    QImage m_image;
    QList<QPointer<ImageView>> m_peers;
    QImage m_overlay;
    QString m_placeholder;
    bool m_busy = false;
    QString m_note;
};

} // namespace advlab::ui
