// SPDX-License-Identifier: GPL-3.0-or-later
// Internal: the Torch side of Classifier. Never include from ui/.
#pragma once

#include "advlab/Classifier.h"

#include <torch/script.h>

#include <mutex>

namespace advlab {

struct Classifier::Impl {
    std::string path;
    torch::Device device{torch::kCPU};
    // TorchScript modules are not re-entrant with respect to autograd state
    // on every build; one caller at a time keeps results reproducible.
    mutable std::mutex mutex;
    mutable torch::jit::script::Module module;

    torch::Tensor forward(const torch::Tensor& x) const;
};

} // namespace advlab
