// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>
#include <advlab/Attribution.h>
#include <optional>

class QComboBox;
class QLabel;
class QSlider;

namespace advlab::ui {

class ColourBarLegend;

// The triptych's attribution row: off / SmoothGrad / integrated gradients,
// the overlay's opacity, and the colour bar. The choice is remembered in
// QSettings ("attribution/method", "attribution/opacity").
class AttributionControls : public QWidget {
    Q_OBJECT

public:
    explicit AttributionControls(QWidget* parent = nullptr);

    // nullopt when off.
    std::optional<AttributionOptions> options() const;
    double opacity() const; // 0..1
    void setMethod(std::optional<AttributionMethod> method);
    void setOpacity(double opacity);
    void setStatus(const QString& text); // "computing 12/48", an error, or ""

    QComboBox* methodBox() const { return m_method; }
    QSlider* opacitySlider() const { return m_opacity; }
    ColourBarLegend* legend() const { return m_legend; }

Q_SIGNALS:
    void methodChanged();
    void opacityChanged(double opacity);

private:
    QComboBox* m_method;
    QSlider* m_opacity;
    ColourBarLegend* m_legend;
    QLabel* m_status;
};

} // namespace advlab::ui
