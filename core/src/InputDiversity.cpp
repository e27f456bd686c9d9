// SPDX-License-Identifier: GPL-3.0-or-later
#include "InputDiversity.h"

#include <cmath>

namespace advlab {

namespace {

// Xie et al. attack 299×299 images through a 330×330 canvas.
constexpr double kPaddedRatio = 330.0 / 299.0;

} // namespace

InputDiversity::InputDiversity(float probability, std::uint64_t seed, std::size_t batch)
    : m_probability(probability),
      // A stream of its own, apart from PGD's random start for the same seed.
      m_engine(seed * 0xD1B54A32D192ED03ULL + 0x5851F42D4C957F2DULL * (batch + 1)) {}

torch::Tensor InputDiversity::apply(const torch::Tensor& x) {
    if (!active())
        return x;
    std::uniform_real_distribution<float> coin(0.0f, 1.0f);
    if (coin(m_engine) >= m_probability)
        return x;
    const int64_t h = x.size(2), w = x.size(3);
    const int64_t paddedH = static_cast<int64_t>(std::lround(static_cast<double>(h) * kPaddedRatio));
    const int64_t paddedW = static_cast<int64_t>(std::lround(static_cast<double>(w) * kPaddedRatio));
    const int64_t spread = std::max<int64_t>(1, paddedH - h);
    // One draw sets both sides, so a square image stays square.
    const int64_t grow = std::uniform_int_distribution<int64_t>(0, spread - 1)(m_engine);
    const int64_t rh = h + grow;
    const int64_t rw = w + (paddedW - w) * grow / spread;
    const int64_t top = std::uniform_int_distribution<int64_t>(0, paddedH - rh)(m_engine);
    const int64_t left = std::uniform_int_distribution<int64_t>(0, paddedW - rw)(m_engine);
    const std::vector<int64_t> size{rh, rw};
    const torch::Tensor resized = at::upsample_nearest2d(x, at::IntArrayRef(size));
    return torch::constant_pad_nd(resized, {left, paddedW - rw - left, top, paddedH - rh - top}, 0.0);
}

} // namespace advlab
