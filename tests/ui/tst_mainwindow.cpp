// SPDX-License-Identifier: GPL-3.0-or-later
// Main-window smoke test on the real dev set and model: the window opens the
// defaults, shows a triptych, and every label it shows matches what core's
// Classifier computes for the images it shows.
#include "AttackPanel.h"
#include "ClassPicker.h"
#include "CurvePlot.h"
#include "DatasetBrowser.h"
#include "DatasetModel.h"
#include "ErrorBanner.h"
#include "ImageConvert.h"
#include "ImagePanel.h"
#include "ImageView.h"
#include "ReplayController.h"
#include "TopKPlot.h"
#include "TriptychView.h"
#include "UiTestSupport.h"
#include "eval/EvaluationWindow.h"

#include <QAction>
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>
#include <advlab/Classifier.h>
#include <advlab/Dataset.h>
#include <advlab/Metrics.h>

using namespace advlab;
using namespace advlab::ui;

class TestMainWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void opensDefaultsAndShowsTriptych();
    void labelsMatchCoreClassifier();
    void selectingAnotherImageRecomputes();
    void filterAndKeyboardNavigation();
    void perturbationToggle();
    void targetClassCanBeChanged();
    void evaluationWindowOpensOnCurrentData();
    void lastSessionsDatasetIsReopened();
    void cleanupTestCase();

private:
    TriptychResultPtr waitForResult(int imageIndex,
                                    const std::function<bool(const TriptychResult&)>& extra = {});
    QString labelText(const char* name) const;

    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<Classifier> m_model;
    std::unique_ptr<Dataset> m_dataset;
};

