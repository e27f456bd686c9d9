// SPDX-License-Identifier: GPL-3.0-or-later
// Small TorchScript classifiers the tests build themselves, so attack
// properties are checked in milliseconds without the shared model.
#pragma once

#include <torch/script.h>

#include <string>

namespace advlab::test {

// A differentiable 1000-class linear model on an 8x8 average-pooled image,
// following the real contract: N x 3 x H x W in [0, 1] -> N x 1000 logits.
// `outputs` other than 1000 make a contract-breaking model.
inline void saveTinyClassifier(const std::string& path, int outputs = 1000, std::uint64_t seed = 7) {
    torch::manual_seed(static_cast<uint64_t>(seed));
    torch::jit::Module m("TinyClassifier");
    m.register_parameter("w", torch::randn({3 * 8 * 8, outputs}) * 4.0, false);
    m.register_parameter("b", torch::zeros({outputs}), false);
    m.define(R"JIT(
def forward(self, x):
    y = torch.adaptive_avg_pool2d(x, [8, 8])
    y = torch.flatten(y, 1)
    return torch.matmul(y - 0.5, self.w) + self.b
)JIT");
    m.save(path);
}

// The same classifier written with view(), which needs contiguous memory:
// it runs on NCHW input and throws on channels-last input, as some
// hand-written user models do.
inline void saveViewOnlyClassifier(const std::string& path, std::uint64_t seed = 7) {
    torch::manual_seed(static_cast<uint64_t>(seed));
    torch::jit::Module m("ViewOnlyClassifier");
    m.register_parameter("w", torch::randn({3 * 8 * 8, 1000}) * 4.0, false);
    m.register_parameter("b", torch::zeros({1000}), false);
    m.define(R"JIT(
def forward(self, x):
    y = torch.adaptive_avg_pool2d(x, [8, 8])
    y = y.view([y.size(0), 3 * 8 * 8])
    return torch.matmul(y - 0.5, self.w) + self.b
)JIT");
    m.save(path);
}

// A module whose forward returns a tuple, not logits.
inline void saveTupleModel(const std::string& path) {
    torch::jit::Module m("TupleModel");
    m.define(R"JIT(
def forward(self, x):
    return (x, x)
)JIT");
    m.save(path);
}

} // namespace advlab::test
