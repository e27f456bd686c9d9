// SPDX-License-Identifier: GPL-3.0-or-later
#include "TriptychView.h"

#include "AttributionControls.h"
#include "CurvePlot.h"
#include "ImageConvert.h"
#include "ImagePanel.h"
#include "ImageView.h"
#include "ReplayBar.h"
#include "TopKPlot.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace advlab::ui {

namespace {
QString name(const Categories& c, int label) {
    return QString::fromStdString(c.label(label)).toHtmlEscaped();
}

QString percent(double p) {
    return QStringLiteral("%1%").arg(100.0 * p, 0, 'f', 1);
}

// A screen reader's one-line summary of a panel, in the words the panel
// shows: "Non-targeted: predicted long-horned beetle, 100.0%, fooled".
QString spokenSummary(const QString& kind, const Prediction& p, const Categories& c, const QString& mark) {
    if (!p.isValid())
        return QObject::tr("%1: no prediction").arg(kind);
    QString s = QObject::tr("%1: predicted %2, %3")
                    .arg(kind, QString::fromStdString(c.label(p.label())), percent(p.confidence()));
    if (!mark.isEmpty())
        s += QStringLiteral(", ") + mark;
    return s;
}

QString predictionLine(const Prediction& p, const Categories& c) {
    if (!p.isValid())
        return QStringLiteral("&nbsp;");
    return QObject::tr("Predicted: <b>%1</b> &nbsp;%2").arg(name(c, p.label()), percent(p.confidence()));
}
} // namespace

