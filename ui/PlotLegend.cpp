// SPDX-License-Identifier: GPL-3.0-or-later
#include "PlotLegend.h"

#include <algorithm>
#include <qcustomplot.h>

namespace advlab::ui {

void placeLegendBelowAxes(QCustomPlot* plot) {
    QCPLegend* legend = plot->legend;
    plot->axisRect()->insetLayout()->take(legend);
    const int row = plot->plotLayout()->rowCount();
    plot->plotLayout()->addElement(row, 0, legend);
    // The legend row keeps its natural height; the axis rect takes the rest.
    plot->plotLayout()->setRowStretchFactor(row, 0.001);
    legend->setFillOrder(QCPLegend::foColumnsFirst);
    legend->setMargins(QMargins(4, 0, 4, 4));
    // A grid column is as narrow as its narrowest element's maximum, and an
    // empty (hidden) legend's is its margins: without an explicit maximum the
    // axis rect above it would shrink to that width.
    legend->setMaximumSize(1 << 20, 1 << 20);
    // Below the axes it needs no box to set it off from the curves.
    legend->setBorderPen(Qt::NoPen);
    legend->setBrush(Qt::NoBrush);
}

void fitLegendColumns(QCustomPlot* plot, int width) {
    QCPLegend* legend = plot->legend;
    // The legend is a grid: once wrapped, its last row may have empty
    // cells, which item() returns as null.
    int items = 0, widest = 1;
    for (int i = 0; i < legend->elementCount(); ++i) {
        if (const QCPAbstractLegendItem* item = legend->item(i)) {
            ++items;
            widest = std::max(widest, item->minimumOuterSizeHint().width());
        }
    }
    if (items == 0)
        return;
    const QMargins m = legend->margins();
    const int room = width - m.left() - m.right() - 8; // the legend's own border and padding
    const int columns =
        std::clamp((room + legend->columnSpacing()) / (widest + legend->columnSpacing()), 1, items);
    if (columns != legend->wrap()) {
        legend->setWrap(columns);
        legend->setFillOrder(QCPLegend::foColumnsFirst, true); // re-arranges the existing entries
    }
}

} // namespace advlab::ui
