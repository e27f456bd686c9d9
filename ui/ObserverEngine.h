// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "InteractiveRequests.h"
#include "ObserverResult.h"

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QStringList>
#include <advlab/CancelToken.h>
#include <advlab/Image8.h>
#include <memory>
#include <optional>
#include <vector>

namespace advlab {
class ObserverModels;
}

namespace advlab::ui {

class ComputeEngine;

// Observers on the compute thread (issue 12): forward-only predictions of
// other classifiers, or of the attacked model behind a defence, for any 8-bit
// images (a triptych's three, an attack replay's steps, an export's rows).
// Jobs queue behind the attack on ComputeEngine's thread, so they never
// delay its result; observer models are loaded there once and kept. Answers
// are cached by image content and observer key (and the attacked model, for
// keys that use it), so a repeated image costs nothing.
//
// Owned by the ComputeEngine (its parent), whose compute thread is joined
// before its children are destroyed.
class ObserverEngine : public QObject {
    Q_OBJECT

public:
    explicit ObserverEngine(ComputeEngine* engine);
    ~ObserverEngine() override;

    // Asks for every key's prediction of every image; answered with `ready`
    // (always asynchronously, also when all is cached). An interactive
    // request cancels the previous interactive one, whose answer is dropped.
    quint64 request(const std::vector<Image8>& images, const QStringList& keys, bool interactive = true);
    // The cached answer, or nullopt.
    // Cancels the interactive request (its answer is dropped). A new triptych
    // request does this too: the attack must not wait behind observers of
    // images no longer wanted.
    void cancelInteractive();
    std::optional<ObserverRows> cached(const std::vector<Image8>& images, const QStringList& keys) const;
    int cacheSize() const { return static_cast<int>(m_cache.size()); }
    // Jobs run on the compute thread so far (cache misses): for tests.
    int jobsRun() const { return m_jobsRun; }

    // "sha1 of the pixels and size": the image half of a cache key.
    static QByteArray imageDigest(const Image8& image);

Q_SIGNALS:
    void ready(quint64 id, const advlab::ui::ObserverRows& rows);
    void cancelled(quint64 id);

private:
    QString cacheKey(const QByteArray& digest, const QString& key) const;

    ComputeEngine* m_engine;
    std::shared_ptr<ObserverModels> m_models; // touched on the compute thread only
    QHash<QString, ObserverPrediction> m_cache;
    InteractiveRequests m_requests;
    int m_jobsRun = 0;
};

} // namespace advlab::ui
