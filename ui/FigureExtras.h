// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "AttributionEngine.h"
#include "ObserverLinesView.h"

#include <QList>
#include <QString>
#include <algorithm>
#include <array>

namespace advlab::ui {

// What an exported figure shows beyond the triptych (issue 12): the
// observers' lines under each image and the attribution overlay, as on screen.
struct FigureExtras {
    // Per figure row, per column (original, non-targeted, targeted).
    QList<std::array<QList<ObserverLine>, 3>> observers;
    QList<std::array<AttributionMapPtr, 3>> maps;
    double opacity = 0.6;
    QString attributionName; // "SmoothGrad (n = 16, σ = 0.15)"; empty: no overlay

    int observerLines() const {
        int n = 0;
        for (const auto& row : observers)
            for (const auto& lines : row)
                n = std::max(n, static_cast<int>(lines.size()));
        return n;
    }
    bool hasOverlay() const { return !attributionName.isEmpty() && !maps.isEmpty(); }
};

} // namespace advlab::ui
