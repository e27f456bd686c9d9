// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ReplayFrame.h"
#include "TriptychResult.h"

#include <QImage>
#include <QWidget>

class QLabel;
#include <advlab/Categories.h>

namespace advlab::ui {

class AttributionControls;
class CurvePlot;
class ImagePanel;
class ReplayBar;

// Original | non-targeted | targeted, each with predicted label and
// confidence, plus the per-step probability curve underneath.
class TriptychView : public QWidget {
    Q_OBJECT

public:
    explicit TriptychView(QWidget* parent = nullptr);

    // A new image was chosen: show it at once, before any attack finished.
    void showOriginal(const QImage& image, const QString& imageId, int trueLabel, int targetClass,
                      const Categories& categories);
    void setResult(const TriptychResultPtr& result, const Categories& categories);
    // One step of the attacks (issue 12): while they run (progressive
    // display) and when the replay bar scrubs. The adversarial panels show
    // the step's images, labels and top-5 bars; the curves get a cursor.
    // A null side keeps what it shows.
    // Live (while the attack runs) skips the top-5 bars, which are cleared
    // instead: redrawing two bar charts costs as much as the two images, on
    // the core the attack needs (tst_replay's timing, bench/RESULTS.md).
    void showStep(const ReplayFrame& frame, bool live = false);
    // Back to the final result as setResult showed it (the replay's last step).
    void showFinal() { render(); }
    int shownStep() const { return m_shownStep; } // -1: the final result, or nothing
    void beginSteps() {                           // a new request: no step of it shown yet
        m_shownStep = -1;
        m_barsCleared = false;
    }
    const TriptychResultPtr& result() const { return m_result; }
    void setBusy(bool busy, const QString& note = {});
    // The clean prediction arrives before the attacks finish; show it early.
    void setCleanPrediction(const Prediction& clean, int trueLabel, int targetClass);
    void setShowPerturbation(bool show);
    void setAdversarialPlaceholder(const QString& text); // for empty adversarial panels
    bool showPerturbation() const { return m_showPerturbation; }
    void clear(const QString& note);
    // One small line under the images: the current image's minimal ε when
    // known ("" hides it).
    void setMinimalEpsilonText(const QString& text);
    QString minimalEpsilonText() const;

    ImagePanel* originalPanel() const { return m_original; }
    ImagePanel* untargetedPanel() const { return m_untargeted; }
    ImagePanel* targetedPanel() const { return m_targeted; }
    CurvePlot* curvePlot() const { return m_curve; }
    ReplayBar* replayBar() const { return m_replayBar; }
    AttributionControls* attributionControls() const { return m_attribution; }
    const Categories& categories() const { return m_categories; }
    // The image, adversarial or original, that panel `column` (0 original, 1
    // non-targeted, 2 targeted) of the shown result stands for; empty when none.
    Image8 panelImage(int column) const;
    ImagePanel* panel(int column) const;

Q_SIGNALS:
    // After the panels were (re)drawn for `result` (a new result, or the
    // perturbation view toggled): overlays and observer lines go on top.
    void resultShown(const advlab::ui::TriptychResultPtr& result);
    // The panels no longer show a result (a new image, cleared).
    void resultCleared();

private:
    void render();

    ImagePanel* m_original;
    ImagePanel* m_untargeted;
    ImagePanel* m_targeted;
    CurvePlot* m_curve;
    ReplayBar* m_replayBar;
    QLabel* m_minEpsilon;
    AttributionControls* m_attribution;
    TriptychResultPtr m_result;
    Categories m_categories;
    bool m_showPerturbation = false;
    int m_trueLabel = -1;
    int m_shownStep = -1;
    bool m_barsCleared = false; // by the current request's live steps
};

} // namespace advlab::ui
