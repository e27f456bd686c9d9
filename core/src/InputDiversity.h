// SPDX-License-Identifier: GPL-3.0-or-later
// Internal: DI, the random resize-and-pad of Xie et al., CVPR 2019,
// "Improving Transferability of Adversarial Examples with Input Diversity".
#pragma once

#include <cstdint>
#include <random>
#include <torch/script.h>

namespace advlab {

// One per batch of one attack. Each call of apply() is one draw: with
// probability p the batch is resized (nearest neighbour, as in the paper's
// code) to a random size r in [S, S·330/299) and zero-padded at a random
// offset to S·330/299; otherwise it is returned unchanged. S×S = 299×299
// gives the paper's [299, 330) → 330. The whole batch shares one draw, as in
// the paper's and torchattacks' code, so one forward pass serves it. The
// padded image goes to the model as it is (the model contract is any H×W);
// nothing is resized back. The transform is differentiable, so the gradient
// flows back to the original pixels.
//
// Draws come from a CPU engine seeded by (seed, batch): only the size and the
// offsets are random, so nothing crosses to the device but the shapes.
class InputDiversity {
public:
    InputDiversity(float probability, std::uint64_t seed, std::size_t batch);

    bool active() const { return m_probability > 0.0f; }
    torch::Tensor apply(const torch::Tensor& x);

private:
    float m_probability;
    std::mt19937_64 m_engine;
};

} // namespace advlab
