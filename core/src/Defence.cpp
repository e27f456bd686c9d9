// SPDX-License-Identifier: GPL-3.0-or-later
#include "advlab/Defence.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <random>
#include <stdexcept>

namespace advlab {

namespace {

constexpr const char* kModelPrefix = "model:";
constexpr int kCompetitionSide = 299;

std::string formatNumber(float v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", static_cast<double>(v));
    return buf;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

bool isInteger(float v) {
    return std::floor(v) == v;
}

void validateParameter(const DefenceConfig& c) {
    const float p = c.parameter;
    auto fail = [&](const std::string& range) {
        throw std::invalid_argument("defence '" + c.key() + "': " + range + ", got " + formatNumber(p));
    };
    switch (c.kind) {
    case DefenceKind::None:
    case DefenceKind::Model:
        break;
    case DefenceKind::Jpeg:
        if (!(p >= 1 && p <= 100) || !isInteger(p))
            fail("JPEG quality must be an integer in 1..100");
        break;
    case DefenceKind::BitDepth:
        // 8 bits of an 8-bit image would be no defence at all.
        if (!(p >= 1 && p <= 7) || !isInteger(p))
            fail("bit depth must be an integer in 1..7");
        break;
    case DefenceKind::Median:
        if (!(p >= 3 && p <= 15) || !isInteger(p) || static_cast<int>(p) % 2 == 0)
            fail("median kernel must be odd, 3..15");
        break;
    case DefenceKind::GaussianBlur:
        // Below σ 0.5 the neighbours' weights round away on 8-bit pixels:
        // a labelled defence that changes nothing.
        if (!(p >= 0.5f && p <= 10.0f))
            fail("blur sigma must be in 0.5..10 pixels");
        break;
    case DefenceKind::ResizePad:
        // The output side is max(N, image side): N <= 299 would leave the
        // competition's 299 x 299 images as they are.
        if (!(p >= kCompetitionSide + 1 && p <= 4096) || !isInteger(p))
            fail("resize-and-pad output size must be an integer in 300..4096 (above the 299-pixel image "
                 "side)");
        break;
    }
    if (c.kind == DefenceKind::Model && c.modelPath.empty())
        throw std::invalid_argument("defence 'model:' needs a model file path, e.g. model:/path/to/model.pt");
}

void requireValidImage(const Image8& im) {
    if (im.isNull() || im.rgb.size() != static_cast<std::size_t>(im.width) * im.height * 3)
        throw std::invalid_argument("defence input must be a non-empty 8-bit RGB image");
}

cv::Mat wrap(const Image8& im) {
    return cv::Mat(im.height, im.width, CV_8UC3, const_cast<std::uint8_t*>(im.rgb.data()));
}

Image8 fromMat(const cv::Mat& m) {
    cv::Mat c = m.isContinuous() ? m : m.clone();
    Image8 out(c.cols, c.rows);
    std::copy(c.data, c.data + out.rgb.size(), out.rgb.begin());
    return out;
}

// JPEG re-encoding. Dziugaite, Ghahramani, Roy 2016, "A study of the effect of
// JPG compression on adversarial images"; Guo et al. 2018, "Countering
// Adversarial Images using Input Transformations". Quantising the DCT
// coefficients removes much of a small high-frequency perturbation.
Image8 jpeg(const Image8& im, int quality) {
    cv::Mat bgr;
    cv::cvtColor(wrap(im), bgr, cv::COLOR_RGB2BGR);
    std::vector<uchar> encoded;
    if (!cv::imencode(".jpg", bgr, encoded, {cv::IMWRITE_JPEG_QUALITY, quality}))
        throw std::runtime_error("JPEG defence: OpenCV could not encode the image");
    const cv::Mat decoded = cv::imdecode(encoded, cv::IMREAD_COLOR);
    if (decoded.empty() || decoded.cols != im.width || decoded.rows != im.height)
        throw std::runtime_error("JPEG defence: OpenCV could not decode its own JPEG");
    cv::Mat rgb;
    cv::cvtColor(decoded, rgb, cv::COLOR_BGR2RGB);
    return fromMat(rgb);
}

// Colour bit-depth reduction. Xu, Evans, Qi 2018, "Feature Squeezing:
// Detecting Adversarial Examples in Deep Neural Networks": with x in [0,1],
// x' = round(x·(2^b−1)) / (2^b−1). In 8-bit units each value moves to the
// nearest of 2^b evenly spaced levels 0, 255/(2^b−1), ..., 255.
Image8 bitDepth(const Image8& im, int bits) {
    const int levels = (1 << bits) - 1;
    std::uint8_t lut[256];
    for (int v = 0; v < 256; ++v) {
        const double q = std::round(v * levels / 255.0);
        lut[v] = static_cast<std::uint8_t>(std::lround(q * 255.0 / levels));
    }
    Image8 out = im;
    for (auto& b : out.rgb)
        b = lut[b];
    return out;
}

// Median smoothing, per channel. Xu et al. 2018 ("Feature Squeezing") use
// local median filters; OpenCV supports odd square windows only.
Image8 median(const Image8& im, int kernel) {
    cv::Mat out;
    cv::medianBlur(wrap(im), out, kernel);
    return fromMat(out);
}

// Gaussian blur, the simplest smoothing baseline (as compared in Guo et al.
// 2018 and Xu et al. 2018). The kernel covers ±3σ.
Image8 gaussianBlur(const Image8& im, float sigma) {
    cv::Mat out;
    cv::GaussianBlur(wrap(im), out, cv::Size(0, 0), sigma, sigma, cv::BORDER_REFLECT_101);
    return fromMat(out);
}

// FNV-1a over the pixels: the random draw of ResizePad is a function of the
// image itself, so the same image is always transformed the same way no
// matter its position in a batch or a dataset.
std::uint64_t hashImage(const Image8& im) {
    std::uint64_t h = 1469598103934665603ULL;
    auto mix = [&](std::uint64_t v) {
        h ^= v;
        h *= 1099511628211ULL;
    };
    mix(static_cast<std::uint64_t>(im.width));
    mix(static_cast<std::uint64_t>(im.height));
    for (std::uint8_t b : im.rgb)
        mix(b);
    return h;
}

// Random resizing and random padding. Xie, Wang, Zhang, Ren, Yuille 2018,
// "Mitigating Adversarial Effects Through Randomization" (2nd place in the
// NIPS 2017 defence track; the winner's ensemble used the same family of
// input randomisation): resize a 299x299 image to rnd x rnd with rnd drawn
// from [299, 331), nearest-neighbour as in the paper, then pad it with zeros
// to 331x331 at a random offset. The classifiers here accept any input size.
Image8 resizePad(const Image8& im, int side, std::uint64_t seed) {
    const int longSide = std::max(im.width, im.height);
    const int out = std::max(side, longSide);
    // splitmix64-style draws; std distributions differ between standard
    // libraries, this does not.
    std::uint64_t state = seed ^ hashImage(im);
    auto next = [&]() {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    };
    auto uniform = [&](int lo, int hi) { // inclusive
        return lo + static_cast<int>(next() % static_cast<std::uint64_t>(hi - lo + 1));
    };
    const int rnd = out > longSide ? uniform(longSide, out - 1) : longSide;
    const double scale = static_cast<double>(rnd) / longSide;
    const int w = std::clamp(static_cast<int>(std::lround(im.width * scale)), 1, out);
    const int h = std::clamp(static_cast<int>(std::lround(im.height * scale)), 1, out);
    cv::Mat resized;
    cv::resize(wrap(im), resized, cv::Size(w, h), 0, 0, cv::INTER_NEAREST);
    const int left = uniform(0, out - w);
    const int top = uniform(0, out - h);
    cv::Mat canvas(out, out, CV_8UC3, cv::Scalar(0, 0, 0));
    resized.copyTo(canvas(cv::Rect(left, top, w, h)));
    return fromMat(canvas);
}

} // namespace

std::string DefenceConfig::key() const {
    std::string k;
    switch (kind) {
    case DefenceKind::None:
        k = "none";
        break;
    case DefenceKind::Jpeg:
        k = "jpeg" + formatNumber(parameter);
        break;
    case DefenceKind::BitDepth:
        k = "bits" + formatNumber(parameter);
        break;
    case DefenceKind::Median:
        k = "median" + formatNumber(parameter);
        break;
    case DefenceKind::GaussianBlur:
        k = "blur" + formatNumber(parameter);
        break;
    case DefenceKind::ResizePad:
        k = "randpad" + formatNumber(parameter);
        break;
    case DefenceKind::Model:
        return kModelPrefix + modelPath;
    }
    if (!modelPath.empty())
        k += std::string("+") + kModelPrefix + modelPath;
    return k;
}

std::string DefenceConfig::describe() const {
    std::string d;
    switch (kind) {
    case DefenceKind::None:
        d = modelPath.empty() ? "no defence" : "";
        break;
    case DefenceKind::Jpeg:
        d = "JPEG q" + formatNumber(parameter);
        break;
    case DefenceKind::BitDepth:
        d = formatNumber(parameter) + "-bit";
        break;
    case DefenceKind::Median:
        d = "median " + formatNumber(parameter) + "x" + formatNumber(parameter);
        break;
    case DefenceKind::GaussianBlur:
        d = "blur σ" + formatNumber(parameter);
        break;
    case DefenceKind::ResizePad:
        d = "resize+pad " + formatNumber(parameter);
        break;
    case DefenceKind::Model:
        break;
    }
    if (!modelPath.empty()) {
        const std::string stem = std::filesystem::path(modelPath).stem().string();
        d += (d.empty() ? "model " : " → ") + stem;
    }
    return d;
}

DefenceConfig parseDefence(const std::string& keyIn) {
    DefenceConfig c;
    std::string key = keyIn;
    // Trim surrounding blanks ("none, jpeg75" from a hand-typed list).
    const auto first = key.find_first_not_of(" \t");
    const auto last = key.find_last_not_of(" \t");
    key = first == std::string::npos ? std::string() : key.substr(first, last - first + 1);
    if (key.empty())
        throw std::invalid_argument(
            "empty defence name; use none, jpegQ, bitsB, medianK, blurS, randpadN or model:PATH");

    if (lower(key.substr(0, 6)) == kModelPrefix) {
        c.kind = DefenceKind::Model;
        c.modelPath = key.substr(6);
        validateParameter(c);
        return c;
    }
    const std::string plus = std::string("+") + kModelPrefix;
    const auto modelAt = lower(key).find(plus);
    if (modelAt != std::string::npos) {
        c.modelPath = key.substr(modelAt + plus.size());
        key = key.substr(0, modelAt);
        if (c.modelPath.empty())
            throw std::invalid_argument("defence '" + keyIn + "': model: needs a file path");
    }
    const std::string k = lower(key);
    struct Named {
        const char* prefix;
        DefenceKind kind;
        float fallback;
    };
    static const Named kNames[] = {
        {"none", DefenceKind::None, 0},         {"jpeg", DefenceKind::Jpeg, 75},
        {"bits", DefenceKind::BitDepth, 4},     {"median", DefenceKind::Median, 3},
        {"blur", DefenceKind::GaussianBlur, 1}, {"randpad", DefenceKind::ResizePad, 331},
    };
    for (const auto& n : kNames) {
        const std::string prefix = n.prefix;
        if (k.compare(0, prefix.size(), prefix) != 0)
            continue;
        std::string rest = k.substr(prefix.size());
        if (!rest.empty() && (rest[0] == ':' || rest[0] == '='))
            rest.erase(0, 1);
        c.kind = n.kind;
        c.parameter = n.fallback;
        if (!rest.empty()) {
            if (c.kind == DefenceKind::None)
                break; // "nonesuch" is not a defence
            // Decimal digits and one point only: strtof would also take
            // "0x10" (hex), " 75", "+75" and "1e0", which no key means.
            const bool decimal = !rest.empty() && rest.find_first_not_of("0123456789.") == std::string::npos &&
                                 std::count(rest.begin(), rest.end(), '.') <= 1 && rest != ".";
            char* end = nullptr;
            errno = 0;
            const float v = decimal ? std::strtof(rest.c_str(), &end) : 0.0f;
            if (!decimal || errno || *end || !std::isfinite(v))
                throw std::invalid_argument("defence '" + keyIn + "': '" + rest + "' is not a number");
            c.parameter = v;
        }
        validateParameter(c);
        return c;
    }
    throw std::invalid_argument(
        "unknown defence '" + keyIn +
        "'; use none, jpegQ (1..100), bitsB (1..7), medianK (odd 3..15), blurS (sigma >= 0.5), "
        "randpadN (output side 300..4096) or model:PATH, optionally followed by +model:PATH");
}

std::vector<DefenceConfig> parseDefenceList(const std::string& keys) {
    std::vector<DefenceConfig> out;
    std::size_t start = 0;
    while (start <= keys.size()) {
        const auto comma = keys.find(',', start);
        const std::string item =
            keys.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (item.find_first_not_of(" \t") != std::string::npos)
            out.push_back(parseDefence(item));
        if (comma == std::string::npos)
            break;
        start = comma + 1;
    }
    if (out.empty())
        throw std::invalid_argument("the defence list is empty");
    return out;
}

std::vector<DefenceConfig> standardDefences() {
    return parseDefenceList("none,jpeg75,bits4,median3,blur1,randpad331");
}

Image8 applyDefence(const Image8& image, const DefenceConfig& config) {
    requireValidImage(image);
    validateParameter(config);
    const int p = static_cast<int>(config.parameter);
    switch (config.kind) {
    case DefenceKind::None:
    case DefenceKind::Model:
        return image;
    case DefenceKind::Jpeg:
        return jpeg(image, p);
    case DefenceKind::BitDepth:
        return bitDepth(image, p);
    case DefenceKind::Median:
        return median(image, p);
    case DefenceKind::GaussianBlur:
        return gaussianBlur(image, config.parameter);
    case DefenceKind::ResizePad:
        return resizePad(image, p, config.seed);
    }
    return image;
}

std::vector<Image8> applyDefence(const std::vector<Image8>& images, const DefenceConfig& config) {
    std::vector<Image8> out;
    out.reserve(images.size());
    for (const auto& im : images)
        out.push_back(applyDefence(im, config));
    return out;
}

} // namespace advlab
