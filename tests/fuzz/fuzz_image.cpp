// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: the image loader (advlab::decodeImage, the in-memory part
// of readImage) on arbitrary bytes, then one defence on whatever decodes. The
// loader may reject input with a DataError only; a decoded image must be a
// consistent 8-bit RGB buffer, and every defence must accept it.
#include <advlab/Defence.h>
#include <advlab/Errors.h>
#include <advlab/ImageIo.h>
#include <cstdint>
#include <cstdlib>
#include <vector>

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    // OpenCV's default cap is 2^30 pixels: a 20-byte header could then ask
    // for gigabytes. Keep the fuzzer inside its memory limit.
    setenv("OPENCV_IO_MAX_IMAGE_PIXELS", "16777216", 0);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1)
        return 0;
    // The first byte picks the resize mode and the defence; the rest is the file.
    const std::uint8_t selector = data[0];
    const std::vector<std::uint8_t> bytes(data + 1, data + size);
    const int targetSize = (selector & 1) ? 0 : 31; // 0 keeps the decoded size
    std::vector<std::string> notes;
    advlab::Image8 im;
    try {
        im = advlab::decodeImage(bytes, "fuzz.img", targetSize, &notes);
    } catch (const advlab::DataError&) {
        return 0;
    }
    if (im.isNull() || im.rgb.size() != static_cast<std::size_t>(im.width) * im.height * 3)
        std::abort();
    if (targetSize > 0 && (im.width != targetSize || im.height != targetSize))
        std::abort();
    if (static_cast<std::size_t>(im.width) * im.height > 512 * 512)
        return 0; // defences on huge images only cost time
    static const char* kDefences[] = {"none",  "jpeg75",     "bits4", "median3",
                                      "blur1", "randpad300", "bits1", "jpeg5"};
    const auto d = advlab::parseDefence(kDefences[(selector >> 1) % 8]);
    const advlab::Image8 out = advlab::applyDefence(im, d);
    if (out.isNull() || out.rgb.size() != static_cast<std::size_t>(out.width) * out.height * 3)
        std::abort();
    return 0;
}
