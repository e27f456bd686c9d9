// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "advlab/Image8.h"
#include "advlab/Prediction.h"

#include <functional>
#include <vector>

namespace advlab {

struct AttackProgress {
    int stepsDone = 0;   // gradient steps finished, over all batches
    int stepsTotal = 0;
    int imagesDone = 0;  // images whose batch has finished
    int imagesTotal = 0;
};
using ProgressCallback = std::function<void(const AttackProgress&)>;

struct AttackOutcome {
    bool cancelled = false;   // cancelled runs carry no images
    int stepsRun = 0;         // gradient steps actually taken (all batches)
    double seconds = 0.0;

    std::vector<Image8> adversarial;     // rounded to 8 bits, within ε of the input
    std::vector<Prediction> predictions; // of the model on `adversarial` (the rounded images)
    std::vector<int> sourceLabels;       // label the attack moved away from (true or predicted)
    // Per image, probability of the source label and of the target class at
    // each step's iterate (before rounding); the last entry is the final,
    // rounded image. Target curve is empty for non-targeted runs.
    std::vector<std::vector<float>> sourceProbCurve;
    std::vector<std::vector<float>> targetProbCurve;
};

} // namespace advlab
