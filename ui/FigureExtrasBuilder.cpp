// SPDX-License-Identifier: GPL-3.0-or-later
#include "FigureExtrasBuilder.h"

#include "AttributionEngine.h"
#include "ObserverEngine.h"
#include "ObserverPresenter.h"

namespace advlab::ui {

FigureExtrasBuilder::FigureExtrasBuilder(ObserverEngine* observers, AttributionEngine* attribution,
                                         QObject* parent)
    : QObject(parent), m_observers(observers), m_attribution(attribution) {
    connect(m_observers, &ObserverEngine::ready, this, [this](quint64 id, const ObserverRows& rows) {
        if (id != m_observerId || m_observersDone)
            return;
        for (int i = 0; i < rows.size() && i < m_cells.size(); ++i) {
            const auto [row, column] = m_cells[i];
            const TriptychResult& r = *m_rows[row];
            QList<ObserverLine> lines;
            for (const ObserverPrediction& o : rows[i])
                lines << ObserverPresenter::lineFor(o, column, r.trueLabel, r.sourceLabel(), r.targetClass(),
                                                    m_categories);
            m_extras.observers[row][static_cast<std::size_t>(column)] = lines;
        }
        m_observersDone = true;
        finishIfDone();
    });
    connect(m_attribution, &AttributionEngine::ready, this, [this](quint64 id, const AttributionMaps& maps) {
        if (id != m_attributionId || m_mapsDone)
            return;
        for (int i = 0; i < maps.size() && i < m_cells.size(); ++i)
            m_extras.maps[m_cells[i].first][static_cast<std::size_t>(m_cells[i].second)] = maps[i];
        m_mapsDone = true;
        finishIfDone();
    });
    connect(m_attribution, &AttributionEngine::failed, this, [this](quint64 id, const QString& message) {
        if (id != m_attributionId || m_mapsDone)
            return;
        m_mapsDone = m_observersDone = true;
        Q_EMIT failed(tr("attribution maps: %1").arg(message));
    });
    connect(m_observers, &ObserverEngine::cancelled, this, [this](quint64 id) {
        if (id != m_observerId || m_observersDone)
            return;
        m_mapsDone = m_observersDone = true;
        Q_EMIT failed(tr("observers cancelled"));
    });
    connect(m_attribution, &AttributionEngine::cancelled, this, [this](quint64 id) {
        if (id != m_attributionId || m_mapsDone)
            return;
        m_mapsDone = m_observersDone = true;
        Q_EMIT failed(tr("attribution maps cancelled"));
    });
}

QString FigureExtrasBuilder::describe(const AttributionOptions& o) {
    switch (o.method) {
    case AttributionMethod::SmoothGrad:
        return tr("SmoothGrad (n = %1, σ = %2)").arg(o.samples).arg(static_cast<double>(o.sigma));
    case AttributionMethod::IntegratedGradients:
        return tr("Integrated gradients (black baseline, %1 steps)").arg(o.steps);
    case AttributionMethod::Gradient:
        return tr("Gradient");
    }
    return {};
}

void FigureExtrasBuilder::start(const TriptychResultList& rows, const FigureExtrasSettings& settings,
                                const Categories& categories) {
    m_rows = rows;
    m_settings = settings;
    m_categories = categories;
    m_extras = FigureExtras{};
    m_extras.opacity = settings.opacity;
    m_cells.clear();
    std::vector<Image8> images;
    for (int r = 0; r < rows.size(); ++r) {
        const TriptychResult& t = *rows[r];
        const Image8* cells[3] = {&t.original, t.untargeted ? &t.untargeted->image : nullptr,
                                  t.targeted ? &t.targeted->image : nullptr};
        for (int c = 0; c < 3; ++c)
            if (cells[c] && !cells[c]->isNull()) {
                images.push_back(*cells[c]);
                m_cells.push_back({r, c});
            }
    }
    m_extras.observers.resize(rows.size());
    m_extras.maps.resize(rows.size());
    m_observersDone = settings.observers.isEmpty();
    m_mapsDone = !settings.attribution.has_value();
    if (settings.attribution)
        m_extras.attributionName = describe(*settings.attribution);
    if (!m_observersDone)
        m_observerId = m_observers->request(images, settings.observers, false);
    if (!m_mapsDone)
        m_attributionId = m_attribution->request(images, *settings.attribution, false);
    finishIfDone();
}

void FigureExtrasBuilder::finishIfDone() {
    if (m_observersDone && m_mapsDone)
        Q_EMIT done(m_extras);
}

} // namespace advlab::ui
