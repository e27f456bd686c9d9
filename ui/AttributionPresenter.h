// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "AttributionEngine.h"
#include "TriptychResult.h"

#include <QList>
#include <QObject>

namespace advlab::ui {

class AttributionControls;
class TriptychView;

// The attribution overlay on the triptych (issue 12 §2): when the controls
// pick SmoothGrad or integrated gradients, asks the AttributionEngine for the
// maps of the shown images (a newer result or choice cancels the running
// computation) and paints each over its panel with the viridis colour map at
// the chosen opacity. Off removes the overlays, restoring the images exactly.
class AttributionPresenter : public QObject {
    Q_OBJECT

public:
    AttributionPresenter(AttributionEngine* engine, TriptychView* triptych, QObject* parent = nullptr);

    // The maps shown now, per column (0 original, 1 non-targeted, 2 targeted); null where none.
    AttributionMapPtr map(int column) const { return m_maps.value(column); }

Q_SIGNALS:
    void overlaysUpdated(); // the panels show the maps (or, when off, no overlay)
    void errorRaised(const QString& message);

private:
    void refresh();
    void applyOverlays();
    void removeOverlays();
    void onReady(quint64 id, const AttributionMaps& maps);

    AttributionEngine* m_engine;
    TriptychView* m_triptych;
    AttributionControls* m_controls;
    TriptychResultPtr m_result;
    QList<AttributionMapPtr> m_maps; // 3 entries while a result is shown
    QList<int> m_columns;            // of the pending request
    quint64 m_pending = 0;
};

} // namespace advlab::ui
