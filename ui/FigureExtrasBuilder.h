// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ComputeEngine.h"
#include "FigureExtras.h"

#include <QObject>
#include <QStringList>
#include <advlab/Attribution.h>
#include <advlab/Categories.h>
#include <optional>

namespace advlab::ui {

class AttributionEngine;
class ObserverEngine;

// What the user has on screen that an export should repeat.
struct FigureExtrasSettings {
    QStringList observers;                         // defence keys
    std::optional<AttributionOptions> attribution; // nullopt: overlay off
    double opacity = 0.6;

    bool any() const { return !observers.isEmpty() || attribution.has_value(); }
};

// Gathers an export's observer lines and attribution maps on the compute
// thread (non-interactive requests, so moving a slider meanwhile cancels
// nothing), then emits `done` once with everything, or `failed`.
class FigureExtrasBuilder : public QObject {
    Q_OBJECT

public:
    FigureExtrasBuilder(ObserverEngine* observers, AttributionEngine* attribution, QObject* parent = nullptr);

    void start(const TriptychResultList& rows, const FigureExtrasSettings& settings,
               const Categories& categories);
    // "SmoothGrad (n = 16, σ = 0.15)", "Integrated gradients (black baseline, 32 steps)".
    static QString describe(const AttributionOptions& options);

Q_SIGNALS:
    void done(const advlab::ui::FigureExtras& extras);
    void failed(const QString& message);

private:
    void finishIfDone();

    ObserverEngine* m_observers;
    AttributionEngine* m_attribution;
    TriptychResultList m_rows;
    FigureExtrasSettings m_settings;
    Categories m_categories;
    QList<std::pair<int, int>> m_cells; // (row, column) of each requested image
    quint64 m_observerId = 0, m_attributionId = 0;
    bool m_observersDone = true, m_mapsDone = true;
    FigureExtras m_extras;
};

} // namespace advlab::ui
