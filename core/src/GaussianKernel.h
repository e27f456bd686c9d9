// SPDX-License-Identifier: GPL-3.0-or-later
// Internal: TI's gradient smoothing, Dong et al., CVPR 2019, "Evading
// Defenses to Transferable Adversarial Examples by Translation-Invariant
// Attacks".
#pragma once

#include <torch/script.h>

namespace advlab {

// The paper's kernel: a k×k Gaussian sampled on [-3σ, 3σ] (σ = (k-1)/6) and
// normalised to sum 1, as a depthwise weight (channels × 1 × k × k) on
// `device`. Built once per attack. k must be odd and at least 1.
torch::Tensor gaussianKernel(int k, int64_t channels, const torch::Device& device);

// Convolves each channel of the N×C×H×W gradient with the kernel ("same"
// size, zero borders), i.e. the gradient averaged over translations.
torch::Tensor smoothGradient(const torch::Tensor& grad, const torch::Tensor& kernel);

} // namespace advlab
