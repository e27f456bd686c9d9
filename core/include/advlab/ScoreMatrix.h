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

// The competition's attacks x defences table. Every attack is made once
// against the attacked (source) model; its adversarial images are then fed to
// every defence: a preprocessing step followed by the source model, or by the
// defence's own model (transfer). See docs/SCORING.md.
struct ScoreMatrixRequest {
    std::vector<AttackConfig> attacks;
    std::vector<DefenceConfig> defences;
    int batchSize = 16; // for classification; each attack keeps its own batch size
};

struct ScoreMatrix {
    std::vector<AttackConfig> attacks;
    std::vector<DefenceConfig> defences;
    int images = 0;
    std::string sourceModelPath;
    bool cancelled = false; // a cancelled matrix holds no scores

    // [attack][defence]: targeted = fraction classified as the target,
    // non-targeted = fraction not classified as the true label.
    std::vector<std::vector<double>> attackScore;
    // [attack][defence]: fraction classified as the true label.
    std::vector<std::vector<double>> defenceAccuracy;
    std::vector<double> cleanAccuracy;   // [defence], on the unmodified images
    std::vector<double> defenceScore;    // [defence], mean of defenceAccuracy over attacks
    std::vector<double> attackMeanScore; // [attack], mean of attackScore over defences

    // What the fractions are made of (summed over shards by advlab merge):
    // [attack][defence] classified as the true label, as the target
    // (targeted attacks only), and [defence] on the clean images.
    std::vector<std::vector<Tally>> correctTally, targetTally;
    std::vector<Tally> cleanTally;
};

// Sets every fraction and mean of `m` from its tallies (and attacks[a].targeted),
// the one arithmetic for a run and for merged shards.
void finishScoreMatrix(ScoreMatrix& m);

// One finished cell, reported while the matrix is still running (the live
// table): the same arithmetic as finishScoreMatrix, so a cell's value equals
// the final matrix's.
struct ScoreMatrixCell {
    int attack = -1; // -1: the clean-accuracy row (only defenceAccuracy is set)
    int defence = 0;
    double attackScore = 0;     // as ScoreMatrix::attackScore[attack][defence]
    double defenceAccuracy = 0; // as defenceAccuracy[attack][defence], or cleanAccuracy[defence]
};
using ScoreMatrixCellCallback = std::function<void(const ScoreMatrixCell& cell)>;

// labels: 0-based true labels (-1 unknown: the source model's clean
// prediction stands in). targets: needed when any attack is targeted.
// Loads each distinct defence model once, on the source model's device.
// Throws ModelError for a defence model that cannot be loaded, before any
// attack runs, and std::invalid_argument for empty lists or bad inputs.
ScoreMatrix runScoreMatrix(const Classifier& source, const std::vector<Image8>& images,
                           const std::vector<int>& labels, const std::vector<int>& targets,
                           const ScoreMatrixRequest& request, const EvaluationProgressCallback& progress = {},
                           const CancelToken* cancel = nullptr, const ScoreMatrixCellCallback& onCell = {});

// CSV: one row per attack (its score against each defence, then its mean),
// then the row "clean accuracy" and the row "defence score" (accuracy on all
// adversarial images), one column per defence.
std::string scoreMatrixToCsv(const ScoreMatrix& matrix);

} // namespace advlab