void TestMainWindow::initTestCase() {
    test::prepareEnvironment();
    const QString data = test::datasetPath(), model = test::modelPath();
    QVERIFY2(!data.isEmpty() && !model.isEmpty(), "the bundled dev set and model (resources/) are needed");
    m_model = std::make_unique<Classifier>(Classifier::load(model.toStdString()));
    m_dataset = std::make_unique<Dataset>(Dataset::open(data.toStdString()));
    m_window = std::make_unique<MainWindow>();
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

// Issue 8: the lookup order puts the last session's dataset (QSettings)
// after flags and environment and before the bundled data; one that no
// longer exists is skipped instead of stopping the window from opening.
void TestMainWindow::lastSessionsDatasetIsReopened() {
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QVERIFY(QFile::copy(test::datasetPath() + QStringLiteral("/images/0c7ac4a8c9dfa802.png"),
                        tmp.filePath(QStringLiteral("beetle.png"))));
    auto reopenedRoot = [](const QStringList& remembered) {
        QSettings().setValue(QStringLiteral("recent/datasets"), remembered);
        MainWindow w;
        QSignalSpy opened(&w, &MainWindow::datasetOpened);
        w.openDefaults();
        [&] { QTRY_VERIFY_WITH_TIMEOUT(!opened.isEmpty(), 60000); }();
        return opened.isEmpty() ? QString() : opened.front().front().toString();
    };
    QCOMPARE(QDir(reopenedRoot({tmp.path()})).canonicalPath(), QDir(tmp.path()).canonicalPath());
    QCOMPARE(QDir(reopenedRoot({tmp.filePath(QStringLiteral("moved-away"))})).canonicalPath(),
             QDir(test::datasetPath()).canonicalPath());
    QSettings().remove(QStringLiteral("recent/datasets"));
}

void TestMainWindow::cleanupTestCase() {
    m_window.reset();
}

TriptychResultPtr TestMainWindow::waitForResult(int imageIndex,
                                                const std::function<bool(const TriptychResult&)>& extra) {
    auto ready = [&] {
        const auto r = m_window->currentResult();
        return r && r->imageIndex == imageIndex && (!extra || extra(*r)) && !m_window->engine()->isBusy();
    };
    [&] { QTRY_VERIFY_WITH_TIMEOUT(ready(), test::kResultTimeoutMs); }();
    return QTest::currentTestFailed() ? nullptr : m_window->currentResult();
}

QString TestMainWindow::labelText(const char* name) const {
    auto* label = m_window->findChild<QLabel*>(QLatin1String(name));
    return label ? label->text() : QStringLiteral("<no label %1>").arg(QLatin1String(name));
}

void TestMainWindow::opensDefaultsAndShowsTriptych() {
    QSignalSpy opened(m_window.get(), &MainWindow::datasetOpened);
    QSignalSpy updated(m_window.get(), &MainWindow::triptychUpdated);
    m_window->openDefaults();
    QVERIFY(opened.count() == 1 || opened.wait(60000)); // datasets open off the GUI thread
    QCOMPARE(opened.count(), 1);
    QVERIFY(m_window->errorBanner()->isHidden());
    QCOMPARE(m_window->datasetModel()->rowCount(), static_cast<int>(m_dataset->size()));
    QCOMPARE(m_window->currentImage(), 0);
    // The first triptych uses the default settings a user sees: 10-step I-FGSM.
    QVERIFY(updated.wait(test::kResultTimeoutMs));
    const auto r = waitForResult(0);
    QVERIFY(r);
    QCOMPARE(r->config.method, AttackMethod::Ifgsm);
    QVERIFY(r->untargeted && r->targeted);
    QCOMPARE(r->imageId, QString::fromStdString(m_dataset->entry(0).imageId));
    QVERIFY(m_window->engine()->isModelReady());
    // The curve plot shows one point per step plus the final image.
    QCOMPARE(m_window->triptychView()->curvePlot()->pointCount(0), r->config.effectiveIterations() + 1);
    QCOMPARE(m_window->triptychView()->curvePlot()->pointCount(2), r->config.effectiveIterations() + 1);
    // Issue 12, on the real model through the window: the replay's last step
    // is the final image, and scrubbing shows the step's own image and cursor.
    if (!r->fromCache) {
        const AttackReplay& replay = m_window->replayController()->replay();
        QCOMPARE(replay.generation(), r->generation);
        QVERIFY(replay.isComplete());
        QCOMPARE(replay.count(), r->config.effectiveIterations() + 1);
        QCOMPARE(replay.frame(replay.count() - 1)->untargeted, r->untargeted->image);
        QCOMPARE(replay.frame(replay.count() - 1)->targeted, r->targeted->image);
        auto* slider = m_window->findChild<QSlider*>(QStringLiteral("replaySlider"));
        QVERIFY(slider && slider->isEnabled());
        auto* shown = m_window->findChild<ImageView*>(QStringLiteral("untargetedPanelImage"));
        QVERIFY(!m_window->scrubbedStep()); // the final result: exported as it is
        slider->setValue(1);
        QCOMPARE(shown->image(), toQImage(replay.frame(1)->untargeted));
        QVERIFY(shown->image() != toQImage(r->untargeted->image));
        QCOMPARE(m_window->triptychView()->curvePlot()->stepCursor(), 1);
        // Export triptych writes the step on screen.
        QVERIFY(m_window->scrubbedStep());
        QCOMPARE(m_window->scrubbedStep()->step, 1);
        QCOMPARE(toQImage(m_window->scrubbedStep()->untargeted), shown->image());
        slider->setValue(slider->maximum());
        QCOMPARE(shown->image(), toQImage(r->untargeted->image));
        QCOMPARE(m_window->triptychView()->curvePlot()->stepCursor(), -1);
        QVERIFY(!m_window->scrubbedStep());
    }
    // The progress bar and Cancel button are gone once idle.
    QVERIFY(m_window->findChild<QWidget*>(QStringLiteral("cancelButton"))->isHidden());
    QVERIFY(m_window->findChild<QWidget*>(QStringLiteral("jobProgress"))->isHidden());
}

void TestMainWindow::labelsMatchCoreClassifier() {
    const auto r = m_window->currentResult();
    QVERIFY(r);
    const auto& cats = m_dataset->categories();
    const auto& entry = m_dataset->entry(static_cast<std::size_t>(r->imageIndex));

    // The original shown is the dataset's image, pixel for pixel.
    const Image8 original = m_dataset->loadImage(static_cast<std::size_t>(r->imageIndex));
    QCOMPARE(m_window->findChild<ImageView*>(QStringLiteral("originalPanelImage"))->image(),
             toQImage(original));
    QCOMPARE(m_window->findChild<ImageView*>(QStringLiteral("untargetedPanelImage"))->image(),
             toQImage(r->untargeted->image));
    QCOMPARE(m_window->findChild<ImageView*>(QStringLiteral("targetedPanelImage"))->image(),
             toQImage(r->targeted->image));

    // Classify the three shown images independently with core.
    const auto preds = m_model->classify({original, r->untargeted->image, r->targeted->image});
    QCOMPARE(preds.size(), std::size_t(3));
    auto name = [&](int label) { return QString::fromStdString(cats.label(label)).toHtmlEscaped(); };
    auto pct = [](float p) { return QStringLiteral("%1%").arg(100.0 * p, 0, 'f', 1); };

    QCOMPARE(r->clean.label(), preds[0].label());
    QVERIFY(qAbs(r->clean.confidence() - preds[0].confidence()) < 1e-3f);
    QVERIFY2(labelText("originalPanelPrediction").contains(name(preds[0].label())),
             qPrintable(labelText("originalPanelPrediction")));
    QVERIFY(labelText("originalPanelPrediction").contains(pct(preds[0].confidence())));
    QVERIFY(labelText("originalPanelDetail").contains(name(entry.trueLabel)));
    QVERIFY(
        labelText("originalPanelMark").contains(preds[0].label() == entry.trueLabel ? "correct" : "wrong"));

    QCOMPARE(r->untargeted->prediction.label(), preds[1].label());
    QVERIFY2(labelText("untargetedPanelPrediction").contains(name(preds[1].label())),
             qPrintable(labelText("untargetedPanelPrediction")));
    QVERIFY(labelText("untargetedPanelPrediction").contains(pct(preds[1].confidence())));
    QVERIFY(labelText("untargetedPanelMark")
                .contains(preds[1].label() != entry.trueLabel ? "fooled" : "not fooled"));

    QCOMPARE(r->targeted->targetClass, entry.targetClass);
    QCOMPARE(r->targeted->prediction.label(), preds[2].label());
    QVERIFY(labelText("targetedPanelPrediction").contains(name(preds[2].label())));
    QVERIFY2(labelText("targetedPanelDetail").contains(name(entry.targetClass)),
             qPrintable(labelText("targetedPanelDetail")));
    const bool hit = preds[2].label() == entry.targetClass;
    QVERIFY(labelText("targetedPanelMark").contains(hit ? "hit" : "miss"));
    QVERIFY(labelText("targetedPanelMark").contains(hit ? "#1b873f" : "#c62828")); // green / red

    // Within budget, and the top-5 chart shows the classifier's top 5.
    QVERIFY(linfDistance(original, r->untargeted->image) <= 16);
    QVERIFY(linfDistance(original, r->targeted->image) <= 16);
    const auto top = preds[2].topK(5);
    auto* plot = m_window->findChild<TopKPlot*>(QStringLiteral("targetedPanelTop5"));
    QCOMPARE(plot->classNames().size(), 5);
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(plot->classNames()[i],
                 QString::fromStdString(cats.label(top[static_cast<std::size_t>(i)].first)));
        QVERIFY(qAbs(plot->probabilities()[i] - top[static_cast<std::size_t>(i)].second) < 1e-3);
    }
}

