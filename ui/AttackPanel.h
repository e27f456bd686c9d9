// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "AttackSettings.h"

#include <QTimer>
#include <QWidget>
#include <advlab/Categories.h>

class QAction;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSlider;
class QSpinBox;

namespace advlab::ui {

class ClassPicker;

// The attack settings shared by both adversarial panels: method, ε, steps,
// step size, momentum, seed and the targeted attack's target class.
//
// Mandelbrot's shape: one call in (setSettings), one signal out
// (settingsChanged, carrying the settings and the current image's effective
// target by value), so nobody reads widgets back.
//
// Value labels update at once; settingsChanged() is coalesced over a short
// single-shot timer so a slider drag does not queue one attack per pixel of
// movement, and a slider release flushes it immediately.
class AttackPanel : public QWidget {
    Q_OBJECT

public:
    static constexpr int kDebounceMs = 30;
    static constexpr int kEpsilonSliderMax = 64;

    explicit AttackPanel(QWidget* parent = nullptr);

    AttackSettings settings() const;
    void setSettings(const AttackSettings& settings);
    AttackConfig config() const { return settings().config; } // targeted = false
    void setConfig(const AttackConfig& config);               // keeps the target choice
    void setCategories(const Categories& categories);
    void setDatasetTarget(int targetClass); // the current image's; shown while it is used
    int effectiveTarget() const { return settings().targetFor(m_datasetTarget); }
    // Display toggles (the window owns the actions) get a button in the panel.
    void addDisplayAction(QAction* action);

    QSlider* epsilonSlider() const { return m_epsSlider; }

Q_SIGNALS:
    void settingsChanged(const advlab::ui::AttackSettings& settings, int effectiveTarget);

private:
    // The picker under "Use the dataset's target class": that class, or none when the dataset has none.
    void showDatasetTarget();
    void changed();
    void flush();
    void emitSettings();
    void updateEnabled();
    void updateLabels();

    QComboBox* m_method;
    QSlider* m_epsSlider;
    QSpinBox* m_epsSpin;
    QLabel* m_epsValue;
    QSpinBox* m_iterations;
    QDoubleSpinBox* m_stepSize;
    QLabel* m_stepValue;
    QDoubleSpinBox* m_momentum;
    QSpinBox* m_seed;
    QCheckBox* m_useDatasetTarget;
    ClassPicker* m_target;
    QWidget* m_displayBox;
    QTimer m_debounce;
    int m_datasetTarget = -1;
};

} // namespace advlab::ui
