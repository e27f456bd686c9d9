// SPDX-License-Identifier: GPL-3.0-or-later
#include "RobustCurvePlot.h"

#include "ObserverList.h"
#include "PlotLegend.h"
#include "Theme.h"

#include <QResizeEvent>

namespace advlab::ui {

RobustCurvePlot::RobustCurvePlot(QWidget* parent) : QCustomPlot(parent) {
    setObjectName(QStringLiteral("robustCurvePlot"));
    setMinimumSize(420, 300);
    setBackground(Qt::white);
    plotLayout()->insertRow(0);
    QFont titleFont = font();
    titleFont.setBold(true);
    m_title = new QCPTextElement(this, QString(), titleFont);
    plotLayout()->addElement(0, 0, m_title);
    xAxis->setLabel(tr("ε (L∞ budget, pixels of 255)"));
    yAxis->setLabel(tr("robust accuracy (%)"));
    xAxis->grid()->setPen(QPen(QColor(0, 0, 0, 30), 1, Qt::DotLine));
    yAxis->grid()->setPen(QPen(QColor(0, 0, 0, 30), 1, Qt::DotLine));
    legend->setBrush(QColor(255, 255, 255, 220));
    legend->setBorderPen(QPen(QColor(0, 0, 0, 50)));
    placeLegendBelowAxes(this); // issue 14: a legend never covers the curves
    m_note = new QCPItemText(this);
    m_note->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_note->position->setCoords(0.5, 0.5);
    m_note->setColor(theme::note);
    clearResult();
}

void RobustCurvePlot::clearResult(const QString& note) {
    clearGraphs();
    m_hasCurves = false;
    legend->setVisible(false);
    m_title->setText(tr("Robust accuracy vs ε"));
    m_note->setText(note.isEmpty() ? tr("Find the minimal ε per image to see one curve per attack.") : note);
    m_note->setVisible(true);
    xAxis->setRange(0, 64);
    yAxis->setRange(0, 102);
    replot();
}

void RobustCurvePlot::setResult(const MinEpsilonResult& result) {
    clearGraphs();
    for (std::size_t a = 0; a < result.attacks.size(); ++a) {
        const AttackConfig& c = result.attacks[a];
        const auto curve = result.robustAccuracyCurve(a);
        QVector<double> x, y;
        for (std::size_t e = 0; e < curve.size(); ++e) {
            x.push_back(static_cast<double>(e));
            y.push_back(100.0 * curve[e]);
        }
        QCPGraph* g = addGraph();
        g->setData(x, y, /*alreadySorted=*/true);
        // Accuracy holds from one integer ε to the next: a step curve.
        g->setLineStyle(QCPGraph::lsStepLeft);
        QPen pen(theme::methodColour(c.method), 2);
        if (c.targeted)
            pen.setStyle(Qt::DashLine);
        g->setPen(pen);
        QString name =
            QString::fromStdString(methodName(c.method)) + (c.targeted ? tr(" targeted") : QString());
        if (c.effectiveIterations() > 1)
            name += tr(" (%1 steps)").arg(c.effectiveIterations());
        g->setName(name);
    }
    fitLegendColumns(this, width());
    m_hasCurves = !result.attacks.empty();
    legend->setVisible(m_hasCurves);
    m_note->setVisible(!m_hasCurves);
    const QString detail =
        tr("%1 images, minimal ε per image searched in 1..%2").arg(result.images).arg(result.maxEpsilon);
    // Judged elsewhere (transfer, a defence): say by whom, on a line of its own.
    const QString judge = result.defence != "none"
                              ? ObserverList::displayName(QString::fromStdString(result.defence))
                              : QString();
    m_title->setText(judge.isEmpty() ? tr("Robust accuracy vs ε — %1").arg(detail)
                                     : tr("Robust accuracy vs ε, judged by %1\n%2").arg(judge, detail));
    xAxis->setRange(0, result.maxEpsilon);
    yAxis->setRange(0, 102);
    replot();
}

QString RobustCurvePlot::titleText() const {
    return m_title->text();
}

void RobustCurvePlot::resizeEvent(QResizeEvent* event) {
    fitLegendColumns(this, event->size().width());
    QCustomPlot::resizeEvent(event);
}

} // namespace advlab::ui
