// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <advlab/Sweep.h>
#include <qcustomplot.h>

namespace advlab::ui {

// Success rate against ε, one curve per attack, for an epsilon sweep. The
// y axis is the competition's attack score (misclassification rate, or
// target hit rate for targeted sweeps), in percent.
class SweepPlot : public QCustomPlot {
    Q_OBJECT

public:
    explicit SweepPlot(QWidget* parent = nullptr);

    void setSweep(const SweepResult& result);
    void clearSweep(const QString& note = {});
    bool hasCurves() const { return m_hasCurves; }

    // Writes the plot whole or not at all (temporary file + rename). The
    // format follows the extension: .pdf is vector, anything else PNG at 2x.
    bool exportTo(const QString& path, QString* error = nullptr);

    QSize sizeHint() const override { return {kExportWidth, kExportHeight}; }

    // The exported figure's size in points (PNG at twice that in pixels).
    static constexpr int kExportWidth = 720;
    static constexpr int kExportHeight = 460;

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    QCPTextElement* m_title;
    QCPItemText* m_note;
    bool m_hasCurves = false;
};

} // namespace advlab::ui