void TestMainWindow::selectingAnotherImageRecomputes() {
    m_window->attackPanel()->setConfig(test::fastConfig());
    QSignalSpy updated(m_window.get(), &MainWindow::triptychUpdated);
    m_window->selectImage(3);
    QCOMPARE(m_window->currentImage(), 3);
    // The original appears at once, before any attack finished.
    QCOMPARE(m_window->findChild<ImageView*>(QStringLiteral("originalPanelImage"))->image(),
             toQImage(m_dataset->loadImage(3)));
    const auto r =
        waitForResult(3, [](const TriptychResult& t) { return t.config.method == AttackMethod::Fgsm; });
    QVERIFY(r);
    QCOMPARE(r->imageId, QString::fromStdString(m_dataset->entry(3).imageId));
    const auto preds = m_model->classify({r->untargeted->image, r->targeted->image});
    QCOMPARE(r->untargeted->prediction.label(), preds[0].label());
    QCOMPARE(r->targeted->prediction.label(), preds[1].label());
    QVERIFY(labelText("untargetedPanelPrediction")
                .contains(
                    QString::fromStdString(m_dataset->categories().label(preds[0].label())).toHtmlEscaped()));
    for (const auto& args : updated)
        QCOMPARE(args.at(0).value<TriptychResultPtr>()->imageIndex, 3); // nothing stale was shown
}

