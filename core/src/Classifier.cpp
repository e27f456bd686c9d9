// SPDX-License-Identifier: GPL-3.0-or-later
#include "advlab/Classifier.h"

#include "ClassifierImpl.h"
#include "ModelCode.h"
#include "ModelOutput.h"
#include "TensorImage.h"
#include "advlab/Errors.h"
#include "advlab/InputFile.h"
#include "advlab/TorchRuntime.h"

#include <c10/util/Exception.h>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <torch/csrc/autograd/autograd.h>
#include <torch/cuda.h>

namespace advlab {

namespace {

constexpr int64_t kProbeSize = 299; // the competition's image size

// The whole reason, without the C++ backtrace c10::Error appends (users need
// the reason; a TorchScript error puts it after its own traceback).
std::string reasonOf(const std::exception& e) {
    std::string s;
    if (const auto* c10 = dynamic_cast<const c10::Error*>(&e))
        s = c10->what_without_backtrace();
    else
        s = e.what();
    while (!s.empty() && (s.back() == '\n' || s.back() == ' '))
        s.pop_back();
    // A TorchScript interpreter error ends with the exception it raised;
    // put that first, so a one-line display still shows the reason.
    const auto lastNl = s.rfind('\n');
    if (s.rfind("The following operation failed in the TorchScript interpreter", 0) == 0 &&
        lastNl != std::string::npos)
        s = s.substr(lastNl + 1) + "\n" + s.substr(0, lastNl);
    return s;
}

MemoryLayout layoutFromEnvironment(MemoryLayout requested) {
    if (requested != MemoryLayout::Auto)
        return requested;
    const char* env = std::getenv("ADVLAB_LAYOUT");
    return parseMemoryLayout(env ? env : "").value_or(MemoryLayout::Auto); // unset or unknown: Auto
}

// Two smooth, non-constant test images (a pattern and its mirror image), so
// a layout-dependent bug in a model shows up as different logits (a grey
// image would hide it), and a batch of two catches a model whose output
// batch size does not follow its input's.
torch::Tensor patternProbe(const torch::Device& device) {
    const auto opts = torch::TensorOptions().dtype(torch::kFloat32);
    auto ramp = torch::arange(kProbeSize, opts) / static_cast<float>(kProbeSize - 1);
    auto img = torch::stack({ramp.view({-1, 1}).expand({kProbeSize, kProbeSize}),
                             ramp.view({1, -1}).expand({kProbeSize, kProbeSize}),
                             (ramp.view({-1, 1}) * ramp.view({1, -1})).sqrt()})
                   .unsqueeze(0);
    return torch::cat({img, img.flip({3})}).contiguous().to(device);
}

// Runs the model the way the attacks do (forward and input gradient) with
// `format`, and returns the logits. Throws whatever the model throws.
torch::Tensor probeWithGradient(const Classifier::Impl& impl, const torch::Tensor& probe,
                                torch::MemoryFormat format) {
    torch::Tensor x = probe.contiguous(format).detach().set_requires_grad(true);
    torch::Tensor logits = impl.forward(x).to(torch::kFloat32);
    torch::Tensor grad = torch::autograd::grad({logits.max()}, {x})[0];
    if (!grad.defined() || grad.sizes() != x.sizes())
        throw std::runtime_error("no input gradient");
    return logits.detach();
}

// Chooses the batch layout (see MemoryLayout). Channels-last is only used
// when the model accepts it and gives the same logits as contiguous input
// (`reference`, the contract check's logits for `probe`), up to float
// rounding in the convolution algorithms.
torch::MemoryFormat chooseLayout(const Classifier::Impl& impl, MemoryLayout requested,
                                 const torch::Tensor& probe, const torch::Tensor& reference) {
    const MemoryLayout layout = layoutFromEnvironment(requested);
    if (layout == MemoryLayout::Contiguous || (layout == MemoryLayout::Auto && impl.device.is_cuda()))
        return torch::MemoryFormat::Contiguous;
    std::string problem;
    try {
        const torch::Tensor nhwc = probeWithGradient(impl, probe, torch::MemoryFormat::ChannelsLast);
        const double scale = 1.0 + reference.abs().max().item<double>();
        const double diff = (nhwc - reference).abs().max().item<double>();
        if (!(diff <= 1e-3 * scale))
            problem = "its logits differ from contiguous input by " + std::to_string(diff);
    } catch (const std::exception& e) {
        problem = reasonOf(e);
    }
    if (problem.empty())
        return torch::MemoryFormat::ChannelsLast;
    if (layout == MemoryLayout::ChannelsLast)
        throw ModelError(impl.path, "channels-last input was requested but the model does not support it (" +
                                        problem + ")");
    return torch::MemoryFormat::Contiguous;
}

} // namespace

std::optional<MemoryLayout> parseMemoryLayout(const std::string& name) {
    if (name == "auto")
        return MemoryLayout::Auto;
    if (name == "channels-last" || name == "channels_last" || name == "nhwc")
        return MemoryLayout::ChannelsLast;
    if (name == "contiguous" || name == "nchw")
        return MemoryLayout::Contiguous;
    return std::nullopt;
}

std::vector<std::string> splitModelList(const std::string& list) {
    std::error_code ec;
    if (list.find(',') == std::string::npos || std::filesystem::exists(list, ec))
        return {list};
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        const std::size_t comma = list.find(',', start);
        out.push_back(list.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (out.back().empty())
            throw std::invalid_argument("model list " + list +
                                        ": an empty entry (two commas, or one at an end)");
        if (comma == std::string::npos)
            return out;
        start = comma + 1;
    }
}

torch::Tensor Classifier::Impl::forward(const torch::Tensor& x) const {
    if (!members.empty()) {
        // Logit fusion, Dong et al. 2018 section 3.2: l(x) = sum_k w_k l_k(x).
        // Each member checks its own output; each gets x in the layout it
        // chose on load (a no-op when it is already so).
        torch::Tensor fused;
        for (std::size_t k = 0; k < members.size(); ++k) {
            const torch::Tensor lk =
                members[k]->forward(x.contiguous(members[k]->memoryFormat)).to(torch::kFloat32);
            fused = k == 0 ? lk * weights[k] : fused + lk * weights[k];
        }
        return fused;
    }
    auto out = module.forward({x});
    if (!out.isTensor())
        throw ModelError(path, "forward() did not return a tensor");
    torch::Tensor logits = out.toTensor();
    // Checked on every call, not only on load: everything downstream reads
    // N x 1000 floats, and a model is free to change its mind (or its batch
    // size) after the probe.
    checkLogits(logits, x, path);
    return logits;
}

torch::Tensor Classifier::Impl::input(const std::vector<Image8>& images, std::size_t begin,
                                      std::size_t end) const {
    return imagesToTensor(images, begin, end, device, memoryFormat);
}

Classifier::Classifier(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Classifier::Classifier(Classifier&&) noexcept = default;
Classifier& Classifier::operator=(Classifier&&) noexcept = default;
Classifier::~Classifier() = default;

Classifier Classifier::load(const std::string& path, DevicePreference preference, MemoryLayout layout) {
    initTorchRuntime();
    // Checked before torch::jit::load opens it: a FIFO would block it.
    if (const std::string problem = inputFileProblem(path); !problem.empty())
        throw ModelError(path, "cannot open the model file: " +
                                   (problem == "not found" ? "file not found" : problem));
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    const bool cuda = preference != DevicePreference::Cpu && torch::cuda::is_available();
    if (preference == DevicePreference::Cuda && !cuda)
        throw ModelError(path, "CUDA was requested but this LibTorch build has no usable GPU");
    impl->device = cuda ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
    try {
        // Loading runs the archive's __setstate__ methods, if any: there is
        // no way to look at the code before it runs (see unsafeModelCode).
        impl->module = torch::jit::load(path, impl->device);
    } catch (const std::exception& e) {
        throw ModelError(path, "not a loadable TorchScript module (" + reasonOf(e) + ")");
    }
    if (const std::string unsafe = unsafeModelCode(impl->module); !unsafe.empty())
        throw ModelError(path, "refusing to run this model: its code " + unsafe +
                                   ". A model file is a program; open only models you trust.");
    impl->module.eval();
    // Gradients are only ever taken with respect to the input image; frozen
    // weights keep autograd from saving what it would need for them.
    for (auto p : impl->module.parameters())
        p.set_requires_grad(false);

    // Validate the contract on a real competition-sized input now, so a wrong
    // file fails here with a clear message instead of mid-attack. The same
    // logits are the reference the channels-last check compares against.
    const torch::Tensor probe = patternProbe(impl->device);
    torch::Tensor logits;
    try {
        torch::NoGradGuard noGrad;
        auto out = impl->forward(probe);
        if (!torch::isfinite(out).all().item<bool>())
            throw ModelError(path, "output contains NaN or infinity for a test image");
        logits = out.to(torch::kFloat32);
    } catch (const ModelError&) {
        throw;
    } catch (const std::exception& e) {
        throw ModelError(path, "does not accept a float 2 x 3 x 299 x 299 RGB input in [0,1] (" +
                                   reasonOf(e) + ")");
    }
    impl->memoryFormat = chooseLayout(*impl, layout, probe, logits);
    return Classifier(std::move(impl));
}

Classifier Classifier::ensemble(std::vector<Classifier> members, const std::vector<float>& weights) {
    if (members.empty())
        throw std::invalid_argument("an ensemble needs at least one model");
    std::vector<float> w = weights.empty() ? std::vector<float>(members.size(), 1.0f) : weights;
    if (w.size() != members.size())
        throw std::invalid_argument("ensemble weights: " + std::to_string(w.size()) + " weights for " +
                                    std::to_string(members.size()) + " models (give one per model)");
    double sum = 0;
    for (std::size_t k = 0; k < w.size(); ++k) {
        const std::string which =
            "ensemble weight " + std::to_string(k + 1) + " (for " + members[k].path() + ")";
        if (!std::isfinite(w[k]))
            throw std::invalid_argument(which + " is not a finite number");
        if (w[k] < 0.0f)
            throw std::invalid_argument(which + " is negative: " + std::to_string(w[k]));
        sum += w[k];
    }
    if (!(sum > 0.0))
        throw std::invalid_argument("ensemble weights sum to 0; at least one must be positive");
    auto impl = std::make_unique<Impl>();
    impl->device = members.front().m_impl->device;
    bool allChannelsLast = true;
    for (std::size_t k = 0; k < members.size(); ++k) {
        Impl& m = *members[k].m_impl;
        if (m.device != impl->device)
            throw std::invalid_argument("ensemble models must share one device: " + m.path + " is on " +
                                        m.device.str() + ", " + members.front().path() + " on " +
                                        impl->device.str());
        allChannelsLast = allChannelsLast && m.memoryFormat == torch::MemoryFormat::ChannelsLast;
        impl->path += (k ? "," : "") + m.path;
        // Normalised in double; one member (or weights (1, 0)) stays exactly 1.
        impl->weights.push_back(static_cast<float>(w[k] / sum));
    }
    // Batches are built once in the ensemble's layout; a member that wants
    // another gets a converted copy in forward().
    impl->memoryFormat =
        allChannelsLast ? torch::MemoryFormat::ChannelsLast : torch::MemoryFormat::Contiguous;
    for (auto& m : members)
        impl->members.push_back(std::move(m.m_impl));
    return Classifier(std::move(impl));
}

Classifier Classifier::loadAll(const std::vector<std::string>& paths, const std::vector<float>& weights,
                               DevicePreference device, MemoryLayout layout) {
    if (paths.empty())
        throw std::invalid_argument("no model given");
    if (paths.size() == 1 && weights.empty())
        return load(paths.front(), device, layout);
    // Checked before loading anything: loading takes seconds per model.
    if (!weights.empty() && weights.size() != paths.size())
        throw std::invalid_argument("ensemble weights: " + std::to_string(weights.size()) + " weights for " +
                                    std::to_string(paths.size()) + " models (give one per model)");
    std::vector<Classifier> members;
    for (const auto& p : paths)
        members.push_back(load(p, device, layout));
    return ensemble(std::move(members), weights);
}

bool Classifier::isEnsemble() const {
    return !m_impl->members.empty();
}

std::vector<std::string> Classifier::memberPaths() const {
    if (m_impl->members.empty())
        return {m_impl->path};
    std::vector<std::string> out;
    for (const auto& m : m_impl->members)
        out.push_back(m->path);
    return out;
}

std::vector<float> Classifier::memberWeights() const {
    return m_impl->members.empty() ? std::vector<float>{1.0f} : m_impl->weights;
}

std::string Classifier::describe() const {
    auto fileName = [](const std::string& p) {
        const auto slash = p.find_last_of('/');
        return slash == std::string::npos ? p : p.substr(slash + 1);
    };
    if (m_impl->members.empty())
        return fileName(m_impl->path);
    std::string out;
    for (std::size_t k = 0; k < m_impl->members.size(); ++k) {
        char w[32];
        std::snprintf(w, sizeof w, "%g", static_cast<double>(m_impl->weights[k]));
        out += (k ? " + " : "") + fileName(m_impl->members[k]->path) + "\u00d7" + w;
    }
    return out;
}

const std::string& Classifier::path() const {
    return m_impl->path;
}

std::string Classifier::deviceName() const {
    return m_impl->device.str();
}

std::string Classifier::layoutName() const {
    return m_impl->memoryFormat == torch::MemoryFormat::ChannelsLast ? "channels-last" : "contiguous";
}

int Classifier::numClasses() const {
    return 1000;
}

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
        auto preds = predictionsFromLogits(m_impl->forward(m_impl->input(images, begin, end)));
        std::move(preds.begin(), preds.end(), std::back_inserter(out));
    }
    return out;
}

} // namespace advlab
