// SPDX-License-Identifier: GPL-3.0-or-later
#include "ModelOutput.h"

#include "advlab/Errors.h"

namespace advlab {

std::string shapeOf(const torch::Tensor& t) {
    std::string s = "[";
    for (int64_t i = 0; i < t.dim(); ++i)
        s += (i ? " x " : "") + std::to_string(t.size(i));
    return s + "]";
}

void checkLogits(const torch::Tensor& logits, const torch::Tensor& input, const std::string& modelPath) {
    const int64_t n = input.dim() > 0 ? input.size(0) : 0;
    if (!logits.defined())
        throw ModelError(modelPath, "forward() returned an undefined tensor");
    if (logits.dim() != 2 || logits.size(0) != n || logits.size(1) != kModelClasses)
        throw ModelError(modelPath, "expected output " + std::to_string(n) + " x 1000 logits for a " +
                                        shapeOf(input) + " input, got " + shapeOf(logits));
    if (!logits.is_floating_point())
        throw ModelError(modelPath, "output is not floating point");
}

torch::Tensor finiteRows(const torch::Tensor& logits) {
    return torch::isfinite(logits).all(1).to(torch::kCPU);
}

std::vector<Prediction> predictionsFromLogits(const torch::Tensor& logitsIn) {
    const torch::Tensor logits = logitsIn.to(torch::kFloat32);
    const auto finite = finiteRows(logits).contiguous();
    const auto probs = torch::softmax(logits, 1).to(torch::kCPU).contiguous();
    const auto* p = probs.data_ptr<float>();
    const auto* ok = finite.data_ptr<bool>();
    const auto rows = probs.size(0);
    const auto classes = probs.size(1);
    std::vector<Prediction> out;
    out.reserve(static_cast<std::size_t>(rows));
    for (int64_t i = 0; i < rows; ++i) {
        if (ok[i])
            out.push_back(Prediction{std::vector<float>(p + i * classes, p + (i + 1) * classes), {}});
        else
            out.push_back(Prediction::failed(kNonFiniteLogits));
    }
    return out;
}

} // namespace advlab