void TestMainWindow::filterAndKeyboardNavigation() {
    auto* filter = m_window->findChild<QLineEdit*>(QStringLiteral("imageFilter"));
    auto* list = m_window->findChild<QListView*>(QStringLiteral("imageList"));
    QVERIFY(filter && list);
    int expected = 0;
    for (const auto& e : m_dataset->entries()) {
        const QString text =
            QString::fromStdString(m_dataset->categories().label(e.trueLabel) + " " + e.imageId);
        expected += text.contains(QStringLiteral("jeep"), Qt::CaseInsensitive) ? 1 : 0;
    }
    QVERIFY(expected >= 2);
    QTest::keyClicks(filter, QStringLiteral("JEEP"));
    QCOMPARE(m_window->browser()->visibleCount(), expected);
    for (int row = 0; row < list->model()->rowCount(); ++row)
        QVERIFY(list->model()->index(row, 0).data(DatasetModel::ClassNameRole).toString().contains("jeep"));

    // Keyboard: focus the list, go to the first visible row, then Down.
    list->setFocus();
    QTest::keyClick(list, Qt::Key_Home);
    const int first = list->model()->index(0, 0).data(DatasetModel::DatasetIndexRole).toInt();
    const int second = list->model()->index(1, 0).data(DatasetModel::DatasetIndexRole).toInt();
    QTRY_COMPARE(m_window->currentImage(), first);
    QTest::keyClick(list, Qt::Key_Down);
    QTRY_COMPARE(m_window->currentImage(), second);
    QVERIFY(list->selectionModel()->isSelected(list->currentIndex())); // highlighted
    waitForResult(second);

    filter->clear();
    QCOMPARE(m_window->browser()->visibleCount(), static_cast<int>(m_dataset->size()));
    QTest::keyClick(list, Qt::Key_PageDown);
    QTRY_VERIFY(m_window->currentImage() > second);
    QTest::keyClick(list, Qt::Key_Home);
    QTRY_COMPARE(m_window->currentImage(), 0);
    waitForResult(0, [](const TriptychResult& t) { return t.config.method == AttackMethod::Fgsm; });
}

void TestMainWindow::perturbationToggle() {
    const auto r = m_window->currentResult();
    QVERIFY(r);
    auto* view = m_window->findChild<ImageView*>(QStringLiteral("untargetedPanelImage"));
    QCOMPARE(view->image(), toQImage(r->untargeted->image));
    // One action owns the toggle: the menu, the toolbar and the panel's button all drive it.
    QAction* toggle = m_window->findChild<QAction*>(QStringLiteral("actionShowPerturbation"));
    QVERIFY(toggle && toggle->isCheckable() && !toggle->isChecked());
    QCOMPARE(m_window->showPerturbationAction(), toggle);
    auto* panelButton =
        m_window->attackPanel()->findChild<QToolButton*>(QStringLiteral("actionShowPerturbationButton"));
    QVERIFY(panelButton);
    QCOMPARE(panelButton->defaultAction(), toggle);
    panelButton->click();
    QVERIFY(toggle->isChecked());
    const QImage shown = view->image();
    QCOMPARE(shown, perturbationImage(r->original, r->untargeted->image, r->config.epsilon));
    // FGSM moves (almost) every pixel by ±ε: the amplified view is far from grey.
    int strong = 0;
    for (int y = 0; y < shown.height(); y += 7)
        for (int x = 0; x < shown.width(); x += 7)
            strong += qAbs(qRed(shown.pixel(x, y)) - 128) > 100 ? 1 : 0;
    QVERIFY2(strong > 100, qPrintable(QString::number(strong)));
    QVERIFY(labelText("untargetedPanelTitle").contains("perturbation"));
    toggle->trigger();
    QVERIFY(!toggle->isChecked());
    QCOMPARE(view->image(), toQImage(r->untargeted->image));
}

