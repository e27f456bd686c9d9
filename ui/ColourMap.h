// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QRgb>
#include <array>

namespace advlab::ui {

// Viridis (van der Walt and Smith, matplotlib 2015): perceptually uniform,
// lightness rising monotonically from dark purple to yellow, readable in grey
// and by the common colour-vision deficiencies. A 256-entry table from the
// degree-6 polynomial fit of Matt Zucker's "perceptual colormaps" (CC0),
// within 6/255 per channel of matplotlib's table (tst_attributionui).
class ColourMap {
public:
    static constexpr int kSize = 256;

    static const ColourMap& viridis();

    QRgb at(int index) const { return m_table[static_cast<std::size_t>(qBound(0, index, kSize - 1))]; }
    // t in [0, 1] (clamped; NaN gives the bottom colour).
    QRgb map(double t) const;
    QRgb top() const { return m_table.back(); }
    QRgb bottom() const { return m_table.front(); }

private:
    ColourMap();
    std::array<QRgb, kSize> m_table{};
};

} // namespace advlab::ui
