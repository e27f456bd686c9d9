// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "advlab/Image8.h"
#include "advlab/Prediction.h"

#include <vector>

namespace advlab {

// L∞ distance in 0..255 pixel units.
int linfDistance(const Image8& a, const Image8& b);
// L2 distance in 0..255 units over all channels.
double l2Distance(const Image8& a, const Image8& b);

// A fraction kept as its two counts, so that the counts of shards can be
// summed and the fraction recomputed exactly (advlab merge).
struct Tally {
    long long hits = 0;
    long long counted = 0;
    double fraction() const {
        return counted ? static_cast<double>(hits) / static_cast<double>(counted) : 0.0;
    }
    Tally& operator+=(const Tally& o) {
        hits += o.hits;
        counted += o.counted;
        return *this;
    }
};

// accuracy() as its counts.
Tally accuracyTally(const std::vector<Prediction>& predictions, const std::vector<int>& labels);

// Fraction of predictions whose argmax equals labels[i]. Labels < 0 and
// failed predictions (!isValid(): the model returned NaN) are skipped.
double accuracy(const std::vector<Prediction>& predictions, const std::vector<int>& labels);

// Aggregate numbers the CLI prints and the sweeps write.
struct AttackSummary {
    int images = 0;
    double cleanAccuracy = 0;       // on the inputs
    double adversarialAccuracy = 0; // on the adversarial images, against the true labels
    double targetHitRate = 0;       // fraction classified as the target (targeted runs)
    int maxLinf = 0;                // pixels
    double meanLinf = 0;
    double meanL2 = 0;
    // What the fractions and means above are made of (summed over shards by advlab merge).
    Tally clean, adversarial, targetHits;
    int measured = 0; // images with an adversarial version (not failed)
    double sumLinf = 0, sumL2 = 0;
    // Sets the fractions and means from the counts.
    void finish();
};

AttackSummary summarize(const std::vector<Image8>& originals, const std::vector<Image8>& adversarial,
                        const std::vector<Prediction>& clean, const std::vector<Prediction>& adv,
                        const std::vector<int>& labels, const std::vector<int>& targets);

} // namespace advlab
