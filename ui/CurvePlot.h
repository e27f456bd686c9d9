// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "TriptychResult.h"

#include <advlab/Categories.h>
#include <qcustomplot.h>

namespace advlab::ui {

// For iterative attacks: how the probability of the true class (both
// attacks) and of the target class (targeted attack) evolves step by step.
// Entry k is the iterate before step k+1; the last one is the final,
// 8-bit-rounded image (AttackOutcome's convention).
class CurvePlot : public QCustomPlot {
    Q_OBJECT

public:
    explicit CurvePlot(QWidget* parent = nullptr);

    void setResult(const TriptychResult& result, const Categories& categories);
    void clearResult(const QString& note = {});
    bool hasCurves() const { return m_hasCurves; }
    int pointCount(int graphIndex) const;
    // A vertical line at `step` (the replay's step); < 0 hides it.
    void setStepCursor(int step);
    int stepCursor() const { return m_cursorStep; }

    QSize sizeHint() const override { return {900, 190}; }

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    QCPTextElement* m_title;
    QCPItemText* m_note;
    QCPItemStraightLine* m_cursor;
    int m_cursorStep = -1;
    bool m_hasCurves = false;
};

} // namespace advlab::ui
