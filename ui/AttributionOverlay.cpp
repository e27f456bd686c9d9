// SPDX-License-Identifier: GPL-3.0-or-later
#include "AttributionOverlay.h"

#include "ColourMap.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace advlab::ui {

float AttributionOverlay::displayScale(const AttributionMap& map) {
    // Smilkov et al. clip the map at its 99th percentile for display: a few
    // extreme gradients would otherwise leave every other pixel at the bottom
    // colour. The largest values are clipped to the top colour.
    std::vector<float> magnitudes(map.values.size());
    std::transform(map.values.begin(), map.values.end(), magnitudes.begin(),
                   [](float v) { return std::fabs(v); });
    if (magnitudes.empty())
        return 0.0f;
    const auto k = static_cast<std::ptrdiff_t>(0.99 * static_cast<double>(magnitudes.size() - 1));
    std::nth_element(magnitudes.begin(), magnitudes.begin() + k, magnitudes.end());
    const float p99 = magnitudes[static_cast<std::size_t>(k)];
    return p99 > 0.0f ? p99 : map.maxAbs();
}

QImage AttributionOverlay::colourise(const AttributionMap& map, const ColourMap& colours) {
    if (map.isNull())
        return {};
    QImage out(map.width, map.height, QImage::Format_RGB32);
    const float peak = displayScale(map);
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
