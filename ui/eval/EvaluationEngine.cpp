// SPDX-License-Identifier: GPL-3.0-or-later
#include "EvaluationEngine.h"

#include <advlab/Classifier.h>
#include <advlab/Dataset.h>
#include <advlab/Errors.h>
#include <algorithm>
#include <stdexcept>

namespace advlab::ui {

// Lives on the compute thread: the loaded images and model, reused between
// runs while the paths and the image count stay the same.
struct EvaluationEngine::WorkerState {
    std::string datasetKey;
    std::vector<Image8> images;
    std::vector<int> labels, targets;
    std::string modelKey; // paths and weights
    std::unique_ptr<Classifier> model;

    bool loadImages(const std::string& datasetPath, int limit, const CancelToken& token);
};

// Loads up to `limit` readable images, unless the same set is loaded already
// (an unreadable image is left out). False when cancelled meanwhile.
bool EvaluationEngine::WorkerState::loadImages(const std::string& datasetPath, int limit,
                                               const CancelToken& token) {
    const std::string key = datasetPath + "|" + std::to_string(limit);
    if (datasetKey == key)
        return true;
    datasetKey.clear();
    images.clear();
    labels.clear();
    targets.clear();
    const Dataset ds = Dataset::open(datasetPath);
    for (std::size_t i = 0; i < ds.size() && images.size() < static_cast<std::size_t>(limit); ++i) {
        if (token.isCancelled()) {
            images.clear();
            return false;
        }
        try {
            images.push_back(ds.loadImage(i));
            labels.push_back(ds.entry(i).trueLabel);
            targets.push_back(ds.entry(i).targetClass);
        } catch (const DataError&) {
        }
    }
    if (images.empty())
        throw DataError(datasetPath, 0, "no readable images");
    datasetKey = key;
    return true;
}

EvaluationEngine::EvaluationEngine(QObject* parent)
    : QObject(parent), m_state(std::make_shared<WorkerState>()), m_worker(this) {
    qRegisterMetaType<SweepRow>();
    qRegisterMetaType<ScoreMatrixCell>();
}

EvaluationEngine::~EvaluationEngine() = default;

void EvaluationEngine::start(const EvaluationJob& job) {
    const auto& attacks =
        job.kind == EvaluationJob::Kind::Matrix ? job.matrix.attacks : job.minEpsilon.attacks;
    const bool needsTargets =
        job.kind == EvaluationJob::Kind::Sweep
            ? job.sweep.targeted
            : std::any_of(attacks.begin(), attacks.end(), [](const AttackConfig& c) { return c.targeted; });
    auto state = m_state;
    m_worker.start([this, state, job, needsTargets](const CancelToken& token,
                                                    const LatestJobWorker::Report& report) {
        try {
            if (!state->loadImages(job.datasetPath.toStdString(), job.imageLimit, token)) {
                report([this] {
                    finish();
                    Q_EMIT cancelled();
                });
                return;
            }
            std::string modelKey = job.modelPath.toStdString();
            for (float w : job.modelWeights)
                modelKey += "|" + std::to_string(w);
            if (!state->model || state->modelKey != modelKey) {
                state->model.reset();
                state->model = std::make_unique<Classifier>(
                    Classifier::loadAll(splitModelList(job.modelPath.toStdString()), job.modelWeights));
                state->modelKey = modelKey;
            }
            if (needsTargets &&
                std::any_of(state->targets.begin(), state->targets.end(), [](int t) { return t < 0; }))
                throw std::invalid_argument(
                    "targeted attacks need a TargetClass for every image; this dataset "
                    "has none for some (use a competition-layout images.csv)");
            auto onProgress = [report, this](const EvaluationProgress& p) {
                const QString stage = QString::fromStdString(p.stage);
                report([this, p, stage] { Q_EMIT progress(p.done, p.total, stage); });
            };
            if (job.kind == EvaluationJob::Kind::Sweep) {
                SweepResult r = runSweep(*state->model, state->images, state->labels, state->targets,
                                         job.sweep, onProgress, &token, [report, this](const SweepRow& row) {
                                             report([this, row] { Q_EMIT sweepPointFinished(row); });
                                         });
                report([this, r = std::move(r)] {
                    finish();
                    if (r.cancelled)
                        Q_EMIT cancelled();
                    else
                        Q_EMIT sweepFinished(r);
                });
            } else if (job.kind == EvaluationJob::Kind::MinEpsilon) {
                MinEpsilonResult r = runMinEpsilon(*state->model, state->images, state->labels,
                                                   state->targets, job.minEpsilon, onProgress, &token);
                report([this, r = std::move(r)] {
                    finish();
                    if (r.cancelled)
                        Q_EMIT cancelled();
                    else
                        Q_EMIT minEpsilonFinished(r);
                });
            } else {
                ScoreMatrix m =
                    runScoreMatrix(*state->model, state->images, state->labels, state->targets, job.matrix,
                                   onProgress, &token, [report, this](const ScoreMatrixCell& cell) {
                                       report([this, cell] { Q_EMIT matrixCellFinished(cell); });
                                   });
                report([this, m = std::move(m)] {
                    finish();
                    if (m.cancelled)
                        Q_EMIT cancelled();
                    else
                        Q_EMIT matrixFinished(m);
                });
            }
        } catch (const std::exception& e) {
            const QString message = QString::fromStdString(e.what());
            report([this, message] {
                finish();
                Q_EMIT failed(message.isEmpty() ? tr("unknown error") : message);
            });
        }
    });
}

void EvaluationEngine::cancel() {
    m_worker.cancel();
}

void EvaluationEngine::finish() {
    m_worker.finish();
}

} // namespace advlab::ui
