// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 12 on a tiny TorchScript model: the triptych's progressive steps and
// its attack replay, through the real engine, view and controller. Every
// step shown is the step computed; the replay's last step is the final
// image; scrubbing moves image, top-5 bars, labels and the curve cursor
// together; stale steps never reach the view; the kept steps stay within
// their memory bound.
#include "AttackReplay.h"
#include "ComputeEngine.h"
#include "CurvePlot.h"
#include "FigureRenderer.h"
#include "ImageConvert.h"
#include "ImagePanel.h"
#include "ImageView.h"
#include "ReplayBar.h"
#include "ReplayController.h"
#include "ReplayStepResult.h"
#include "TinyModelFile.h"
#include "TinyRequests.h"
#include "TopKPlot.h"
#include "TriptychView.h"

#include <QLabel>
#include <QSignalSpy>
#include <QSlider>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>
#include <advlab/Metrics.h>
#include <advlab/TorchRuntime.h>
#include <algorithm>
#include <tuple>

using namespace advlab;
using namespace advlab::ui;
using advlab::ui::test::noiseImage;
using advlab::ui::test::tinyRequest;

namespace {

// The top-5 bars show `p`: its five most probable classes' probabilities, in order.
bool barsShow(const TopKPlot* plot, const Prediction& p) {
    const auto top = p.topK(5);
    if (plot->probabilities().size() != static_cast<int>(top.size()))
        return false;
    for (std::size_t i = 0; i < top.size(); ++i)
        if (std::abs(plot->probabilities()[static_cast<int>(i)] - top[i].second) > 1e-6)
            return false;
    return true;
}

} // namespace

class TestReplay : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void stepsAreShownAsTheyArrive();
    void replayScrubsImageLabelsAndCursorTogether();
    void staleStepsNeverReachTheView();
    void cachedResultHasNoReplayUntilRecomputed();
    void aStepExportsAsTheScreenShowsIt();
    void keptStepsStayWithinTheMemoryBound();

private:
    TriptychResultPtr runOnce(const TriptychRequest& r, QList<ReplayFramePtr>* frames);

    QTemporaryDir m_dir;
    Categories m_categories;
    std::unique_ptr<ComputeEngine> m_engine;
    std::unique_ptr<TriptychView> m_view;
    ReplayController* m_controller = nullptr;
};

void TestReplay::initTestCase() {
    initTorchRuntime();
    QVERIFY(m_dir.isValid());
    const QString model = m_dir.filePath(QStringLiteral("tiny.pt"));
    advlab::test::writeTinyClassifier(model.toStdString());
    m_engine = std::make_unique<ComputeEngine>();
    m_view = std::make_unique<TriptychView>();
    m_view->resize(1000, 700);
    m_view->show();
    m_controller = new ReplayController(m_engine.get(), m_view.get(), m_engine.get());
    // As MainWindow does: the final result goes to the view.
    connect(m_engine.get(), &ComputeEngine::triptychReady, m_view.get(),
            [this](const TriptychResultPtr& r) { m_view->setResult(r, m_categories); });
    QSignalSpy loaded(m_engine.get(), &ComputeEngine::modelLoaded);
    m_engine->loadModel(model);
    QVERIFY(loaded.wait(30000));
    QTRY_VERIFY(!m_engine->isBusy());
}

TriptychResultPtr TestReplay::runOnce(const TriptychRequest& r, QList<ReplayFramePtr>* frames) {
    QSignalSpy ready(m_engine.get(), &ComputeEngine::triptychReady);
    QMetaObject::Connection c = connect(m_engine.get(), &ComputeEngine::triptychStep, this,
                                        [frames](const ReplayFramePtr& f) { frames->push_back(f); });
    m_view->showOriginal(toQImage(r.original), r.imageId, r.trueLabel, r.targetClass, m_categories);
    m_engine->requestTriptych(r);
    if (ready.isEmpty())
        ready.wait(30000);
    disconnect(c);
    if (ready.isEmpty())
        return nullptr;
    return ready.takeLast().at(0).value<TriptychResultPtr>();
}

