// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "FragilityResults.h"
#include "LatestJobWorker.h"

#include <QObject>
#include <memory>

namespace advlab::ui {

// Tools → Scan dataset's engine: its own compute thread and its own model
// instance (LatestJobWorker, like EvaluationEngine), so the triptych's engine
// stays free for interactive attacks while a scan runs. Images are loaded
// and attacked in chunks, so memory stays bounded on a large dataset and a
// cancel takes effect within one gradient step.
class FragilityScanner : public QObject {
    Q_OBJECT

public:
    explicit FragilityScanner(QObject* parent = nullptr);
    ~FragilityScanner() override;

    void start(const FragilityRequest& request); // supersedes (and cancels) a running scan
    void cancel();
    bool isRunning() const { return m_worker.isRunning(); }
    bool waitIdleFor(int ms) { return m_worker.waitIdleFor(ms); }

    // Images attacked together (one runMinEpsilon or runAttack call).
    static constexpr int kChunk = 64;

Q_SIGNALS:
    void progress(int done, int total); // in images
    // Results so far (kNotScanned for the images still to come) after each chunk.
    void partialResults(const advlab::ui::FragilityResultsPtr& results);
    void finished(const advlab::ui::FragilityResultsPtr& results);
    void failed(const QString& message);
    void cancelled();

private:
    struct WorkerState;
    void finish();

    std::shared_ptr<WorkerState> m_state; // touched only on the compute thread
    LatestJobWorker m_worker;             // last: destroyed (joined) first
};

} // namespace advlab::ui
