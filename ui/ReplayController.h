// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "AttackReplay.h"
#include "TriptychResult.h"

#include <QObject>

namespace advlab::ui {

class ComputeEngine;
class TriptychView;

// Issue 12's progressive triptych and attack replay, between the engine and
// the view: every step of the interactive request is shown as it arrives
// (Qt's Mandelbrot example refining its picture) and kept (AttackReplay,
// bounded); once the result is in, the view's replay bar scrubs through the
// kept steps: image, top-5 bars, labels and the curves' cursor together.
class ReplayController : public QObject {
    Q_OBJECT

public:
    ReplayController(ComputeEngine* engine, TriptychView* view, QObject* parent = nullptr);

    const AttackReplay& replay() const { return m_replay; }
    // Shows kept step `index` (as the bar does).
    void showIndex(int index);

Q_SIGNALS:
    // A step shown by the replay bar: the images a researcher is looking at,
    // for views that evaluate arbitrary 8-bit images (observer models).
    // A null side was not recomputed (its final image is in the result).
    void stepShown(int step, const advlab::Image8& untargeted, const advlab::Image8& targeted);

private:
    void onStarted(quint64 generation);
    void onStep(const ReplayFramePtr& frame);
    void onReady(const TriptychResultPtr& result);

    ComputeEngine* m_engine;
    TriptychView* m_view;
    AttackReplay m_replay;
};

} // namespace advlab::ui
