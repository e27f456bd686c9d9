// SPDX-License-Identifier: GPL-3.0-or-later
#include "FigureRenderer.h"

#include "AttributionOverlay.h"
#include "ColourMap.h"
#include "ImageConvert.h"
#include "Theme.h"

#include <QCoreApplication>
#include <QFontDatabase>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <cmath>
#include <functional>

namespace advlab::ui {

namespace {

const QColor kInk = theme::ink;
const QColor kMuted = theme::muted;
const QColor kGood = theme::good;
const QColor kBad = theme::bad;

QFont figureFont(double points, bool bold = false) {
    QFont f = QFontDatabase::systemFont(QFontDatabase::GeneralFont);
    f.setPointSizeF(points);
    f.setBold(bold);
    f.setHintingPreference(QFont::PreferNoHinting); // same metrics on screen, PNG and PDF
    return f;
}

QString className(const Categories& c, int label) {
    return QString::fromStdString(c.label(label));
}

QString percent(double p) {
    return QStringLiteral("%1%").arg(100.0 * p, 0, 'f', 1);
}

// One caption line: text, and an optional colour for a mark in front of it.
struct Line {
    QString text;
    QColor color = kInk;
    bool bold = false;
};

} // namespace

FigureRenderer::FigureRenderer(TriptychResultList rows, Categories categories, QString modelName,
                               bool showPerturbation)
    : m_rows(std::move(rows)), m_categories(std::move(categories)), m_modelName(std::move(modelName)),
      m_showPerturbation(showPerturbation) {}

QSize FigureRenderer::pixelSize(int rows, int observerLines, bool legend) {
    rows = std::max(1, rows);
    const int caption = kCaptionHeight + observerLines * kObserverLineHeight;
    const int w = 2 * kMargin + 3 * kCell + 2 * kColumnGap;
    const int h = 2 * kMargin + kTitleHeight + (legend ? kLegendHeight : 0) + kHeaderHeight +
                  rows * (kCell + caption) + (rows - 1) * kRowGap;
    return {w, h};
}

QRect FigureRenderer::imageRect(int row, int column, int observerLines, bool legend) {
    const int caption = kCaptionHeight + observerLines * kObserverLineHeight;
    const int x = kMargin + column * (kCell + kColumnGap);
    const int y = kMargin + kTitleHeight + (legend ? kLegendHeight : 0) + kHeaderHeight +
                  row * (kCell + caption + kRowGap);
    return {x, y, kCell, kCell};
}

QString FigureRenderer::title() const {
    QString attack = m_rows.isEmpty() ? QString() : QString::fromStdString(m_rows.front()->config.describe());
    // An export of a replay step says so: its images are not the attack's result.
    if (!m_rows.isEmpty() && m_rows.front()->shownStep >= 0)
        attack += QCoreApplication::translate("FigureRenderer", ", replay step %1 of %2")
                      .arg(m_rows.front()->shownStep)
                      .arg(m_rows.front()->shownSteps);
    return QStringLiteral("%1  ·  %2").arg(m_modelName, attack);
}

QString FigureRenderer::subtitle() const {
    int fooled = 0, hits = 0, n = 0;
    for (const auto& r : m_rows) {
        if (!r->untargeted || !r->targeted)
            continue;
        ++n;
        fooled += r->untargeted->prediction.label() != r->sourceLabel() ? 1 : 0;
        hits += r->targeted->prediction.label() == r->targeted->targetClass ? 1 : 0;
    }
    QString s = QCoreApplication::translate("FigureRenderer",
                                            "L∞ budget ε in 0..255 pixel units · non-targeted fooled %1/%3 · "
                                            "targeted hit %2/%3")
                    .arg(fooled)
                    .arg(hits)
                    .arg(n);
    if (m_showPerturbation && !m_rows.isEmpty())
        s += QCoreApplication::translate("FigureRenderer", " · adversarial columns show the perturbation ×%1")
                 .arg(perturbationGain(m_rows.front()->config.epsilon), 0, 'f', 1);
    return s;
}

void FigureRenderer::paint(QPainter& p) const {
    const QSize size = pixelSize();
    p.fillRect(QRect(QPoint(0, 0), size), Qt::white);
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);

