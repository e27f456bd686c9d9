// SPDX-License-Identifier: GPL-3.0-or-later
#include "advlab/MinEpsilon.h"

#include "EvaluationSupport.h"
#include "advlab/Attack.h"
#include "advlab/CsvWriter.h"
#include "advlab/Defence.h"
#include "advlab/ObserverModels.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <utility>

namespace advlab {

namespace {

// The search state of one image under one attack: `lo` is the largest ε
// known not to fool it (0: the clean image), `hi` the smallest known to
// fool it (-1: none yet).
struct Bounds {
    int lo = 0;
    int hi = -1;
    int predictedAtHi = -1;
    int runs = 0;
    bool done = false;
};

int nextProbe(const Bounds& b, int maxEps) {
    if (b.hi < 0) // galloping: 1, 2, 4, ... then maxEps
        return b.lo == 0 ? 1 : std::min(2 * b.lo, maxEps);
    return (b.lo + b.hi) / 2;
}

bool settled(const Bounds& b, int maxEps) {
    return b.hi >= 0 ? b.hi - b.lo <= 1 : b.lo >= maxEps;
}

// Runs per image in the worst case (found at maxEps after galloping there),
// the progress total.
int worstRuns(int maxEps) {
    int gallop = 0;
    int lastBelow = 0;
    for (int e = 1;; e = std::min(2 * e, maxEps)) {
        ++gallop;
        if (e >= maxEps)
            break;
        lastBelow = e;
    }
    int bisect = 0;
    for (int gap = maxEps - lastBelow; gap > 1; gap = (gap + 1) / 2)
        ++bisect;
    return gallop + bisect;
}

bool fools(int predicted, bool targeted, int source, int target) {
    return predicted >= 0 && (targeted ? predicted == target : predicted != source);
}

std::string defaultName(const AttackConfig& c) {
    return methodKey(c.method) + (c.targeted ? "-t" : "");
}

} // namespace

std::vector<double> MinEpsilonResult::successCurve(std::size_t attack) const {
    std::vector<double> curve(static_cast<std::size_t>(maxEpsilon) + 1, 0.0);
    if (attack >= minEpsilon.size() || images == 0)
        return curve;
    for (int m : minEpsilon[attack])
        if (m >= 0)
            for (int e = m; e <= maxEpsilon; ++e)
                curve[static_cast<std::size_t>(e)] += 1.0;
    for (double& v : curve)
        v /= images;
    return curve;
}

std::vector<double> MinEpsilonResult::robustAccuracyCurve(std::size_t attack) const {
    auto curve = successCurve(attack);
    for (double& v : curve)
        v = 1.0 - v;
    return curve;
}

MinEpsilonResult runMinEpsilon(const Classifier& model, const std::vector<Image8>& images,
                               const std::vector<int>& labels, const std::vector<int>& targets,
                               const MinEpsilonRequest& request, const EvaluationProgressCallback& progress,
                               const CancelToken* cancel, ObserverModels* judges) {
    if (request.attacks.empty())
        throw std::invalid_argument("minimal epsilon: no attack given");
    if (request.maxEpsilon < 1 || request.maxEpsilon > 255)
        throw std::invalid_argument("minimal epsilon: the largest epsilon must be in 1..255, not " +
                                    std::to_string(request.maxEpsilon));
    if (!request.attackNames.empty() && request.attackNames.size() != request.attacks.size())
        throw std::invalid_argument("minimal epsilon: one name per attack, or none");
    if (!labels.empty() && labels.size() != images.size())
        throw std::invalid_argument("labels must be empty or one per image");
    const bool anyTargeted = std::any_of(request.attacks.begin(), request.attacks.end(),
                                         [](const AttackConfig& c) { return c.targeted; });
    if (anyTargeted && targets.size() != images.size())
        throw std::invalid_argument("a targeted attack needs one target class per image");

    // The judge is checked (and its model loaded) before minutes of attacking.
    const DefenceConfig judge = parseDefence(request.defence.empty() ? "none" : request.defence);
    const bool ownJudge = !scoresWithAttackedModel(judge);
    ObserverModels ownModels;
    ObserverModels& judgeModels = judges ? *judges : ownModels;
    if (ownJudge)
        judgeModels.preload(model, judge.key());

    const int maxEps = request.maxEpsilon;
    const std::size_t nAttacks = request.attacks.size();
    const std::size_t n = images.size();
    MinEpsilonResult r;
    r.attacks = request.attacks;
    for (auto& c : r.attacks)
        c.epsilon = static_cast<float>(maxEps);
    for (std::size_t a = 0; a < nAttacks; ++a)
        r.attackNames.push_back(request.attackNames.empty() ? defaultName(request.attacks[a])
                                                            : request.attackNames[a]);
    r.maxEpsilon = maxEps;
    r.defence = judge.key();
    r.images = static_cast<int>(n);
    auto cancelledResult = [&] {
        MinEpsilonResult c;
        c.attacks = r.attacks;
        c.attackNames = r.attackNames;
        c.maxEpsilon = maxEps;
        c.defence = r.defence;
        c.images = r.images;
        c.cancelled = true;
        return c;
    };

    // Work units: image-runs × steps, against the worst case of every image.
    int stepsPerRunMax = 1;
    for (const auto& c : request.attacks)
        stepsPerRunMax = std::max(stepsPerRunMax, c.effectiveIterations());
    EvaluationProgress prog;
    prog.total = static_cast<int>(std::min<long long>(
        1LL << 30, static_cast<long long>(nAttacks * n) * worstRuns(maxEps) * stepsPerRunMax + 1));
    auto report = [&] {
        if (progress)
            progress(prog);
    };

    // ε = 0: the clean images, which also give the source labels.
    const int batch = std::max(1, request.attacks.front().batchSize);
    prog.stage = "clean images";
    report();
    const std::vector<Prediction> clean = ownJudge ? judgeModels.classify(model, r.defence, images, cancel)
                                                   : model.classify(images, batch, cancel);
    if (clean.size() != n || (cancel && cancel->isCancelled()))
        return cancelledResult();
    prog.done = 1;
    report();
    r.sourceLabels.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const int l = labels.empty() ? -1 : labels[i];
        r.sourceLabels[i] = l >= 0 ? l : clean[i].label();
    }
    // What the attack moves away from: the label, else the attacked model's
    // own clean prediction (runAttack's rule), also when a judge scores it.
    // The judge's clean prediction is only the reference it is scored against.
    std::vector<int> attackLabels = r.sourceLabels;
    if (ownJudge) {
        bool unknown = false;
        for (std::size_t i = 0; i < n; ++i)
            unknown = unknown || labels.empty() || labels[i] < 0;
        if (unknown) {
            const std::vector<Prediction> own = model.classify(images, batch, cancel);
            if (own.size() != n || (cancel && cancel->isCancelled()))
                return cancelledResult();
            for (std::size_t i = 0; i < n; ++i)
                if (labels.empty() || labels[i] < 0)
                    attackLabels[i] = own[i].isValid() ? own[i].label() : -1;
        }
    }

