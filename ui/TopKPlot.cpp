// SPDX-License-Identifier: GPL-3.0-or-later
#include "TopKPlot.h"

#include "Theme.h"

namespace advlab::ui {

namespace {
constexpr int kTop = 5;

// The bar area keeps at least this much room; the class names give way first.
constexpr int kMinBarWidth = 40;

QString shortName(const QString& name) {
    // categories.csv names can be long lists of synonyms ("tabby, tabby cat");
    // the first synonym is enough on a tick label.
    return name.section(QLatin1Char(','), 0, 0).trimmed();
}

QCPBars* makeBars(QCPAxis* key, QCPAxis* value, const QColor& color) {
    auto* bars = new QCPBars(key, value);
    bars->setWidth(0.72);
    bars->setPen(Qt::NoPen);
    bars->setBrush(color);
    return bars;
}
} // namespace

TopKPlot::TopKPlot(QWidget* parent)
    : QCustomPlot(parent), m_other(makeBars(yAxis, xAxis, theme::otherBar)),
      m_true(makeBars(yAxis, xAxis, theme::trueBar)), m_target(makeBars(yAxis, xAxis, theme::targetCurve)),
      m_ticker(new QCPAxisTickerText) {
    setAccessibleName(tr("Top-5 predictions"));
    setMinimumHeight(110);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setBackground(palette().base());
    QFont tickFont = font();
    tickFont.setPointSizeF(std::max(7.0, tickFont.pointSizeF() - 1.5));
    yAxis->setTicker(m_ticker);
    yAxis->setTickLabelFont(tickFont);
    yAxis->setRange(0.4, kTop + 0.6);
    yAxis->setTickLength(0, 0);
    yAxis->setSubTicks(false);
    yAxis->grid()->setVisible(false);
    yAxis->setBasePen(QPen(theme::axis));
    // The value labels sit right of the bars; their room is a right margin of the label's
    // width, not a share of the axis, so "100%" fits however narrow the panel gets (a share
    // of 0.18 clipped it at 1366x768).
    xAxis->setRange(0, 1.02);
    xAxis->setTickLabels(false);
    xAxis->setTicks(false);
    xAxis->setBasePen(Qt::NoPen);
    xAxis->grid()->setPen(QPen(QColor(0, 0, 0, 20), 1, Qt::DotLine));
    axisRect()->setAutoMargins(QCP::msLeft);
    axisRect()->setMargins(
        QMargins(0, 2, QFontMetrics(tickFont).horizontalAdvance(QStringLiteral("100%")) + 8, 2));
    for (int i = 0; i < kTop; ++i) {
        auto* t = new QCPItemText(this);
        t->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
        t->position->setType(QCPItemPosition::ptPlotCoords);
        t->setFont(tickFont);
        t->setColor(theme::barText);
        t->setClipToAxisRect(false);
        m_valueLabels.push_back(t);
    }
    clearPrediction();
}

void TopKPlot::clearPrediction() {
    m_names.clear();
    m_probs.clear();
    m_other->data()->clear();
    m_true->data()->clear();
    m_target->data()->clear();
    m_ticker->clear();
    for (auto* t : m_valueLabels)
        t->setText(QString());
    setAccessibleDescription(tr("No prediction"));
    setToolTip(QString());
    replot(QCustomPlot::rpQueuedReplot);
}

void TopKPlot::setPrediction(const Prediction& prediction, const Categories& categories, int trueLabel,
                             int targetClass) {
    clearPrediction();
    if (!prediction.isValid())
        return;
    const auto top = prediction.topK(kTop);
    QVector<double> otherK, otherV, trueK, trueV, targetK, targetV;
    for (std::size_t i = 0; i < top.size(); ++i) {
        const auto [label, prob] = top[i];
        const double key = kTop - static_cast<double>(i); // most probable on top
        m_names.push_back(QString::fromStdString(categories.label(label)));
        m_probs.push_back(prob);
        auto& keys = label == trueLabel ? trueK : label == targetClass ? targetK : otherK;
        auto& vals = label == trueLabel ? trueV : label == targetClass ? targetV : otherV;
        keys.push_back(key);
        vals.push_back(prob);
        auto* text = m_valueLabels[static_cast<int>(i)];
        text->position->setCoords(prob + 0.01, key);
        text->setText(QStringLiteral("%1%").arg(100.0 * prob, 0, 'f', prob < 0.095 ? 1 : 0));
    }
    QStringList spoken;
    for (std::size_t i = 0; i < top.size(); ++i)
        spoken << QStringLiteral("%1 %2%")
                      .arg(m_names[static_cast<int>(i)])
                      .arg(100.0 * top[i].second, 0, 'f', 1);
    setAccessibleDescription(spoken.join(QStringLiteral(", ")));
    // A narrow panel elides the names; the tooltip has them whole.
    setToolTip(spoken.join(QLatin1Char('\n')));
    updateTicks();
    m_other->setData(otherK, otherV, true);
    m_true->setData(trueK, trueV, true);
    m_target->setData(targetK, targetV, true);
    replot(QCustomPlot::rpQueuedReplot);
}

void TopKPlot::updateTicks() {
    // The names are elided to what the widget's width leaves beside the bars and their
    // value labels: a fixed character cap let long names push the bars (and "100%")
    // out of a narrow panel.
    const QFontMetrics fm(yAxis->tickLabelFont());
    // Wide panels still cap a name at about 22 characters, so the bars keep most of the width.
    const int cap = 22 * fm.averageCharWidth();
    const int room = std::max(fm.horizontalAdvance(QStringLiteral("ab") + QChar(0x2026)),
                              width() - axisRect()->margins().right() - kMinBarWidth -
                                  yAxis->tickLabelPadding() - yAxis->padding() - 2);
    m_ticker->clear();
    for (int i = 0; i < m_names.size(); ++i)
        m_ticker->addTick(kTop - i,
                          fm.elidedText(shortName(m_names[i]), Qt::ElideRight, std::min(room, cap)));
}

void TopKPlot::resizeEvent(QResizeEvent* event) {
    QCustomPlot::resizeEvent(event);
    if (!m_names.isEmpty()) {
        updateTicks();
        replot(QCustomPlot::rpQueuedReplot);
    }
}

QList<QRect> TopKPlot::valueLabelRects() const {
    QList<QRect> rects;
    for (const QCPItemText* t : m_valueLabels)
        if (!t->text().isEmpty())
            rects.push_back(
                QRectF(t->topLeft->pixelPosition(), t->bottomRight->pixelPosition()).toAlignedRect());
    return rects;
}

} // namespace advlab::ui
