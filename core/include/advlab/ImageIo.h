// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "advlab/AtomicFile.h"
#include "advlab/Image8.h"

#include <cstdint>
#include <string>
#include <vector>

namespace advlab {

// Side size of the competition's images; loaders resize other sizes to it.
constexpr int kCompetitionImageSize = 299;

// Images whose header claims more pixels are refused before decoding (a
// decompression-bomb guard: 4096 x 4096, 16 Mi pixels, is far above any
// classifier input and decodes in well under 1 GB even at 16 bits RGBA).
constexpr std::uint64_t kMaxImagePixels = 16777216;
// Larger image files are refused before they are read into memory.
constexpr std::size_t kMaxImageFileBytes = std::size_t(512) << 20;

// Reads any image OpenCV decodes as 8-bit RGB. Grayscale, RGBA and 16-bit
// images are converted and, when `targetSize` > 0, other sizes are resized;
// each conversion is appended to `notes` so the caller can tell the user.
// Throws DataError naming the file for missing, empty, corrupt or truncated
// files, non-regular files (directories, FIFOs: refused without blocking),
// images over kMaxImagePixels (checked in the header, before decoding), any
// decoding failure and formats other than PNG, JPEG, BMP, PNM, TIFF and
// WebP, so a caller can skip the image and go on.
Image8 readImage(const std::string& path, int targetSize = kCompetitionImageSize,
                 std::vector<std::string>* notes = nullptr);

// The in-memory part of readImage: decodes `bytes` (any format OpenCV reads)
// with the same conversions. `nameForErrors` names the source in DataErrors
// and notes. Used by readImage and by the image fuzz target.
Image8 decodeImage(const std::vector<std::uint8_t>& bytes, const std::string& nameForErrors,
                   int targetSize = kCompetitionImageSize, std::vector<std::string>* notes = nullptr);

// Writes a PNG whole or not at all: encodes in memory, writes a temporary
// file beside `path`, then renames it over. Throws DataError on failure,
// leaving no partial file behind.
void writePngAtomic(const std::string& path, const Image8& image);

// True for file names OpenCV can read as images (by extension).
bool looksLikeImageFile(const std::string& path);

} // namespace advlab
