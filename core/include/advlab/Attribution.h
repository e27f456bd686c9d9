// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "advlab/CancelToken.h"
#include "advlab/Image8.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace advlab {

class Classifier;

// Model-agnostic attribution maps of one class's logit with respect to the
// input pixels. All three need only forward passes and input gradients
// (torch::autograd::grad), so any TorchScript classifier works.
enum class AttributionMethod {
    // Simonyan et al. 2014: |∂logit/∂x|, the largest over the three channels.
    Gradient,
    // Smilkov et al. 2017, "SmoothGrad: removing noise by adding noise": the
    // gradient averaged over `samples` copies of the input with Gaussian noise
    // of standard deviation `sigma` (a fraction of the [0, 1] input range),
    // then reduced per pixel as Gradient is.
    SmoothGrad,
    // Sundararajan et al. 2017, "Axiomatic Attribution for Deep Networks":
    // (x − x′) times the gradient averaged along the straight path from the
    // black baseline x′ = 0 to x (`steps` midpoints), summed over the three
    // channels, signed. Completeness: the map sums to logit(x) − logit(x′)
    // up to the Riemann sum's error.
    IntegratedGradients,
};

struct AttributionOptions {
    AttributionMethod method = AttributionMethod::SmoothGrad;
    int samples = 16;    // SmoothGrad's n
    float sigma = 0.15f; // SmoothGrad's noise σ, as a fraction of the input range [0, 1]
    // Integrated gradients' m. 64: the completeness gap on the real model and a
    // dev image was 19.6 % at m = 32 and 1.5 % at 64 (bench/RESULTS.md); the
    // paper asks for under 5 %.
    int steps = 64;
    int batchSize = 8;      // images per forward/backward; the cancel token is checked between batches
    int targetClass = -1;   // 0-based; -1: the model's top class for the image
    std::uint64_t seed = 0; // SmoothGrad's noise, so a map is reproducible

    // "smoothgrad", "ig", "gradient"; the inverse of parseAttributionMethod.
    std::string methodKey() const;
    // Everything that changes the map, for caches.
    std::string cacheKey() const;
};

// "smoothgrad", "ig" (or "integrated-gradients"), "gradient"; throws
// std::invalid_argument naming the value otherwise.
AttributionMethod parseAttributionMethod(const std::string& name);

// One value per pixel, rows top to bottom. Gradient and SmoothGrad are >= 0;
// integrated gradients are signed.
struct AttributionMap {
    int width = 0;
    int height = 0;
    std::vector<float> values;
    int targetClass = -1;       // the class whose logit was attributed
    float logitInput = 0.0f;    // logit(x) of that class
    float logitBaseline = 0.0f; // logit(baseline), integrated gradients only
    bool cancelled = false;     // the token fired: values are empty

    bool isNull() const { return values.empty(); }
    float at(int x, int y) const { return values[static_cast<std::size_t>(y) * width + x]; }
    float maxAbs() const;
    double sum() const;
};

// Computes the map of one image. Throws std::invalid_argument for a null
// image, samples/steps/batchSize below 1, a negative or non-finite sigma, or
// a target class out of range; ModelError when the model breaks its contract.
// Returns a map with cancelled = true when `cancel` fires (checked before
// every batch). `progress(done, total)` is called after every batch, with
// done and total counted in gradient samples.
AttributionMap computeAttribution(const Classifier& model, const Image8& image,
                                  const AttributionOptions& options, const CancelToken* cancel = nullptr,
                                  const std::function<void(int, int)>& progress = {});

} // namespace advlab
