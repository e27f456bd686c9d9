// SPDX-License-Identifier: GPL-3.0-or-later
// Internal: pieces the sweep and the score matrix share.
#pragma once

#include "advlab/CancelToken.h"
#include "advlab/Classifier.h"
#include "advlab/Defence.h"
#include "advlab/Image8.h"
#include "advlab/Metrics.h"
#include "advlab/Prediction.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace advlab {

// Classifiers of the defences, loaded once each on the source model's device.
// Defences without their own model use the source model.
class DefenceModels {
public:
    explicit DefenceModels(const Classifier& source) : m_source(source) {}
    // Loads every model the defences name now, so a bad path fails before
    // minutes of attacking. Throws ModelError.
    void preload(const std::vector<DefenceConfig>& defences);
    const Classifier& modelFor(const DefenceConfig& defence);

private:
    const Classifier& m_source;
    std::map<std::string, Classifier> m_loaded;
};

// Applies `defence` and classifies, batch by batch; `afterBatch` is called
// once per batch. Returns an empty vector when cancelled.
std::vector<Prediction> classifyDefended(const Classifier& model, const std::vector<Image8>& images,
                                         const DefenceConfig& defence, int batchSize,
                                         const CancelToken* cancel,
                                         const std::function<void()>& afterBatch = {});

// True when `defence` is no defence in front of the attacked model itself:
// the attack's own final predictions are then its scores, with no second
// classification pass.
bool scoresWithAttackedModel(const DefenceConfig& defence);

int batchCount(std::size_t items, int batchSize);

// Fraction of predictions equal to expected[i], over all i (expected < 0
// counts as a miss: callers substitute known labels first). Failed
// predictions (the model returned NaN) are left out of the fraction.
double fractionEqual(const std::vector<Prediction>& predictions, const std::vector<int>& expected);
// fractionEqual() as its counts.
Tally equalTally(const std::vector<Prediction>& predictions, const std::vector<int>& expected);

} // namespace advlab
