// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "fragility/FragilityResults.h"

#include <QVector>
#include <qcustomplot.h>

namespace advlab::ui {

// The dataset scan as a histogram: images per minimal-ε bin (0, 1, 2, 3–4,
// 5–8, ... doubling, then "not fooled"), or fooled/robust, each bar in the
// badges' colour, with the cumulative share of fooled images on the right
// axis. A click on a bar asks the browser to show only those images.
class FragilityHistogram : public QCustomPlot {
    Q_OBJECT

public:
    struct Bin {
        int low = 0, high = 0; // FragilityResults::sortKey range, inclusive
        QString label;
        int count = 0;
    };

    explicit FragilityHistogram(QWidget* parent = nullptr);

    void setResults(const FragilityResultsPtr& results);
    bool hasResults() const { return !m_bins.isEmpty(); }
    const QVector<Bin>& bins() const { return m_bins; }
    QVector<double> cumulativePercent() const; // per bin, as drawn
    // The bins a result is drawn with (doubling ε bins up to maxEpsilon).
    static QVector<Bin> binsFor(const FragilityResults& results);
    // The bar under a point in widget pixels, -1 for none.
    int barAt(const QPointF& pos) const;
    // The browser filter's name for a bar, e.g. "Minimal ε 3–4".
    QString filterLabel(int bar) const;
    // A bar's centre in widget pixels (for tests and accessibility).
    QPointF barCentre(int bar) const;
    // The title as drawn (two lines, elided to the width), for tests.
    QString titleText() const;
    QFont titleFont() const;

Q_SIGNALS:
    void binClicked(int lowKey, int highKey, const QString& label);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    // Two lines, the first elided to the plot's width: with a judge's name
    // the whole title no longer fits one line of a half-screen window.
    void updateTitle(int width);

    QVector<Bin> m_bins;
    QString m_titleHead;   // "Fragility map — <attack>"
    QString m_titleDetail; // "<n> images · click a bar …"; empty before a scan
    FragilityMode m_mode = FragilityMode::MinEpsilon;
    int m_maxEpsilon = 64;
    QVector<QCPBars*> m_bars;
    QCPGraph* m_cdf = nullptr;
    QCPTextElement* m_title;
    QCPItemText* m_note;
};

} // namespace advlab::ui
