// SPDX-License-Identifier: GPL-3.0-or-later
#include "ImageConvert.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace advlab::ui {

QImage toQImage(const Image8& image) {
    if (image.isNull())
        return {};
    QImage out(image.width, image.height, QImage::Format_RGB888);
    const std::size_t rowBytes = static_cast<std::size_t>(image.width) * 3;
    for (int y = 0; y < image.height; ++y)
        std::memcpy(out.scanLine(y), image.rgb.data() + rowBytes * static_cast<std::size_t>(y), rowBytes);
    return out;
}

Image8 fromQImage(const QImage& image) {
    if (image.isNull())
        return {};
    const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
    Image8 out(rgb.width(), rgb.height());
    const std::size_t rowBytes = static_cast<std::size_t>(rgb.width()) * 3;
    for (int y = 0; y < rgb.height(); ++y)
        std::memcpy(out.rgb.data() + rowBytes * static_cast<std::size_t>(y), rgb.constScanLine(y), rowBytes);
    return out;
}

double perturbationGain(float epsilon) {
    return 127.0 / std::max(1.0, static_cast<double>(epsilon));
}

QImage perturbationImage(const Image8& original, const Image8& adversarial, float epsilon) {
    if (original.isNull() || original.width != adversarial.width || original.height != adversarial.height)
        return {};
    const double gain = perturbationGain(epsilon);
    Image8 out(original.width, original.height);
    for (std::size_t i = 0; i < out.rgb.size(); ++i) {
        const double d = static_cast<double>(adversarial.rgb[i]) - static_cast<double>(original.rgb[i]);
        out.rgb[i] = static_cast<std::uint8_t>(std::clamp(std::lround(128.0 + d * gain), 0L, 255L));
    }
    return toQImage(out);
}

} // namespace advlab::ui
