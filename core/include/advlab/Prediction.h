// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace advlab {

// Softmax output of a classifier for one image, as plain floats so the GUI
// can plot it without Torch.
struct Prediction {
    std::vector<float> probs; // one per class, sums to 1; empty when failed
    // Why there is no prediction for this image (e.g. the model returned NaN
    // for it); empty for a valid prediction.
    std::string failure;

    static Prediction failed(std::string why) { return Prediction{{}, std::move(why)}; }

    bool isValid() const { return !probs.empty(); }
    int label() const;             // argmax, -1 when empty
    float confidence() const;      // max probability
    float probOf(int label) const; // 0 for an invalid label
    // Top k (label, probability) pairs, most probable first.
    std::vector<std::pair<int, float>> topK(int k) const;
};

// The failure of an image whose logits contain NaN or infinity.
inline constexpr const char* kNonFiniteLogits = "the model returned NaN or infinite logits for this image";

} // namespace advlab
