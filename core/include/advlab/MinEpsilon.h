// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "advlab/AttackConfig.h"
#include "advlab/CancelToken.h"
#include "advlab/Classifier.h"
#include "advlab/EvaluationProgress.h"
#include "advlab/Image8.h"

#include <string>
#include <vector>

namespace advlab {

class ObserverModels;

// Minimal ε per image: for each image and attack, the smallest integer ε in
// 1..maxEpsilon at which the attack fools the model (untargeted: the
// prediction is not the source label; targeted: it is the target). Foolbox's
// minimisation idea, done for the iterative L∞ attacks of runAttack.
//
// Search, per image, all images of an attack batched per round:
//   1. ε = 0: the clean image. Already fooled (misclassified, or already the
//      target) gives minimal ε 0: no attack is needed.
//   2. Galloping: ε = 1, 2, 4, ..., maxEpsilon until the attack fools the
//      image (early exit; not fooled at maxEpsilon: not found).
//   3. Bisection between the largest ε that did not fool and the smallest
//      that did, until they are adjacent.
// Every result is reused: a fooled run bounds the answer from above, an
// unfooled one from below, and an image never runs again once its bounds
// meet. An image costs about 2·log2(ε*) + 1 attack runs instead of ε* for
// an upward scan (7 runs for a robust image instead of 64).
//
// Monotonicity: the bisection assumes that a larger ε never fools less.
// Iterative attacks are not strictly monotone in ε (the step size scales
// with ε, so the path changes), so what is guaranteed is a verified edge:
// the attack fools the image at minEps and does not at minEps - 1 (both
// were run; for minEps = 1 the clean image). A smaller ε that would also
// fool it, below an ε that did not, is not searched for.
//
// Any AttackConfig works; its epsilon is replaced by the searched value. A
// random start (PGD) is drawn per batch of each run, so PGD's answer depends
// on the image grouping, as its success does on the seed.
//
// defence: whose decision counts (the judge). "none" (the default) is the
// attacked model itself: the white-box minimal ε. Any other defence key
// (parseDefence, as `advlab eval --sweep --defence`) scores the attack's
// 8-bit images there instead, the attack still running
// on the attacked model: "model:/path/other.pt" gives the minimal ε that
// transfers to another classifier, "jpeg75" the one that survives JPEG in
// front of the attacked model. On the default model white-box answers
// saturate (ε 1 fools most images), so transfer is where images differ. With
// a judge, ε = 0 asks the judge about the clean image, and an unknown label
// is the judge's clean prediction.
struct MinEpsilonRequest {
    std::vector<AttackConfig> attacks;
    std::vector<std::string> attackNames; // optional, for the CSV; default methodKey (+ "-t")
    int maxEpsilon = 64;                  // 1..255
    std::string defence = "none";         // the judge, a defence key; see above
};

struct MinEpsilonResult {
    std::vector<AttackConfig> attacks; // as requested (epsilon = maxEpsilon)
    std::vector<std::string> attackNames;
    int maxEpsilon = 64;
    std::string defence = "none"; // the request's judge, as its canonical key
    int images = 0;
    bool cancelled = false;              // a cancelled search holds no answers
    static constexpr int kNotFound = -1; // not fooled within maxEpsilon
    static constexpr int kNoAnswer = -2; // the model (or the judge) failed on the image
    // [attack][image]: minimal ε, 0 when the clean image already counts as
    // fooled, kNotFound or kNoAnswer.
    std::vector<std::vector<int>> minEpsilon;
    // [attack][image]: 0-based class predicted on the adversarial image at
    // minEpsilon (the clean prediction for 0); -1 when not found.
    std::vector<std::vector<int>> predicted;
    std::vector<int> sourceLabels;      // [image] 0-based: true label, or the clean prediction when unknown
    std::vector<std::vector<int>> runs; // [attack][image]: attack runs the search spent on it
    int totalRuns = 0;                  // image-attack runs, all attacks

    // [attack][ε = 0..maxEpsilon]: fraction of images fooled at ε or below
    // (the attack's success rate as a function of ε, assuming monotonicity).
    std::vector<double> successCurve(std::size_t attack) const;
    // [attack][ε = 0..maxEpsilon]: 1 - successCurve for untargeted attacks:
    // the robust accuracy against that attack (at 0: clean accuracy). For a
    // targeted attack, the fraction of images not yet moved to the target.
    std::vector<double> robustAccuracyCurve(std::size_t attack) const;
};

// labels: 0-based true labels (-1 unknown: the clean prediction stands in).
// targets: required when any attack is targeted. Throws
// std::invalid_argument for an empty attack list, maxEpsilon outside
// 1..255, a malformed defence key or inconsistent inputs, and ModelError for a
// judge model that does not load (before any attack runs). progress: in
// image-runs × steps; the total is the worst case and the bar jumps when
// images resolve early. judges: where the judge's model is loaded and kept,
// so a caller searching chunk after chunk loads it once; null: loaded for
// this call.
MinEpsilonResult runMinEpsilon(const Classifier& model, const std::vector<Image8>& images,
                               const std::vector<int>& labels, const std::vector<int>& targets,
                               const MinEpsilonRequest& request,
                               const EvaluationProgressCallback& progress = {},
                               const CancelToken* cancel = nullptr, ObserverModels* judges = nullptr);

// One row per image and attack: ImageId, attack, targeted, min_eps (empty
// when not found), max_eps, true_label, target_class, predicted_at_min_eps
// (1-based like images.csv, the judge's prediction; empty when unknown),
// attack_runs, defence (the judge's key, "none" for the attacked model).
// imageIds: one per image.
std::string minEpsilonToCsv(const MinEpsilonResult& result, const std::vector<std::string>& imageIds,
                            const std::vector<int>& labels, const std::vector<int>& targets);
// One row per ε = 0..maxEpsilon: epsilon, then per attack its success rate
// and robust accuracy columns ("<name>_success", "<name>_robust_accuracy").
std::string minEpsilonCurveToCsv(const MinEpsilonResult& result);

} // namespace advlab
