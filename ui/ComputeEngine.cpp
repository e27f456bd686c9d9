// SPDX-License-Identifier: GPL-3.0-or-later
#include "ComputeEngine.h"

#include "FileIdentity.h"
#include "TriptychAttack.h"

#include <QMetaObject>
#include <QPointer>
#include <advlab/Attack.h>
#include <advlab/Classifier.h>
#include <advlab/Defence.h>
#include <advlab/Errors.h>
#include <advlab/Metrics.h>
#include <advlab/MinEpsilon.h>
#include <advlab/ObserverModels.h>
#include <advlab/ThreadPolicy.h>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <stdexcept>

namespace advlab::ui {

struct ComputeEngine::WorkerState {
    std::unique_ptr<Classifier> model;
    // Issue 12: intra-op threads of interactive jobs follow the competing load.
    AdaptiveThreads threads;
    std::atomic<int> lastThreads{0};
    QString path;
    QString loadError;
    // The per-image minimal-ε search's judge (Scan dataset → Judged by), on
    // the attacked model's device; only the current one stays loaded.
    ObserverModels judges;
    std::string judgeKey;
};

// One image of a job, with what the cache could not answer.
struct ComputeEngine::JobItem {
    TriptychRequest request;
    QString cleanKey, untargetedKey, targetedKey;
    std::optional<Prediction> clean;
    AttackPartPtr untargeted, targeted;
};

struct ComputeEngine::JobOutput {
    bool cancelled = false;
    QString error;
    QString modelPath;
    std::vector<std::optional<Prediction>> clean; // per item, set where computed
    std::vector<AttackPartPtr> untargeted, targeted;
    double seconds = 0.0;
};

namespace {

using Clock = std::chrono::steady_clock;

int leastLikely(const Prediction& p) {
    if (p.probs.empty())
        return -1;
    return static_cast<int>(std::min_element(p.probs.begin(), p.probs.end()) - p.probs.begin());
}

// Runs on the compute thread: classifies and attacks whatever the cache did
// not have. Progress is reported over both attacks together.
ComputeEngine::JobOutput runItems(const Classifier& model, const std::vector<ComputeEngine::JobItem>& items,
                                  const CancelToken& token, const std::function<void(int, int)>& progress,
                                  const std::function<void(const std::vector<Prediction>&)>& cleanDone,
                                  const std::function<void(ReplayFrame)>& frames) {
    const auto started = Clock::now();
    ComputeEngine::JobOutput out;
    out.modelPath = QString::fromStdString(model.path());
    const std::size_t n = items.size();
    out.clean.resize(n);
    out.untargeted.resize(n);
    out.targeted.resize(n);
    if (n == 0)
        return out;
    const AttackConfig base = items.front().request.config;

    // Clean predictions: needed for display and to pick least-likely targets.
    std::vector<Prediction> clean(n);
    {
        std::vector<Image8> images;
        std::vector<std::size_t> which;
        for (std::size_t i = 0; i < n; ++i) {
            if (items[i].clean) {
                clean[i] = *items[i].clean;
            } else {
                images.push_back(items[i].request.original);
                which.push_back(i);
            }
        }
        if (!images.empty()) {
            auto preds = model.classify(images, 16, &token);
            if (preds.size() != images.size()) {
                out.cancelled = true;
                return out;
            }
            for (std::size_t k = 0; k < which.size(); ++k) {
                clean[which[k]] = preds[k];
                out.clean[which[k]] = preds[k];
            }
        }
    }

    if (cleanDone)
        cleanDone(clean);

    // Issue 12: both attacks of every image as one mixed batch (TriptychAttack.cpp).
    TriptychAttackInput input;
    for (std::size_t i = 0; i < n; ++i) {
        const auto& r = items[i].request;
        input.requests.push_back(&r);
        input.targets.push_back(r.targetClass >= 0 ? r.targetClass : leastLikely(clean[i]));
        input.sources.push_back(r.trueLabel >= 0 ? r.trueLabel : clean[i].label());
        input.needUntargeted.push_back(!items[i].untargeted);
        input.needTargeted.push_back(!items[i].targeted);
    }
    if (!runTriptychAttacks(model, base, input, token, progress, frames, out.untargeted, out.targeted)) {
        out.cancelled = true;
        return out;
    }
    out.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    return out;
}

} // namespace

ComputeEngine::ComputeEngine(QObject* parent)
    : QObject(parent), m_worker(std::make_shared<WorkerState>()), m_adapter(this) {
    qRegisterMetaType<TriptychResultPtr>();
    qRegisterMetaType<TriptychResultList>();
    qRegisterMetaType<Prediction>();
    qRegisterMetaType<ReplayFramePtr>();
}

int ComputeEngine::interactiveThreads() const {
    return m_worker->lastThreads.load();
}

// ~WorkerAdapter (the last member) cancels and joins first, so the join waits
// for at most one gradient step; results posted meanwhile die with this
// QObject's event queue.
ComputeEngine::~ComputeEngine() = default;

void ComputeEngine::jobStarted() {
    if (m_outstanding++ == 0)
        Q_EMIT busyChanged(true);
}

void ComputeEngine::jobEnded() {
    if (--m_outstanding == 0)
        Q_EMIT busyChanged(false);
}

void ComputeEngine::loadModel(const QString& path) {
    loadModels({path}, {});
}

QString ComputeEngine::modelKey(const QStringList& paths, const QList<float>& weights) {
    QString key = paths.join(QLatin1Char(','));
    if (!weights.isEmpty()) {
        QStringList w;
        for (float x : weights)
            w << QString::number(static_cast<double>(x), 'g', 9);
        key += QStringLiteral("|weights=") + w.join(QLatin1Char(','));
    }
    return key;
}

void ComputeEngine::loadModels(const QStringList& paths, const QList<float>& weights) {
    cancelAll();
    // An ensemble (Dong et al. 2018, logit fusion) is one model to the rest
    // of the engine; its key, which caches and results carry, names every
    // member and the weights, so other weights never reuse its results.
    const QString path = modelKey(paths, weights);
    m_modelPath = path;
    m_memberPaths = paths;
    m_modelWeights = weights;
    m_modelReady = false;
    m_modelError = false;
    m_deviceName.clear();
    jobStarted();
    auto worker = m_worker;
    std::vector<std::string> files;
    for (const QString& p : paths)
        files.push_back(p.toStdString());
    const std::vector<float> w(weights.begin(), weights.end());
    m_adapter.submit([this, worker, path, files, w](const CancelToken&) {
        const auto started = Clock::now();
        worker->threads.update(); // issue 12: the first triptych's thread choice sees the load time
        QString error, device;
        try {
            worker->model.reset();
            worker->judges = ObserverModels(); // loaded on the old model's device
            worker->judgeKey.clear();
            worker->path.clear();
            auto model = Classifier::loadAll(files, w);
            device = QString::fromStdString(model.deviceName());
            worker->model = std::make_unique<Classifier>(std::move(model));
            worker->path = path;
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
        m_adapter.post([this, path, error, device, seconds] {
            jobEnded();
            if (path != m_modelPath)
                return; // a newer model was asked for meanwhile
            if (!error.isEmpty()) {
                m_modelError = true;
                Q_EMIT modelFailed(path, error);
                return;
            }
            m_modelReady = true;
            m_deviceName = device;
            Q_EMIT modelLoaded(path, device, seconds);
        });
    });
}

QString ComputeEngine::minEpsilonKey(const TriptychRequest& r, const QString& judge) const {
    AttackConfig c = r.config;
    c.epsilon = 1; // the search's variable; every other setting counts
    c.targeted = false;
    QString key = QStringLiteral("%1\n%2\n%3\n%4\n%5")
                      .arg(m_modelPath, r.datasetRoot)
                      .arg(r.imageIndex)
                      .arg(QString::fromStdString(c.cacheKey()))
                      .arg(r.targetClass);
    if (judge != QLatin1String("none")) {
        // The judge's model by file identity: a retrained file is another judge.
        key += QStringLiteral("\njudge=") + judge;
        try {
            const DefenceConfig d = parseDefence(judge.toStdString());
            if (d.usesOwnModel())
                key += QLatin1Char('@') + fileIdentity(QString::fromStdString(d.modelPath));
        } catch (const std::exception&) {
        }
    }
    return key;
}

std::optional<ComputeEngine::MinEpsilon> ComputeEngine::knownMinEpsilon(const TriptychRequest& request,
                                                                        const QString& judge) const {
    const auto it = m_minEpsilon.constFind(minEpsilonKey(request, judge));
    if (it == m_minEpsilon.constEnd())
        return std::nullopt;
    return *it;
}

void ComputeEngine::requestMinEpsilon(const TriptychRequest& request, int maxEpsilon, const QString& judge) {
    jobStarted();
    auto worker = m_worker;
    const QString key = minEpsilonKey(request, judge);
    const QString expectedModel = m_modelPath;
    const std::string judgeKey = key.section(QStringLiteral("\njudge="), 1).toStdString(); // "" for none
    m_adapter.submit(
        [this, worker, request, key, expectedModel, maxEpsilon, judge, judgeKey](const CancelToken& token) {
            MinEpsilon answer;
            answer.maxEpsilon = maxEpsilon;
            QString error;
            bool cancelled = false;
            try {
                if (!worker->model || worker->path != expectedModel)
                    throw std::runtime_error("no model is loaded");
                const Classifier& model = *worker->model;
                int target = request.targetClass;
                if (target < 0) { // as the triptych: the clean prediction's least likely class
                    const auto clean = model.classify({request.original}, 1, &token);
                    if (clean.empty())
                        throw std::runtime_error("cancelled");
                    target = leastLikely(clean.front());
                }
                MinEpsilonRequest req;
                req.maxEpsilon = maxEpsilon;
                req.defence = judge.toStdString();
                for (bool targeted : {false, true}) {
                    AttackConfig c = request.config;
                    c.targeted = targeted;
                    req.attacks.push_back(c);
                }
                if (worker->judgeKey != judgeKey) { // another judge, or its file changed
                    worker->judges = ObserverModels();
                    worker->judgeKey = judgeKey;
                }
                const MinEpsilonResult r = runMinEpsilon(model, {request.original}, {request.trueLabel},
                                                         {target}, req, {}, &token, &worker->judges);
                cancelled = r.cancelled;
                if (!cancelled) {
                    answer.untargeted = r.minEpsilon[0][0];
                    answer.targeted = r.minEpsilon[1][0];
                    answer.targetClass = target;
                }
            } catch (const std::exception& e) {
                cancelled = token.isCancelled();
                error = QString::fromStdString(e.what());
            }
            m_adapter.post([this, key, answer, error, cancelled, expectedModel, index = request.imageIndex] {
                jobEnded();
                if (cancelled)
                    return;
                if (!error.isEmpty()) {
                    Q_EMIT minEpsilonFailed(index, error);
                    return;
                }
                if (expectedModel != m_modelPath)
                    return; // answered for a model since replaced
                m_minEpsilon.insert(key, answer);
                Q_EMIT minEpsilonReady(index);
            });
        });
}

std::vector<ComputeEngine::JobItem> ComputeEngine::planItems(const std::vector<TriptychRequest>& requests,
                                                             bool* allCached) {
    std::vector<JobItem> items;
    items.reserve(requests.size());
    *allCached = true;
    for (const auto& r : requests) {
        JobItem item;
        item.request = r;
        item.request.config.targeted = false;
        item.cleanKey = ResultCache::cleanKey(m_modelPath, r.datasetRoot, r.imageIndex);
        item.untargetedKey =
            ResultCache::partKey(m_modelPath, r.datasetRoot, r.imageIndex, r.config, false, r.targetClass);
        item.targetedKey =
            ResultCache::partKey(m_modelPath, r.datasetRoot, r.imageIndex, r.config, true, r.targetClass);
        item.clean = m_cache.clean(item.cleanKey);
        item.untargeted = m_cache.part(item.untargetedKey);
        item.targeted = m_cache.part(item.targetedKey);
        *allCached = *allCached && item.clean && item.untargeted && item.targeted;
        items.push_back(std::move(item));
    }
    return items;
}

void ComputeEngine::storeOutput(const std::vector<JobItem>& items, const JobOutput& out) {
    if (out.modelPath != m_modelPath)
        return; // computed by a model that has since been replaced
    for (std::size_t i = 0; i < items.size() && i < out.clean.size(); ++i) {
        if (out.clean[i])
            m_cache.insertClean(items[i].cleanKey, *out.clean[i]);
        if (out.untargeted[i])
            m_cache.insertPart(items[i].untargetedKey, out.untargeted[i]);
        if (out.targeted[i])
            m_cache.insertPart(items[i].targetedKey, out.targeted[i]);
    }
}

TriptychResultPtr ComputeEngine::assemble(const JobItem& item, const JobOutput* out, std::size_t i,
                                          quint64 generation) {
    auto r = std::make_shared<TriptychResult>();
    r->generation = generation;
    r->datasetRoot = item.request.datasetRoot;
    r->modelPath = m_modelPath;
    r->imageIndex = item.request.imageIndex;
    r->imageId = item.request.imageId;
    r->trueLabel = item.request.trueLabel;
    r->config = item.request.config;
    r->config.targeted = false;
    r->original = item.request.original;
    r->fromCache = out == nullptr;
    r->computeSeconds = out ? out->seconds : 0.0;
    r->clean = item.clean ? *item.clean : (out && out->clean[i] ? *out->clean[i] : Prediction{});
    r->untargeted = item.untargeted ? item.untargeted : (out ? out->untargeted[i] : nullptr);
    r->targeted = item.targeted ? item.targeted : (out ? out->targeted[i] : nullptr);
    return r;
}

CancelToken ComputeEngine::submitItems(std::vector<JobItem> items, bool interactive, quint64 id) {
    jobStarted();
    auto worker = m_worker;
    const QString expectedModel = m_modelPath;
    auto shared = std::make_shared<std::vector<JobItem>>(std::move(items));
    const Generation& generation = interactive ? m_generation : m_batchId;
    // `token` is the job's one token: the same one the GUI thread keeps to cancel it.
    return m_adapter.submit(
        [this, worker, shared, interactive, id, expectedModel, &generation](const CancelToken& token) {
            auto out = std::make_shared<JobOutput>();
            if (token.isCancelled()) {
                out->cancelled = true;
            } else if (!worker->model || worker->path != expectedModel) {
                out->error = expectedModel.isEmpty()
                                 ? QStringLiteral("no model is loaded")
                                 : QStringLiteral("the model %1 is not loaded").arg(expectedModel);
            } else {
                try {
                    auto report = [this, interactive, id, &generation](int done, int total) {
                        m_adapter.postIfCurrent(generation, id, [this, interactive, done, total] {
                            if (interactive)
                                Q_EMIT progress(done, total);
                            else
                                Q_EMIT batchProgress(done, total);
                        });
                    };
                    auto cleanDone = [this, interactive, id, shared](const std::vector<Prediction>& clean) {
                        if (!interactive || clean.empty())
                            return;
                        const Prediction first = clean.front();
                        m_adapter.post([this, id, shared, first] {
                            m_cache.insertClean(shared->front().cleanKey, first);
                            if (m_generation.isCurrent(id))
                                Q_EMIT cleanPredictionReady(id, shared->front().request.imageIndex, first);
                        });
                    };
                    std::function<void(ReplayFrame)> frames;
                    if (interactive) {
                        worker->lastThreads = applyAdaptiveThreads(worker->threads);
                        frames = [this, id](ReplayFrame f) {
                            f.generation = id;
                            auto frame = std::make_shared<const ReplayFrame>(std::move(f));
                            m_adapter.postIfCurrent(m_generation, id,
                                                    [this, frame] { Q_EMIT triptychStep(frame); });
                        };
                    }
                    *out = runItems(*worker->model, *shared, token, report, cleanDone, frames);
                    out->modelPath = worker->path; // the engine's key: an ensemble's includes its weights
                } catch (const std::exception& e) {
                    out->error = QString::fromStdString(e.what());
                }
            }
            m_adapter.post([this, shared, out, interactive, id, token] {
                jobEnded();
                storeOutput(*shared, *out);
                m_batchTokens.erase(std::remove_if(m_batchTokens.begin(), m_batchTokens.end(),
                                                   [&](const CancelToken& t) { return t.sameAs(token); }),
                                    m_batchTokens.end());
                if (interactive) {
                    if (!m_generation.isCurrent(id))
                        return; // stale: a newer request owns the display
                    if (out->cancelled)
                        Q_EMIT triptychCancelled(id);
                    else if (!out->error.isEmpty())
                        Q_EMIT triptychFailed(id, out->error);
                    else
                        Q_EMIT triptychReady(assemble(shared->front(), out.get(), 0, id));
                    return;
                }
                if (out->cancelled) {
                    Q_EMIT batchCancelled(id);
                } else if (!out->error.isEmpty()) {
                    Q_EMIT batchFailed(id, out->error);
                } else {
                    TriptychResultList results;
                    for (std::size_t i = 0; i < shared->size(); ++i)
                        results.push_back(assemble((*shared)[i], out.get(), i, id));
                    Q_EMIT batchReady(id, results);
                }
            });
        });
}

quint64 ComputeEngine::requestTriptych(const TriptychRequest& request, bool recompute) {
    const quint64 generation = m_generation.next();
    if (m_triptychToken)
        m_triptychToken->cancel();
    m_triptychToken.reset();

    bool allCached = false;
    auto items = planItems({request}, &allCached);
    if (recompute) {
        items.front().untargeted = nullptr;
        items.front().targeted = nullptr;
        allCached = false;
    }
    Q_EMIT triptychStarted(generation);
    if (allCached) {
        Q_EMIT triptychReady(assemble(items.front(), nullptr, 0, generation));
        return generation;
    }
    if (items.front().clean)
        Q_EMIT cleanPredictionReady(generation, request.imageIndex, *items.front().clean);
    m_triptychToken = submitItems(std::move(items), true, generation);
    return generation;
}

quint64 ComputeEngine::requestBatch(const std::vector<TriptychRequest>& requests) {
    const quint64 id = m_batchId.next();
    bool allCached = false;
    auto items = planItems(requests, &allCached);
    if (allCached) {
        // Answer asynchronously anyway so callers see one protocol.
        TriptychResultList results;
        for (std::size_t i = 0; i < items.size(); ++i)
            results.push_back(assemble(items[i], nullptr, i, id));
        QMetaObject::invokeMethod(
            this, [this, id, results] { Q_EMIT batchReady(id, results); }, Qt::QueuedConnection);
        return id;
    }
    m_batchTokens.push_back(submitItems(std::move(items), false, id));
    return id;
}

void ComputeEngine::cancelTriptych() {
    if (m_triptychToken)
        m_triptychToken->cancel();
}

void ComputeEngine::cancelAll() {
    cancelTriptych();
    for (auto& t : m_batchTokens)
        t.cancel();
    m_batchTokens.clear();
    m_adapter.cancelAll();
}

// Issue 12: observers and attribution maps share the attacked model with the
// attacks, so they run as ordinary jobs on the same thread. Not counted in
// isBusy(): they are forward passes after the result is already shown.
CancelToken ComputeEngine::runWithModel(ModelWork work) {
    auto worker = m_worker;
    return m_adapter.submit([worker, work = std::move(work)](const CancelToken& token) {
        work(worker->model.get(), worker->model ? worker->path : QString(), token);
    });
}

} // namespace advlab::ui
