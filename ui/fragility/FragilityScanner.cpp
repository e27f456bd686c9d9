// SPDX-License-Identifier: GPL-3.0-or-later
#include "FragilityScanner.h"

#include "FileIdentity.h"
#include "ObserverList.h"

#include <advlab/Attack.h>
#include <advlab/Classifier.h>
#include <advlab/Dataset.h>
#include <advlab/Defence.h>
#include <advlab/MinEpsilon.h>
#include <advlab/ObserverModels.h>
#include <algorithm>

namespace advlab::ui {

namespace {
// A model file as the scanner last loaded it: a file rewritten in place (a
// retrained model under the same name) is loaded again, not answered for by
// the old weights, since the cache keys it by the same identity.
std::string loadedIdentity(const std::string& path) {
    return fileIdentity(QString::fromStdString(path)).toStdString();
}
} // namespace

struct FragilityScanner::WorkerState {
    std::string modelKey;
    std::unique_ptr<Classifier> model;
    std::string judgeKey;  // the judge (and its file) whose model `judges` holds
    ObserverModels judges; // the current judge's model, loaded once for all chunks and scans
};

FragilityScanner::FragilityScanner(QObject* parent)
    : QObject(parent), m_state(std::make_shared<WorkerState>()), m_worker(this) {
    qRegisterMetaType<FragilityResultsPtr>();
}

FragilityScanner::~FragilityScanner() = default;

void FragilityScanner::start(const FragilityRequest& request) {
    auto state = m_state;
    m_worker.start([this, state, request](const CancelToken& token, const LatestJobWorker::Report& report) {
        auto cancelledNow = [&] {
            report([this] {
                finish();
                Q_EMIT cancelled();
            });
        };
        try {
            const Dataset dataset = Dataset::open(request.datasetRoot.toStdString());
            std::vector<std::string> paths;
            for (const QString& p : request.modelPaths)
                paths.push_back(p.toStdString());
            std::vector<float> weights(request.modelWeights.begin(), request.modelWeights.end());
            std::string modelKey;
            for (const auto& p : paths)
                modelKey += loadedIdentity(p) + ",";
            for (float w : weights)
                modelKey += "|" + std::to_string(w);
            if (!state->model || state->modelKey != modelKey) {
                state->judges = ObserverModels(); // loaded on the old model's device
                state->judgeKey.clear();
                state->model.reset();
                state->model = std::make_unique<Classifier>(Classifier::loadAll(paths, weights));
                state->modelKey = modelKey;
            }
            const Classifier& model = *state->model;
            const std::string judge =
                request.judgedElsewhere() ? request.judge.trimmed().toStdString() : "none";
            if (request.judgedElsewhere()) {
                const DefenceConfig d = parseDefence(judge);
                const std::string judgeKey =
                    d.key() + (d.usesOwnModel() ? "@" + loadedIdentity(d.modelPath) : "");
                if (state->judgeKey != judgeKey) { // only the current judge stays loaded
                    state->judges = ObserverModels();
                    state->judgeKey.clear();
                }
                state->judges.preload(model, judge); // a bad judge fails before any attack
                state->judgeKey = judgeKey;
            }

            auto results = std::make_shared<FragilityResults>();
            results->mode = request.mode;
            results->maxEpsilon = request.maxEpsilon;
            const AttackConfig config = request.keyedConfig();
            results->epsilon = config.epsilon;
            // A minimal-ε scan searches ε, so its title names the attack alone.
            results->attack = request.mode == FragilityMode::MinEpsilon
                                  ? QString::fromStdString(config.attackName()) +
                                        (config.effectiveIterations() > 1
                                             ? tr(", %1 steps").arg(config.effectiveIterations())
                                             : QString())
                                  : QString::fromStdString(config.describe());
            if (request.judgedElsewhere())
                results->attack +=
                    tr(", judged by %1").arg(ObserverList::displayName(request.judge.trimmed()));
            const int total = static_cast<int>(dataset.size());
            results->values.assign(dataset.size(), FragilityResults::kNotScanned);

            for (int start = 0; start < total; start += kChunk) {
                const int end = std::min(total, start + kChunk);
                std::vector<Image8> images;
                std::vector<int> labels, indices;
                for (int i = start; i < end; ++i) {
                    if (token.isCancelled())
                        return cancelledNow();
                    const auto& entry = dataset.entry(static_cast<std::size_t>(i));
                    if (!entry.problem.empty())
                        continue;
                    try {
                        images.push_back(dataset.loadImage(static_cast<std::size_t>(i)));
                    } catch (const std::exception&) {
                        continue; // an unreadable image stays kNotScanned
                    }
                    labels.push_back(entry.trueLabel);
                    indices.push_back(i);
                }
                // Progress inside the chunk, scaled to its images.
                const int chunkImages = end - start;
                auto inChunk = [report, this, start, chunkImages, total](int done, int of) {
                    const int d =
                        start +
                        (of > 0 ? static_cast<int>(static_cast<long long>(done) * chunkImages / of) : 0);
                    report([this, d, total] { Q_EMIT progress(d, total); });
                };
                if (!images.empty()) {
                    if (request.mode == FragilityMode::MinEpsilon) {
                        MinEpsilonRequest req;
                        req.attacks = {config};
                        req.maxEpsilon = request.maxEpsilon;
                        req.defence = judge;
                        const MinEpsilonResult r = runMinEpsilon(
                            model, images, labels, {}, req,
                            [&](const EvaluationProgress& p) { inChunk(p.done, p.total); }, &token,
                            &state->judges);
                        if (r.cancelled)
                            return cancelledNow();
                        for (std::size_t k = 0; k < indices.size(); ++k) {
                            const int m = r.minEpsilon[0][k];
                            results->values[static_cast<std::size_t>(indices[k])] =
                                m == MinEpsilonResult::kNoAnswer ? FragilityResults::kNotScanned : m;
                        }
                    } else {
                        const AttackOutcome o = runAttack(
                            model, images, labels, {}, config,
                            [&](const AttackProgress& p) { inChunk(p.stepsDone, p.stepsTotal); }, &token);
                        if (o.cancelled)
                            return cancelledNow();
                        // The judge's verdict on the 8-bit images, as the
                        // minimal-ε search takes it (else the attack's own).
                        // Its reference is the label, else (as in the search) the
                        // judge's own clean prediction.
                        std::vector<Prediction> judged;
                        std::vector<int> reference = o.sourceLabels;
                        if (request.judgedElsewhere()) {
                            judged = state->judges.classify(model, judge, o.adversarial, &token);
                            if (judged.size() != o.adversarial.size() || token.isCancelled())
                                return cancelledNow();
                            if (std::any_of(labels.begin(), labels.end(), [](int l) { return l < 0; })) {
                                const auto clean = state->judges.classify(model, judge, images, &token);
                                if (clean.size() != images.size() || token.isCancelled())
                                    return cancelledNow();
                                for (std::size_t k = 0; k < labels.size(); ++k)
                                    if (labels[k] < 0)
                                        reference[k] = clean[k].isValid() ? clean[k].label() : -1;
                            }
                        }
                        for (std::size_t k = 0; k < indices.size(); ++k) {
                            const Prediction& verdict = judged.empty() ? o.predictions[k] : judged[k];
                            if (o.failed(k) || !verdict.isValid() || reference[k] < 0)
                                continue;
                            results->values[static_cast<std::size_t>(indices[k])] =
                                verdict.label() != reference[k] ? 1 : 0;
                        }
                    }
                }
                FragilityResultsPtr snapshot = std::make_shared<FragilityResults>(*results);
                report([this, snapshot, end, total] {
                    Q_EMIT progress(end, total);
                    if (end < total)
                        Q_EMIT partialResults(snapshot);
                });
            }
            FragilityResultsPtr done = results;
            report([this, done] {
                finish();
                Q_EMIT finished(done);
            });
        } catch (const std::exception& e) {
            const QString message = QString::fromStdString(e.what());
            report([this, message] {
                finish();
                Q_EMIT failed(message.isEmpty() ? tr("unknown error") : message);
            });
        }
    });
}

void FragilityScanner::cancel() {
    m_worker.cancel();
}

void FragilityScanner::finish() {
    m_worker.finish();
}

} // namespace advlab::ui