    const int contentWidth = size.width() - 2 * kMargin;
    p.setPen(kInk);
    p.setFont(figureFont(11.0, true));
    p.drawText(QRect(kMargin, kMargin, contentWidth, 70), Qt::AlignLeft | Qt::AlignVCenter,
               p.fontMetrics().elidedText(title(), Qt::ElideRight, contentWidth));
    p.setPen(kMuted);
    p.setFont(figureFont(7.5));
    p.drawText(QRect(kMargin, kMargin + 72, contentWidth, 50), Qt::AlignLeft | Qt::AlignVCenter,
               p.fontMetrics().elidedText(subtitle(), Qt::ElideRight, contentWidth));

    const QString headers[3] = {
        QCoreApplication::translate("FigureRenderer", "Original"),
        QCoreApplication::translate("FigureRenderer", "Non-targeted"),
        QCoreApplication::translate("FigureRenderer", "Targeted"),
    };
    const int legendHeight = m_extras.hasOverlay() ? kLegendHeight : 0;
    if (legendHeight > 0)
        paintLegend(p, QRect(kMargin, kMargin + kTitleHeight, contentWidth, kLegendHeight));
    p.setPen(kInk);
    p.setFont(figureFont(9.0, true));
    for (int c = 0; c < 3; ++c) {
        const QRect cell = cellRect(0, c);
        p.drawText(QRect(cell.x(), kMargin + kTitleHeight + legendHeight, kCell, kHeaderHeight - 10),
                   Qt::AlignHCenter | Qt::AlignBottom, headers[c]);
    }
    for (int r = 0; r < m_rows.size(); ++r)
        paintRow(p, r);
}

