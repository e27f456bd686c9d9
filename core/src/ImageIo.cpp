// SPDX-License-Identifier: GPL-3.0-or-later
#include "advlab/ImageIo.h"

#include "advlab/Errors.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <unistd.h>

namespace fs = std::filesystem;

namespace advlab {

namespace {

std::string lowerExtension(const std::string& path) {
    std::string ext = fs::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return ext;
}

} // namespace

bool looksLikeImageFile(const std::string& path) {
    static const char* kExt[] = {".png", ".jpg", ".jpeg", ".bmp", ".ppm", ".pgm", ".tif", ".tiff", ".webp"};
    const std::string ext = lowerExtension(path);
    return std::any_of(std::begin(kExt), std::end(kExt), [&](const char* e) { return ext == e; });
}

Image8 readImage(const std::string& path, int targetSize, std::vector<std::string>* notes) {
    std::error_code ec;
    if (!fs::exists(path, ec))
        throw DataError(path, 0, "image file not found");
    if (!fs::is_regular_file(path, ec))
        throw DataError(path, 0, "not a regular file");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw DataError(path, 0, "cannot open the image (permission denied?)");
    const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return decodeImage(bytes, path, targetSize, notes);
}

Image8 decodeImage(const std::vector<std::uint8_t>& bytes, const std::string& path, int targetSize,
                   std::vector<std::string>* notes) {
    if (bytes.empty())
        throw DataError(path, 0, "empty file, not an image");

    cv::Mat m;
    try {
        m = cv::imdecode(bytes, cv::IMREAD_UNCHANGED);
    } catch (const cv::Exception& e) {
        throw DataError(path, 0, std::string("cannot decode the image (") + e.what() + ")");
    }
    if (m.empty() || m.cols <= 0 || m.rows <= 0)
        throw DataError(path, 0, "corrupt or truncated image: it could not be decoded");

    auto note = [&](const std::string& what) {
        if (notes)
            notes->push_back(path + ": " + what);
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

void writeFileAtomic(const std::string& path, const std::string& bytes) {
    static std::atomic<unsigned> counter{0};
    const fs::path target(path);
    std::error_code ec;
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    if (!fs::is_directory(dir, ec))
        throw DataError(path, 0, "output folder does not exist");
    const fs::path tmp = dir / ("." + target.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" +
                                std::to_string(counter++));
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out)
            throw DataError(path, 0, "cannot create a file in the output folder");
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.flush();
        if (!out) {
            out.close();
            fs::remove(tmp, ec);
            throw DataError(path, 0, "write failed (disk full?)");
        }
    }
    fs::rename(tmp, target, ec);
    if (ec) {
        std::error_code ignored;
        fs::remove(tmp, ignored);
        throw DataError(path, 0, "cannot move the finished file into place: " + ec.message());
    }
}

void writePngAtomic(const std::string& path, const Image8& image) {
    if (image.isNull())
        throw DataError(path, 0, "refusing to write an empty image");
    cv::Mat rgb(image.height, image.width, CV_8UC3, const_cast<std::uint8_t*>(image.rgb.data()));
    cv::Mat bgr;
    cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
    std::vector<uchar> encoded;
    if (!cv::imencode(".png", bgr, encoded))
        throw DataError(path, 0, "PNG encoding failed");
    writeFileAtomic(path, std::string(encoded.begin(), encoded.end()));
}

} // namespace advlab
