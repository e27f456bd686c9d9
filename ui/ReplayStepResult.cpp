// SPDX-License-Identifier: GPL-3.0-or-later
#include "ReplayStepResult.h"

#include <advlab/Metrics.h>
#include <algorithm>

namespace advlab::ui {

namespace {

AttackPartPtr partAtStep(const AttackPartPtr& finalPart, const Image8& image, const Prediction& prediction,
                         const Image8& original, int step) {
    if (!finalPart || image.rgb.empty())
        return finalPart;
    auto part = std::make_shared<AttackPart>(*finalPart);
    part->image = image;
    part->prediction = prediction;
    part->linf = linfDistance(original, image);
    // The curves hold one value per step taken, then the final image's: up to
    // this step, that is step + 1 values.
    const auto keep = [step](std::vector<float>& curve) {
        curve.resize(std::min(curve.size(), static_cast<std::size_t>(step) + 1));
    };
    keep(part->sourceCurve);
    keep(part->targetCurve);
    return part;
}

} // namespace

TriptychResultPtr resultAtStep(const TriptychResult& result, const ReplayFrame& frame,
                               const Prediction* untargeted, const Prediction* targeted) {
    auto r = std::make_shared<TriptychResult>(result);
    if (frame.step >= frame.steps)
        return r; // the last step is the final result
    r->untargeted =
        partAtStep(result.untargeted, frame.untargeted, untargeted ? *untargeted : frame.untargetedPrediction,
                   result.original, frame.step);
    r->targeted = partAtStep(result.targeted, frame.targeted, targeted ? *targeted : frame.targetedPrediction,
                             result.original, frame.step);
    r->shownStep = frame.step;
    r->shownSteps = frame.steps;
    return r;
}

} // namespace advlab::ui