void TestReplay::stepsAreShownAsTheyArrive() {
    const int steps = 6;
    // After each step: the view shows that step's images and labels (checked
    // in the step's own signal, after the controller has drawn it).
    int checked = 0;
    QString mismatch;
    QMetaObject::Connection c =
        connect(m_engine.get(), &ComputeEngine::triptychStep, this, [&](const ReplayFramePtr& f) {
            ++checked;
            if (f->step == 0) { // the input itself: not shown live
                if (m_view->shownStep() != -1)
                    mismatch = QStringLiteral("step 0 shown");
                return;
            }
            if (m_view->shownStep() != f->step)
                mismatch = QStringLiteral("step %1 not shown").arg(f->step);
            else if (m_view->untargetedPanel()->view()->image() != toQImage(f->untargeted) ||
                     m_view->targetedPanel()->view()->image() != toQImage(f->targeted))
                mismatch = QStringLiteral("step %1: the panels show other images").arg(f->step);
            else if (!m_view->targetedPanel()->topK()->probabilities().isEmpty() ||
                     !m_view->untargetedPanel()->topK()->probabilities().isEmpty())
                mismatch = QStringLiteral("step %1: live steps must not keep older bars").arg(f->step);
            else if (!m_view->untargetedPanel()->predictionLabel()->text().contains(
                         QString::fromStdString(m_categories.label(f->untargetedPrediction.label()))
                             .toHtmlEscaped()))
                mismatch = QStringLiteral("step %1: the label is not the step's prediction").arg(f->step);
            else if (!m_view->targetedPanel()->detailLabel()->text().contains(
                         QStringLiteral("step %1/%2").arg(f->step).arg(f->steps)))
                mismatch = QStringLiteral("step %1: the caption names another step").arg(f->step);
        });
    QList<ReplayFramePtr> frames;
    const TriptychRequest r = tinyRequest(0, 8.0f, steps);
    const auto result = runOnce(r, &frames);
    disconnect(c);
    QVERIFY(result);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    // One frame per step, 0..N, both attacks in each (one batch of two).
    QCOMPARE(frames.size(), steps + 1);
    QCOMPARE(checked, steps + 1);
    for (int k = 0; k <= steps; ++k) {
        const ReplayFrame& f = *frames[k];
        QCOMPARE(f.step, k);
        QCOMPARE(f.steps, steps);
        QCOMPARE(f.generation, result->generation);
        QCOMPARE(f.sourceLabel, 1);
        QCOMPARE(f.targetClass, 5);
        QVERIFY(!f.untargeted.isNull() && !f.targeted.isNull());
        QVERIFY(linfDistance(f.untargeted, r.original) <= 8);
        QVERIFY(linfDistance(f.targeted, r.original) <= 8);
        // The per-step predictions are the curves' numbers.
        QVERIFY(std::abs(f.untargetedPrediction.probOf(1) - result->untargeted->sourceCurve[k]) < 1e-5f);
        QVERIFY(std::abs(f.targetedPrediction.probOf(5) - result->targeted->targetCurve[k]) < 1e-5f);
    }
    QCOMPARE(frames.front()->untargeted, r.original); // step 0: nothing done yet
    QVERIFY(frames[1]->untargeted != r.original);     // one step later the picture changed
    // The last step is the final result, image and prediction.
    QCOMPARE(frames.back()->untargeted, result->untargeted->image);
    QCOMPARE(frames.back()->targeted, result->targeted->image);
    QCOMPARE(frames.back()->targetedPrediction.probs, result->targeted->prediction.probs);
}

