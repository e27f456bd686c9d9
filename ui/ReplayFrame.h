// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMetaType>
#include <advlab/Image8.h>
#include <advlab/Prediction.h>
#include <memory>

namespace advlab::ui {

// One step of the interactive triptych's two attacks (core's AttackStep,
// both rows of the batch of two): what the progressive display and the
// replay show. Step 0 is the start, step `steps` the final images (equal to
// the result's). A side whose attack came from the cache is null.
struct ReplayFrame {
    quint64 generation = 0;
    int step = 0;
    int steps = 0;
    int sourceLabel = -1;
    int targetClass = -1;
    Image8 untargeted, targeted;
    Prediction untargetedPrediction, targetedPrediction;

    // What keeping the frame costs, in bytes.
    std::size_t bytes() const {
        return sizeof(ReplayFrame) + untargeted.rgb.size() + targeted.rgb.size() +
               (untargetedPrediction.probs.size() + targetedPrediction.probs.size()) * sizeof(float);
    }
};
using ReplayFramePtr = std::shared_ptr<const ReplayFrame>;

} // namespace advlab::ui

Q_DECLARE_METATYPE(advlab::ui::ReplayFramePtr)
