// SPDX-License-Identifier: GPL-3.0-or-later
#include "ReplayController.h"

#include "ComputeEngine.h"
#include "ReplayBar.h"
#include "TriptychView.h"

namespace advlab::ui {

ReplayController::ReplayController(ComputeEngine* engine, TriptychView* view, QObject* parent)
    : QObject(parent), m_engine(engine), m_view(view) {
    setObjectName(QStringLiteral("replayController"));
    connect(engine, &ComputeEngine::triptychStarted, this, &ReplayController::onStarted);
    connect(engine, &ComputeEngine::triptychStep, this, &ReplayController::onStep);
    connect(engine, &ComputeEngine::triptychReady, this, &ReplayController::onReady);
    connect(view->replayBar(), &ReplayBar::indexChanged, this, &ReplayController::showIndex);
}

void ReplayController::onStarted(quint64 generation) {
    m_replay.start(generation);
    m_view->beginSteps();
    m_view->replayBar()->clear(tr("Replay: computing…"));
}

void ReplayController::onStep(const ReplayFramePtr& frame) {
    if (!frame || frame->generation != m_engine->latestGeneration())
        return;
    m_replay.add(frame);
    // Progressive display: every step, kept or not, while the attack runs.
    // Step 0 is the input itself (no step taken): the panels keep their
    // "Computing…" state until the first step has changed something.
    if (frame->step > 0)
        m_view->showStep(*frame, /*live=*/true);
}

void ReplayController::onReady(const TriptychResultPtr& result) {
    if (!result || result->generation != m_replay.generation() || !m_replay.isComplete()) {
        // From the cache (or a result whose steps were not seen): nothing to replay.
        if (result && result->generation == m_engine->latestGeneration())
            m_view->replayBar()->clear(
                result->fromCache
                    ? tr("Replay: answered from the cache (Recompute runs it again with its steps)")
                    : tr("Replay: no steps"));
        return;
    }
    QVector<int> steps;
    for (int i = 0; i < m_replay.count(); ++i)
        steps.push_back(m_replay.frame(i)->step);
    m_view->replayBar()->setSteps(steps, m_replay.frame(m_replay.count() - 1)->steps);
}

void ReplayController::showIndex(int index) {
    const ReplayFramePtr frame = m_replay.frame(index);
    if (!frame || !m_view->result() || m_view->result()->generation != m_replay.generation())
        return;
    // The last step is the final image: show it as the result itself
    // (captions with L∞, no step cursor), exactly what the user saw before scrubbing.
    if (frame->step == frame->steps)
        m_view->showFinal();
    else
        m_view->showStep(*frame);
    Q_EMIT stepShown(frame->step, frame->untargeted, frame->targeted);
}

} // namespace advlab::ui