void FigureRenderer::paintRow(QPainter& p, int row) const {
    const TriptychResult& r = *m_rows[row];
    const Categories& c = m_categories;
    const int source = r.sourceLabel();

    auto drawImage = [&](int column, QImage image) {
        const QRect cell = cellRect(row, column);
        if (image.isNull()) {
            p.fillRect(cell, theme::placeholder);
            return;
        }
        if (m_extras.hasOverlay() && row < m_extras.maps.size() && m_extras.maps[row][column])
            image = AttributionOverlay::render(image, *m_extras.maps[row][column], m_extras.opacity);
        // Enlarge with nearest-neighbour here, so no backend smooths it.
        p.drawImage(cell.topLeft(), image.scaled(cell.size(), Qt::IgnoreAspectRatio, Qt::FastTransformation));
        p.setPen(QPen(QColor(0, 0, 0, 60), 2));
        p.setBrush(Qt::NoBrush);
        p.drawRect(cell);
    };
    auto drawLines = [&](int column, const std::vector<Line>& lines) {
        const QRect cell = cellRect(row, column);
        int y = cell.bottom() + 14;
        for (const Line& l : lines) {
            p.setFont(figureFont(7.5, l.bold));
            p.setPen(l.color);
            const QFontMetrics fm = p.fontMetrics();
            p.drawText(QRect(cell.x(), y, kCell, fm.height()), Qt::AlignHCenter | Qt::AlignTop,
                       fm.elidedText(l.text, Qt::ElideMiddle, kCell));
            y += fm.height() + 4;
        }
        // The observers' lines, in a fixed band under the caption so the
        // three columns line up.
        if (row >= m_extras.observers.size())
            return;
        y = cell.bottom() + kCaptionHeight;
        for (const ObserverLine& o : m_extras.observers[row][column]) {
            // Two lines: the observer's name, then its answer, so neither
            // the name nor the class is cut in a 2-inch column.
            p.setFont(figureFont(7.0));
            const QFontMetrics fm = p.fontMetrics();
            p.setPen(kMuted);
            p.drawText(QRect(cell.x(), y, kCell, fm.height()), Qt::AlignHCenter | Qt::AlignTop,
                       fm.elidedText(o.name, Qt::ElideMiddle, kCell));
            QString text = o.error.isEmpty()
                               ? QStringLiteral("%1 (%2)").arg(o.className, percent(o.confidence))
                               : QCoreApplication::translate("FigureRenderer", "no prediction");
            if (o.error.isEmpty() && !o.mark.isEmpty())
                text = (o.ok ? QStringLiteral("\u2713 ") : QStringLiteral("\u2717 ")) + text +
                       QStringLiteral(" · ") + o.mark;
            p.setPen(!o.error.isEmpty() ? kBad : o.mark.isEmpty() ? kInk : o.ok ? kGood : kBad);
            p.drawText(QRect(cell.x(), y + fm.height() + 2, kCell, fm.height()),
                       Qt::AlignHCenter | Qt::AlignTop, fm.elidedText(text, Qt::ElideMiddle, kCell));
            y += kObserverLineHeight;
        }
    };
    auto adversarialImage = [&](const AttackPartPtr& part) {
        if (!part)
            return QImage();
        return m_showPerturbation ? perturbationImage(r.original, part->image, r.config.epsilon)
                                  : toQImage(part->image);
    };
    auto tr = [](const char* s) { return QCoreApplication::translate("FigureRenderer", s); };
    const QString check = QStringLiteral("\u2713 "), cross = QStringLiteral("\u2717 ");

    drawImage(0, toQImage(r.original));
    std::vector<Line> original;
    original.push_back({tr("True: %1").arg(className(c, r.trueLabel)), kInk, true});
    if (r.clean.isValid()) {
        const bool ok = r.trueLabel < 0 || r.clean.label() == r.trueLabel;
        original.push_back(
            {(r.trueLabel < 0 ? QString()
              : ok            ? check
                              : cross) +
                 tr("Pred: %1 (%2)").arg(className(c, r.clean.label()), percent(r.clean.confidence())),
             r.trueLabel < 0 ? kInk
             : ok            ? kGood
                             : kBad});
    }
    original.push_back({r.imageId, kMuted});
    drawLines(0, original);

    drawImage(1, adversarialImage(r.untargeted));
    if (r.untargeted) {
        const auto& pr = r.untargeted->prediction;
        const bool fooled = pr.label() != source;
        drawLines(
            1, {{tr("Pred: %1 (%2)").arg(className(c, pr.label()), percent(pr.confidence())), kInk, true},
                {(fooled ? check + tr("fooled") : cross + tr("not fooled")), fooled ? kGood : kBad},
                {tr("p(true) %1 · L∞ %2").arg(percent(pr.probOf(source))).arg(r.untargeted->linf), kMuted}});
    }

    drawImage(2, adversarialImage(r.targeted));
    if (r.targeted) {
        const auto& pr = r.targeted->prediction;
        const int target = r.targeted->targetClass;
        const bool hit = pr.label() == target;
        drawLines(
            2, {{tr("Target: %1").arg(className(c, target)), kInk, true},
                {hit ? check + tr("hit (%1)").arg(percent(pr.confidence()))
                     : cross +
                           tr("miss · Pred: %1 (%2)").arg(className(c, pr.label()), percent(pr.confidence())),
                 hit ? kGood : kBad},
                {tr("p(target) %1 · L∞ %2").arg(percent(pr.probOf(target))).arg(r.targeted->linf), kMuted}});
    }
}