    std::vector<std::vector<Bounds>> bounds(nAttacks, std::vector<Bounds>(n));
    r.minEpsilon.assign(nAttacks, std::vector<int>(n, MinEpsilonResult::kNotFound));
    r.predicted.assign(nAttacks, std::vector<int>(n, -1));
    r.runs.assign(nAttacks, std::vector<int>(n, 0));
    auto credit = [&](const Bounds& b) { // the unused worst case of a settled image
        prog.done += (worstRuns(maxEps) - b.runs) * stepsPerRunMax;
    };
    for (std::size_t a = 0; a < nAttacks; ++a) {
        const bool targeted = request.attacks[a].targeted;
        for (std::size_t i = 0; i < n; ++i) {
            Bounds& b = bounds[a][i];
            const int pred = clean[i].label();
            const int target = targeted ? targets[i] : -1;
            if (!clean[i].isValid() || r.sourceLabels[i] < 0) {
                b.done = true; // the model failed on it: no answer
                r.minEpsilon[a][i] = MinEpsilonResult::kNoAnswer;
            } else if (fools(pred, targeted, r.sourceLabels[i], target)) {
                b.done = true;
                r.minEpsilon[a][i] = 0;
                r.predicted[a][i] = pred;
            }
            if (b.done)
                credit(b);
        }
    }

