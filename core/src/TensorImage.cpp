// SPDX-License-Identifier: GPL-3.0-or-later
#include "TensorImage.h"

#include <stdexcept>

namespace advlab {

torch::Tensor imagesToTensor(const std::vector<Image8>& images, std::size_t begin, std::size_t end,
                             const torch::Device& device, torch::MemoryFormat format) {
    if (begin >= end || end > images.size())
        throw std::invalid_argument("imagesToTensor: empty or out-of-range batch");
    const int w = images[begin].width;
    const int h = images[begin].height;
    const auto n = static_cast<int64_t>(end - begin);
    auto bytes = torch::empty({n, h, w, 3}, torch::kUInt8);
    auto* dst = bytes.data_ptr<uint8_t>();
    const std::size_t perImage = static_cast<std::size_t>(w) * h * 3;
    for (std::size_t i = begin; i < end; ++i) {
        const Image8& im = images[i];
        if (im.width != w || im.height != h || im.rgb.size() != perImage)
            throw std::invalid_argument("imagesToTensor: images in one batch must share a size");
        std::copy(im.rgb.begin(), im.rgb.end(), dst + (i - begin) * perImage);
    }
    // Convert on the target device: one small upload instead of a float one.
    // The permuted NHWC bytes already have channels-last strides, which the
    // float conversion keeps.
    return bytes.to(device).permute({0, 3, 1, 2}).to(torch::kFloat32).div_(255.0).contiguous(format);
}

std::vector<Image8> tensorToImages(const torch::Tensor& pixels) {
    auto hwc = pixels.detach().to(torch::kCPU).round().clamp(0, 255).to(torch::kUInt8).permute({0, 2, 3, 1})
                   .contiguous();
    const auto n = hwc.size(0);
    const int h = static_cast<int>(hwc.size(1));
    const int w = static_cast<int>(hwc.size(2));
    std::vector<Image8> out;
    out.reserve(static_cast<std::size_t>(n));
    const auto* src = hwc.data_ptr<uint8_t>();
    const std::size_t perImage = static_cast<std::size_t>(w) * h * 3;
    for (int64_t i = 0; i < n; ++i) {
        Image8 im(w, h);
        std::copy(src + i * perImage, src + (i + 1) * perImage, im.rgb.begin());
        out.push_back(std::move(im));
    }
    return out;
}

} // namespace advlab
