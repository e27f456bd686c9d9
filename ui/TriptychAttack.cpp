// SPDX-License-Identifier: GPL-3.0-or-later
#include "TriptychAttack.h"

#include <advlab/Attack.h>
#include <advlab/Metrics.h>
#include <algorithm>

namespace advlab::ui {

bool runTriptychAttacks(const Classifier& model, const AttackConfig& base, const TriptychAttackInput& input,
                        const CancelToken& token, const std::function<void(int, int)>& progress,
                        const std::function<void(ReplayFrame)>& frames,
                        std::vector<AttackPartPtr>& untargeted, std::vector<AttackPartPtr>& targeted) {
    struct Row {
        std::size_t item;
        bool targeted;
    };
    // Interleaved (u0 t0 u1 t1 ...), so an image's two attacks share a batch.
    std::vector<Row> rows;
    std::vector<Image8> images;
    std::vector<int> labels, targets;
    AttackRunOptions options;
    for (std::size_t i = 0; i < input.requests.size(); ++i)
        for (bool t : {false, true}) {
            if (!(t ? input.needTargeted[i] : input.needUntargeted[i]))
                continue;
            rows.push_back({i, t});
            images.push_back(input.requests[i]->original);
            labels.push_back(input.requests[i]->trueLabel);
            targets.push_back(t ? input.targets[i] : -1);
            options.targeted.push_back(t);
        }
    if (rows.empty())
        return true;
    AttackConfig cfg = base;
    cfg.targeted = false; // the mask decides per row
    // The two rows of one triptych always share a batch: one pass per step.
    // (The batch size does not change a deterministic attack's images.)
    cfg.batchSize = std::max(cfg.batchSize, 2);
    const std::size_t bs = static_cast<std::size_t>(cfg.batchSize);
    const int totalSteps = static_cast<int>((rows.size() + bs - 1) / bs) * cfg.effectiveIterations();
    if (progress)
        progress(0, totalSteps);

    if (frames) {
        const int source0 = input.sources.front();
        // source0 by value: it lives in this block only.
        options.observer = [&, source0](const AttackStep& s) {
            ReplayFrame f;
            f.step = s.step;
            f.steps = s.steps;
            f.targetClass = input.targets.front();
            bool any = false;
            for (std::size_t k = 0; k < s.images.size(); ++k) {
                const Row& row = rows[s.firstImage + k];
                if (row.item != 0)
                    continue;
                any = true;
                (row.targeted ? f.targeted : f.untargeted) = s.images[k];
                (row.targeted ? f.targetedPrediction : f.untargetedPrediction) = s.predictions[k];
            }
            if (!any)
                return;
            f.sourceLabel = source0;
            frames(std::move(f));
        };
    }
    const AttackOutcome o = runAttack(
        model, images, labels, targets, cfg, options,
        [&](const AttackProgress& p) {
            if (progress)
                progress(p.stepsDone, totalSteps);
        },
        &token);
    if (o.cancelled)
        return false;
    const double perRow = o.seconds / static_cast<double>(rows.size());
    for (std::size_t k = 0; k < rows.size(); ++k) {
        const Row& row = rows[k];
        auto part = std::make_shared<AttackPart>();
        part->image = o.adversarial[k];
        part->prediction = o.predictions[k];
        if (k < o.sourceProbCurve.size())
            part->sourceCurve = o.sourceProbCurve[k];
        if (row.targeted && k < o.targetProbCurve.size())
            part->targetCurve = o.targetProbCurve[k];
        part->targetClass = row.targeted ? targets[k] : -1;
        part->linf = linfDistance(images[k], part->image);
        part->seconds = perRow;
        (row.targeted ? targeted : untargeted)[row.item] = std::move(part);
    }
    return true;
}

} // namespace advlab::ui
