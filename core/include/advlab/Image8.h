// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <vector>

namespace advlab {

// An 8-bit RGB image, rows top to bottom, pixels interleaved R,G,B.
// This is the value type that crosses the core/ui boundary: neither Torch
// nor OpenCV types may appear in headers the GUI includes.
struct Image8 {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgb; // width * height * 3 bytes

    Image8() = default;
    Image8(int w, int h) : width(w), height(h), rgb(static_cast<std::size_t>(w) * h * 3, 0) {}

    bool isNull() const { return width <= 0 || height <= 0 || rgb.empty(); }
    std::uint8_t* pixel(int x, int y) { return rgb.data() + (static_cast<std::size_t>(y) * width + x) * 3; }
    const std::uint8_t* pixel(int x, int y) const {
        return rgb.data() + (static_cast<std::size_t>(y) * width + x) * 3;
    }
    bool operator==(const Image8& o) const { return width == o.width && height == o.height && rgb == o.rgb; }
    bool operator!=(const Image8& o) const { return !(*this == o); }
};

} // namespace advlab
