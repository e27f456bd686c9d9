// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 14: plot legends never cover data. The per-step plot and the sweep
// plot (whose exports are the sweep figures) are given curves that pass
// through every corner of the axis rect, so a legend anywhere inside it
// would cover a point; at every size, from a laptop's narrow window to a
// wide screen and the export's size, the legend must sit outside the axis
// rect, cover none of the plotted points, show every entry whole, and stay
// inside the plot.
#include "CurvePlot.h"
#include "eval/SweepPlot.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace advlab;
using namespace advlab::ui;

namespace {

Prediction peaked(int label, float p) {
    Prediction pr;
    pr.probs.assign(Categories::kCount, (1.0f - p) / (Categories::kCount - 1));
    pr.probs[static_cast<std::size_t>(label)] = p;
    return pr;
}

// Falling, rising and flat-at-the-middle curves: together they visit the
// top left, bottom right, top right, bottom left and the right middle
// (where the per-step plot's legend used to be).
TriptychResult curves(int steps) {
    TriptychResult r;
    r.trueLabel = 3;
    r.config.method = AttackMethod::Ifgsm;
    r.config.iterations = steps;
    r.clean = peaked(3, 0.99f);
    auto u = std::make_shared<AttackPart>();
    auto t = std::make_shared<AttackPart>();
    u->prediction = peaked(5, 0.9f);
    t->prediction = peaked(7, 0.9f);
    t->targetClass = 7;
    for (int i = 0; i <= steps; ++i) {
        const float f = static_cast<float>(i) / static_cast<float>(steps);
        u->sourceCurve.push_back(1.0f - f);
        t->sourceCurve.push_back(0.5f);
        t->targetCurve.push_back(f);
    }
    r.untargeted = u;
    r.targeted = t;
    return r;
}

SweepResult sweep() {
    SweepResult s;
    s.images = 20;
    const AttackMethod methods[] = {AttackMethod::Fgsm, AttackMethod::Ifgsm, AttackMethod::MiFgsm,
                                    AttackMethod::Pgd};
    const float eps[] = {1, 2, 4, 8, 16, 32};
    for (int m = 0; m < 4; ++m)
        for (int i = 0; i < 6; ++i) {
            SweepRow row;
            row.attack.method = methods[m];
            row.attack.epsilon = eps[i];
            row.attack.iterations = 10;
            // FGSM stays low (bottom right), the others saturate (top right).
            row.successRate = m == 0 ? 0.02 + 0.01 * i : std::min(1.0, 0.2 * (i + m));
            s.rows.push_back(row);
        }
    return s;
}

// The axes keep a usable share of the plot, legend or not.
void checkAxes(QCustomPlot& plot) {
    const QRect axes = plot.axisRect()->rect();
    const QString at = QStringLiteral("at %1x%2: axes %3x%4")
                           .arg(plot.width())
                           .arg(plot.height())
                           .arg(axes.width())
                           .arg(axes.height());
    QVERIFY2(axes.height() >= 40 && axes.width() >= plot.width() / 2, qPrintable(at));
}

// The checks shared by both plots, at the plot's current size.
void checkLegend(QCustomPlot& plot, int expectedEntries) {
    QCoreApplication::processEvents(); // the resize event of a resize() just made
    plot.replot(QCustomPlot::rpImmediateRefresh);
    QCPLegend* legend = plot.legend;
    const QString at = QStringLiteral("at %1x%2").arg(plot.width()).arg(plot.height());
    QVERIFY2(legend->visible(), qPrintable(at));
    // A wrapped legend is a grid whose last row may have empty cells.
    QList<QCPAbstractLegendItem*> items;
    for (int i = 0; i < legend->elementCount(); ++i)
        if (QCPAbstractLegendItem* item = legend->item(i))
            items << item;
    QCOMPARE(items.size(), expectedEntries);
    const QRect box = legend->outerRect();
    QVERIFY2(plot.rect().contains(box),
             qPrintable(at + QStringLiteral(": the legend (%1,%2 %3x%4) leaves the plot")
                                 .arg(box.x())
                                 .arg(box.y())
                                 .arg(box.width())
                                 .arg(box.height())));
    QVERIFY2(!box.intersects(plot.axisRect()->rect()),
             qPrintable(at + QStringLiteral(": the legend is inside the axis rect")));
    int points = 0;
    for (int g = 0; g < plot.graphCount(); ++g) {
        const QCPGraph* graph = plot.graph(g);
        for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it) {
            const QPointF px(plot.xAxis->coordToPixel(it->key), plot.yAxis->coordToPixel(it->value));
            QVERIFY2(plot.axisRect()->rect().contains(px.toPoint()),
                     qPrintable(at + QStringLiteral(": a point outside the axes")));
            QVERIFY2(!box.contains(px.toPoint()),
                     qPrintable(at + QStringLiteral(": the legend covers a point")));
            ++points;
        }
    }
    QVERIFY(points > 0);
    // Every entry whole, none drawn over another.
    for (int i = 0; i < items.size(); ++i) {
        const QRect a = items[i]->outerRect();
        QVERIFY2(a.width() >= items[i]->minimumOuterSizeHint().width(),
                 qPrintable(at + QStringLiteral(": entry %1 cut short").arg(i)));
        QVERIFY2(box.contains(a), qPrintable(at + QStringLiteral(": entry %1 outside the legend").arg(i)));
        for (int j = i + 1; j < items.size(); ++j)
            QVERIFY2(!a.intersects(items[j]->outerRect()),
                     qPrintable(at + QStringLiteral(": entries %1 and %2 overlap").arg(i).arg(j)));
    }
    // And the axes keep a usable share of the plot.
    checkAxes(plot);
}

} // namespace

