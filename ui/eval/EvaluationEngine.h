// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "LatestJobWorker.h"

#include <QObject>
#include <QString>
#include <advlab/MinEpsilon.h>
#include <advlab/ScoreMatrix.h>
#include <advlab/Sweep.h>
#include <memory>

namespace advlab::ui {

// One evaluation run: an ε sweep, a score matrix or a minimal-ε search on the
// first `imageLimit` images of a dataset.
struct EvaluationJob {
    enum class Kind { Sweep, Matrix, MinEpsilon } kind = Kind::Sweep;
    QString datasetPath;
    QString modelPath;               // "a.pt,b.pt": an ensemble (Classifier::ensemble)
    std::vector<float> modelWeights; // for an ensemble; empty: equal
    int imageLimit = 20;
    SweepRequest sweep;           // for Kind::Sweep
    ScoreMatrixRequest matrix;    // for Kind::Matrix
    MinEpsilonRequest minEpsilon; // for Kind::MinEpsilon
};

// The evaluation window's compute thread (LatestJobWorker, on the same
// WorkerAdapter as ComputeEngine: one thread, one token per job, results posted back as plain
// values). The dataset's images and the model are loaded there once and
// reused while the paths and the image count stay the same. Only the latest
// run reports; a superseded run's results are dropped.
class EvaluationEngine : public QObject {
    Q_OBJECT

public:
    explicit EvaluationEngine(QObject* parent = nullptr);
    ~EvaluationEngine() override;

    void start(const EvaluationJob& job); // supersedes (and cancels) a running one
    void cancel();
    bool isRunning() const { return m_worker.isRunning(); }
    bool waitIdleFor(int ms) { return m_worker.waitIdleFor(ms); }

Q_SIGNALS:
    void progress(int done, int total, const QString& stage);
    // Live results of the running job, on the GUI thread, each exactly as it
    // will stand in the final result (a superseded job's are dropped too).
    void sweepPointFinished(const advlab::SweepRow& row);
    void matrixCellFinished(const advlab::ScoreMatrixCell& cell);
    void sweepFinished(const advlab::SweepResult& result);
    void matrixFinished(const advlab::ScoreMatrix& result);
    void minEpsilonFinished(const advlab::MinEpsilonResult& result);
    void failed(const QString& message);
    void cancelled();

private:
    struct WorkerState;
    void finish();

    std::shared_ptr<WorkerState> m_state; // touched only on the compute thread
    LatestJobWorker m_worker;             // last: destroyed (joined) first
};

} // namespace advlab::ui

Q_DECLARE_METATYPE(advlab::SweepRow)
Q_DECLARE_METATYPE(advlab::ScoreMatrixCell)
