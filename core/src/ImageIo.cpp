// SPDX-License-Identifier: GPL-3.0-or-later
#include "advlab/ImageIo.h"

#include "ImageHeader.h"
#include "advlab/Errors.h"
#include "advlab/InputFile.h"
#include "advlab/Text.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <iterator>
#include <new>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace fs = std::filesystem;

namespace advlab {

namespace {

std::string lowerExtension(const std::string& path) {
    std::string ext = fs::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return ext;
}

std::string firstLine(const std::string& s) {
    // cv::Exception messages hold the reason on their first line.
    const auto nl = s.find('\n');
    return nl == std::string::npos ? s : s.substr(0, nl);
}

// Decodes and converts to 8-bit RGB of `targetSize` (0: keep the size). The
// caller has checked the header, so OpenCV never allocates a bomb's worth.
Image8 convert(const std::vector<std::uint8_t>& bytes, const std::string& path, int targetSize,
               std::vector<std::string>* notes) {
    cv::Mat m = cv::imdecode(bytes, cv::IMREAD_UNCHANGED);
    if (m.empty() || m.cols <= 0 || m.rows <= 0)
        throw DataError(path, 0, "corrupt or truncated image: it could not be decoded");

    auto note = [&](const std::string& what) {
        if (notes)
            notes->push_back(printable(path) + ": " + what);
    };

    if (m.depth() != CV_8U) {
        cv::Mat converted;
        double scale = 1.0;
        if (m.depth() == CV_16U)
            scale = 1.0 / 257.0;
        else if (m.depth() == CV_32F || m.depth() == CV_64F)
            scale = 255.0;
        m.convertTo(converted, CV_8U, scale);
        m = converted;
        note("converted to 8 bits per channel");
    }
    cv::Mat rgb;
    switch (m.channels()) {
    case 1:
        cv::cvtColor(m, rgb, cv::COLOR_GRAY2RGB);
        note("grayscale image converted to RGB");
        break;
    case 3:
        cv::cvtColor(m, rgb, cv::COLOR_BGR2RGB);
        break;
    case 4:
        cv::cvtColor(m, rgb, cv::COLOR_BGRA2RGB);
        note("RGBA image converted to RGB (alpha channel dropped)");
        break;
    default:
        throw DataError(path, 0, "unsupported image with " + std::to_string(m.channels()) + " channels");
    }
    if (targetSize > 0 && (rgb.cols != targetSize || rgb.rows != targetSize)) {
        cv::Mat resized;
        const bool shrinking = rgb.cols > targetSize || rgb.rows > targetSize;
        cv::resize(rgb, resized, cv::Size(targetSize, targetSize), 0, 0,
                   shrinking ? cv::INTER_AREA : cv::INTER_LINEAR);
        note("resized from " + std::to_string(rgb.cols) + "x" + std::to_string(rgb.rows) + " to " +
             std::to_string(targetSize) + "x" + std::to_string(targetSize));
        rgb = resized;
    }
    if (!rgb.isContinuous())
        rgb = rgb.clone();
    Image8 out(rgb.cols, rgb.rows);
    std::copy(rgb.data, rgb.data + out.rgb.size(), out.rgb.begin());
    return out;
}

} // namespace

bool looksLikeImageFile(const std::string& path) {
    static const char* kExt[] = {".png", ".jpg", ".jpeg", ".bmp", ".ppm", ".pgm", ".tif", ".tiff", ".webp"};
    const std::string ext = lowerExtension(path);
    return std::any_of(std::begin(kExt), std::end(kExt), [&](const char* e) { return ext == e; });
}

Image8 readImage(const std::string& path, int targetSize, std::vector<std::string>* notes) {
    const std::string data = readInputFile(path, kMaxImageFileBytes);
    const std::vector<std::uint8_t> bytes(data.begin(), data.end());
    return decodeImage(bytes, path, targetSize, notes);
}

Image8 decodeImage(const std::vector<std::uint8_t>& bytes, const std::string& path, int targetSize,
                   std::vector<std::string>* notes) {
    if (bytes.empty())
        throw DataError(path, 0, "empty file, not an image");
    const ImageHeader header = readImageHeader(bytes.data(), bytes.size());
    if (header.format.empty())
        throw DataError(path, 0,
                        "corrupt or truncated image, or not a format this program reads "
                        "(PNG, JPEG, BMP, PPM/PGM, TIFF, WebP)");
    if (header.width == 0 || header.height == 0)
        throw DataError(path, 0,
                        "corrupt or truncated image: its " + header.format + " header gives no size");
    // Both factors are below 2^32, so the product cannot overflow.
    if (header.width * header.height > kMaxImagePixels)
        throw DataError(path, 0,
                        header.format + " image of " + std::to_string(header.width) + "x" +
                            std::to_string(header.height) + " pixels is larger than the limit of " +
                            std::to_string(kMaxImagePixels) +
                            " pixels (not decoded: it could exhaust memory)");
    try {
        return convert(bytes, path, targetSize, notes);
    } catch (const cv::Exception& e) {
        // Any OpenCV failure is this image's problem, never the run's.
        throw DataError(path, 0, "cannot decode the image (" + firstLine(e.what()) + ")");
    } catch (const std::bad_alloc&) {
        throw DataError(path, 0, "not enough memory to decode the image");
    }
}

void writePngAtomic(const std::string& path, const Image8& image) {
    if (image.isNull())
        throw DataError(path, 0, "refusing to write an empty image");
    std::vector<uchar> encoded;
    try {
        cv::Mat rgb(image.height, image.width, CV_8UC3, const_cast<std::uint8_t*>(image.rgb.data()));
        cv::Mat bgr;
        cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
        if (!cv::imencode(".png", bgr, encoded))
            throw DataError(path, 0, "PNG encoding failed");
    } catch (const cv::Exception& e) {
        throw DataError(path, 0, "PNG encoding failed (" + firstLine(e.what()) + ")");
    }
    writeFileAtomic(path, std::string(encoded.begin(), encoded.end()));
}

} // namespace advlab
