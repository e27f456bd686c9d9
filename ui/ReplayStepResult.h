// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ReplayFrame.h"
#include "TriptychResult.h"

namespace advlab::ui {

// The triptych as the replay shows it at `frame`'s step, for an export of
// what is on screen: each adversarial part becomes that step's 8-bit image
// and prediction, its L∞ and its curves cut at the step; shownStep says
// which step it is. A side the frame does not have (cached) keeps its final part.
// The frame's predictions are the attack's gradient pass (unrounded input;
// for DI or NI a transformed or look-ahead one); `untargeted` / `targeted`,
// when given, replace them with the step images' own classification.
TriptychResultPtr resultAtStep(const TriptychResult& result, const ReplayFrame& frame,
                               const Prediction* untargeted = nullptr, const Prediction* targeted = nullptr);

} // namespace advlab::ui
