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

// One iterate of a running attack, for a caller that shows the attack as it
// goes or keeps its steps (the GUI's progressive triptych and replay).
// Step k of a batch is the iterate after k gradient steps (0: the input, or
// PGD's random start); step `steps` is the final image. The images are
// projected, clipped and rounded exactly as the final image is, so the last
// step's images equal AttackOutcome::adversarial.
struct AttackStep {
    int step = 0;
    int steps = 0;              // gradient steps per batch
    std::size_t firstImage = 0; // index of images[0] among the run's images
    std::vector<Image8> images; // this batch, in the run's order
    // The model on this iterate, the same numbers as the probability curves:
    // for k < steps as the next gradient pass saw it (before rounding; with
    // DI, SI or NI the transformed input), for the last step of the final,
    // rounded image (AttackOutcome::predictions).
    std::vector<Prediction> predictions;
};
using StepObserver = std::function<void(const AttackStep&)>;

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
