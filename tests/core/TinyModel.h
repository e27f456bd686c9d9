// SPDX-License-Identifier: GPL-3.0-or-later
// Small TorchScript classifiers the tests build themselves, so attack
// properties are checked in milliseconds without the shared model.
#pragma once

#include <string>
#include <torch/script.h>

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

// The tiny classifier's forward with `tail` applied to its logits `out` (and
// the input `x` in scope): hostile variants of a contract-following model.
inline void saveTinyVariant(const std::string& path, const std::string& name, const std::string& tail,
                            const std::string& extra = {}) {
    torch::manual_seed(7);
    torch::jit::Module m(name);
    m.register_parameter("w", torch::randn({3 * 8 * 8, 1000}) * 4.0, false);
    m.register_parameter("b", torch::zeros({1000}), false);
    m.define(extra + R"JIT(
def forward(self, x):
    y = torch.adaptive_avg_pool2d(x, [8, 8])
    y = torch.flatten(y, 1)
    out = torch.matmul(y - 0.5, self.w) + self.b
)JIT" + tail);
    m.save(path);
}

// Issue 9 D0: 1 x 1000 logits whatever the batch size.
inline void saveOneRowModel(const std::string& path) {
    saveTinyVariant(path, "OneRow", "    return out[0:1]\n");
}

// At most two rows: passes a batch-of-2 probe, breaks on batches of 3+.
inline void saveTwoRowModel(const std::string& path) {
    saveTinyVariant(path, "TwoRows", "    return out[0:2]\n");
}

// Issue 9 D6: NaN logits for bright images (mean above 0.6; the load probe's
// images have mean 0.48), finite ones otherwise.
inline void saveNanWhenBrightModel(const std::string& path) {
    saveTinyVariant(path, "NanWhenBright", R"JIT(    bright = (x.mean([1, 2, 3]) > 0.6).unsqueeze(1)
    return torch.where(bright, torch.full_like(out, float('nan')), out)
)JIT");
}

// Finite logits, but a NaN input gradient for any image with a pixel below
// 0.6 (where() sends a zero gradient into sqrt of a negative number, and
// 0 / NaN is NaN); finite for images whose pixels are all above 0.6.
inline void saveNanGradientModel(const std::string& path) {
    saveTinyVariant(
        path, "NanGradient",
        R"JIT(    r = torch.where(x > 0.6, torch.sqrt(x - 0.6), torch.zeros_like(x)).sum([1, 2, 3]).unsqueeze(1)
    return out + 0.0 * r
)JIT");
}

} // namespace advlab::test
