// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <advlab/MinEpsilon.h>
#include <qcustomplot.h>

namespace advlab::ui {

// Robust accuracy against ε from a minimal-ε search (core's runMinEpsilon):
// one step curve per attack, the share of images the attack has not fooled
// at ε or below (untargeted: still correctly classified; targeted: not yet
// at the target), at every integer ε from 0 (clean) to the search's end.
class RobustCurvePlot : public QCustomPlot {
    Q_OBJECT

public:
    explicit RobustCurvePlot(QWidget* parent = nullptr);

    void setResult(const MinEpsilonResult& result);
    void clearResult(const QString& note = {});
    bool hasCurves() const { return m_hasCurves; }
    QString titleText() const; // as drawn, for tests

    QSize sizeHint() const override { return {720, 460}; }

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    QCPTextElement* m_title;
    QCPItemText* m_note;
    bool m_hasCurves = false;
};

} // namespace advlab::ui
