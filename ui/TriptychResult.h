// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMetaType>
#include <QString>
#include <advlab/AttackConfig.h>
#include <advlab/Image8.h>
#include <advlab/Prediction.h>
#include <memory>
#include <vector>

namespace advlab::ui {

// What the GUI asks the compute thread for: one image, attacked once
// without and once with a target. Plain values only, so the request can be
// copied into the worker thread without sharing anything with widgets.
struct TriptychRequest {
    QString datasetRoot;
    int imageIndex = -1;
    QString imageId;
    Image8 original;
    int trueLabel = -1;   // 0-based; -1: unknown (the attack uses the clean prediction)
    int targetClass = -1; // 0-based; -1: the clean prediction's least likely class
    AttackConfig config;  // `targeted` is ignored: both variants are computed
};

// One finished attack on one image.
struct AttackPart {
    Image8 image;
    Prediction prediction;
    std::vector<float> sourceCurve; // p(source label) per step, last = final rounded image
    std::vector<float> targetCurve; // p(target) per step (targeted only)
    int targetClass = -1;           // the class actually aimed at (targeted only)
    int linf = 0;                   // L∞ to the original in 0..255 units
    double seconds = 0.0;
};
using AttackPartPtr = std::shared_ptr<const AttackPart>;

// A complete triptych, as shown and exported.
struct TriptychResult {
    quint64 generation = 0;
    QString datasetRoot;
    QString modelPath;
    int imageIndex = -1;
    QString imageId;
    int trueLabel = -1;
    AttackConfig config; // targeted = false; the targeted part used the same settings
    Image8 original;
    Prediction clean;
    AttackPartPtr untargeted;
    AttackPartPtr targeted;
    bool fromCache = false; // every part came from the cache
    double computeSeconds = 0.0;
    // A replay step rather than the final result (resultAtStep): the parts
    // are step shownStep of shownSteps. -1: the final result.
    int shownStep = -1;
    int shownSteps = 0;

    int targetClass() const { return targeted ? targeted->targetClass : -1; }
    // The label the attacks moved away from: the true label, else the clean prediction.
    int sourceLabel() const { return trueLabel >= 0 ? trueLabel : clean.label(); }
};
using TriptychResultPtr = std::shared_ptr<const TriptychResult>;

} // namespace advlab::ui

Q_DECLARE_METATYPE(advlab::ui::TriptychResultPtr)
Q_DECLARE_METATYPE(advlab::Prediction)
