// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "InteractiveRequests.h"

#include <QHash>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <advlab/Attribution.h>
#include <advlab/CancelToken.h>
#include <memory>
#include <optional>
#include <vector>

namespace advlab::ui {

class ComputeEngine;

using AttributionMapPtr = std::shared_ptr<const AttributionMap>;
using AttributionMaps = QList<AttributionMapPtr>; // one per requested image

// Attribution maps (SmoothGrad, integrated gradients: core's
// computeAttribution) of the attacked model's top class, on the compute
// thread behind the attacks. An interactive request cancels the previous
// interactive one through its token (checked between gradient batches) and
// drops its answer; exports ask non-interactively. Maps are cached by image
// content, options and model.
//
// Owned by the ComputeEngine (its parent), whose compute thread is joined
// before its children are destroyed.
class AttributionEngine : public QObject {
    Q_OBJECT

public:
    explicit AttributionEngine(ComputeEngine* engine);

    quint64 request(const std::vector<Image8>& images, const AttributionOptions& options,
                    bool interactive = true);
    // Also on every new triptych request: the attack goes first.
    void cancelInteractive();
    std::optional<AttributionMaps> cached(const std::vector<Image8>& images,
                                          const AttributionOptions& options) const;
    int cacheSize() const { return static_cast<int>(m_cache.size()); }

Q_SIGNALS:
    void ready(quint64 id, const advlab::ui::AttributionMaps& maps);
    void failed(quint64 id, const QString& message);
    void cancelled(quint64 id);
    // Gradient samples done out of the total, of the latest interactive request.
    void progress(int done, int total);

private:
    QString cacheKey(const Image8& image, const AttributionOptions& options) const;

    ComputeEngine* m_engine;
    QHash<QString, AttributionMapPtr> m_cache;
    InteractiveRequests m_requests;
};

} // namespace advlab::ui

Q_DECLARE_METATYPE(advlab::ui::AttributionMaps)
