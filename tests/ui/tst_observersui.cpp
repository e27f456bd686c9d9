// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 12 §1, observers in the triptych, on tiny models and a tiny dataset:
// every observer line under every image must be that observer's own top-1 and
// confidence for the image the panel shows (computed here independently), with
// the right fooled / hit mark; answers are cached; an ensemble attack is
// observed by a third model; a bad observer file is named, not a crash; the
// choice persists; and an exported figure carries the observers' lines.
#include "AttackPanel.h"
#include "ComputeEngine.h"
#include "ErrorBanner.h"
#include "ExportController.h"
#include "FigureRenderer.h"
#include "ImagePanel.h"
#include "MainWindow.h"
#include "ObserverEngine.h"
#include "ObserverLinesView.h"
#include "ObserverList.h"
#include "ObserverListWidget.h"
#include "ObserverPresenter.h"
#include "ReplayController.h"
#include "TinyExplorer.h"
#include "TriptychView.h"
#include "UiTestSupport.h"
#include "core/TinyModel.h" // Torch before Qt: Qt's keyword macros clash with Torch

#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <advlab/Defence.h>

using namespace advlab;
using namespace advlab::ui;

namespace {
constexpr int kTimeoutMs = 120000;
}

class TestObserversUi : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    QString m_a, m_b, m_c, m_dataset, m_garbage;

    static bool linesSettled(TriptychView* t, int expected) {
        for (int c = 0; c < 3; ++c) {
            const auto* v = t->panel(c)->observers();
            if (v->lineCount() != expected)
                return false;
            for (const auto& l : v->lines())
                if (l.pending)
                    return false;
        }
        return true;
    }

    // The panel's lines against each observer's own classification of the
    // image the panel shows.
    static void checkLines(TriptychView* t, const QStringList& keys) {
        const TriptychResultPtr r = t->result();
        QVERIFY(r);
        for (int c = 0; c < 3; ++c) {
            const Image8 image = t->panelImage(c);
            QVERIFY(!image.isNull());
            const auto& lines = t->panel(c)->observers()->lines();
            QCOMPARE(lines.size(), keys.size());
            for (int k = 0; k < keys.size(); ++k) {
                const DefenceConfig d = parseDefence(keys[k].toStdString());
                const Classifier model = Classifier::load(
                    d.modelPath.empty() ? r->modelPath.toStdString() : d.modelPath, DevicePreference::Cpu);
                const Prediction expected = model.classify({applyDefence(image, d)}).front();
                const ObserverLine& line = lines[k];
                QVERIFY2(line.error.isEmpty(), qPrintable(line.error));
                QCOMPARE(line.label, expected.label());
                QVERIFY(std::fabs(line.confidence - expected.confidence()) < 1e-6);
                QCOMPARE(line.name, QString::fromStdString(d.describe()));
                const int source = r->sourceLabel();
                if (c == 0) {
                    QCOMPARE(line.mark, line.label == r->trueLabel ? QString("correct") : QString("wrong"));
                } else if (c == 2 && line.label == r->targetClass()) {
                    QCOMPARE(line.mark, QString("hit"));
                } else {
                    QCOMPARE(line.mark, line.label != source ? QString("fooled") : QString("not fooled"));
                }
                // What a screen reader says is what the line shows.
                const QLabel* label = t->panel(c)->observers()->lineLabel(k);
                QVERIFY(label);
                QCOMPARE(label->accessibleName(), line.spoken());
                QVERIFY(label->accessibleName().contains(line.className));
            }
        }
    }

