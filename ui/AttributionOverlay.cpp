// SPDX-License-Identifier: GPL-3.0-or-later
#include "AttributionOverlay.h"

#include "ColourMap.h"

#include <algorithm>
#include <cmath>

namespace advlab::ui {

QImage AttributionOverlay::colourise(const AttributionMap& map, const ColourMap& colours) {
    if (map.isNull())
        return {};
    QImage out(map.width, map.height, QImage::Format_RGB32);
    const float peak = map.maxAbs();
    for (int y = 0; y < map.height; ++y) {
        auto* line = reinterpret_cast<QRgb*>(out.scanLine(y));
        for (int x = 0; x < map.width; ++x)
            line[x] = colours.map(peak > 0.0f ? std::fabs(map.at(x, y)) / peak : 0.0);
    }
    return out;
}

QImage AttributionOverlay::render(const QImage& image, const AttributionMap& map, double opacity) {
    return render(image, map, opacity, ColourMap::viridis());
}

QImage AttributionOverlay::render(const QImage& image, const AttributionMap& map, double opacity,
                                  const ColourMap& colours) {
    if (image.isNull() || map.isNull())
        return image;
    QImage colour = colourise(map, colours);
    if (colour.size() != image.size())
        colour = colour.scaled(image.size(), Qt::IgnoreAspectRatio, Qt::FastTransformation);
    QImage out = image.convertToFormat(QImage::Format_RGB32);
    const double a = std::clamp(opacity, 0.0, 1.0);
    for (int y = 0; y < out.height(); ++y) {
        auto* dst = reinterpret_cast<QRgb*>(out.scanLine(y));
        const auto* src = reinterpret_cast<const QRgb*>(colour.constScanLine(y));
        for (int x = 0; x < out.width(); ++x) {
            auto blend = [a](int base, int top) {
                return static_cast<int>(std::lround((1.0 - a) * base + a * top));
            };
            dst[x] = qRgb(blend(qRed(dst[x]), qRed(src[x])), blend(qGreen(dst[x]), qGreen(src[x])),
                          blend(qBlue(dst[x]), qBlue(src[x])));
        }
    }
    return out;
}

} // namespace advlab::ui
