// SPDX-License-Identifier: GPL-3.0-or-later
#include "advlab/Attribution.h"

#include "ClassifierImpl.h"
#include "TensorImage.h"
#include "advlab/Classifier.h"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <random>
#include <stdexcept>
#include <torch/csrc/autograd/autograd.h>

namespace advlab {

std::string AttributionOptions::methodKey() const {
    switch (method) {
    case AttributionMethod::Gradient:
        return "gradient";
    case AttributionMethod::SmoothGrad:
        return "smoothgrad";
    case AttributionMethod::IntegratedGradients:
        return "ig";
    }
    return "smoothgrad";
}

std::string AttributionOptions::cacheKey() const {
    std::string key = methodKey() + ":t" + std::to_string(targetClass);
    if (method == AttributionMethod::SmoothGrad)
        key += ":n" + std::to_string(samples) + ":s" + std::to_string(sigma) + ":seed" + std::to_string(seed);
    if (method == AttributionMethod::IntegratedGradients)
        key += ":m" + std::to_string(steps);
    return key;
}

AttributionMethod parseAttributionMethod(const std::string& name) {
    if (name == "gradient")
        return AttributionMethod::Gradient;
    if (name == "smoothgrad")
        return AttributionMethod::SmoothGrad;
    if (name == "ig" || name == "integrated-gradients")
        return AttributionMethod::IntegratedGradients;
    throw std::invalid_argument("unknown attribution method '" + name +
                                "' (expected smoothgrad, ig or gradient)");
}

float AttributionMap::maxAbs() const {
    float m = 0.0f;
    for (float v : values)
        m = std::max(m, std::fabs(v));
    return m;
}

double AttributionMap::sum() const {
    double s = 0.0;
    for (float v : values)
        s += v;
    return s;
}

namespace {

void validate(const Image8& image, const AttributionOptions& o, int classes) {
    if (image.isNull() || image.rgb.size() != static_cast<std::size_t>(image.width) * image.height * 3)
        throw std::invalid_argument("attribution: the image must be a non-empty 8-bit RGB image");
    if (o.samples < 1)
        throw std::invalid_argument("attribution: samples must be at least 1, got " +
                                    std::to_string(o.samples));
    if (o.steps < 1)
        throw std::invalid_argument("attribution: steps must be at least 1, got " + std::to_string(o.steps));
    if (o.batchSize < 1)
        throw std::invalid_argument("attribution: batch size must be at least 1, got " +
                                    std::to_string(o.batchSize));
    if (!std::isfinite(o.sigma) || o.sigma < 0.0f)
        throw std::invalid_argument("attribution: sigma must be finite and >= 0, got " +
                                    std::to_string(o.sigma));
    if (o.targetClass >= classes)
        throw std::invalid_argument("attribution: target class " + std::to_string(o.targetClass) +
                                    " is out of range (the model has " + std::to_string(classes) + ")");
}

// Seeded on the CPU, as PGD's random start: the same noise on every device
// and LibTorch version.
torch::Tensor gaussianNoise(torch::IntArrayRef shape, float sigma, std::mt19937_64& engine) {
    auto noise = torch::empty(shape, torch::kFloat32);
    if (sigma == 0.0f)
        return noise.zero_();
    std::normal_distribution<float> dist(0.0f, sigma);
    auto* p = noise.data_ptr<float>();
    for (int64_t i = 0, n = noise.numel(); i < n; ++i)
        p[i] = dist(engine);
    return noise;
}

// Σ over the batch of ∂logit_target/∂x, one image's worth (1 x 3 x H x W).
torch::Tensor summedGradient(const Classifier::Impl& impl, const torch::Tensor& batch, int64_t target) {
    torch::Tensor x = batch.detach().contiguous(impl.memoryFormat).set_requires_grad(true);
    const torch::Tensor logits = impl.forward(x).to(torch::kFloat32);
    const torch::Tensor objective = logits.select(1, target).sum();
    torch::Tensor g = torch::autograd::grad({objective}, {x})[0];
    return g.sum(0, /*keepdim=*/true);
}

std::vector<float> toValues(const torch::Tensor& map) { // 1 x H x W or H x W
    const torch::Tensor c = map.detach().to(torch::kCPU).to(torch::kFloat32).contiguous();
    const float* p = c.data_ptr<float>();
    return std::vector<float>(p, p + c.numel());
}

} // namespace

AttributionMap computeAttribution(const Classifier& model, const Image8& image, const AttributionOptions& o,
                                  const CancelToken* cancel, const std::function<void(int, int)>& progress) {
    validate(image, o, model.numClasses());
    auto& impl = ClassifierAccess::impl(model);
    std::lock_guard<std::mutex> lock(impl.mutex);
    torch::AutoGradMode gradMode(true);
    const torch::Device device = impl.device;
    const torch::Tensor x0 = imagesToTensor({image}, 0, 1, device, impl.memoryFormat);

    AttributionMap out;
    out.width = image.width;
    out.height = image.height;
    auto cancelled = [&] {
        if (cancel && cancel->isCancelled()) {
            out = AttributionMap{};
            out.width = image.width;
            out.height = image.height;
            out.cancelled = true;
            return true;
        }
        return false;
    };
    if (cancelled())
        return out;

    int64_t target = o.targetClass;
    {
        torch::NoGradGuard noGrad;
        const torch::Tensor logits = impl.forward(x0).to(torch::kFloat32);
        if (target < 0)
            target = logits.argmax(1).item<int64_t>();
        out.logitInput = logits[0][target].item<float>();
        if (o.method == AttributionMethod::IntegratedGradients)
            out.logitBaseline =
                impl.forward(torch::zeros_like(x0)).to(torch::kFloat32)[0][target].item<float>();
    }
    out.targetClass = static_cast<int>(target);

    const bool ig = o.method == AttributionMethod::IntegratedGradients;
    const int total = ig ? o.steps : o.method == AttributionMethod::SmoothGrad ? o.samples : 1;
    const float sigma = o.method == AttributionMethod::SmoothGrad ? o.sigma : 0.0f;
    std::mt19937_64 engine(o.seed * 0x9E3779B97F4A7C15ULL + 0x5143ULL);
    torch::Tensor gradSum = torch::zeros_like(x0);
    for (int begin = 0; begin < total; begin += o.batchSize) {
        if (cancelled())
            return out;
        const int end = std::min(total, begin + o.batchSize);
        const int64_t b = end - begin;
        torch::Tensor batch;
        if (ig) {
            // Midpoints α_k = (k + ½)/m of the path from the black baseline.
            std::vector<float> alphas;
            for (int k = begin; k < end; ++k)
                alphas.push_back((static_cast<float>(k) + 0.5f) / static_cast<float>(o.steps));
            const torch::Tensor a = torch::tensor(alphas).to(device).view({b, 1, 1, 1});
            batch = x0 * a;
        } else {
            const auto shape = std::vector<int64_t>{b, x0.size(1), x0.size(2), x0.size(3)};
            // Smilkov et al. add the noise without clipping to the valid range.
            batch = x0.expand(shape) + gaussianNoise(shape, sigma, engine).to(device);
        }
        gradSum = gradSum + summedGradient(impl, batch, target);
        if (progress)
            progress(end, total);
    }
    if (cancelled())
        return out;

    torch::NoGradGuard noGrad;
    const torch::Tensor meanGrad = gradSum / static_cast<double>(total);
    if (!torch::isfinite(meanGrad).all().item<bool>())
        throw std::runtime_error("attribution: the model's input gradient contains NaN or infinity");
    torch::Tensor map;
    if (ig)
        map = (x0 * meanGrad).sum(1); // x − x′ with x′ = 0
    else
        map = std::get<0>(meanGrad.abs().max(1));
    out.values = toValues(map);
    return out;
}

} // namespace advlab
