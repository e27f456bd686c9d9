// SPDX-License-Identifier: GPL-3.0-or-later
#include "AttributionEngine.h"

#include "ComputeEngine.h"
#include "ObserverEngine.h"

#include <QMetaObject>
#include <exception>
#include <stdexcept>

namespace advlab::ui {

AttributionEngine::AttributionEngine(ComputeEngine* engine) : QObject(engine), m_engine(engine) {
    qRegisterMetaType<AttributionMaps>();
    // A new attack goes first: the maps of the images it replaces are not wanted.
    connect(engine, &ComputeEngine::triptychStarted, this, &AttributionEngine::cancelInteractive);
}

QString AttributionEngine::cacheKey(const Image8& image, const AttributionOptions& options) const {
    return QString::fromLatin1(ObserverEngine::imageDigest(image).toHex()) + QLatin1Char('\n') +
           QString::fromStdString(options.cacheKey()) + QLatin1Char('\n') + m_engine->modelPath();
}

std::optional<AttributionMaps> AttributionEngine::cached(const std::vector<Image8>& images,
                                                         const AttributionOptions& options) const {
    AttributionMaps maps;
    for (const Image8& im : images) {
        const auto it = m_cache.constFind(cacheKey(im, options));
        if (it == m_cache.constEnd())
            return std::nullopt;
        maps << *it;
    }
    return maps;
}

void AttributionEngine::cancelInteractive() {
    m_requests.cancel();
}

quint64 AttributionEngine::request(const std::vector<Image8>& images, const AttributionOptions& options,
                                   bool interactive) {
    const quint64 id = m_requests.begin(interactive);

    auto maps = std::make_shared<AttributionMaps>();
    std::vector<std::size_t> missing;
    std::vector<QString> keys;
    for (std::size_t i = 0; i < images.size(); ++i) {
        keys.push_back(cacheKey(images[i], options));
        const auto it = m_cache.constFind(keys.back());
        *maps << (it == m_cache.constEnd() ? AttributionMapPtr() : *it);
        if (it == m_cache.constEnd())
            missing.push_back(i);
    }
    if (missing.empty()) {
        QMetaObject::invokeMethod(
            this, [this, id, maps] { Q_EMIT ready(id, *maps); }, Qt::QueuedConnection);
        return id;
    }

    const QString expectedModel = m_engine->modelPath();
    auto work = [this, images, options, missing, maps, keys, id, interactive,
                 expectedModel](const Classifier* model, const QString& modelKey, const CancelToken& token) {
        std::vector<std::pair<std::size_t, AttributionMapPtr>> done;
        QString error;
        bool wasCancelled = false;
        const int total = static_cast<int>(missing.size()) *
                          (options.method == AttributionMethod::IntegratedGradients ? options.steps
                           : options.method == AttributionMethod::SmoothGrad        ? options.samples
                                                                                    : 1);
        int offset = 0;
        try {
            if (!model || modelKey != expectedModel)
                throw std::runtime_error(expectedModel.isEmpty()
                                             ? "no model is loaded"
                                             : "the model " + expectedModel.toStdString() + " is not loaded");
            for (std::size_t i : missing) {
                auto report = [&](int d, int) {
                    if (interactive)
                        m_engine->postToGui([this, id, d, offset, total] {
                            if (m_requests.wanted(id, true))
                                Q_EMIT progress(offset + d, total);
                        });
                };
                AttributionMap map = computeAttribution(*model, images[i], options, &token, report);
                if (map.cancelled) {
                    wasCancelled = true;
                    break;
                }
                offset += total / static_cast<int>(missing.size());
                done.emplace_back(i, std::make_shared<const AttributionMap>(std::move(map)));
            }
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        m_engine->postToGui([this, done, maps, keys, id, interactive, wasCancelled, error, expectedModel] {
            // Finished maps are correct for their own image even when stale.
            for (const auto& [i, map] : done) {
                (*maps)[static_cast<qsizetype>(i)] = map;
                if (expectedModel == m_engine->modelPath())
                    m_cache.insert(keys[i], map);
            }
            if (!m_requests.wanted(id, interactive))
                return;
            if (wasCancelled)
                Q_EMIT cancelled(id);
            else if (!error.isEmpty())
                Q_EMIT failed(id, error);
            else
                Q_EMIT ready(id, *maps);
        });
    };
    m_requests.started(id, m_engine->runWithModel(std::move(work)));
    return id;
}

} // namespace advlab::ui
