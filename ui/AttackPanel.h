// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTimer>
#include <QWidget>
#include <advlab/AttackConfig.h>
#include <advlab/Categories.h>

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
// Value labels update at once; settingsChanged() is coalesced over a short
// single-shot timer so a slider drag does not queue one attack per pixel of
// movement, and a slider release flushes it immediately.
class AttackPanel : public QWidget {
    Q_OBJECT

public:
    static constexpr int kDebounceMs = 30;
    static constexpr int kEpsilonSliderMax = 64;

    explicit AttackPanel(QWidget* parent = nullptr);

    AttackConfig config() const; // targeted = false
    void setConfig(const AttackConfig& config);
    int targetOverride() const; // -1: use the dataset's target class
    void setCategories(const Categories& categories);
    void setDatasetTarget(int targetClass); // shown while the dataset's target is used
    bool showPerturbation() const;
    void setShowPerturbation(bool show);

    QSlider* epsilonSlider() const { return m_epsSlider; }

Q_SIGNALS:
    void settingsChanged();
    void perturbationToggled(bool show);

private:
    void changed();
    void flush();
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
    QCheckBox* m_perturbation;
    QTimer m_debounce;
    int m_datasetTarget = -1;
};

} // namespace advlab::ui
