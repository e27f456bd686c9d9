// SPDX-License-Identifier: GPL-3.0-or-later
#include "CurvePlot.h"

#include "PlotLegend.h"
#include "Theme.h"

namespace advlab::ui {

namespace {
QVector<double> steps(std::size_t n) {
    QVector<double> x;
    for (std::size_t i = 0; i < n; ++i)
        x.push_back(static_cast<double>(i));
    return x;
}
QVector<double> toVector(const std::vector<float>& v) {
    return QVector<double>(v.begin(), v.end());
}

QString firstSynonym(const std::string& s) {
    return QString::fromStdString(s).section(QLatin1Char(','), 0, 0).trimmed();
}
} // namespace

CurvePlot::CurvePlot(QWidget* parent) : QCustomPlot(parent) {
    setObjectName(QStringLiteral("probabilityCurve"));
    setMinimumHeight(170);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    setBackground(palette().base());
    plotLayout()->insertRow(0);
    QFont titleFont = font();
    titleFont.setBold(true);
    m_title = new QCPTextElement(this, QString(), titleFont);
    plotLayout()->addElement(0, 0, m_title);

    QFont small = font();
    small.setPointSizeF(std::max(7.0, small.pointSizeF() - 1.0));
    xAxis->setLabel(tr("step"));
    xAxis->setLabelFont(small);
    xAxis->setTickLabelFont(small);
    yAxis->setLabel(tr("probability"));
    yAxis->setLabelFont(small);
    yAxis->setTickLabelFont(small);
    yAxis->setRange(0, 1.02);
    xAxis->grid()->setPen(QPen(QColor(0, 0, 0, 25), 1, Qt::DotLine));
    yAxis->grid()->setPen(QPen(QColor(0, 0, 0, 25), 1, Qt::DotLine));

    auto addGraph = [this](const QColor& c, Qt::PenStyle style) {
        QCPGraph* g = QCustomPlot::addGraph();
        g->setPen(QPen(c, 2, style));
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 5));
        return g;
    };
    addGraph(theme::sourceCurve, Qt::SolidLine); // non-targeted: p(true)
    addGraph(theme::sourceCurve, Qt::DashLine);  // targeted: p(true)
    addGraph(theme::targetCurve, Qt::SolidLine); // targeted: p(target)
    legend->setVisible(true);
    legend->setFont(small);
    // Inside the axis rect the legend covered the targeted curve's last
    // steps; under it, it covers nothing.
    placeLegendBelowAxes(this);
    setAccessibleName(tr("Per-step probability plot"));

    m_note = new QCPItemText(this);
    m_note->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_note->position->setCoords(0.5, 0.5);
    m_note->setColor(theme::note);
    m_cursor = new QCPItemStraightLine(this);
    m_cursor->setObjectName(QStringLiteral("stepCursor"));
    m_cursor->setPen(QPen(palette().color(QPalette::Text), 1, Qt::DashDotLine));
    m_cursor->setVisible(false);
    clearResult();
}

int CurvePlot::pointCount(int graphIndex) const {
    return graphIndex < graphCount() ? graph(graphIndex)->data()->size() : 0;
}

void CurvePlot::resizeEvent(QResizeEvent* event) {
    fitLegendColumns(this, event->size().width());
    QCustomPlot::resizeEvent(event);
}

void CurvePlot::setStepCursor(int step) {
    m_cursorStep = m_hasCurves ? step : -1;
    m_cursor->setVisible(m_cursorStep >= 0);
    if (m_cursorStep >= 0) {
        m_cursor->point1->setCoords(step, 0.0);
        m_cursor->point2->setCoords(step, 1.0);
    }
    replot(QCustomPlot::rpQueuedReplot);
}

void CurvePlot::clearResult(const QString& note) {
    m_hasCurves = false;
    m_cursorStep = -1;
    m_cursor->setVisible(false);
    for (int i = 0; i < graphCount(); ++i) {
        graph(i)->data()->clear();
        graph(i)->setVisible(false);
        graph(i)->removeFromLegend();
    }
    legend->setVisible(false);
    m_title->setText(tr("Per-step probability"));
    m_note->setText(note.isEmpty() ? tr("Curves appear for iterative attacks (I-FGSM, MI-FGSM, PGD).")
                                   : note);
    m_note->setVisible(true);
    setAccessibleDescription(m_note->text());
    xAxis->setRange(0, 10);
    replot(QCustomPlot::rpQueuedReplot);
}

void CurvePlot::setResult(const TriptychResult& r, const Categories& categories) {
    if (r.config.effectiveIterations() <= 1 || !r.untargeted || !r.targeted) {
        clearResult(r.config.effectiveIterations() <= 1
                        ? tr("FGSM takes a single step: no per-step curve. Choose I-FGSM, MI-FGSM or PGD.")
                        : QString());
        return;
    }
    const QString trueName = firstSynonym(categories.label(r.sourceLabel()));
    const QString targetName = firstSynonym(categories.label(r.targetClass()));
    const struct {
        const std::vector<float>& data;
        QString name;
    } series[] = {
        {r.untargeted->sourceCurve, tr("non-targeted: p(%1)").arg(trueName)},
        {r.targeted->sourceCurve, tr("targeted: p(%1)").arg(trueName)},
        {r.targeted->targetCurve, tr("targeted: p(%1) [target]").arg(targetName)},
    };
    std::size_t longest = 0;
    QStringList spoken;
    for (int i = 0; i < 3; ++i) {
        QCPGraph* g = graph(i);
        g->setData(steps(series[i].data.size()), toVector(series[i].data), true);
        g->setName(series[i].name);
        g->setVisible(!series[i].data.empty());
        if (!series[i].data.empty())
            g->addToLegend();
        longest = std::max(longest, series[i].data.size());
        if (!series[i].data.empty())
            spoken << tr("%1 from %2% to %3%")
                          .arg(series[i].name)
                          .arg(100.0 * series[i].data.front(), 0, 'f', 1)
                          .arg(100.0 * series[i].data.back(), 0, 'f', 1);
    }
    fitLegendColumns(this, width());
    m_hasCurves = longest > 0;
    m_cursorStep = -1; // a new result: the final step, no cursor until the replay moves
    m_cursor->setVisible(false);
    legend->setVisible(m_hasCurves);
    m_note->setVisible(!m_hasCurves);
    m_title->setText(tr("Per-step probability · %1").arg(QString::fromStdString(r.config.describe())));
    setAccessibleDescription(tr("%1 over %2 steps: %3")
                                 .arg(m_title->text())
                                 .arg(longest > 0 ? longest - 1 : 0)
                                 .arg(spoken.join(QStringLiteral("; "))));
    xAxis->setRange(-0.3, std::max<double>(1.0, static_cast<double>(longest) - 1.0) + 0.3);
    replot(QCustomPlot::rpQueuedReplot);
}

} // namespace advlab::ui
