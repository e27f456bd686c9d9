// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ComputeEngine.h"
#include "FigureExtras.h"

#include <QImage>
#include <QRect>
#include <QSize>
#include <QString>
#include <advlab/Categories.h>

class QPainter;

namespace advlab::ui {

// The paper figure, after the competition's starter notebook: one row per
// image (original, non-targeted, targeted) with predicted, true and target
// labels under each, and a title line naming model, attack and ε.
//
// It is laid out in device pixels at 300 dpi and painted by the same code
// for the PNG (a QImage tagged 300 dpi) and the PDF (a QPdfWriter at 300 dpi),
// so both files show the same figure. Images are enlarged by an integer
// factor with nearest-neighbour sampling, so single-pixel perturbations print
// as crisp squares rather than being smoothed away.
class FigureRenderer {
public:
    static constexpr int kDpi = 300;
    static constexpr int kImageScale = 2;
    static constexpr int kCell = 299 * kImageScale; // ≈ 2 inches at 300 dpi
    static constexpr int kMargin = 60;
    static constexpr int kColumnGap = 40;
    static constexpr int kTitleHeight = 150;
    static constexpr int kHeaderHeight = 70;
    static constexpr int kCaptionHeight = 170;
    static constexpr int kRowGap = 40;
    static constexpr int kObserverLineHeight = 84; // one observer under an image: name, answer (7 pt)
    static constexpr int kLegendHeight = 70;       // the attribution colour bar under the subtitle

    FigureRenderer(TriptychResultList rows, Categories categories, QString modelName,
                   bool showPerturbation = false);

    // observerLines: observer lines under each image; legend: the attribution colour bar.
    static QSize pixelSize(int rows, int observerLines = 0, bool legend = false);
    static QRect imageRect(int row, int column, int observerLines = 0,
                           bool legend = false); // column 0 = original
    QSize pixelSize() const {
        return pixelSize(static_cast<int>(m_rows.size()), m_extras.observerLines(), m_extras.hasOverlay());
    }
    QRect cellRect(int row, int column) const {
        return imageRect(row, column, m_extras.observerLines(), m_extras.hasOverlay());
    }
    // Observer lines and attribution overlays (issue 12); none by default.
    void setExtras(FigureExtras extras) { m_extras = std::move(extras); }
    const FigureExtras& extras() const { return m_extras; }
    QString title() const;
    QString subtitle() const;

    void paint(QPainter& painter) const;
    QImage toImage() const;

    // Atomic writes (QSaveFile): the file is complete or untouched. Return
    // false with a message naming the file on failure.
    bool writePng(const QString& path, QString* error) const;
    bool writePdf(const QString& path, QString* error) const;

private:
    void paintRow(QPainter& painter, int row) const;
    void paintLegend(QPainter& painter, const QRect& area) const;

    TriptychResultList m_rows;
    Categories m_categories;
    QString m_modelName;
    bool m_showPerturbation;
    FigureExtras m_extras;
};

} // namespace advlab::ui
