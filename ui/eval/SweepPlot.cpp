// SPDX-License-Identifier: GPL-3.0-or-later
#include "SweepPlot.h"
#include "PlotLegend.h"
#include "Theme.h"

#include <QDir>
#include <QFileInfo>
#include <QTemporaryFile>

#include <cstdio>
#include <filesystem>
#include <map>

namespace advlab::ui {

namespace {

QCPScatterStyle::ScatterShape shapeFor(AttackMethod m) {
    switch (m) {
    case AttackMethod::Fgsm: return QCPScatterStyle::ssCircle;
    case AttackMethod::Ifgsm: return QCPScatterStyle::ssSquare;
    case AttackMethod::MiFgsm: return QCPScatterStyle::ssTriangle;
    case AttackMethod::Pgd: return QCPScatterStyle::ssDiamond;
    default: break;
    }
    return QCPScatterStyle::ssDisc;
}

} // namespace

SweepPlot::SweepPlot(QWidget* parent) : QCustomPlot(parent) {
    setObjectName(QStringLiteral("sweepPlot"));
    setMinimumSize(420, 300);
    setBackground(Qt::white); // exported figures go on white paper
    plotLayout()->insertRow(0);
    QFont titleFont = font();
    titleFont.setBold(true);
    m_title = new QCPTextElement(this, QString(), titleFont);
    plotLayout()->addElement(0, 0, m_title);
    xAxis->setLabel(tr("ε (L∞ budget, pixels of 255)"));
    yAxis->setLabel(tr("success rate (%)"));
    yAxis->setRange(0, 102);
    xAxis->grid()->setPen(QPen(QColor(0, 0, 0, 30), 1, Qt::DotLine));
    yAxis->grid()->setPen(QPen(QColor(0, 0, 0, 30), 1, Qt::DotLine));
    // Not in a corner of the axis rect: a slow attack's curve runs through
    // the bottom right, a strong one's through the top. Under the axes it
    // covers nothing, on screen or in the exported figure.
    placeLegendBelowAxes(this);
    setAccessibleName(tr("Success rate against ε plot"));
    m_note = new QCPItemText(this);
    m_note->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_note->position->setCoords(0.5, 0.5);
    m_note->setColor(theme::note);
    clearSweep();
}

void SweepPlot::resizeEvent(QResizeEvent* event) {
    fitLegendColumns(this, event->size().width());
    QCustomPlot::resizeEvent(event);
}

void SweepPlot::clearSweep(const QString& note) {
    clearGraphs();
    m_hasCurves = false;
    legend->setVisible(false);
    m_title->setText(tr("Success rate vs ε"));
    m_note->setText(note.isEmpty() ? tr("Run a sweep to see one curve per attack.") : note);
    m_note->setVisible(true);
    setAccessibleDescription(m_note->text());
    xAxis->setRange(0, 32);
    replot();
}

void SweepPlot::setSweep(const SweepResult& result) {
    clearGraphs();
    // Rows come methods-major; gather each method's (ε, rate) points.
    std::map<int, std::pair<QVector<double>, QVector<double>>> byMethod;
    std::vector<AttackMethod> order;
    bool targeted = false;
    double maxEps = 1;
    for (const auto& row : result.rows) {
        const int key = static_cast<int>(row.attack.method);
        if (!byMethod.count(key))
            order.push_back(row.attack.method);
        byMethod[key].first.push_back(row.attack.epsilon);
        byMethod[key].second.push_back(100.0 * row.successRate);
        targeted = targeted || row.attack.targeted;
        maxEps = std::max(maxEps, static_cast<double>(row.attack.epsilon));
    }
    QStringList spoken;
    for (AttackMethod m : order) {
        const auto& pts = byMethod[static_cast<int>(m)];
        QCPGraph* g = addGraph();
        g->setData(pts.first, pts.second, /*alreadySorted=*/false);
        g->setPen(QPen(theme::methodColour(m), 2));
        g->setScatterStyle(QCPScatterStyle(shapeFor(m), theme::methodColour(m), Qt::white, 7));
        QString name = QString::fromStdString(methodName(m));
        for (const auto& row : result.rows)
            if (row.attack.method == m && m != AttackMethod::Fgsm) {
                name += tr(" (%1 steps)").arg(row.attack.effectiveIterations());
                break;
            }
        g->setName(name);
        if (!pts.first.isEmpty())
            spoken << tr("%1: %2% at ε %3 to %4% at ε %5")
                          .arg(name)
                          .arg(pts.second.front(), 0, 'f', 0)
                          .arg(pts.first.front())
                          .arg(pts.second.back(), 0, 'f', 0)
                          .arg(pts.first.back());
    }
    fitLegendColumns(this, width());
    m_hasCurves = !order.empty();
    legend->setVisible(m_hasCurves);
    m_note->setVisible(!m_hasCurves);
    const QString scorer = QString::fromStdString(result.defence.describe());
    m_title->setText(targeted ? tr("Targeted hit rate vs ε — %1 images, scored by %2").arg(result.images).arg(scorer)
                              : tr("Misclassification rate vs ε — %1 images, scored by %2")
                                    .arg(result.images)
                                    .arg(scorer));
    yAxis->setLabel(targeted ? tr("hit rate (%)") : tr("success rate (%)"));
    setAccessibleDescription(QStringLiteral("%1. %2").arg(m_title->text(), spoken.join(QStringLiteral("; "))));
    xAxis->setRange(0, maxEps * 1.05);
    yAxis->setRange(0, 102);
    replot();
}

bool SweepPlot::exportTo(const QString& path, QString* error) {
    auto fail = [&](const QString& why) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, why);
        return false;
    };
    const QFileInfo target(path);
    if (!target.dir().exists())
        return fail(tr("the folder does not exist"));
    const bool pdf = target.suffix().compare(QStringLiteral("pdf"), Qt::CaseInsensitive) == 0;
    // A temporary file beside the target, renamed over it once complete: a
    // failed export never leaves a truncated figure.
    QTemporaryFile tmp(target.dir().filePath(QStringLiteral(".%1.XXXXXX").arg(target.fileName())));
    if (!tmp.open())
        return fail(tmp.errorString());
    const QString tmpPath = tmp.fileName();
    tmp.close();
    const int w = kExportWidth, h = kExportHeight;
    fitLegendColumns(this, w); // the figure's width, not the window's
    const bool ok = pdf ? savePdf(tmpPath, w, h, QCP::epAllowCosmetic, QStringLiteral("Adversarial Lab"),
                                  m_title->text())
                        : savePng(tmpPath, w, h, 2.0, -1, 144);
    fitLegendColumns(this, width());
    replot();
    if (!ok)
        return fail(pdf ? tr("could not write the PDF") : tr("could not write the PNG"));
    std::error_code ec;
    std::filesystem::rename(tmpPath.toStdString(), path.toStdString(), ec);
    if (ec)
        return fail(QString::fromStdString(ec.message()));
    tmp.setAutoRemove(false); // it is the target now
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
    return true;
}

} // namespace advlab::ui
