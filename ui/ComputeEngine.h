// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ReplayFrame.h"
#include "ResultCache.h"
#include "TriptychResult.h"
#include "WorkerAdapter.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <advlab/CancelToken.h>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace advlab {
class Classifier;
}

namespace advlab::ui {

using TriptychResultList = QList<TriptychResultPtr>;

// The Qt adapter around core's JobRunner: one long-lived compute thread owns
// the classifier (cmake-gui's engine-behind-a-thread pattern), and the GUI
// thread only ever sees finished plain values.
//
// Interactive requests follow Qt's Mandelbrot example: each new request gets
// a higher generation, cancels the previous job's token directly from the GUI
// thread (an atomic flag the attack checks before every gradient step), and
// results from older generations are dropped, so a stale attack can never
// overwrite a newer one. Finished parts are cached even when stale, because
// they are still correct for their own settings.
//
// Batch requests (exports) run on the same thread with their own job and
// token, so moving a slider does not abort an export. WorkerAdapter (shared
// with EvaluationEngine) owns the thread, the posting and the generations.
class ComputeEngine : public QObject {
    Q_OBJECT

public:
    explicit ComputeEngine(QObject* parent = nullptr);
    ~ComputeEngine() override;

    // Loads a TorchScript classifier on the compute thread. In-flight attacks
    // are cancelled: their results would belong to the old model.
    void loadModel(const QString& path);
    // An ensemble attacked as one model by logit fusion (Dong et al. 2018,
    // section 3.2; Classifier::ensemble): every file in `paths`, with one
    // weight each or none for equal weights. One path and no weights is
    // loadModel. modelPath() is then modelKey(paths, weights).
    void loadModels(const QStringList& paths, const QList<float>& weights);
    static QString modelKey(const QStringList& paths, const QList<float>& weights);
    // The model file, or the key of an ensemble ("a.pt,b.pt|weights=1,3").
    QString modelPath() const { return m_modelPath; }
    QStringList memberPaths() const { return m_memberPaths; }    // the files behind modelPath()
    QList<float> modelWeights() const { return m_modelWeights; } // empty: equal
    bool isEnsemble() const { return m_memberPaths.size() > 1; }
    bool isModelReady() const { return m_modelReady; }
    bool hasModelError() const { return m_modelError; } // the last load failed
    QString deviceName() const { return m_deviceName; }

    // Returns the request's generation. A fully cached request is answered
    // before this returns, unless `recompute`: then the attacks run again
    // (the same images for a deterministic attack), so their steps can be
    // shown and replayed; the clean prediction still comes from the cache.
    quint64 requestTriptych(const TriptychRequest& request, bool recompute = false);
    quint64 latestGeneration() const { return m_generation.current(); }

    quint64 requestBatch(const std::vector<TriptychRequest>& requests);

    // Minimal ε of one image (core's runMinEpsilon), non-targeted and
    // targeted with the request's settings, on the compute thread. The
    // answer is remembered per model, image, settings and target, and
    // announced with minEpsilonReady. Cancelled by cancelAll only.
    // judge: whose decision counts, a defence key ("none": the attacked
    // model; "model:/path/other.pt": the minimal ε that transfers).
    void requestMinEpsilon(const TriptychRequest& request, int maxEpsilon = 64,
                           const QString& judge = QStringLiteral("none"));
    struct MinEpsilon {
        int untargeted = -1; // -1: not found within maxEpsilon; 0: fooled without an attack
        int targeted = -1;
        int targetClass = -1; // the class aimed at (0-based)
        int maxEpsilon = 64;
    };
    // The remembered answer for this request's image and settings (ε aside).
    std::optional<MinEpsilon> knownMinEpsilon(const TriptychRequest& request,
                                              const QString& judge = QStringLiteral("none")) const;

    void cancelTriptych(); // the interactive job only
    void cancelAll();      // interactive and batch jobs
    bool isBusy() const { return m_outstanding > 0; }
    // Intra-op threads the last interactive job ran with (0 before the first).
    int interactiveThreads() const;
    // After cancelAll: whether the compute thread went idle within `ms`. A
    // model stuck inside one forward pass cannot be interrupted.
    bool waitIdleFor(int ms) { return m_adapter.waitIdleFor(ms); }

    // Issue 12 (observers, attribution maps): runs `work` on the compute
    // thread after the jobs queued before it, with the attacked model and the
    // key it was loaded as (null and empty when none is loaded). The model is
    // the compute thread's: use it there only. Returns the job's token.
    using ModelWork =
        std::function<void(const Classifier* model, const QString& modelKey, const CancelToken&)>;
    CancelToken runWithModel(ModelWork work);
    // From the compute thread: runs `fn` on the GUI thread while this engine
    // lives (children of the engine outlive its compute thread).
    void postToGui(std::function<void()> fn) const { m_adapter.post(std::move(fn)); }

Q_SIGNALS:
    void modelLoaded(const QString& path, const QString& device, double seconds);
    void modelFailed(const QString& path, const QString& message);

    void minEpsilonReady(int imageIndex);
    void minEpsilonFailed(int imageIndex, const QString& message);

    void triptychStarted(quint64 generation);
    // The clean prediction of the requested image, before the attacks finish.
    void cleanPredictionReady(quint64 generation, int imageIndex, const advlab::Prediction& clean);
    // Every step of the latest interactive request's attacks (dropped once
    // stale), before triptychReady: the progressive display and the replay.
    void triptychStep(const advlab::ui::ReplayFramePtr& frame);
    void triptychReady(const advlab::ui::TriptychResultPtr& result);
    void triptychFailed(quint64 generation, const QString& message);
    void triptychCancelled(quint64 generation);

    void batchReady(quint64 batchId, const advlab::ui::TriptychResultList& results);
    void batchFailed(quint64 batchId, const QString& message);
    void batchCancelled(quint64 batchId);

    // Gradient steps done out of the total: of the latest triptych request,
    // and of the latest batch.
    void progress(int done, int total);
    void batchProgress(int done, int total);
    void busyChanged(bool busy);

public:
    struct JobItem;
    struct JobOutput;
    struct WorkerState;

private:
    std::vector<JobItem> planItems(const std::vector<TriptychRequest>& requests, bool* allCached);
    TriptychResultPtr assemble(const JobItem& item, const JobOutput* out, std::size_t index,
                               quint64 generation);
    void storeOutput(const std::vector<JobItem>& items, const JobOutput& out);
    CancelToken submitItems(std::vector<JobItem> items, bool interactive, quint64 id);
    QString minEpsilonKey(const TriptychRequest& request, const QString& judge) const;
    void jobStarted();
    void jobEnded();

    std::shared_ptr<WorkerState> m_worker; // touched only on the compute thread
    ResultCache m_cache;

    QString m_modelPath;
    QStringList m_memberPaths;
    QHash<QString, MinEpsilon> m_minEpsilon; // by minEpsilonKey
    QList<float> m_modelWeights;
    QString m_deviceName;
    bool m_modelReady = false;
    bool m_modelError = false;

    Generation m_generation; // interactive requests
    std::optional<CancelToken> m_triptychToken;
    Generation m_batchId; // batches
    std::vector<CancelToken> m_batchTokens;
    int m_outstanding = 0;
    WorkerAdapter m_adapter; // last: destroyed (joined) first
};

} // namespace advlab::ui

Q_DECLARE_METATYPE(advlab::ui::TriptychResultList)
