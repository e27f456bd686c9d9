// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>
#include <QVector>
#include <advlab/Categories.h>
#include <advlab/Prediction.h>
#include <qcustomplot.h>

namespace advlab::ui {

// Horizontal bar chart of the five most probable classes, most probable on
// top. The true class is drawn in green and the target class in red wherever
// they appear, so a glance tells whether an attack moved the mass.
class TopKPlot : public QCustomPlot {
    Q_OBJECT

public:
    explicit TopKPlot(QWidget* parent = nullptr);

    void setPrediction(const Prediction& prediction, const Categories& categories, int trueLabel,
                       int targetClass);
    void clearPrediction();

    // What is plotted, most probable first (for tests and export).
    const QStringList& classNames() const { return m_names; }
    const QVector<double>& probabilities() const { return m_probs; }

    // Where the value labels ("42%") are drawn, in widget pixels, for the non-empty ones
    // (for tests: they must lie inside the widget, not be clipped at its edge).
    QList<QRect> valueLabelRects() const;

    QSize sizeHint() const override { return {299, 132}; }

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void updateTicks();

    QCPBars* m_other;
    QCPBars* m_true;
    QCPBars* m_target;
    QSharedPointer<QCPAxisTickerText> m_ticker;
    QList<QCPItemText*> m_valueLabels;
    QStringList m_names;
    QVector<double> m_probs;
};

} // namespace advlab::ui
