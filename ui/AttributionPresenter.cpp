// SPDX-License-Identifier: GPL-3.0-or-later
#include "AttributionPresenter.h"

#include "AttributionControls.h"
#include "AttributionOverlay.h"
#include "ImagePanel.h"
#include "ImageView.h"
#include "TriptychView.h"

namespace advlab::ui {

AttributionPresenter::AttributionPresenter(AttributionEngine* engine, TriptychView* triptych, QObject* parent)
    : QObject(parent), m_engine(engine), m_triptych(triptych), m_controls(triptych->attributionControls()) {
    connect(triptych, &TriptychView::resultShown, this, [this](const TriptychResultPtr& result) {
        if (result != m_result) {
            m_result = result;
            m_maps.clear();
        }
        refresh();
    });
    connect(triptych, &TriptychView::resultCleared, this, [this] {
        m_result.reset();
        m_maps.clear();
        m_pending = 0;
        m_engine->cancelInteractive();
    });
    connect(m_controls, &AttributionControls::methodChanged, this, [this] {
        m_maps.clear();
        refresh();
    });
    connect(m_controls, &AttributionControls::opacityChanged, this, &AttributionPresenter::applyOverlays);
    connect(engine, &AttributionEngine::ready, this, &AttributionPresenter::onReady);
    connect(engine, &AttributionEngine::progress, this, [this](int done, int total) {
        m_controls->setStatus(tr("computing %1/%2").arg(done).arg(total));
    });
    connect(engine, &AttributionEngine::failed, this, [this](quint64 id, const QString& message) {
        if (id != m_pending)
            return;
        m_pending = 0;
        m_controls->setStatus(tr("failed"));
        Q_EMIT errorRaised(tr("Attribution map: %1").arg(message));
    });
}

void AttributionPresenter::refresh() {
    const auto options = m_controls->options();
    if (!options || !m_result) {
        m_pending = 0;
        m_engine->cancelInteractive();
        removeOverlays();
        return;
    }
    if (m_maps.size() == 3) { // already known for this result: a re-render (perturbation view)
        applyOverlays();
        return;
    }
    std::vector<Image8> images;
    m_columns.clear();
    for (int c = 0; c < 3; ++c) {
        const Image8 im = m_triptych->panelImage(c);
        if (!im.isNull()) {
            images.push_back(im);
            m_columns << c;
        }
    }
    m_controls->setStatus(tr("computing…"));
    m_pending = m_engine->request(images, *options, true);
}

void AttributionPresenter::onReady(quint64 id, const AttributionMaps& maps) {
    if (id != m_pending)
        return;
    m_pending = 0;
    m_maps = {nullptr, nullptr, nullptr};
    for (int i = 0; i < maps.size() && i < m_columns.size(); ++i)
        m_maps[m_columns[i]] = maps[i];
    m_controls->setStatus({});
    applyOverlays();
}

void AttributionPresenter::applyOverlays() {
    if (!m_controls->options() || m_maps.size() != 3) {
        removeOverlays();
        return;
    }
    for (int c = 0; c < 3; ++c) {
        ImageView* view = m_triptych->panel(c)->view();
        view->setOverlay(m_maps[c]
                             ? AttributionOverlay::render(view->image(), *m_maps[c], m_controls->opacity())
                             : QImage());
    }
    Q_EMIT overlaysUpdated();
}

void AttributionPresenter::removeOverlays() {
    for (int c = 0; c < 3; ++c)
        m_triptych->panel(c)->view()->setOverlay(QImage());
    Q_EMIT overlaysUpdated();
}

} // namespace advlab::ui
