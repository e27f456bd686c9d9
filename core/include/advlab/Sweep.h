// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "advlab/AttackConfig.h"
#include "advlab/CancelToken.h"
#include "advlab/Classifier.h"
#include "advlab/Defence.h"
#include "advlab/EvaluationProgress.h"
#include "advlab/Image8.h"
#include "advlab/Metrics.h"

#include <functional>
#include <string>
#include <vector>

namespace advlab {

// An epsilon sweep: every attack in `methods` at every ε in `epsilons`, made
// against the attacked model and scored through `defence` (the attacked model
// alone by default; a defence with a model path scores on that model, i.e.
// transfer).
struct SweepRequest {
    std::vector<AttackMethod> methods{AttackMethod::Fgsm, AttackMethod::Ifgsm, AttackMethod::MiFgsm,
                                      AttackMethod::Pgd};
    std::vector<float> epsilons{1, 2, 4, 8, 12, 16, 24, 32}; // 0..255 pixel units
    bool targeted = false;
    int iterations = 10;         // for the iterative methods
    float momentum = 1.0f;       // MI-FGSM
    std::uint64_t seed = 0;      // PGD random start, DI draws, VT neighbours
    AttackTransforms transforms; // DI, TI, NI, SI, VT on top of every method
    int batchSize = 16;
    DefenceConfig defence; // how the adversarial images are scored
};

struct SweepRow {
    AttackConfig attack;
    // Accuracies and hit rate are those of the scoring pipeline (defence +
    // scoring model); the distances are between input and adversarial image.
    AttackSummary summary;
    // The competition's attack score: targeted = fraction classified as the
    // target; non-targeted = fraction not classified as the source label
    // (the true label, or the attacked model's clean prediction when unknown).
    double successRate = 0;
    // successRate's counts: classified as the target (targeted), or as the
    // source label (non-targeted: successRate is 1 minus its fraction).
    Tally success;
    double seconds = 0; // attack + scoring time
};

// Sets the row's fractions and means from its counts (summary and success),
// the one arithmetic for a run and for merged shards.
void finishSweepRow(SweepRow& row);

struct SweepResult {
    std::vector<SweepRow> rows; // methods-major, epsilons in request order
    bool cancelled = false;     // rows holds what finished before the cancel
    int images = 0;
    std::string modelPath;        // attacked model
    std::string scoringModelPath; // model that scored (same as modelPath without transfer)
    DefenceConfig defence;
};

// Called on the calling thread after each point of the sweep finishes, with
// that row exactly as it will stand in the result (the live plot).
using SweepRowCallback = std::function<void(const SweepRow& row)>;

// Runs the sweep. labels: 0-based (-1 unknown); targets: required when
// request.targeted. Loads the defence's own model, if any, on the attacked
// model's device (throws ModelError when it cannot). Throws
// std::invalid_argument for an empty method or epsilon list or inconsistent
// inputs.
SweepResult runSweep(const Classifier& model, const std::vector<Image8>& images,
                     const std::vector<int>& labels, const std::vector<int>& targets,
                     const SweepRequest& request, const EvaluationProgressCallback& progress = {},
                     const CancelToken* cancel = nullptr, const SweepRowCallback& onRow = {});

// One CSV row per SweepRow with a header; fractions as 0..1, distances in
// 0..255 pixel units.
std::string sweepToCsv(const SweepResult& result);

} // namespace advlab