void FigureRenderer::paintLegend(QPainter& p, const QRect& area) const {
    const ColourMap& colours = ColourMap::viridis();
    p.setFont(figureFont(7.5));
    const QFontMetrics fm = p.fontMetrics();
    const QString low = QCoreApplication::translate("FigureRenderer", "low");
    const QString high = QCoreApplication::translate("FigureRenderer", "high");
    const QString what =
        QCoreApplication::translate("FigureRenderer", "%1 of the attacked model's top class · opacity %2%")
            .arg(m_extras.attributionName)
            .arg(std::lround(100.0 * m_extras.opacity));
    // The description on the left, the colour bar with its ends on the right.
    const int barWidth = 420;
    const int right = area.right() - fm.horizontalAdvance(high) - 10;
    const QRect bar(right - barWidth, area.y() + (area.height() - 24) / 2, barWidth, 24);
    for (int x = 0; x < bar.width(); ++x) {
        p.setPen(QColor(colours.map(x / double(bar.width() - 1))));
        p.drawLine(bar.left() + x, bar.top(), bar.left() + x, bar.bottom());
    }
    p.setPen(kMuted);
    const int lowWidth = fm.horizontalAdvance(low);
    p.drawText(QRect(bar.left() - lowWidth - 10, area.y(), lowWidth, area.height()),
               Qt::AlignRight | Qt::AlignVCenter, low);
    p.drawText(QRect(bar.right() + 10, area.y(), area.right() - bar.right() - 10, area.height()),
               Qt::AlignLeft | Qt::AlignVCenter, high);
    p.setPen(kInk);
    const int textWidth = bar.left() - lowWidth - 40 - area.x();
    p.drawText(QRect(area.x(), area.y(), textWidth, area.height()), Qt::AlignLeft | Qt::AlignVCenter,
               fm.elidedText(what, Qt::ElideRight, textWidth));
}

QImage FigureRenderer::toImage() const {
    QImage image(pixelSize(), QImage::Format_RGB32);
    const int dpm = static_cast<int>(std::lround(kDpi / 0.0254));
    image.setDotsPerMeterX(dpm); // so point sizes resolve at 300 dpi, as in the PDF
    image.setDotsPerMeterY(dpm);
    image.fill(Qt::white);
    QPainter p(&image);
    paint(p);
    p.end();
    return image;
}

namespace {

// Writes through a QSaveFile so the target is either complete or untouched.
// `write` fills the open file and returns an error message, or an empty
// string on success.
bool writeAtomically(const QString& path, QString* error, const std::function<QString(QSaveFile&)>& write) {
    QSaveFile file(path);
    QString problem;
    if (!file.open(QIODevice::WriteOnly)) {
        problem = file.errorString();
    } else if (problem = write(file); !problem.isEmpty()) {
        file.cancelWriting();
    } else if (!file.commit()) {
        problem = file.errorString();
    }
    if (problem.isEmpty())
        return true;
    if (error)
        *error = QStringLiteral("%1: %2").arg(path, problem);
    return false;
}

} // namespace

bool FigureRenderer::writePng(const QString& path, QString* error) const {
    return writeAtomically(path, error, [this](QSaveFile& file) {
        return toImage().save(&file, "PNG") ? QString() : QStringLiteral("could not encode the PNG");
    });
}

bool FigureRenderer::writePdf(const QString& path, QString* error) const {
    return writeAtomically(path, error, [this](QSaveFile& file) {
        const QSize px = pixelSize();
        QPdfWriter writer(&file);
        writer.setResolution(kDpi);
        writer.setCreator(QStringLiteral("Adversarial Lab"));
        writer.setTitle(title());
        writer.setPageSize(QPageSize(QSizeF(px.width() * 72.0 / kDpi, px.height() * 72.0 / kDpi),
                                     QPageSize::Point, QStringLiteral("Figure"), QPageSize::ExactMatch));
        writer.setPageMargins(QMarginsF(0, 0, 0, 0));
        QPainter p;
        if (!p.begin(&writer))
            return QStringLiteral("could not start the PDF");
        paint(p);
        p.end();
        return QString();
    });
}

} // namespace advlab::ui
