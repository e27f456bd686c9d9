// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <functional>
#include <string>

namespace advlab {

// Progress of a long evaluation (sweep or score matrix), in work units: one
// unit per gradient step of a batch plus one per classified batch, so the bar
// moves evenly whether the time goes into attacking or scoring.
struct EvaluationProgress {
    int done = 0;
    int total = 0;
    std::string stage; // what is running now, e.g. "I-FGSM ε=8"
};
using EvaluationProgressCallback = std::function<void(const EvaluationProgress&)>;

} // namespace advlab
