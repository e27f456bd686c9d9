// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: the checks every model output goes through (issue 9 D0,
// D6). The bytes choose a tensor a hostile model might return: any rank,
// sizes around the contract's N x 1000, any dtype, any values including NaN
// and infinity. checkLogits may only throw ModelError; what it accepts must
// give exactly N predictions, each either 1000 finite probabilities summing
// to 1 or a failure with no probabilities. Under ASan a read past the output
// buffer (the old classify) is a crash.
#include "ModelOutput.h"

#include <advlab/Errors.h>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <torch/torch.h>
#include <vector>

namespace {

struct Reader {
    const std::uint8_t* p;
    std::size_t n;
    std::size_t i = 0;
    std::uint8_t byte() { return i < n ? p[i++] : 0; }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Reader r{data, size};
    static const int64_t kSizes[] = {0, 1, 2, 3, 5, 999, 1000, 1001};
    static const torch::ScalarType kTypes[] = {torch::kFloat32,  torch::kFloat64, torch::kFloat16,
                                               torch::kBFloat16, torch::kInt64,   torch::kBool};
    const int64_t batch = r.byte() % 5; // the N the caller asked for
    const int rank = r.byte() % 4;
    std::vector<int64_t> shape;
    for (int d = 0; d < rank; ++d)
        shape.push_back(kSizes[r.byte() % 8]);
    const torch::ScalarType type = kTypes[r.byte() % 6];
    int64_t elements = 1;
    for (int64_t d : shape)
        elements *= d;
    if (elements > 20000)
        return 0; // 1001^3 doubles would only test the allocator

    torch::Tensor values = torch::empty(shape, torch::kFloat64);
    auto* v = values.data_ptr<double>();
    static const double kSpecial[] = {NAN, INFINITY, -INFINITY, 1e308, -1e308, 0.0, 88.7, -1e-310};
    for (int64_t k = 0; k < values.numel(); ++k) {
        const std::uint8_t b = r.byte();
        v[k] = b >= 248 ? kSpecial[b - 248] : (static_cast<double>(b) - 124.0) * 0.25;
    }
    const torch::Tensor logits = values.to(type);
    const torch::Tensor input = torch::zeros({batch, 3, 2, 2});

    try {
        advlab::checkLogits(logits, input, "fuzz.pt");
    } catch (const advlab::ModelError&) {
        return 0;
    }
    const auto preds = advlab::predictionsFromLogits(logits);
    if (static_cast<int64_t>(preds.size()) != batch)
        std::abort();
    for (const auto& p : preds) {
        if (!p.isValid()) {
            if (p.failure.empty())
                std::abort();
            continue;
        }
        if (p.probs.size() != 1000 || !p.failure.empty())
            std::abort();
        double sum = 0;
        for (float q : p.probs) {
            if (!std::isfinite(q) || q < 0.0f)
                std::abort();
            sum += q;
        }
        if (std::abs(sum - 1.0) > 1e-3)
            std::abort();
    }
    return 0;
}
