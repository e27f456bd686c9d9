// SPDX-License-Identifier: GPL-3.0-or-later
// Internal: the Torch side of Classifier. Never include from ui/.
#pragma once

#include "advlab/Classifier.h"

#include <memory>
#include <mutex>
#include <torch/script.h>
#include <vector>

namespace advlab {

struct Classifier::Impl {
    std::string path;
    torch::Device device{torch::kCPU};
    // The layout every input batch is given (see MemoryLayout).
    torch::MemoryFormat memoryFormat = torch::MemoryFormat::Contiguous;
    // TorchScript modules are not re-entrant with respect to autograd state
    // on every build; one caller at a time keeps results reproducible.
    mutable std::mutex mutex;
    mutable torch::jit::script::Module module;
    // An ensemble (Classifier::ensemble) has members and no module of its
    // own: forward fuses their logits (Dong et al. 2018, section 3.2). The
    // members belong to the ensemble alone, so its mutex guards them.
    std::vector<std::unique_ptr<Impl>> members;
    std::vector<float> weights; // normalised, one per member

    // Runs the model and checks its output: a floating-point N x 1000 tensor
    // for an N-image batch, or ModelError naming the file.
    torch::Tensor forward(const torch::Tensor& x) const;

    // images[begin, end) as a float batch on this model's device and layout.
    torch::Tensor input(const std::vector<Image8>& images, std::size_t begin, std::size_t end) const;
};

// The only door to a Classifier's Torch state, for core's own sources: the
// public header does not offer one, so ui/ cannot reach Torch through it.
struct ClassifierAccess {
    static Classifier::Impl& impl(const Classifier& c) { return *c.m_impl; }
};

} // namespace advlab
