// SPDX-License-Identifier: GPL-3.0-or-later
#include "advlab/Metrics.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

namespace advlab {

namespace {
void requireSameShape(const Image8& a, const Image8& b) {
    if (a.width != b.width || a.height != b.height || a.rgb.size() != b.rgb.size())
        throw std::invalid_argument("distance between images of different sizes");
}
} // namespace

int linfDistance(const Image8& a, const Image8& b) {
    requireSameShape(a, b);
    int m = 0;
    for (std::size_t i = 0; i < a.rgb.size(); ++i)
        m = std::max(m, std::abs(int(a.rgb[i]) - int(b.rgb[i])));
    return m;
}

double l2Distance(const Image8& a, const Image8& b) {
    requireSameShape(a, b);
    double s = 0;
    for (std::size_t i = 0; i < a.rgb.size(); ++i) {
        const double d = double(a.rgb[i]) - double(b.rgb[i]);
        s += d * d;
    }
    return std::sqrt(s);
}

double accuracy(const std::vector<Prediction>& predictions, const std::vector<int>& labels) {
    return accuracyTally(predictions, labels).fraction();
}

Tally accuracyTally(const std::vector<Prediction>& predictions, const std::vector<int>& labels) {
    long long counted = 0, correct = 0;
    for (std::size_t i = 0; i < predictions.size() && i < labels.size(); ++i) {
        // Failed predictions (NaN from the model) are neither right nor
        // wrong: counting them as wrong would score them as attack successes.
        if (labels[i] < 0 || !predictions[i].isValid())
            continue;
        ++counted;
        correct += predictions[i].label() == labels[i] ? 1 : 0;
    }
    return {correct, counted};
}

void AttackSummary::finish() {
    cleanAccuracy = clean.fraction();
    adversarialAccuracy = adversarial.fraction();
    targetHitRate = targetHits.fraction();
    meanLinf = measured > 0 ? sumLinf / measured : 0.0;
    meanL2 = measured > 0 ? sumL2 / measured : 0.0;
}

AttackSummary summarize(const std::vector<Image8>& originals, const std::vector<Image8>& adversarial,
                        const std::vector<Prediction>& clean, const std::vector<Prediction>& adv,
                        const std::vector<int>& labels, const std::vector<int>& targets) {
    AttackSummary s;
    s.images = static_cast<int>(adversarial.size());
    s.clean = accuracyTally(clean, labels);
    s.adversarial = accuracyTally(adv, labels);
    if (!targets.empty())
        s.targetHits = accuracyTally(adv, targets);
    for (std::size_t i = 0; i < adversarial.size() && i < originals.size(); ++i) {
        if (i < adv.size() && !adv[i].isValid())
            continue; // a failed image has no adversarial version to measure
        ++s.measured;
        const int d = linfDistance(originals[i], adversarial[i]);
        s.maxLinf = std::max(s.maxLinf, d);
        s.sumLinf += d;
        s.sumL2 += l2Distance(originals[i], adversarial[i]);
    }
    s.finish();
    return s;
}

} // namespace advlab
