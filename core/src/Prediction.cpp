// SPDX-License-Identifier: GPL-3.0-or-later
#include "advlab/Prediction.h"

#include <algorithm>
#include <numeric>

namespace advlab {

int Prediction::label() const {
    if (probs.empty())
        return -1;
    return static_cast<int>(std::max_element(probs.begin(), probs.end()) - probs.begin());
}

float Prediction::confidence() const { return probs.empty() ? 0.0f : *std::max_element(probs.begin(), probs.end()); }

float Prediction::probOf(int l) const {
    return (l >= 0 && static_cast<std::size_t>(l) < probs.size()) ? probs[static_cast<std::size_t>(l)] : 0.0f;
}

std::vector<std::pair<int, float>> Prediction::topK(int k) const {
    std::vector<int> idx(probs.size());
    std::iota(idx.begin(), idx.end(), 0);
    k = std::max(0, std::min(k, static_cast<int>(idx.size())));
    std::partial_sort(idx.begin(), idx.begin() + k, idx.end(),
                      [this](int a, int b) { return probs[a] > probs[b]; });
    std::vector<std::pair<int, float>> out;
    for (int i = 0; i < k; ++i)
        out.emplace_back(idx[i], probs[idx[i]]);
    return out;
}

} // namespace advlab