    // Rounds: every unsettled image of every attack takes its next probe;
    // images probing the same ε under the same attack share one runAttack
    // call (batched inside it).
    for (int round = 1;; ++round) {
        std::map<std::pair<std::size_t, int>, std::vector<std::size_t>> groups;
        for (std::size_t a = 0; a < nAttacks; ++a)
            for (std::size_t i = 0; i < n; ++i)
                if (!bounds[a][i].done)
                    groups[{a, nextProbe(bounds[a][i], maxEps)}].push_back(i);
        if (groups.empty())
            break;
        for (const auto& group : groups) {
            const std::size_t a = group.first.first;
            const int eps = group.first.second;
            const std::vector<std::size_t>& members = group.second;
            AttackConfig config = request.attacks[a];
            config.epsilon = static_cast<float>(eps);
            std::vector<Image8> subImages;
            std::vector<int> subLabels, subTargets;
            for (std::size_t i : members) {
                subImages.push_back(images[i]);
                subLabels.push_back(attackLabels[i]);
                if (config.targeted)
                    subTargets.push_back(targets[i]);
            }
            const int stepsPerRun = config.effectiveIterations();
            const int base = prog.done;
            prog.stage = r.attackNames[a] + " \xCE\xB5=" + std::to_string(eps) + " (round " +
                         std::to_string(round) + ", " + std::to_string(members.size()) + " images)";
            report();
            const AttackOutcome out = runAttack(
                model, subImages, subLabels, subTargets, config,
                [&](const AttackProgress& p) {
                    if (p.stepsTotal > 0) {
                        prog.done = base + static_cast<int>(static_cast<long long>(p.stepsDone) *
                                                            static_cast<long long>(members.size()) *
                                                            stepsPerRun / p.stepsTotal);
                        report();
                    }
                },
                cancel);
            if (out.cancelled)
                return cancelledResult();
            // The judge's verdict on the attack's 8-bit images (the attack's
            // own predictions when the judge is the attacked model).
            std::vector<Prediction> judged;
            if (ownJudge) {
                judged = judgeModels.classify(model, r.defence, out.adversarial, cancel);
                if (judged.size() != members.size() || (cancel && cancel->isCancelled()))
                    return cancelledResult();
            }
            prog.done = base + static_cast<int>(members.size()) * stepsPerRunMax;
            r.totalRuns += static_cast<int>(members.size());
            for (std::size_t k = 0; k < members.size(); ++k) {
                const std::size_t i = members[k];
                Bounds& b = bounds[a][i];
                ++b.runs;
                const Prediction& verdict = ownJudge ? judged[k] : out.predictions[k];
                if (out.failed(k) || !verdict.isValid()) {
                    b.done = true; // no answer for an image the model (or the judge) fails on
                    r.minEpsilon[a][i] = MinEpsilonResult::kNoAnswer;
                    credit(b);
                    continue;
                }
                const int pred = verdict.label();
                if (fools(pred, config.targeted, r.sourceLabels[i], config.targeted ? targets[i] : -1)) {
                    b.hi = eps;
                    b.predictedAtHi = pred;
                } else {
                    b.lo = eps;
                }
                if (settled(b, maxEps)) {
                    b.done = true;
                    if (b.hi >= 0) {
                        r.minEpsilon[a][i] = b.hi;
                        r.predicted[a][i] = b.predictedAtHi;
                    }
                    credit(b);
                }
            }
            report();
        }
    }
    for (std::size_t a = 0; a < nAttacks; ++a)
        for (std::size_t i = 0; i < n; ++i)
            r.runs[a][i] = bounds[a][i].runs;
    prog.done = prog.total;
    prog.stage = "done";
    report();
    return r;
}

std::string minEpsilonToCsv(const MinEpsilonResult& r, const std::vector<std::string>& imageIds,
                            const std::vector<int>& labels, const std::vector<int>& targets) {
    if (imageIds.size() != static_cast<std::size_t>(r.images))
        throw std::invalid_argument("minimal epsilon CSV: one ImageId per image");
    CsvWriter csv({"ImageId", "attack", "targeted", "min_eps", "max_eps", "true_label", "target_class",
                   "predicted_at_min_eps", "attack_runs", "defence"});
    auto oneBased = [&csv](int label) -> CsvWriter& {
        return label >= 0 ? csv.integer(label + 1) : csv.empty();
    };
    for (std::size_t i = 0; i < imageIds.size(); ++i) {
        for (std::size_t a = 0; a < r.attacks.size(); ++a) {
            const bool targeted = r.attacks[a].targeted;
            csv.field(imageIds[i]).field(r.attackNames[a]).integer(targeted ? 1 : 0);
            const int m = r.minEpsilon.at(a).at(i);
            if (m >= 0)
                csv.integer(m);
            else
                csv.empty();
            csv.integer(r.maxEpsilon);
            oneBased(i < labels.size() ? labels[i] : -1);
            oneBased(targeted && i < targets.size() ? targets[i] : -1);
            oneBased(r.predicted.at(a).at(i));
            csv.integer(r.runs.at(a).at(i)).field(r.defence).endRow();
        }
    }
    return csv.text();
}

std::string minEpsilonCurveToCsv(const MinEpsilonResult& r) {
    std::vector<std::string> header{"epsilon"};
    for (const auto& name : r.attackNames) {
        header.push_back(name + "_success");
        header.push_back(name + "_robust_accuracy");
    }
    CsvWriter csv(header);
    std::vector<std::vector<double>> success;
    for (std::size_t a = 0; a < r.attacks.size(); ++a)
        success.push_back(r.successCurve(a));
    for (int e = 0; e <= r.maxEpsilon; ++e) {
        csv.integer(e);
        for (const auto& s : success)
            csv.number(s[static_cast<std::size_t>(e)]).number(1.0 - s[static_cast<std::size_t>(e)]);
        csv.endRow();
    }
    return csv.text();
}

} // namespace advlab
