// SPDX-License-Identifier: GPL-3.0-or-later
#include "ScreenshotTour.h"

#include "AttackPanel.h"
#include "AttributionControls.h"
#include "ComputeEngine.h"
#include "DatasetBrowser.h"
#include "DatasetModel.h"
#include "ExplorerSession.h"
#include "ExportController.h"
#include "ImagePanel.h"
#include "ImageView.h"
#include "MainWindow.h"
#include "ObserverLinesView.h"
#include "ObserverList.h"
#include "TriptychView.h"
#include "compete/CompetitionWindow.h"
#include "eval/EvaluationWindow.h"
#include "eval/FragilityHistogram.h"
#include "eval/ScoreTable.h"
#include "fragility/FragilityPresenter.h"
#include "fragility/ImageFilterModel.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QGuiApplication>
#include <QItemSelectionModel>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QPixmap>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QSlider>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <cstdio>

namespace advlab::ui {

ScreenshotTour::ScreenshotTour(MainWindow* window, QString outputDir)
    : m_window(window), m_dir(std::move(outputDir)) {}

bool ScreenshotTour::waitFor(const std::function<bool()>& done, int timeoutMs) {
    return QTest::qWaitFor(done, timeoutMs);
}

bool ScreenshotTour::grab(const QString& name, QString* error) {
    // Let pending layouts and paints land first, then take the whole screen.
    QTest::qWait(150);
    QScreen* screen = QGuiApplication::primaryScreen();
    const QPixmap shot = screen ? screen->grabWindow(0) : QPixmap();
    const QPixmap image = shot.isNull() || shot.toImage().allGray() ? m_window->grab() : shot;
    const QString path = QDir(m_dir).filePath(name + QStringLiteral(".png"));
    if (!image.save(path)) {
        *error = QStringLiteral("%1: could not write the screenshot").arg(path);
        return false;
    }
    m_written << path;
    return true;
}

bool ScreenshotTour::runLayout(QString* error) {
    QDir().mkpath(m_dir);
    ComputeEngine* engine = m_window->engine();
    if (!waitFor([&] { return engine->isModelReady() && m_window->currentResult() && !engine->isBusy(); },
                 180000)) {
        *error = QStringLiteral("the first triptych did not appear within 3 minutes");
        return false;
    }
    // The observers' lines too, so the layout is judged with all its text.
    if (!waitFor([this] { return observersAnswered(); }, 180000)) {
        *error = QStringLiteral("the observers did not answer within 3 minutes");
        return false;
    }
    if (!grab(QStringLiteral("01-idle"), error))
        return false;
    // The evaluation window as the Tools menu opens it, over the main window.
    m_window->findChild<QAction*>(QStringLiteral("actionEvaluation"))->trigger();
    QWidget* evaluation = nullptr;
    for (QWidget* w : QApplication::topLevelWidgets())
        if (w->objectName() == QLatin1String("evaluationWindow") && w->isVisible())
            evaluation = w;
    if (!evaluation) {
        *error = QStringLiteral("Tools > Evaluation did not open its window");
        return false;
    }
    if (!QTest::qWaitForWindowExposed(evaluation) || !grab(QStringLiteral("02-evaluation"), error)) {
        if (error->isEmpty())
            *error = QStringLiteral("the evaluation window was never shown");
        return false;
    }
    evaluation->close();
    return true;
}

// Issue 12: the observers' lines under each image (the TF model by default),
// then the SmoothGrad overlay with its colour bar, and a figure that has both.
bool ScreenshotTour::observersAnswered() const {
    TriptychView* t = m_window->triptychView();
    const int observers = static_cast<int>(m_window->observers()->keys().size());
    for (int c = 0; c < 3; ++c) {
        const auto& lines = t->panel(c)->observers()->lines();
        if (lines.size() != observers)
            return false;
        for (const auto& l : lines)
            if (l.pending)
                return false;
    }
    return true;
}

bool ScreenshotTour::observersAndSaliency(QString* error) {
    TriptychView* t = m_window->triptychView();
    if (!waitFor([this] { return observersAnswered(); }, 180000)) {
        *error = QStringLiteral("the observers did not answer within 3 minutes");
        return false;
    }
    if (!grab(QStringLiteral("05-observers"), error))
        return false;
    AttributionControls* controls = t->attributionControls();
    controls->setOpacity(0.6);
    controls->setMethod(AttributionMethod::SmoothGrad);
    auto overlaid = [&] {
        for (int c = 0; c < 3; ++c)
            if (t->panel(c)->view()->overlay().isNull())
                return false;
        return true;
    };
    if (!waitFor(overlaid, 300000)) {
        *error = QStringLiteral("the SmoothGrad overlay did not appear within 5 minutes");
        return false;
    }
    if (!grab(QStringLiteral("06-saliency"), error))
        return false;
    const bool exported = exportFigure({m_window->currentImage()}, QStringLiteral("triptych-saliency"),
                                       QStringLiteral("the saliency figure"), error);
    controls->setMethod(std::nullopt);
    return exported;
}

bool ScreenshotTour::exportFigure(const QList<int>& images, const QString& name, const QString& what,
                                  QString* error) {
    QStringList files;
    QString failure;
    bool ended = false;
    auto c1 = QObject::connect(m_window->exports(), &ExportController::finished, m_window,
                               [&](const QStringList& f) {
                                   files = f;
                                   ended = true;
                               });
    auto c2 =
        QObject::connect(m_window->exports(), &ExportController::failed, m_window, [&](const QString& m) {
            failure = m;
            ended = true;
        });
    m_window->exports()->exportFigure(images, QDir(m_dir).filePath(name), false,
                                      ExportController::Overwrite::Always);
    const bool done = waitFor([&] { return ended; }, 600000);
    QObject::disconnect(c1);
    QObject::disconnect(c2);
    if (!done || files.isEmpty()) {
        *error = failure.isEmpty() ? what + QStringLiteral(" export did not finish") : failure;
        return false;
    }
    m_written << files;
    return true;
}

bool ScreenshotTour::run(QString* error) {
    QDir().mkpath(m_dir);
    ComputeEngine* engine = m_window->engine();
    auto idle = [&] { return engine->isModelReady() && m_window->currentResult() && !engine->isBusy(); };
    if (!waitFor(idle, 180000)) {
        *error = QStringLiteral("the first triptych did not appear within 3 minutes");
        return false;
    }
    if (!grab(QStringLiteral("01-idle"), error))
        return false;

    // A long attack on another image, caught halfway.
    AttackConfig c = m_window->attackPanel()->config();
    c.method = AttackMethod::MiFgsm;
    c.iterations = 20;
    c.epsilon = 8;
    m_window->attackPanel()->setConfig(c);
    m_window->selectImage(2);
    auto* bar = m_window->findChild<QProgressBar*>(QStringLiteral("jobProgress"));
    if (!waitFor([&] { return bar && bar->maximum() > 0 && bar->value() * 3 >= bar->maximum(); }, 180000)) {
        *error = QStringLiteral("the attack never got a third of the way");
        return false;
    }
    if (!grab(QStringLiteral("02-mid-job"), error))
        return false;
    if (!waitFor(idle, 300000) || m_window->currentResult()->imageIndex != 2) {
        *error = QStringLiteral("the attack did not finish within 5 minutes");
        return false;
    }
    if (!grab(QStringLiteral("03-done"), error))
        return false;
    m_window->showPerturbationAction()->setChecked(true);
    if (!grab(QStringLiteral("04-perturbation"), error))
        return false;
    m_window->showPerturbationAction()->setChecked(false);
    if (!observersAndSaliency(error))
        return false;

    // Issue 12: the attack replay, scrubbed back to an early step (image,
    // top-5 bars, labels and the curve cursor of that step).
    auto* replay = m_window->findChild<QSlider*>(QStringLiteral("replaySlider"));
    if (!replay || !replay->isEnabled() || replay->maximum() < 4) {
        *error = QStringLiteral("the replay bar has no steps after the 20-step attack");
        return false;
    }
    replay->setValue(replay->maximum() / 4);
    if (!grab(QStringLiteral("07-replay"), error))
        return false;
    replay->setValue(replay->maximum());

    // The figure uses the defaults a paper would: 10-step I-FGSM at ε = 16.
    // Wait for that very result: the panel's change reaches the engine only
    // after its debounce, and until then the window is idle on the old one.
    const AttackConfig paper{};
    m_window->attackPanel()->setConfig(paper);
    if (!waitFor([&] { return idle() && m_window->currentResult()->config == paper; }, 300000)) {
        *error = QStringLiteral("the default attack did not finish within 5 minutes");
        return false;
    }

    // The paper figure: four images, selected in the browser as a user would.
    QListView* list = m_window->browser()->listView();
    list->selectionModel()->clearSelection();
    for (int row : {0, 1, 2, 3})
        list->selectionModel()->select(list->model()->index(row, 0), QItemSelectionModel::Select);
    if (!exportFigure(m_window->browser()->selectedImages(), QStringLiteral("grid"),
                      QStringLiteral("the grid"), error))
        return false;
    if (!grab(QStringLiteral("08-after-export"), error))
        return false;
    return competitionTour(error) && fragilityTour(error);
}

bool ScreenshotTour::competitionTour(QString* error) {
    // Two small submissions of our own: one hands back the images, one fails.
    QTemporaryDir subs;
    for (const auto& [name, script] :
         {std::pair<QString, QByteArray>{QStringLiteral("copycat"), "#!/bin/sh\ncp \"$1\"/*.png \"$2\"/\n"},
          {QStringLiteral("broken"), "#!/bin/sh\necho 'Traceback: this attack is broken' >&2\nexit 1\n"}}) {
        const QString dir = subs.filePath(name);
        QDir().mkpath(dir);
        QFile meta(dir + QStringLiteral("/metadata.json"));
        QFile run(dir + QStringLiteral("/run.sh"));
        if (!meta.open(QIODevice::WriteOnly) || !run.open(QIODevice::WriteOnly)) {
            *error = QStringLiteral("cannot write the tour's submissions in %1").arg(subs.path());
            return false;
        }
        meta.write("{\"type\": \"attack\", \"entry_point\": \"run.sh\"}\n");
        run.write(script);
        run.close();
        run.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }
    m_window->findChild<QAction*>(QStringLiteral("actionCompetition"))->trigger();
    auto* w = m_window->findChild<CompetitionWindow*>(QStringLiteral("competitionWindow"));
    if (!w) {
        *error = QStringLiteral("Tools → Competition opened no window");
        return false;
    }
    w->addSubmission(subs.filePath(QStringLiteral("copycat")));
    w->addSubmission(subs.filePath(QStringLiteral("broken")));
    w->setBuiltins(QStringLiteral("fgsm,mifgsm,ifgsm-t"), QStringLiteral("none,jpeg75,bits4"));
    w->setEpsilons(QStringLiteral("4,16"));
    w->setImageLimit(6);
    w->setRunDir(QDir(m_dir).filePath(QStringLiteral("competition-run")));
    w->move(40, 40);
    bool finished = false;
    QObject::connect(w, &CompetitionWindow::runFinished, w, [&] { finished = true; });
    w->run();
    if (!waitFor([&] { return finished; }, 600000)) {
        *error = QStringLiteral("the competition run did not finish within 10 minutes");
        return false;
    }
    auto* problems = w->findChild<QTableWidget*>(QStringLiteral("problemsTable"));
    if (problems && problems->rowCount() > 0) {
        problems->selectRow(0);
        Q_EMIT problems->cellClicked(0, 0);
    }
    if (!grab(QStringLiteral("09-competition"), error))
        return false;
    auto* matrix = w->findChild<QTableWidget*>(QStringLiteral("matrixTable"));
    if (matrix && matrix->rowCount() > 0 && matrix->columnCount() > 1)
        Q_EMIT matrix->cellClicked(0, 1);
    m_window->raise();
    m_window->activateWindow();
    return grab(QStringLiteral("10-competition-pair"), error);
}

bool ScreenshotTour::runFragility(QString* error) {
    QDir().mkpath(m_dir);
    ComputeEngine* engine = m_window->engine();
    if (!waitFor([&] { return engine->isModelReady() && m_window->currentResult() && !engine->isBusy(); },
                 180000)) {
        *error = QStringLiteral("the first triptych did not appear within 3 minutes");
        return false;
    }
    return grab(QStringLiteral("01-idle"), error) && fragilityTour(error);
}

bool ScreenshotTour::fragilityTour(QString* error) {
    for (QWidget* w : QApplication::topLevelWidgets())
        if (w != m_window && w->isWindow() && w->isVisible())
            w->close();
    m_window->raise();
    m_window->activateWindow();
    // FGSM: one gradient step per try, so 100 images scan in about a minute.
    AttackConfig c = m_window->attackPanel()->config();
    c.method = AttackMethod::Fgsm;
    m_window->attackPanel()->setConfig(c);
    if (!waitFor([&] { return m_window->session()->settings().config.method == AttackMethod::Fgsm; },
                 10000)) {
        *error = QStringLiteral("the attack panel did not switch to FGSM");
        return false;
    }
    FragilityPresenter* fragility = m_window->fragility();
    // Judged by the transfer observer when it is there: white-box answers on
    // the default model are ε 1 almost everywhere, transfer spreads them out.
    const QString transfer = ObserverList::defaultKey();
    const bool judged = !transfer.isEmpty() && m_window->observers()->keys().contains(transfer);
    fragility->setJudge(judged ? transfer : QStringLiteral("none"));
    // The Tools menu with Scan dataset open: the two scans and "Judged by".
    QMenu* tools = nullptr;
    for (QMenu* m : m_window->menuBar()->findChildren<QMenu*>())
        if (m->menuAction() && m->actions().contains(fragility->menu()->menuAction()))
            tools = m;
    if (tools) {
        tools->popup(m_window->mapToGlobal(QPoint(120, 40)));
        waitFor([&] { return tools->isVisible(); }, 5000);
        tools->setActiveAction(fragility->menu()->menuAction());
        waitFor([&] { return fragility->menu()->isVisible(); }, 5000);
        const bool shot = grab(QStringLiteral("11a-scan-menu"), error);
        fragility->menu()->hide();
        tools->hide();
        if (!shot)
            return false;
    }
    bool finished = false;
    auto c1 =
        QObject::connect(fragility, &FragilityPresenter::scanFinished, m_window, [&] { finished = true; });
    QElapsedTimer scanClock;
    scanClock.start();
    m_window->findChild<QAction*>(QStringLiteral("actionScanMinEpsilon"))->trigger();
    auto* bar = m_window->findChild<QProgressBar*>(QStringLiteral("scanProgress"));
    if (!bar || !waitFor([&] { return finished || bar->value() * 3 >= bar->maximum(); }, 600000)) {
        *error = QStringLiteral("the dataset scan never got a third of the way");
        return false;
    }
    if (!finished && !grab(QStringLiteral("11b-scan-running"), error))
        return false;
    if (!waitFor([&] { return finished; }, 900000)) {
        *error = QStringLiteral("the dataset scan did not finish within 15 minutes");
        return false;
    }
    QObject::disconnect(c1);
    // Measured while the screenshots wait: the scan's wall time (bench/RESULTS.md).
    std::printf("dataset scan (minimal ε of FGSM, up to 64, judged by %s): %d images in %.1f s\n",
                judged ? qPrintable(ObserverList::displayName(transfer)) : "the attacked model",
                m_window->datasetModel()->rowCount(), scanClock.elapsed() / 1000.0);
    m_window->findChild<QAction*>(QStringLiteral("actionGridView"))->setChecked(true);
    m_window->browser()->setFragilityOrder(static_cast<int>(ImageFilterModel::Order::FragileFirst));
    if (!grab(QStringLiteral("12-fragility-badges"), error))
        return false;

    m_window->findChild<QAction*>(QStringLiteral("actionEvaluation"))->trigger();
    auto* eval = m_window->findChild<EvaluationWindow*>();
    if (!eval) {
        *error = QStringLiteral("Tools > Evaluation did not open its window");
        return false;
    }
    eval->move(120, 60);
    auto* tabs = eval->findChild<QTabWidget*>(QStringLiteral("resultTabs"));
    FragilityHistogram* histogram = eval->fragilityHistogram();
    tabs->setCurrentWidget(histogram->parentWidget());
    if (!grab(QStringLiteral("13-fragility-histogram"), error))
        return false;
    // A click on the first bar with images filters the browser to them.
    for (int b = 0; b < histogram->bins().size(); ++b)
        if (histogram->bins()[b].count > 0) {
            QTest::mouseClick(histogram, Qt::LeftButton, {}, histogram->barCentre(b).toPoint());
            break;
        }
    eval->showMinimized();
    m_window->raise();
    m_window->activateWindow();
    if (!grab(QStringLiteral("14-fragility-filtered"), error))
        return false;
    m_window->browser()->clearFragilityFilter();

    // The score matrix filling in: 4 images, FGSM and I-FGSM, the defaults' defences.
    eval->showNormal();
    eval->raise();
    eval->findChild<QSpinBox*>(QStringLiteral("imageLimit"))->setValue(4);
    eval->findChild<QSpinBox*>(QStringLiteral("iterations"))->setValue(5);
    for (auto* box : eval->findChildren<QCheckBox*>())
        if (box->objectName().startsWith(QStringLiteral("attack_")))
            box->setChecked(box->objectName() == QLatin1String("attack_fgsm") ||
                            box->objectName() == QLatin1String("attack_difgsm"));
    auto* table = eval->findChild<ScoreTable*>(QStringLiteral("scoreTable"));
    bool matrixDone = false;
    auto c2 = QObject::connect(eval, &EvaluationWindow::matrixFinished, m_window, [&] { matrixDone = true; });
    eval->startMatrix();
    const bool half = waitFor(
        [&] {
            return matrixDone || (table->rowCount() > 0 && table->pendingCells() > 0 &&
                                  table->pendingCells() * 2 <= table->rowCount() * table->columnCount());
        },
        600000);
    if (half && !matrixDone && !grab(QStringLiteral("15-live-matrix"), error))
        return false;
    if (!waitFor([&] { return matrixDone; }, 600000)) {
        *error = QStringLiteral("the score matrix did not finish within 10 minutes");
        return false;
    }
    QObject::disconnect(c2);
    return grab(QStringLiteral("16-matrix-done"), error);
}

} // namespace advlab::ui
