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
}

void fitLegendColumns(QCustomPlot* plot, int width) {
    QCPLegend* legend = plot->legend;
    const int items = legend->itemCount();
    if (items == 0)
        return;
    int widest = 1;
    for (int i = 0; i < items; ++i)
        widest = std::max(widest, legend->item(i)->minimumOuterSizeHint().width());
    const QMargins m = legend->margins();
    const int room = width - m.left() - m.right() - 8; // the legend's own border and padding
    const int columns = std::clamp((room + legend->columnSpacing()) / (widest + legend->columnSpacing()), 1, items);
    if (columns != legend->wrap()) {
        legend->setWrap(columns);
        legend->setFillOrder(QCPLegend::foColumnsFirst, true); // re-arranges the existing entries
    }
}

} // namespace advlab::ui