TriptychView::TriptychView(QWidget* parent)
    : QWidget(parent), m_original(new ImagePanel(QStringLiteral("originalPanel"), this)),
      m_untargeted(new ImagePanel(QStringLiteral("untargetedPanel"), this)),
      m_targeted(new ImagePanel(QStringLiteral("targetedPanel"), this)), m_curve(new CurvePlot(this)),
      m_replayBar(new ReplayBar(this)), m_minEpsilon(new QLabel(this)),
      m_attribution(new AttributionControls(this)) {
    setObjectName(QStringLiteral("triptychView"));
    // One scale for the three images, whatever each caption's height.
    const QList<ImageView*> views{m_original->view(), m_untargeted->view(), m_targeted->view()};
    for (ImageView* v : views)
        v->setScalePeers(views);
    auto* row = new QHBoxLayout;
    row->setSpacing(10);
    row->addWidget(m_original, 1);
    row->addWidget(m_untargeted, 1);
    row->addWidget(m_targeted, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    // Spare height goes to the curve: the images stay square.
    layout->addLayout(row, 0);
    layout->addWidget(m_replayBar, 0);
    layout->addWidget(m_attribution, 0);
    m_minEpsilon->setObjectName(QStringLiteral("minEpsilonLabel"));
    m_minEpsilon->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_minEpsilon->hide();
    layout->addWidget(m_minEpsilon, 0);
    layout->addWidget(m_curve, 1);
    clear(tr("Open a dataset to begin."));
}

void TriptychView::setMinimalEpsilonText(const QString& text) {
    m_minEpsilon->setText(text);
    m_minEpsilon->setVisible(!text.isEmpty());
}

QString TriptychView::minimalEpsilonText() const {
    return m_minEpsilon->isVisible() || !m_minEpsilon->text().isEmpty() ? m_minEpsilon->text() : QString();
}

ImagePanel* TriptychView::panel(int column) const {
    return column == 0 ? m_original : column == 1 ? m_untargeted : m_targeted;
}

Image8 TriptychView::panelImage(int column) const {
    if (!m_result)
        return {};
    const AttackPartPtr& part = column == 1 ? m_result->untargeted : m_result->targeted;
    if (column == 0)
        return m_result->original;
    return part ? part->image : Image8{};
}

void TriptychView::clear(const QString& note) {
    m_result.reset();
    m_shownStep = -1;
    m_replayBar->clear(tr("Replay: no steps yet"));
    Q_EMIT resultCleared();
    setMinimalEpsilonText({});
    for (ImagePanel* p : {m_original, m_untargeted, m_targeted}) {
        p->view()->setImage({});
        p->view()->setPlaceholder(note);
        p->view()->setBusy(false);
        p->clearCaption();
        p->topK()->clearPrediction();
    }
    m_original->setTitle(tr("Original"));
    m_untargeted->setTitle(tr("Non-targeted"));
    m_targeted->setTitle(tr("Targeted"));
    m_original->setSummary(tr("Original: %1").arg(note), {});
    m_untargeted->setSummary(tr("Non-targeted: %1").arg(note), {});
    m_targeted->setSummary(tr("Targeted: %1").arg(note), {});
    m_curve->clearResult();
}

void TriptychView::showOriginal(const QImage& image, const QString& imageId, int trueLabel, int targetClass,
                                const Categories& categories) {
    m_result.reset();
    m_shownStep = -1;
    m_trueLabel = trueLabel;
    Q_EMIT resultCleared();
    m_categories = categories;
    m_original->setTitle(tr("Original · %1").arg(imageId));
    m_original->view()->setImage(image);
    m_original->view()->setBusy(false);
    m_original->setCaption(QStringLiteral("&nbsp;"),
                           trueLabel >= 0 ? tr("True: <b>%1</b>").arg(name(categories, trueLabel))
                                          : tr("True label unknown"));
    m_original->setMark({}, true);
    m_original->topK()->clearPrediction();
    for (ImagePanel* p : {m_untargeted, m_targeted}) {
        p->view()->setImage({});
        p->view()->setPlaceholder(tr("Computing…"));
        p->clearCaption();
        p->topK()->clearPrediction();
    }
    m_untargeted->setTitle(tr("Non-targeted"));
    m_targeted->setTitle(targetClass >= 0
                             ? tr("Targeted → %1").arg(QString::fromStdString(categories.label(targetClass)))
                             : tr("Targeted"));
    m_original->setSummary(tr("Original: image %1, true label %2")
                               .arg(imageId, trueLabel >= 0
                                                 ? QString::fromStdString(categories.label(trueLabel))
                                                 : tr("unknown")),
                           {});
    m_untargeted->setSummary(tr("Non-targeted: computing"), {});
    m_targeted->setSummary(tr("Targeted: computing"), m_targeted->titleLabel()->text());
    m_curve->clearResult(tr("Computing…"));
}

void TriptychView::setResult(const TriptychResultPtr& result, const Categories& categories) {
    m_result = result;
    m_categories = categories;
    m_trueLabel = result ? result->trueLabel : -1;
    m_shownStep = -1;
    render();
}

void TriptychView::showStep(const ReplayFrame& f, bool live) {
    const Categories& c = m_categories;
    const QString stepText = tr("step %1/%2").arg(f.step).arg(f.steps);
    auto show = [&](ImagePanel* panel, const Image8& image, const Prediction& p, bool targeted) {
        if (image.isNull())
            return;
        panel->view()->setBusy(false);
        panel->view()->setImage(m_showPerturbation && m_result
                                    ? perturbationImage(m_result->original, image, m_result->config.epsilon)
                                    : toQImage(image));
        if (!live)
            panel->topK()->setPrediction(p, c, m_trueLabel, f.targetClass);
        else if (!m_barsCleared)
            panel->topK()->clearPrediction(); // never the previous result's bars beside this step
        const QString kind = targeted ? tr("Targeted") : tr("Non-targeted");
        QString mark;
        bool good = false;
        QString detail;
        if (targeted) {
            good = p.label() == f.targetClass;
            mark = good ? tr("hit") : tr("miss");
            detail = tr("Target: <b>%1</b> &nbsp;%2 · %3")
                         .arg(name(c, f.targetClass), percent(p.probOf(f.targetClass)), stepText);
        } else {
            good = p.label() != f.sourceLabel;
            mark = good ? tr("fooled") : tr("not fooled");
            detail =
                tr("p(%1): %2 · %3").arg(name(c, f.sourceLabel), percent(p.probOf(f.sourceLabel)), stepText);
        }
        panel->setCaption(predictionLine(p, c), detail);
        panel->setMark(mark, good);
        panel->setSummary(spokenSummary(kind, p, c, mark) + QStringLiteral(", ") + stepText, {});
    };
    show(m_untargeted, f.untargeted, f.untargetedPrediction, false);
    show(m_targeted, f.targeted, f.targetedPrediction, true);
    m_barsCleared = live;
    m_shownStep = f.step;
    m_curve->setStepCursor(f.step);
}

void TriptychView::setBusy(bool busy, const QString& note) {
    if (busy && m_shownStep >= 0)
        return; // the panels show the running attack's latest step: no veil over it
    for (ImagePanel* p : {m_untargeted, m_targeted}) {
        p->view()->setBusy(busy, note);
        if (busy && p->view()->image().isNull() && !note.isEmpty())
            p->view()->setPlaceholder(note); // nothing to dim yet: say it in the empty frame
    }
}

void TriptychView::setAdversarialPlaceholder(const QString& text) {
    for (ImagePanel* p : {m_untargeted, m_targeted})
        p->view()->setPlaceholder(text);
    m_untargeted->setSummary(tr("Non-targeted: %1").arg(text), {});
    m_targeted->setSummary(tr("Targeted: %1").arg(text), {});
}

void TriptychView::setCleanPrediction(const Prediction& clean, int trueLabel, int targetClass) {
    if (m_result)
        return; // a full result already shows it
    m_original->setCaption(predictionLine(clean, m_categories),
                           trueLabel >= 0 ? tr("True: <b>%1</b>").arg(name(m_categories, trueLabel))
                                          : tr("True label unknown"));
    const QString mark = trueLabel < 0 ? QString() : clean.label() == trueLabel ? tr("correct") : tr("wrong");
    if (trueLabel >= 0)
        m_original->setMark(mark, clean.label() == trueLabel);
    m_original->setSummary(spokenSummary(tr("Original"), clean, m_categories, mark),
                           m_original->detailLabel()->toolTip());
    m_original->topK()->setPrediction(clean, m_categories, trueLabel, targetClass);
}

void TriptychView::setShowPerturbation(bool show) {
    if (m_showPerturbation == show)
        return;
    m_showPerturbation = show;
    render();
}

void TriptychView::render() {
    if (!m_result)
        return;
    const TriptychResult& r = *m_result;
    const Categories& c = m_categories;
    const QString attack = QString::fromStdString(r.config.describe());
    const int source = r.sourceLabel();

    m_original->setTitle(tr("Original · %1").arg(r.imageId));
    m_original->view()->setImage(toQImage(r.original));
    m_original->setCaption(predictionLine(r.clean, c),
                           r.trueLabel >= 0 ? tr("True: <b>%1</b>").arg(name(c, r.trueLabel))
                                            : tr("True label unknown (attacks use the prediction)"));
    const QString cleanMark = r.trueLabel >= 0 && r.clean.isValid()
                                  ? (r.clean.label() == r.trueLabel ? tr("correct") : tr("wrong"))
                                  : QString();
    m_original->setMark(cleanMark, r.clean.label() == r.trueLabel);
    m_original->setSummary(spokenSummary(tr("Original"), r.clean, c, cleanMark),
                           tr("Image %1. %2").arg(r.imageId, m_original->detailLabel()->toolTip()));
    m_original->topK()->setPrediction(r.clean, c, r.trueLabel, r.targetClass());

    // The longer description: what the caption's second line and the title say.
    auto describe = [](ImagePanel* panel) {
        return QStringLiteral("%1. %2").arg(panel->detailLabel()->toolTip(), panel->titleLabel()->text());
    };
    auto showPart = [&](ImagePanel* panel, const AttackPartPtr& part, const QString& title) {
        const double gain = perturbationGain(r.config.epsilon);
        panel->setTitle(m_showPerturbation ? tr("%1 · perturbation ×%2")
                                                 .arg(title.section(QStringLiteral(" · "), 0, 0))
                                                 .arg(gain, 0, 'f', 1)
                                           : title);
        if (!part) {
            panel->view()->setImage({});
            panel->view()->setPlaceholder(tr("Not computed"));
            panel->clearCaption();
            panel->topK()->clearPrediction();
            panel->setSummary(tr("%1: not computed").arg(title.section(QStringLiteral(" · "), 0, 0)), {});
            return false;
        }
        panel->view()->setImage(m_showPerturbation
                                    ? perturbationImage(r.original, part->image, r.config.epsilon)
                                    : toQImage(part->image));
        panel->topK()->setPrediction(part->prediction, c, r.trueLabel, r.targetClass());
        return true;
    };

    if (showPart(m_untargeted, r.untargeted, tr("Non-targeted · %1").arg(attack))) {
        const auto& p = r.untargeted->prediction;
        const bool fooled = p.label() != source;
        m_untargeted->setCaption(
            predictionLine(p, c),
            tr("p(%1): %2 → %3 · L∞ %4")
                .arg(name(c, source), percent(r.clean.probOf(source)), percent(p.probOf(source)))
                .arg(r.untargeted->linf));
        const QString mark = fooled ? tr("fooled") : tr("not fooled");
        m_untargeted->setMark(mark, fooled);
        m_untargeted->setSummary(spokenSummary(tr("Non-targeted"), p, c, mark), describe(m_untargeted));
    }
    if (showPart(m_targeted, r.targeted, tr("Targeted · %1").arg(attack))) {
        const auto& p = r.targeted->prediction;
        const int target = r.targeted->targetClass;
        const bool hit = p.label() == target;
        m_targeted->setCaption(predictionLine(p, c), tr("Target: <b>%1</b> &nbsp;%2 · L∞ %3")
                                                         .arg(name(c, target), percent(p.probOf(target)))
                                                         .arg(r.targeted->linf));
        const QString mark = hit ? tr("hit") : tr("miss");
        m_targeted->setMark(mark, hit);
        m_targeted->setSummary(spokenSummary(tr("Targeted"), p, c, mark), describe(m_targeted));
    }
    setBusy(false);
    m_curve->setResult(r, c);
    m_shownStep = -1;
    Q_EMIT resultShown(m_result);
}

} // namespace advlab::ui