void TestReplay::replayScrubsImageLabelsAndCursorTogether() {
    const int steps = 5;
    QList<ReplayFramePtr> frames;
    const auto result = runOnce(tinyRequest(1, 6.0f, steps), &frames);
    QVERIFY(result);
    ReplayBar* bar = m_view->findChild<ReplayBar*>(QStringLiteral("replayBar"));
    QVERIFY(bar);
    auto* slider = bar->findChild<QSlider*>(QStringLiteral("replaySlider"));
    auto* play = bar->findChild<QToolButton*>(QStringLiteral("replayPlayButton"));
    auto* label = bar->findChild<QLabel*>(QStringLiteral("replayStepLabel"));
    QVERIFY(slider && play && label);
    QTRY_VERIFY(slider->isEnabled());
    QVERIFY(play->isEnabled());
    QCOMPARE(slider->maximum(), steps);
    QCOMPARE(slider->value(), steps); // the final step, as shown
    QCOMPARE(m_controller->replay().count(), steps + 1);
    // The replay's last step equals the final image.
    QCOMPARE(m_controller->replay().frame(steps)->untargeted, result->untargeted->image);
    QCOMPARE(m_controller->replay().frame(steps)->targeted, result->targeted->image);
    auto* cursor = m_view->curvePlot()->findChild<QCPItemStraightLine*>(QStringLiteral("stepCursor"));
    QVERIFY(cursor);
    QVERIFY(!cursor->visible());

    QSignalSpy shown(m_controller, &ReplayController::stepShown);
    for (int k : {2, 0, 4}) {
        slider->setValue(k);
        const ReplayFrame& f = *m_controller->replay().frame(k);
        QCOMPARE(f.step, k);
        QCOMPARE(m_view->untargetedPanel()->view()->image(), toQImage(f.untargeted));
        QCOMPARE(m_view->targetedPanel()->view()->image(), toQImage(f.targeted));
        QVERIFY(barsShow(m_view->untargetedPanel()->topK(), f.untargetedPrediction));
        QVERIFY(barsShow(m_view->targetedPanel()->topK(), f.targetedPrediction));
        QVERIFY(m_view->untargetedPanel()->predictionLabel()->text().contains(
            QString::fromStdString(m_categories.label(f.untargetedPrediction.label())).toHtmlEscaped()));
        QCOMPARE(m_view->curvePlot()->stepCursor(), k);
        QVERIFY(cursor->visible());
        QCOMPARE(cursor->point1->coords().x(), double(k));
        QCOMPARE(label->text(), QStringLiteral("Replay: step %1/%2").arg(k).arg(steps));
        QCOMPARE(shown.size(), 1);
        const auto args = shown.takeFirst();
        QCOMPARE(args.at(0).toInt(), k);
        QCOMPARE(args.at(1).value<Image8>(), f.untargeted);
        QCOMPARE(args.at(2).value<Image8>(), f.targeted);
    }
    // Step 0 and step 4 differ (the scrub really moves the picture).
    QVERIFY(m_controller->replay().frame(0)->untargeted != m_controller->replay().frame(4)->untargeted);
    // Back to the end: the final image again.
    slider->setValue(steps);
    QCOMPARE(m_view->untargetedPanel()->view()->image(), toQImage(result->untargeted->image));
    QVERIFY(barsShow(m_view->targetedPanel()->topK(), result->targeted->prediction));

    // Play runs through every step to the end.
    bar->setPlayInterval(1);
    slider->setValue(0);
    shown.clear();
    play->click();
    QVERIFY(bar->isPlaying());
    QTRY_VERIFY(!bar->isPlaying());
    QCOMPARE(slider->value(), steps);
    QCOMPARE(shown.size(), steps);
    QCOMPARE(shown.last().at(0).toInt(), steps);
}

