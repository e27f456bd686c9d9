// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "advlab/Image8.h"
#include "advlab/Prediction.h"

#include <functional>
#include <string>
#include <vector>

namespace advlab {

struct AttackProgress {
    int stepsDone = 0; // gradient steps finished, over all batches
    int stepsTotal = 0;
    int imagesDone = 0; // images whose batch has finished
    int imagesTotal = 0;
};
using ProgressCallback = std::function<void(const AttackProgress&)>;

struct AttackOutcome {
    bool cancelled = false; // cancelled runs carry no images
    int stepsRun = 0;       // gradient steps actually taken (all batches)
    double seconds = 0.0;

    std::vector<Image8> adversarial;     // rounded to 8 bits, within ε of the input
    std::vector<Prediction> predictions; // of the model on `adversarial` (the rounded images)
    // Per image, why the attack failed for it, "" when it did not: the model
    // returned NaN or infinite logits, or a non-finite input gradient. A
    // failed image's `adversarial` entry is its unchanged input (never write
    // it as a result), its prediction is failed (no probabilities) and its
    // curves are empty.
    std::vector<std::string> failures;
    bool failed(std::size_t i) const { return i < failures.size() && !failures[i].empty(); }
    std::vector<int> sourceLabels; // label the attack moved away from (true or predicted)
    // Per image, probability of the source label and of the target class at
    // each step's iterate (before rounding); the last entry is the final,
    // rounded image. Target curve is empty for non-targeted runs.
    std::vector<std::vector<float>> sourceProbCurve;
    std::vector<std::vector<float>> targetProbCurve;
};

} // namespace advlab
