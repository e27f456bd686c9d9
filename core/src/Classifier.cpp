// SPDX-License-Identifier: GPL-3.0-or-later
#include "advlab/Classifier.h"

#include "ClassifierImpl.h"
#include "TensorImage.h"
#include "advlab/Errors.h"
#include "advlab/TorchRuntime.h"

#include <torch/cuda.h>

#include <fstream>

namespace advlab {

namespace {

constexpr int64_t kProbeSize = 299; // the competition's image size

// c10::Error messages carry a long C++ backtrace; users need the first line.
std::string firstLine(const std::string& s) {
    const auto nl = s.find('\n');
    return nl == std::string::npos ? s : s.substr(0, nl);
}

std::string shapeOf(const torch::Tensor& t) {
    std::string s = "[";
    for (int64_t i = 0; i < t.dim(); ++i)
        s += (i ? " x " : "") + std::to_string(t.size(i));
    return s + "]";
}

} // namespace

torch::Tensor Classifier::Impl::forward(const torch::Tensor& x) const {
    auto out = module.forward({x});
    if (!out.isTensor())
        throw ModelError(path, "forward() did not return a tensor");
    return out.toTensor();
}

Classifier::Classifier(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Classifier::Classifier(Classifier&&) noexcept = default;
Classifier& Classifier::operator=(Classifier&&) noexcept = default;
Classifier::~Classifier() = default;

Classifier Classifier::load(const std::string& path, DevicePreference preference) {
    initTorchRuntime();
    {
        std::ifstream probe(path, std::ios::binary);
        if (!probe)
            throw ModelError(path, "cannot open the model file (missing or unreadable)");
    }
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    const bool cuda = preference != DevicePreference::Cpu && torch::cuda::is_available();
    if (preference == DevicePreference::Cuda && !cuda)
        throw ModelError(path, "CUDA was requested but this LibTorch build has no usable GPU");
    impl->device = cuda ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
    try {
        impl->module = torch::jit::load(path, impl->device);
    } catch (const std::exception& e) {
        throw ModelError(path, "not a loadable TorchScript module (" + firstLine(e.what()) + ")");
    }
    impl->module.eval();
    // Gradients are only ever taken with respect to the input image; frozen
    // weights keep autograd from saving what it would need for them.
    for (auto p : impl->module.parameters())
        p.set_requires_grad(false);

    // Validate the contract on a real competition-sized input now, so a wrong
    // file fails here with a clear message instead of mid-attack.
    try {
        torch::NoGradGuard noGrad;
        auto probe = torch::full({1, 3, kProbeSize, kProbeSize}, 0.5f, torch::TensorOptions().device(impl->device));
        auto out = impl->forward(probe);
        if (out.dim() != 2 || out.size(0) != 1 || out.size(1) != 1000)
            throw ModelError(path, "expected output 1 x 1000 logits for a 1 x 3 x 299 x 299 input, got " +
                                       shapeOf(out));
        if (!out.is_floating_point())
            throw ModelError(path, "output is not floating point");
        if (!torch::isfinite(out).all().item<bool>())
            throw ModelError(path, "output contains NaN or infinity for a grey test image");
    } catch (const ModelError&) {
        throw;
    } catch (const std::exception& e) {
        throw ModelError(path, "does not accept a float 1 x 3 x 299 x 299 RGB input in [0,1] (" +
                                   firstLine(e.what()) + ")");
    }
    return Classifier(std::move(impl));
}

const std::string& Classifier::path() const { return m_impl->path; }

std::string Classifier::deviceName() const { return m_impl->device.str(); }

int Classifier::numClasses() const { return 1000; }

std::vector<Prediction> Classifier::classify(const std::vector<Image8>& images, int batchSize,
                                             const CancelToken* cancel) const {
    std::vector<Prediction> out;
    out.reserve(images.size());
    batchSize = std::max(1, batchSize);
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    torch::NoGradGuard noGrad;
    for (std::size_t begin = 0; begin < images.size(); begin += static_cast<std::size_t>(batchSize)) {
        if (cancel && cancel->isCancelled())
            return {};
        const std::size_t end = std::min(images.size(), begin + static_cast<std::size_t>(batchSize));
        auto logits = m_impl->forward(imagesToTensor(images, begin, end, m_impl->device));
        auto probs = torch::softmax(logits.to(torch::kFloat32), 1)
                         .to(torch::kCPU)
                         .contiguous();
        const auto* p = probs.data_ptr<float>();
        const auto classes = probs.size(1);
        for (std::size_t i = 0; i < end - begin; ++i)
            out.push_back(Prediction{std::vector<float>(p + i * classes, p + (i + 1) * classes)});
    }
    return out;
}

} // namespace advlab
