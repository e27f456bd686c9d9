// SPDX-License-Identifier: GPL-3.0-or-later
#include "FragilityHistogram.h"

#include "PlotLegend.h"
#include "Theme.h"

#include <algorithm>

namespace advlab::ui {

FragilityHistogram::FragilityHistogram(QWidget* parent) : QCustomPlot(parent) {
    setObjectName(QStringLiteral("fragilityHistogram"));
    setMinimumSize(420, 300);
    setBackground(Qt::white);
    plotLayout()->insertRow(0);
    QFont titleFont = font();
    titleFont.setBold(true);
    m_title = new QCPTextElement(this, tr("Fragility map"), titleFont);
    plotLayout()->addElement(0, 0, m_title);
    yAxis->setLabel(tr("images"));
    yAxis2->setVisible(true);
    yAxis2->setLabel(tr("fooled at this ε or below (%)"));
    yAxis2->setRange(0, 102);
    xAxis->grid()->setVisible(false);
    yAxis->grid()->setPen(QPen(QColor(0, 0, 0, 30), 1, Qt::DotLine));
    placeLegendBelowAxes(this);
    m_note = new QCPItemText(this);
    m_note->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_note->position->setCoords(0.5, 0.5);
    m_note->setColor(theme::note);
    setAccessibleName(tr("Fragility histogram"));
    connect(this, &QCustomPlot::mousePress, this, [this](QMouseEvent* e) {
        const int bar = barAt(e->position());
        if (bar >= 0)
            Q_EMIT binClicked(m_bins[bar].low, m_bins[bar].high, filterLabel(bar));
    });
    setResults(nullptr);
}

void FragilityHistogram::resizeEvent(QResizeEvent* event) {
    fitLegendColumns(this, event->size().width());
    updateTitle(event->size().width());
    QCustomPlot::resizeEvent(event);
}

QString FragilityHistogram::titleText() const {
    return m_title->text();
}
QFont FragilityHistogram::titleFont() const {
    return m_title->font();
}

void FragilityHistogram::updateTitle(int width) {
    const QFontMetrics metrics(m_title->font());
    const int room = std::max(80, width - 24);
    const QString head = metrics.elidedText(m_titleHead, Qt::ElideRight, room);
    const QString detail = metrics.elidedText(m_titleDetail, Qt::ElideRight, room);
    m_title->setText(m_titleDetail.isEmpty() ? head : head + QLatin1Char('\n') + detail);
    // Where the title is cut, the whole of it is the plot's tooltip.
    const bool cut = head != m_titleHead || detail != m_titleDetail;
    setToolTip(cut ? m_titleHead + QLatin1Char('\n') + m_titleDetail : QString());
}

QVector<FragilityHistogram::Bin> FragilityHistogram::binsFor(const FragilityResults& r) {
    QVector<Bin> bins;
    if (r.mode == FragilityMode::AtEpsilon) {
        bins.push_back({0, 0, tr("fooled"), 0});
        bins.push_back({1, 1, tr("robust"), 0});
    } else {
        // 0, 1, 2, 3–4, 5–8, ...: minimal ε spreads over orders of magnitude
        // (most images fall at 1–2 white-box, far higher on a transfer model).
        int low = 0;
        while (low <= r.maxEpsilon) {
            const int high = low <= 2 ? low : std::min(r.maxEpsilon, 2 * (low - 1));
            bins.push_back({low, high,
                            low == high ? QString::number(low) : QStringLiteral("%1–%2").arg(low).arg(high),
                            0});
            low = high + 1;
        }
        bins.push_back({r.maxEpsilon + 1, r.maxEpsilon + 1, QStringLiteral(">%1").arg(r.maxEpsilon), 0});
    }
    for (int i = 0; i < r.size(); ++i) {
        const int key = r.sortKey(i);
        for (auto& b : bins)
            if (key >= b.low && key <= b.high)
                ++b.count;
    }
    return bins;
}

QVector<double> FragilityHistogram::cumulativePercent() const {
    QVector<double> out;
    if (!m_cdf)
        return out;
    for (auto it = m_cdf->data()->constBegin(); it != m_cdf->data()->constEnd(); ++it)
        out.push_back(it->value);
    return out;
}

void FragilityHistogram::setResults(const FragilityResultsPtr& results) {
    clearPlottables();
    m_bars.clear();
    m_cdf = nullptr;
    m_bins.clear();
    legend->setVisible(false);
    if (!results || results->scannedCount() == 0) {
        m_titleHead = tr("Fragility map");
        m_titleDetail.clear();
        updateTitle(width());
        m_note->setText(tr("Run Tools → Scan dataset in the main window to see how fragile each image is."));
        m_note->setVisible(true);
        xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
        xAxis->setLabel({});
        xAxis->setRange(0, 1);
        yAxis->setRange(0, 1);
        replot();
        return;
    }
    m_note->setVisible(false);
    m_bins = binsFor(*results);
    m_mode = results->mode;
    m_maxEpsilon = results->maxEpsilon;
    const int scanned = results->scannedCount();
    const int maxKey = results->mode == FragilityMode::MinEpsilon ? results->maxEpsilon : 1;
    auto ticker = QSharedPointer<QCPAxisTickerText>(new QCPAxisTickerText);
    int tallest = 1, cumulative = 0;
    QVector<double> cdfX, cdfY;
    for (int b = 0; b < m_bins.size(); ++b) {
        const Bin& bin = m_bins[b];
        auto* bars = new QCPBars(xAxis, yAxis);
        bars->setWidth(0.8);
        const bool notFooled =
            results->mode == FragilityMode::MinEpsilon ? bin.low > results->maxEpsilon : bin.low == 1;
        const QColor c = notFooled ? theme::good : FragilityResults::colourForKey(bin.low, maxKey);
        bars->setBrush(c);
        bars->setPen(QPen(c.darker(130), 1));
        bars->addData(b, bin.count);
        bars->removeFromLegend();
        m_bars.push_back(bars);
        ticker->addTick(b, bin.label);
        tallest = std::max(tallest, bin.count);
        if (!notFooled)
            cumulative += bin.count;
        cdfX.push_back(b);
        cdfY.push_back(100.0 * cumulative / scanned);
    }
    m_cdf = addGraph(xAxis, yAxis2);
    m_cdf->setData(cdfX, cdfY, true);
    m_cdf->setPen(QPen(theme::ink, 2));
    m_cdf->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, theme::ink, Qt::white, 6));
    m_cdf->setName(tr("fooled at this ε or below (%)"));
    legend->setVisible(true);
    fitLegendColumns(this, width());
    xAxis->setTicker(ticker);
    xAxis->setLabel(results->mode == FragilityMode::MinEpsilon
                        ? tr("minimal ε (pixels of 255)")
                        : tr("at ε %1").arg(static_cast<double>(results->epsilon)));
    xAxis->setRange(-0.6, m_bins.size() - 0.4);
    yAxis->setRange(0, tallest * 1.1);
    m_titleHead = tr("Fragility map — %1").arg(results->attack);
    m_titleDetail = tr("%1 images · click a bar to filter the browser").arg(scanned);
    updateTitle(width());
    QStringList spoken;
    for (const Bin& b : m_bins)
        spoken << tr("%1: %2").arg(b.label).arg(b.count);
    setAccessibleDescription(spoken.join(QStringLiteral("; ")));
    replot();
}

QString FragilityHistogram::filterLabel(int bar) const {
    // What the browser's filter box then says: the bar's label with its meaning.
    const Bin& b = m_bins[bar];
    if (m_mode == FragilityMode::AtEpsilon)
        return b.label;
    if (b.low > m_maxEpsilon)
        return tr("Not fooled up to ε %1").arg(m_maxEpsilon);
    return tr("Minimal ε %1").arg(b.label);
}

int FragilityHistogram::barAt(const QPointF& pos) const {
    if (m_bins.isEmpty() || !axisRect()->rect().contains(pos.toPoint()))
        return -1;
    const double key = xAxis->pixelToCoord(pos.x());
    const int bar = static_cast<int>(std::lround(key));
    if (bar < 0 || bar >= m_bins.size() || std::abs(key - bar) > 0.4)
        return -1;
    return bar;
}

QPointF FragilityHistogram::barCentre(int bar) const {
    if (bar < 0 || bar >= m_bins.size())
        return {};
    // Half way up the axis rect: a bar of 0 images is clickable too.
    return {xAxis->coordToPixel(bar), axisRect()->rect().center().y() * 1.0};
}

} // namespace advlab::ui
