// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "advlab/AttackConfig.h"
#include "advlab/AttackResult.h"
#include "advlab/CancelToken.h"
#include "advlab/Classifier.h"

#include <vector>

namespace advlab {

// The one projected gradient-sign loop behind every attack. For each batch:
//   x* = x (+ U(-ε, ε) for PGD)
//   repeat N times: g = ∇ₓ L(f(x*), y)   (targeted: L = -CE(target), else CE(label))
//                   momentum: g ← µ·g + g/‖g‖₁ (MI-FGSM)
//                   x* ← clip[0,1](Proj_ε(x* + α·sign(g)))
// then rounds x* to 8-bit pixels and projects again so the saved PNG is within
// ⌊ε⌋ of the input in 0..255 units. Cancellation is checked before every
// step; progress is reported after every step.
//
// labels: 0-based true labels (-1 = unknown: the model's clean prediction is
// used instead). targets: 0-based target classes, required for targeted runs
// (with a per-image mask: one per image, read for the targeted ones only).
// Throws std::invalid_argument for inconsistent arguments.
AttackOutcome runAttack(const Classifier& model, const std::vector<Image8>& images,
                        const std::vector<int>& labels, const std::vector<int>& targets,
                        const AttackConfig& config, const ProgressCallback& progress = {},
                        const CancelToken* cancel = nullptr);

// Per-run options beyond the attack's own settings.
struct AttackRunOptions {
    // Per image: targeted (descend CE(target)) or not (ascend CE(label)).
    // Empty: config.targeted for every image. Mixed, a triptych's two attacks
    // are one batch: one forward and backward pass per step instead of two.
    // Deterministic methods give each image the same result as a run of its
    // own kind; PGD's start and VT's neighbours are drawn per batch, so they
    // depend on the batch's make-up (as they already do on its size).
    std::vector<bool> targeted;
    // Called on the compute thread for every step (see AttackStep); costs
    // nothing when empty.
    StepObserver observer;
};

AttackOutcome runAttack(const Classifier& model, const std::vector<Image8>& images,
                        const std::vector<int>& labels, const std::vector<int>& targets,
                        const AttackConfig& config, const AttackRunOptions& options,
                        const ProgressCallback& progress = {}, const CancelToken* cancel = nullptr);

} // namespace advlab