void TestMainWindow::targetClassCanBeChanged() {
    auto* useDataset = m_window->findChild<QCheckBox*>(QStringLiteral("useDatasetTarget"));
    auto* picker = m_window->findChild<ClassPicker*>(QStringLiteral("targetClassPicker"));
    QVERIFY(useDataset && picker);
    QCOMPARE(picker->count(), 1000);
    QCOMPARE(picker->currentClass(), m_dataset->entry(0).targetClass); // defaults to the dataset's
    // Ids as a user sees them: the 1-based CategoryId of categories.csv and --target-class.
    QVERIFY2(picker->currentText().endsWith(QStringLiteral("(%1)").arg(m_dataset->entry(0).targetClass + 1)),
             qPrintable(picker->currentText()));
    const AttackPartPtr untargetedBefore = m_window->currentResult()->untargeted;
    QVERIFY(untargetedBefore);
    useDataset->setChecked(false);
    QVERIFY(picker->isEnabled());
    const int goldfish = 1;
    picker->setCurrentClass(goldfish);
    const auto r = waitForResult(0, [&](const TriptychResult& t) { return t.targetClass() == goldfish; });
    QVERIFY(r);
    QCOMPARE(r->targeted->targetClass, goldfish);
    QVERIFY(labelText("targetedPanelDetail")
                .contains(QString::fromStdString(m_dataset->categories().label(goldfish))));
    // The non-targeted half did not depend on the target, so it came from the
    // cache: the very same part, not a recomputed copy.
    QCOMPARE(r->untargeted.get(), untargetedBefore.get());
    useDataset->setChecked(true);
    QCOMPARE(picker->currentClass(), m_dataset->entry(0).targetClass);
    const auto back = waitForResult(
        0, [&](const TriptychResult& t) { return t.targetClass() == m_dataset->entry(0).targetClass; });
    QVERIFY(back);
    QVERIFY(back->fromCache); // seen before: answered from the cache
    // Recompute (F5) runs the attacks again rather than answering from the
    // cache, so the steps can be replayed; the images are the same.
    auto* recompute = m_window->findChild<QAction*>(QStringLiteral("actionRecompute"));
    QVERIFY(recompute);
    recompute->trigger();
    const auto again = waitForResult(0, [&](const TriptychResult& t) { return !t.fromCache; });
    QVERIFY(again);
    QCOMPARE(again->untargeted->image.rgb, back->untargeted->image.rgb);
    QCOMPARE(again->targeted->image.rgb, back->targeted->image.rgb);
    QVERIFY(m_window->findChild<QSlider*>(QStringLiteral("replaySlider"))->isEnabled());
}

void TestMainWindow::evaluationWindowOpensOnCurrentData() {
    auto* action = m_window->findChild<QAction*>(QStringLiteral("actionEvaluation"));
    QVERIFY(action);
    action->trigger();
    EvaluationWindow* eval = nullptr;
    QTRY_VERIFY((eval = m_window->findChild<EvaluationWindow*>(QStringLiteral("evaluationWindow"))) !=
                nullptr);
    QVERIFY(eval->isVisible());
    // It works on what the main window has open, not on a second guess.
    QCOMPARE(eval->datasetPath(), QString::fromStdString(m_window->dataset()->root()));
    QCOMPARE(eval->modelPath(), m_window->engine()->modelPath());
    eval->close();
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