void TestReplay::staleStepsNeverReachTheView() {
    QList<quint64> generations;
    QMetaObject::Connection c = connect(m_engine.get(), &ComputeEngine::triptychStep, this,
                                        [&](const ReplayFramePtr& f) { generations << f->generation; });
    QSignalSpy ready(m_engine.get(), &ComputeEngine::triptychReady);
    m_engine->requestTriptych(tinyRequest(2, 7.0f, 40));
    const quint64 latest = m_engine->requestTriptych(tinyRequest(2, 9.0f, 4)); // a slider move
    QVERIFY(ready.wait(30000));
    QTRY_VERIFY(!m_engine->isBusy());
    disconnect(c);
    QCOMPARE(ready.size(), 1);
    QCOMPARE(ready.at(0).at(0).value<TriptychResultPtr>()->generation, latest);
    QVERIFY(!generations.isEmpty());
    for (quint64 g : generations)
        QCOMPARE(g, latest);
    QCOMPARE(m_controller->replay().generation(), latest);
    QCOMPARE(m_controller->replay().count(), 5);
}

void TestReplay::cachedResultHasNoReplayUntilRecomputed() {
    QList<ReplayFramePtr> frames;
    const auto again = runOnce(tinyRequest(1, 6.0f, 5), &frames); // computed above
    QVERIFY(again);
    QVERIFY(again->fromCache);
    QVERIFY(frames.isEmpty());
    auto* slider = m_view->findChild<QSlider*>(QStringLiteral("replaySlider"));
    QVERIFY(!slider->isEnabled());
    QVERIFY(m_view->findChild<QLabel*>(QStringLiteral("replayStepLabel"))
                ->text()
                .contains(QStringLiteral("cache")));

    // Recompute (F5) runs the attacks again, with their steps: the same final
    // images (I-FGSM is deterministic), and now a replay ending on them.
    QSignalSpy ready(m_engine.get(), &ComputeEngine::triptychReady);
    QMetaObject::Connection c = connect(m_engine.get(), &ComputeEngine::triptychStep, this,
                                        [&frames](const ReplayFramePtr& f) { frames.push_back(f); });
    m_engine->requestTriptych(tinyRequest(1, 6.0f, 5), /*recompute=*/true);
    QVERIFY(ready.wait(30000));
    disconnect(c);
    const auto fresh = ready.takeLast().at(0).value<TriptychResultPtr>();
    QVERIFY(!fresh->fromCache);
    QCOMPARE(fresh->untargeted->image.rgb, again->untargeted->image.rgb);
    QCOMPARE(fresh->targeted->image.rgb, again->targeted->image.rgb);
    QCOMPARE(frames.size(), 6); // steps 0..5
    QVERIFY(slider->isEnabled());
    QCOMPARE(m_controller->replay().count(), 6);
    QCOMPARE(m_controller->replay().frame(5)->untargeted.rgb, fresh->untargeted->image.rgb);
}

