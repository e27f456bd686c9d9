// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QImage>
#include <advlab/Attribution.h>

namespace advlab::ui {

class ColourMap;

// Paints an attribution map over an image: each pixel blends the image with
// the colour map's colour for |value| / displayScale (clipped to 1, so the
// most attributed pixels get the top colour), at `opacity` in [0, 1]. Opacity 1 shows the map
// alone, 0 the image unchanged. A map of another size is scaled to the image
// (nearest neighbour), e.g. for the enlarged perturbation view.
class AttributionOverlay {
public:
    static QImage render(const QImage& image, const AttributionMap& map, double opacity);
    static QImage render(const QImage& image, const AttributionMap& map, double opacity,
                         const ColourMap& colours);
    // The 99th percentile of |value| (the largest |value| when that is 0):
    // what maps to the top colour.
    static float displayScale(const AttributionMap& map);
    // The map alone as colours, at its own size.
    static QImage colourise(const AttributionMap& map, const ColourMap& colours);
};

} // namespace advlab::ui