private Q_SLOTS:
    void initTestCase() {
        advlab::ui::test::prepareEnvironment();
        QVERIFY(m_tmp.isValid());
        m_a = m_tmp.filePath("a.pt");
        m_b = m_tmp.filePath("b.pt");
        m_c = m_tmp.filePath("c.pt");
        advlab::test::saveTinyClassifier(m_a.toStdString(), 1000, 7);
        advlab::test::saveTinyClassifier(m_b.toStdString(), 1000, 23);
        advlab::test::saveTinyClassifier(m_c.toStdString(), 1000, 31);
        m_dataset = m_tmp.filePath("data");
        advlab::ui::test::writeTinyDataset(m_dataset, m_a);
        m_garbage = m_tmp.filePath("garbage.pt");
        advlab::test::writeFile(m_garbage, "this is not a TorchScript archive");
    }

    void observerLinesMatchEachObserver() {
        MainWindow w;
        const QStringList keys = {"model:" + m_b, "jpeg75"};
        w.observers()->setObservers(keys);
        QCOMPARE(w.observers()->keys(), keys);
        QVERIFY(advlab::ui::test::openModelAndWait(w, m_a, kTimeoutMs));
        QVERIFY(advlab::ui::test::openDatasetAndWait(w, m_dataset));
        AttackConfig c;
        c.method = AttackMethod::Ifgsm;
        c.epsilon = 16;
        c.iterations = 5;
        QVERIFY(advlab::ui::test::configureAndWait(w, c));
        w.selectImage(0);
        TriptychView* t = w.triptychView();
        QTRY_VERIFY_WITH_TIMEOUT(t->result() && linesSettled(t, 2), kTimeoutMs);
        checkLines(t, keys);

        // Back to a seen image: answered from the cache, no new job.
        auto* engine = w.engine()->findChild<ObserverEngine*>();
        QVERIFY(engine);
        w.selectImage(1);
        QTRY_VERIFY_WITH_TIMEOUT(t->result() && t->result()->imageIndex == 1 && linesSettled(t, 2),
                                 kTimeoutMs);
        checkLines(t, keys);
        const int jobs = engine->jobsRun();
        w.selectImage(0);
        QTRY_VERIFY_WITH_TIMEOUT(t->result() && t->result()->imageIndex == 0 && linesSettled(t, 2),
                                 kTimeoutMs);
        checkLines(t, keys);
        QCOMPARE(engine->jobsRun(), jobs);

        // Removing one observer removes its line everywhere.
        w.observers()->removeObserver("jpeg75");
        QTRY_VERIFY_WITH_TIMEOUT(linesSettled(t, 1), kTimeoutMs);
        checkLines(t, {"model:" + m_b});

        // The replay hook: any 8-bit images, marked against the shown result.
        const Image8 step = advlab::ui::test::smoothImage(2);
        w.observerPresenter()->showStepImages(3, step, step);
        const Classifier b = Classifier::load(m_b.toStdString(), DevicePreference::Cpu);
        const int expected = b.classify({step}).front().label();
        QTRY_VERIFY_WITH_TIMEOUT(!t->panel(1)->observers()->lines().isEmpty() &&
                                     !t->panel(1)->observers()->lines().front().pending &&
                                     t->panel(1)->observers()->lines().front().label == expected,
                                 kTimeoutMs);
        QCOMPARE(t->panel(2)->observers()->lines().front().label, expected);
    }

    // The main window connects the replay to the observers: scrubbing to an
    // intermediate step puts that step's observer answers under both
    // adversarial panels, and scrubbing back to the end restores the final ones.
    void replayStepsGetObserverLines() {
        MainWindow w;
        const QStringList keys = {"model:" + m_b};
        w.observers()->setObservers(keys);
        QVERIFY(advlab::ui::test::openModelAndWait(w, m_a, kTimeoutMs));
        QVERIFY(advlab::ui::test::openDatasetAndWait(w, m_dataset));
        AttackConfig c;
        c.method = AttackMethod::Ifgsm;
        c.epsilon = 24;
        c.iterations = 6;
        QVERIFY(advlab::ui::test::configureAndWait(w, c));
        w.selectImage(2);
        TriptychView* t = w.triptychView();
        QTRY_VERIFY_WITH_TIMEOUT(t->result() && t->result()->imageIndex == 2 && linesSettled(t, 1),
                                 kTimeoutMs);
        ReplayController* replay = w.replayController();
        QTRY_VERIFY_WITH_TIMEOUT(replay->replay().count() >= 3, kTimeoutMs);

        const Classifier b = Classifier::load(m_b.toStdString(), DevicePreference::Cpu);
        const ReplayFramePtr step = replay->replay().frame(1);
        QVERIFY(step && step->step < step->steps);
        const Prediction expectedU = b.classify({step->untargeted}).front();
        const Prediction expectedT = b.classify({step->targeted}).front();
        replay->showIndex(1);
        auto settledOn = [&](int column, const Prediction& p) {
            const auto& lines = t->panel(column)->observers()->lines();
            return lines.size() == 1 && !lines.front().pending && lines.front().label == p.label() &&
                   std::fabs(lines.front().confidence - p.confidence()) < 1e-6;
        };
        QTRY_VERIFY_WITH_TIMEOUT(settledOn(1, expectedU) && settledOn(2, expectedT), kTimeoutMs);

        // Export triptych while scrubbed back: the figure has the step's images, not the final ones.
        QVERIFY(w.scrubbedStep());
        QCOMPARE(w.scrubbedStep()->step, step->step);
        const QString base = m_tmp.filePath("step");
        const QString exportError = advlab::ui::test::exportAndWait(
            w, [&] { w.exportTriptychTo(base); }, kTimeoutMs); // File > Export triptych, past its file dialog
        QVERIFY2(exportError.isEmpty(), qPrintable(exportError));
        const QImage png(base + ".png");
        QCOMPARE(png.size(), FigureRenderer::pixelSize(1, 1)); // one observer line under each image
        for (int c : {1, 2}) {
            const Image8& shown = c == 1 ? step->untargeted : step->targeted;
            const Image8& finalImage = c == 1 ? t->result()->untargeted->image : t->result()->targeted->image;
            const QRect cell = FigureRenderer::imageRect(0, c, 1);
            int same = 0, samples = 0, differFromFinal = 0;
            for (int y = 0; y < shown.height; y += 4)
                for (int x = 0; x < shown.width; x += 4) {
                    // The centre of image pixel (x, y), enlarged nearest-neighbour into the cell.
                    const QRgb px = png.pixel(cell.left() + int((x + 0.5) * cell.width() / shown.width),
                                              cell.top() + int((y + 0.5) * cell.height() / shown.height));
                    const std::size_t i = (std::size_t(y) * shown.width + x) * 3;
                    ++samples;
                    same += qRed(px) == shown.rgb[i] && qGreen(px) == shown.rgb[i + 1] &&
                            qBlue(px) == shown.rgb[i + 2];
                    differFromFinal += shown.rgb[i] != finalImage.rgb[i] ||
                                       shown.rgb[i + 1] != finalImage.rgb[i + 1] ||
                                       shown.rgb[i + 2] != finalImage.rgb[i + 2];
                }
            QVERIFY2(same == samples,
                     qPrintable(QString("column %1: %2 of %3").arg(c).arg(same).arg(samples)));
            QVERIFY(differFromFinal > 0); // the step's picture really is another one
        }

        // Back at the last step: the final images' answers again.
        replay->showIndex(replay->replay().count() - 1);
        QTRY_VERIFY_WITH_TIMEOUT(linesSettled(t, 1), kTimeoutMs);
        checkLines(t, keys);
    }

    void ensembleAttackObservedByAnotherModel() {
        MainWindow w;
        const QStringList keys = {"model:" + m_c};
        w.observers()->setObservers(keys);
        QSignalSpy loaded(&w, &MainWindow::modelReady);
        w.openEnsemble({m_a, m_b});
        QVERIFY(loaded.wait(kTimeoutMs));
        QVERIFY(w.engine()->isEnsemble());
        QVERIFY(advlab::ui::test::openDatasetAndWait(w, m_dataset));
        QVERIFY(advlab::ui::test::configureAndWait(w, advlab::ui::test::fastConfig(24)));
        w.selectImage(2);
        TriptychView* t = w.triptychView();
        QTRY_VERIFY_WITH_TIMEOUT(t->result() && linesSettled(t, 1), kTimeoutMs);
        checkLines(t, keys);
    }

    void badObserverFilesAreNamed() {
        MainWindow w;
        QSignalSpy errors(&w, &MainWindow::errorShown);
        // A file that exists but is no model: accepted by the list, refused by the loader.
        w.observers()->setObservers({"model:" + m_garbage, "model:" + m_b});
        QCOMPARE(w.observers()->keys().size(), 2);
        QVERIFY(advlab::ui::test::openModelAndWait(w, m_a, kTimeoutMs));
        QVERIFY(advlab::ui::test::openDatasetAndWait(w, m_dataset));
        QVERIFY(advlab::ui::test::configureAndWait(w, advlab::ui::test::fastConfig()));
        w.selectImage(0);
        TriptychView* t = w.triptychView();
        QTRY_VERIFY_WITH_TIMEOUT(t->result() && linesSettled(t, 2), kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(!errors.isEmpty(), kTimeoutMs);
        QVERIFY2(errors.first().at(0).toString().contains("garbage.pt"),
                 qPrintable(errors.first().at(0).toString()));
        for (int c = 0; c < 3; ++c) {
            const auto& lines = t->panel(c)->observers()->lines();
            QVERIFY(!lines[0].error.isEmpty());
            QVERIFY(t->panel(c)->observers()->lineLabel(0)->toolTip().contains("garbage.pt"));
            QVERIFY(lines[1].error.isEmpty()); // the good observer still answers
        }

        // Refused before they reach the list, with the file or key named.
        ObserverListWidget widget(w.observers());
        const QString missing = m_tmp.filePath("missing.pt");
        QVERIFY(!widget.addModelFile(missing));
        QVERIFY2(widget.message().contains("missing.pt"), qPrintable(widget.message()));
        QVERIFY(!widget.addKey("jpeg500"));
        QVERIFY2(widget.message().contains("jpeg500"), qPrintable(widget.message()));
        QVERIFY(!widget.addKey("none"));
        QVERIFY(widget.addKey("jpeg")); // normalised
        QVERIFY(w.observers()->keys().contains("jpeg75"));
        QCOMPARE(w.observers()->keys().size(), 3);
        auto* list = widget.findChild<QListWidget*>("observerList");
        QVERIFY(list);
        QCOMPARE(list->count(), 3);

        // Persisted: a new list (the next launch) reads the same keys.
        ObserverList again;
        QCOMPARE(again.keys(), w.observers()->keys());
        QVERIFY(again.droppedOnLoad().isEmpty());
    }

    // A saved list edited by hand (or whose files went away): every key that
    // cannot be restored is named, once, in the banner and leaves the saved
    // list; one model under several spellings (.., //, a link) is one observer.
    void savedKeysThatCannotBeRestoredAreNamed() {
        const QString dir = m_tmp.filePath("spell");
        QVERIFY(QDir().mkpath(dir));
        QVERIFY(QFile::link(m_b, dir + "/link.pt"));
        {
            QSettings s;
            s.setValue("observers/chosen", true);
            s.setValue("observers/keys",
                       QStringList{"model:" + m_b, "model:" + dir + "/../spell/../b.pt",
                                   "model:" + m_tmp.path() + "//b.pt", "model:" + dir + "/link.pt",
                                   "model:" + m_tmp.filePath("gone.pt"), "model:" + dir, "jpeg0", "bogus",
                                   "jpeg75", "jpeg75"});
        }
        ObserverList restored;
        QCOMPARE(restored.keys(), QStringList({"model:" + QFileInfo(m_b).canonicalFilePath(), "jpeg75"}));
        const QString dropped = restored.droppedOnLoad().join('\n');
        QCOMPARE(restored.droppedOnLoad().size(), 4);
        for (const char* named : {"gone.pt", "spell", "jpeg0", "bogus"})
            QVERIFY2(dropped.contains(named), qPrintable(dropped));
        QCOMPARE(QSettings().value("observers/keys").toStringList(), restored.keys());

        // The window says so in its banner.
        QSettings().setValue("observers/keys", QStringList{"jpeg75", "model:" + m_tmp.filePath("gone.pt")});
        MainWindow w;
        QSignalSpy errors(&w, &MainWindow::errorShown);
        QTRY_VERIFY(!errors.isEmpty());
        const QString banner = errors.first().at(0).toString();
        QVERIFY2(banner.contains("not restored") && banner.contains("gone.pt"), qPrintable(banner));
        QCOMPARE(w.observers()->keys(), QStringList({"jpeg75"}));
        // Still on screen after a dataset opens (which clears dataset errors):
        // the dropped keys are gone from the settings, so it is the only notice.
        auto* bannerWidget = w.findChild<ErrorBanner*>();
        QVERIFY(bannerWidget);
        QVERIFY(advlab::ui::test::openDatasetAndWait(w, m_dataset));
        QVERIFY2(bannerWidget->text().contains("not restored"), qPrintable(bannerWidget->text()));
        QVERIFY(!bannerWidget->isHidden());
        w.observers()->setObservers({}); // leave no observers behind for the next test
    }

    void exportedFigureCarriesObserverLines() {
        MainWindow w;
        const QStringList keys = {"model:" + m_b, "jpeg75"};
        w.observers()->setObservers(keys);
        QVERIFY(advlab::ui::test::openModelAndWait(w, m_a, kTimeoutMs));
        QVERIFY(advlab::ui::test::openDatasetAndWait(w, m_dataset));
        QVERIFY(advlab::ui::test::configureAndWait(w, advlab::ui::test::fastConfig()));
        w.selectImage(1);
        TriptychView* t = w.triptychView();
        QTRY_VERIFY_WITH_TIMEOUT(t->result() && linesSettled(t, 2), kTimeoutMs);

        const QString base = m_tmp.filePath("figure");
        const QString exportError = advlab::ui::test::exportAndWait(
            w, [&] { w.exports()->exportFigure({1}, base, false, ExportController::Overwrite::Always); },
            kTimeoutMs);
        QVERIFY2(exportError.isEmpty(), qPrintable(exportError));
        const QImage png(base + ".png");
        // Two observer lines under each image make the figure taller by exactly that band.
        QCOMPARE(png.size(), FigureRenderer::pixelSize(1, 2, false));
        QVERIFY(png.size() != FigureRenderer::pixelSize(1));
        // The band under each image has ink (the lines), and the lines are
        // those on screen: render them again from the screen's lines and compare.
        FigureRenderer renderer({t->result()}, t->categories(), QFileInfo(m_a).fileName(), false);
        FigureExtras extras;
        extras.observers.resize(1);
        for (int c = 0; c < 3; ++c)
            extras.observers[0][static_cast<std::size_t>(c)] = t->panel(c)->observers()->lines();
        renderer.setExtras(extras);
        const QImage expected = renderer.toImage().convertToFormat(png.format());
        QCOMPARE(expected.size(), png.size());
        const QRect cell = renderer.cellRect(0, 1);
        const QRect band(cell.left(), cell.bottom() + FigureRenderer::kCaptionHeight, cell.width(),
                         2 * FigureRenderer::kObserverLineHeight);
        int ink = 0;
        for (int y = band.top(); y <= band.bottom(); ++y)
            for (int x = band.left(); x <= band.right(); ++x) {
                QCOMPARE(png.pixel(x, y), expected.pixel(x, y));
                ink += qGray(png.pixel(x, y)) < 128 ? 1 : 0;
            }
        QVERIFY(ink > 100);
    }
};

QTEST_MAIN(TestObserversUi)
#include "tst_observersui.moc"
