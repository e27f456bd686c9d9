// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QCustomPlot;

namespace advlab::ui {

// A plot's legend must never cover its data, whatever the data does: it
// goes in a row of its own under the axis rect (QCustomPlot's "legend
// outside" layout), never inside it. Used by the per-step plot, the sweep
// plot and so the sweep figures exported from it.

// Moves `plot`'s legend out of the axis rect's inset layout into a new last
// row of the plot layout, laid out left to right.
void placeLegendBelowAxes(QCustomPlot* plot);

// As many legend entries per row as fit `width` pixels (at least one), so a
// narrow plot gets a taller legend instead of entries drawn over each other.
// Call on resize and after the entries change; for an export, with the
// export's width.
void fitLegendColumns(QCustomPlot* plot, int width);

} // namespace advlab::ui