class TestPlotLegend : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void curvePlotLegendCoversNoData_data();
    void curvePlotLegendCoversNoData();
    void sweepPlotLegendCoversNoData_data();
    void sweepPlotLegendCoversNoData();
    void exportedSweepFigureKeepsTheLegendOutside();
};

void TestPlotLegend::curvePlotLegendCoversNoData_data() {
    QTest::addColumn<QSize>("size");
    QTest::addColumn<int>("steps");
    QTest::newRow("1920x1200 window") << QSize(1200, 230) << 10;
    QTest::newRow("default") << QSize(900, 190) << 10;
    QTest::newRow("960x540 logical") << QSize(430, 190) << 10;
    QTest::newRow("narrowest") << QSize(300, 240) << 40;
}

void TestPlotLegend::curvePlotLegendCoversNoData() {
    QFETCH(QSize, size);
    QFETCH(int, steps);
    CurvePlot plot;
    plot.resize(size);
    plot.show(); // a hidden widget gets no resize events, so no layout at its size
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    QCoreApplication::processEvents();
    plot.replot(QCustomPlot::rpImmediateRefresh);
    checkAxes(plot);
    plot.setResult(curves(steps), Categories());
    QVERIFY(plot.hasCurves());
    checkLegend(plot, 3);
    // A resize after the result re-fits the legend too.
    plot.resize(size.width() / 2 + 150, size.height());
    checkLegend(plot, 3);
}

void TestPlotLegend::sweepPlotLegendCoversNoData_data() {
    QTest::addColumn<QSize>("size");
    QTest::newRow("export size") << QSize(SweepPlot::kExportWidth, SweepPlot::kExportHeight);
    QTest::newRow("wide") << QSize(1400, 700);
    QTest::newRow("minimum") << QSize(420, 300);
}

void TestPlotLegend::sweepPlotLegendCoversNoData() {
    QFETCH(QSize, size);
    SweepPlot plot;
    plot.resize(size);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    // Before any sweep: no legend, and the axes fill the plot.
    QCoreApplication::processEvents();
    plot.replot(QCustomPlot::rpImmediateRefresh);
    QVERIFY(!plot.legend->visible());
    checkAxes(plot);
    plot.setSweep(sweep());
    checkLegend(plot, 4);
}

// The export lays the plot out at the figure's size, whatever the window's:
// afterwards the window's layout is back, and the PNG has the figure's size.
void TestPlotLegend::exportedSweepFigureKeepsTheLegendOutside() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    SweepPlot plot;
    plot.resize(1500, 500);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    plot.setSweep(sweep());
    checkLegend(plot, 4);
    const int wideWrap = plot.legend->wrap();
    const QString png = dir.filePath(QStringLiteral("sweep.png"));
    QString error;
    QVERIFY2(plot.exportTo(png, &error), qPrintable(error));
    QImage image(png);
    QCOMPARE(image.size(), QSize(2 * SweepPlot::kExportWidth, 2 * SweepPlot::kExportHeight));
    QCOMPARE(plot.legend->wrap(), wideWrap);
    checkLegend(plot, 4);
    // The same layout at the export's size is the one the test above checks.
    plot.resize(SweepPlot::kExportWidth, SweepPlot::kExportHeight);
    checkLegend(plot, 4);
}

QTEST_MAIN(TestPlotLegend)
#include "tst_plotlegend.moc"
