// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ReplayFrame.h"
#include "TriptychResult.h"

#include <advlab/CancelToken.h>
#include <advlab/Classifier.h>
#include <functional>
#include <vector>

namespace advlab::ui {

// The attacks of a triptych job, run on the compute thread: every image's
// non-targeted and targeted attack as one mixed batch (core's per-image
// targeted mask), so a triptych takes one forward and backward pass per
// step instead of two.
struct TriptychAttackInput {
    std::vector<const TriptychRequest*> requests; // one per image
    std::vector<int> targets;                     // per image: the class aimed at
    std::vector<int> sources;                     // per image: the label moved away from
    std::vector<bool> needUntargeted, needTargeted;
};

// Per image, the parts computed (null where not needed). Returns false when
// cancelled. `frames`, when set, gets every step of image 0 (the
// interactive triptych) as a ReplayFrame.
bool runTriptychAttacks(const Classifier& model, const AttackConfig& base, const TriptychAttackInput& input,
                        const CancelToken& token, const std::function<void(int, int)>& progress,
                        const std::function<void(ReplayFrame)>& frames,
                        std::vector<AttackPartPtr>& untargeted, std::vector<AttackPartPtr>& targeted);

} // namespace advlab::ui
