// SPDX-License-Identifier: GPL-3.0-or-later
// Internal: image dimensions read from a file's header, before decoding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace advlab {

struct ImageHeader {
    std::string format;      // "PNG", "JPEG", ...; empty when not recognised
    std::uint64_t width = 0; // 0 when the header is too short or malformed
    std::uint64_t height = 0;
};

// Recognises PNG, JPEG, BMP, PNM (PBM/PGM/PPM/PAM/PFM), TIFF and WebP by
// their signatures and reads the size the header claims. OpenCV 4.6 would
// allocate that size before decoding a single pixel (a decompression bomb:
// a 1 MB PNG may claim 20000 x 20000), and its own cap is read from the
// environment in a static initialiser, too early for a program to set it.
ImageHeader readImageHeader(const std::uint8_t* data, std::size_t size);

} // namespace advlab
