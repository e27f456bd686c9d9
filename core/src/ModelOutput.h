// SPDX-License-Identifier: GPL-3.0-or-later
// Internal: the checks every model output goes through before anything
// reads it. Separate from Classifier so the fuzz target can drive them with
// arbitrary tensors.
#pragma once

#include "advlab/Prediction.h"

#include <string>
#include <torch/types.h>
#include <vector>

namespace advlab {

constexpr int64_t kModelClasses = 1000;

// "[2 x 1000]"
std::string shapeOf(const torch::Tensor& t);

// Throws ModelError naming `modelPath` unless `logits` is a floating-point
// n x 1000 tensor, the contract for a batch of n images (`input` is named
// in the message). Readers may then index n * 1000 values safely.
void checkLogits(const torch::Tensor& logits, const torch::Tensor& input, const std::string& modelPath);

// Per row of `logits`, whether every value is finite (a CPU bool tensor).
torch::Tensor finiteRows(const torch::Tensor& logits);

// Softmax predictions from checked logits; a row with NaN or infinity gives
// a failed Prediction (kNonFiniteLogits) instead of NaN probabilities.
std::vector<Prediction> predictionsFromLogits(const torch::Tensor& logits);

} // namespace advlab