// What an export of a scrubbed replay writes (resultAtStep): that step's
// images, predictions, L∞ and curves, and a title that names the step.
void TestReplay::aStepExportsAsTheScreenShowsIt() {
    const int steps = 5;
    QList<ReplayFramePtr> frames;
    const auto result = runOnce(tinyRequest(3, 8.0f, steps), &frames);
    QVERIFY(result && !result->fromCache);
    QCOMPARE(frames.size(), steps + 1);
    const int k = 2;
    const ReplayFrame& f = *frames[k];
    QCOMPARE(f.step, k);
    const TriptychResultPtr at = resultAtStep(*result, f);
    QCOMPARE(at->shownStep, k);
    QCOMPARE(at->shownSteps, steps);
    for (const auto& [part, image, prediction, finalPart] :
         {std::tuple{at->untargeted, f.untargeted, f.untargetedPrediction, result->untargeted},
          std::tuple{at->targeted, f.targeted, f.targetedPrediction, result->targeted}}) {
        QCOMPARE(part->image, image);
        QCOMPARE(part->prediction.probs, prediction.probs);
        QCOMPARE(part->linf, linfDistance(result->original, image));
        QVERIFY(part->linf <= 8);
        QCOMPARE(part->targetClass, finalPart->targetClass);
        // p(source) at steps 0..k: the first k + 1 values of the finalPart curve.
        QCOMPARE(int(part->sourceCurve.size()), k + 1);
        QVERIFY(
            std::equal(part->sourceCurve.begin(), part->sourceCurve.end(), finalPart->sourceCurve.begin()));
    }
    QCOMPARE(int(at->targeted->targetCurve.size()), k + 1);
    QVERIFY(at->untargeted->image != result->untargeted->image); // really another picture
    // The original and the final result are untouched.
    QCOMPARE(at->original, result->original);
    QCOMPARE(result->shownStep, -1);
    const FigureRenderer figure({at}, m_categories, QStringLiteral("tiny.pt"));
    QVERIFY2(figure.title().contains(QStringLiteral("replay step 2 of 5")), qPrintable(figure.title()));
    QVERIFY(
        !FigureRenderer({result}, m_categories, QStringLiteral("tiny.pt")).title().contains("replay step"));
    // An export classifies the step's images afresh: those predictions replace the gradient pass's.
    const Prediction u = Prediction{
        std::vector<float>(f.untargetedPrediction.probs.rbegin(), f.untargetedPrediction.probs.rend()), {}};
    const Prediction tp = Prediction{
        std::vector<float>(f.targetedPrediction.probs.rbegin(), f.targetedPrediction.probs.rend()), {}};
    const TriptychResultPtr exact = resultAtStep(*result, f, &u, &tp);
    QCOMPARE(exact->untargeted->prediction.probs, u.probs);
    QCOMPARE(exact->targeted->prediction.probs, tp.probs);
    QCOMPARE(exact->untargeted->image, f.untargeted);
    // The last step is the final result itself.
    const TriptychResultPtr last = resultAtStep(*result, *frames[steps]);
    QCOMPARE(last->shownStep, -1);
    QCOMPARE(last->untargeted.get(), result->untargeted.get());
}

void TestReplay::keptStepsStayWithinTheMemoryBound() {
    // Frames as the engine makes them: two 64x64 images and two predictions.
    auto frame = [](quint64 generation, int step, int steps) {
        auto f = std::make_shared<ReplayFrame>();
        f->generation = generation;
        f->step = step;
        f->steps = steps;
        f->untargeted = noiseImage(step);
        f->targeted = noiseImage(step + 1000);
        f->untargetedPrediction.probs.assign(1000, 0.001f);
        f->targetedPrediction.probs.assign(1000, 0.001f);
        return ReplayFramePtr(f);
    };
    const std::size_t one = frame(1, 0, 1)->bytes();
    // Room for 10 frames, 100 steps (101 frames): every 11th kept, plus the last.
    AttackReplay replay(10 * one);
    replay.start(7);
    QVERIFY(!replay.add(frame(6, 0, 100))); // another generation
    for (int s = 0; s <= 100; ++s)
        replay.add(frame(7, s, 100));
    QCOMPARE(replay.stride(), 11);
    QVERIFY(replay.bytes() <= replay.maxBytes());
    QVERIFY(replay.isComplete());
    QCOMPARE(replay.frame(0)->step, 0);
    QCOMPARE(replay.frame(replay.count() - 1)->step, 100);
    QCOMPARE(replay.count(), 10); // 0, 11, ..., 88 and 100 (99 would not fit with the last)
    for (int i = 1; i + 1 < replay.count(); ++i)
        QCOMPARE(replay.frame(i)->step, 11 * i);
    // Everything fits: every step kept.
    AttackReplay all(20 * one);
    all.start(3);
    for (int s = 0; s <= 10; ++s)
        QVERIFY(all.add(frame(3, s, 10)));
    QCOMPARE(all.count(), 11);
    QCOMPARE(all.stride(), 1);
    // The default bound: 64 MiB, about 110 steps of a 299x299 triptych.
    QCOMPARE(AttackReplay::kDefaultMaxBytes, std::size_t(64) << 20);
}

QTEST_MAIN(TestReplay)
#include "tst_replay.moc"
