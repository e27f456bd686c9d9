// SPDX-License-Identifier: GPL-3.0-or-later
#include "MainWindow.h"

#include "AttackPanel.h"
#include "AttributionControls.h"
#include "AttributionPresenter.h"
#include "CurvePlot.h"
#include "DatasetBrowser.h"
#include "DatasetModel.h"
#include "ElidedLabel.h"
#include "EnsembleDialog.h"
#include "ErrorBanner.h"
#include "ExplorerSession.h"
#include "ExportController.h"
#include "ImageConvert.h"
#include "ImagePanel.h"
#include "ImageView.h"
#include "MinEpsilonPresenter.h"
#include "ObserverEngine.h"
#include "ObserverList.h"
#include "ObserverListWidget.h"
#include "ObserverPresenter.h"
#include "Plural.h"
#include "ReplayController.h"
#include "TriptychView.h"
#include "WindowSettings.h"
#include "compete/CompetitionWindow.h"
#include "eval/EvaluationWindow.h"
#include "fragility/FragilityPresenter.h"
#include "fragility/FragilityScanner.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>
#include <QVBoxLayout>
#include <advlab/Paths.h>
#include <algorithm>
#include <exception>
#include <thread>

namespace advlab::ui {

namespace {

bool looksLikeModel(const QFileInfo& info) {
    static const QStringList suffixes = {QStringLiteral("pt"), QStringLiteral("pth"), QStringLiteral("ts"),
                                         QStringLiteral("torchscript"), QStringLiteral("jit")};
    return info.isFile() && suffixes.contains(info.suffix().toLower());
}

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), m_engine(new ComputeEngine(this)), m_datasetModel(new DatasetModel(this)),
      m_session(new ExplorerSession(m_datasetModel, this)),
      m_exports(new ExportController(m_engine, m_session, this)),
      m_browser(new DatasetBrowser(m_datasetModel)), m_triptych(new TriptychView),
      m_attackPanel(new AttackPanel), m_banner(new ErrorBanner), m_status(new ElidedLabel),
      m_modelStatus(new ElidedLabel), m_progress(new QProgressBar), m_cancel(new QPushButton(tr("Cancel"))) {
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/adversarial-lab-128.png")));
    setAcceptDrops(true);

    auto* central = new QWidget(this);
    central->setObjectName(QStringLiteral("centralArea"));
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->setSpacing(4);
    layout->addWidget(m_banner);
    // On a small screen (a laptop, or 200 % scaling) the triptych scrolls
    // rather than pushing the window past the screen's edge.
    auto* triptychScroll = new QScrollArea(central);
    triptychScroll->setObjectName(QStringLiteral("triptychScroll"));
    triptychScroll->setWidgetResizable(true);
    triptychScroll->setFrameShape(QFrame::NoFrame);
    triptychScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    triptychScroll->setWidget(m_triptych);
    layout->addWidget(triptychScroll, 1);
    setCentralWidget(central);

    auto* left = new QDockWidget(tr("Images"), this);
    left->setObjectName(QStringLiteral("imagesDock"));
    left->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable |
                      QDockWidget::DockWidgetClosable);
    left->setWidget(m_browser);
    m_browser->setMinimumWidth(160);
    addDockWidget(Qt::LeftDockWidgetArea, left);

    // The settings scroll: more controls than fit a short screen must stay
    // reachable, and the dock must not force the window taller than it.
    auto* settingsScroll = new QScrollArea;
    settingsScroll->setObjectName(QStringLiteral("settingsScroll"));
    settingsScroll->setWidgetResizable(true);
    settingsScroll->setFrameShape(QFrame::NoFrame);
    settingsScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    settingsScroll->setWidget(m_attackPanel);
    auto* right = new QDockWidget(tr("Attack settings"), this);
    right->setObjectName(QStringLiteral("settingsDock"));
    right->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable |
                       QDockWidget::DockWidgetClosable);
    right->setWidget(settingsScroll);
    addDockWidget(Qt::RightDockWidgetArea, right);
    m_docks = {left, right};

    m_minEpsilon = new MinEpsilonPresenter(m_engine, m_session, m_triptych, this);
    m_replay = new ReplayController(m_engine, m_triptych, this); // issue 12: progressive steps, replay
    // Issue 12: observers and attribution overlays; their engines are the
    // compute engine's children, so its thread is joined before they go.
    m_observers = new ObserverList(this);
    if (!m_observers->droppedOnLoad().isEmpty()) {
        // Kept on screen through the start-up dataset's opening (which clears
        // dataset errors): the dropped keys are gone from the settings, so
        // this is the only time the user can learn why.
        m_startupNotice =
            tr("Observers not restored:\n%1").arg(m_observers->droppedOnLoad().join(QLatin1Char('\n')));
        QMetaObject::invokeMethod(
            this, [this] { showError(m_startupNotice); }, Qt::QueuedConnection);
    }
    auto* observerEngine = new ObserverEngine(m_engine);
    auto* attributionEngine = new AttributionEngine(m_engine);
    m_observerPresenter = new ObserverPresenter(observerEngine, m_observers, m_triptych, this);
    m_attributionPresenter = new AttributionPresenter(attributionEngine, m_triptych, this);
    connect(m_observerPresenter, &ObserverPresenter::errorRaised, this, &MainWindow::showError);
    connect(m_attributionPresenter, &AttributionPresenter::errorRaised, this, &MainWindow::showError);
    m_exports->setFigureExtras(observerEngine, attributionEngine, [this] {
        const AttributionControls* c = m_triptych->attributionControls();
        return FigureExtrasSettings{m_observers->keys(), c->options(), c->opacity()};
    });
    m_fragility = new FragilityPresenter(m_datasetModel, m_browser, m_session, m_engine, m_observers, this);
    // The replay's step images get the observers' lines too: transfer of an
    // intermediate iterate, not only of the final image.
    connect(m_replay, &ReplayController::stepShown, m_observerPresenter, &ObserverPresenter::showStepImages);
    buildActions();
    buildStatusBar();
    buildMenus();
    buildToolBar();
    m_attackPanel->addDisplayAction(m_showPerturbation);

    connect(m_browser, &DatasetBrowser::currentImageChanged, this, &MainWindow::showImage);
    connect(m_datasetModel, &DatasetModel::imageMarkedBad, this, [this](int row, const QString& problem) {
        // Reported once per image; the browser already shows it crossed out.
        m_status->setText(tr("Skipping unusable image: %1").arg(problem));
        if (row == m_session->currentIndex())
            showError(problem);
    });
    connect(m_attackPanel, &AttackPanel::settingsChanged, this, &MainWindow::onSettingsChanged);
    m_session->setSettings(m_attackPanel->settings());
    // After the session's own connection: refresh() reads its settings.
    // The per-image search follows the scan's judge (one "Judged by" choice).
    m_minEpsilon->setJudge(m_fragility->judge());
    connect(m_fragility, &FragilityPresenter::judgeChanged, m_minEpsilon, &MinEpsilonPresenter::setJudge);
    connect(m_attackPanel, &AttackPanel::settingsChanged, m_fragility, &FragilityPresenter::refresh);
    connect(this, &MainWindow::datasetOpened, m_fragility, &FragilityPresenter::refresh);
    connect(this, &MainWindow::modelReady, m_fragility, &FragilityPresenter::refresh);
    connect(m_fragility, &FragilityPresenter::statusMessage, m_status, &QLabel::setText);
    connect(m_fragility, &FragilityPresenter::scanFailed, this, &MainWindow::showError);
    connect(m_fragility, &FragilityPresenter::cacheIgnored, this, &MainWindow::showError);

    connect(m_minEpsilon, &MinEpsilonPresenter::searchFailed, this,
            [this](const QString& message) { showError(tr("Minimal ε search failed: %1").arg(message)); });
    connect(m_exports, &ExportController::statusChanged, m_status, &QLabel::setText);
    connect(m_exports, &ExportController::errorRaised, this, &MainWindow::showError);
    connectEngine();

    // Three 299-px panels plus both docks where the screen has room, else
    // 90 % of it; a saved geometry then wins, pulled onto this screen.
    placeOnScreen(this, QSize(1640, 1000));
    // The docks take a share of a small window rather than their natural
    // widths, so the triptych keeps room for its images; the settings scroll
    // up and down, not sideways, so their dock is at least as wide as the
    // panel's widest row (computed once every control has been added).
    const int settingsWidth =
        m_attackPanel->minimumSizeHint().width() + style()->pixelMetric(QStyle::PM_ScrollBarExtent) + 2;
    settingsScroll->setMinimumWidth(settingsWidth);
    resizeDocks(m_docks,
                {std::clamp(width() * 18 / 100, 160, 260),
                 std::max(settingsWidth, std::min(width() * 22 / 100, 330))},
                Qt::Horizontal);
    restoreWindowSettings();
    updateTitle();
}

MainWindow::~MainWindow() {
    m_engine->cancelAll();
}

void MainWindow::connectEngine() {
    connect(m_engine, &ComputeEngine::triptychReady, this, &MainWindow::onTriptychReady);
    connect(m_engine, &ComputeEngine::cleanPredictionReady, this,
            [this](quint64, int imageIndex, const Prediction& clean) {
                if (!m_session->dataset() || imageIndex != m_session->currentIndex())
                    return;
                const auto& e = m_session->dataset()->entry(static_cast<std::size_t>(imageIndex));
                m_triptych->setCleanPrediction(clean, e.trueLabel, m_session->targetFor(imageIndex));
            });
    connect(m_engine, &ComputeEngine::triptychFailed, this, [this](quint64, const QString& message) {
        m_triptych->setBusy(false);
        if (m_engine->hasModelError()) {
            m_triptych->setAdversarialPlaceholder(tr("No model loaded"));
            return; // the failed load was reported already
        }
        showError(tr("Attack failed: %1").arg(message));
    });
    connect(m_engine, &ComputeEngine::triptychCancelled, this, [this](quint64) {
        m_triptych->setBusy(false);
        if (m_session->result()) {
            m_status->setText(
                tr("Cancelled; the adversarial images show the previous settings (F5 recomputes)."));
        } else {
            m_triptych->setAdversarialPlaceholder(tr("Cancelled (F5 recomputes)"));
            m_status->setText(tr("Cancelled (F5 recomputes)."));
        }
    });
    connect(m_engine, &ComputeEngine::busyChanged, this, &MainWindow::onBusyChanged);
    connect(m_engine, &ComputeEngine::progress, this, &MainWindow::onProgress);
    connect(m_engine, &ComputeEngine::batchProgress, this, [this](int done, int total) {
        if (total <= 0)
            return;
        m_progress->setRange(0, total);
        m_progress->setValue(done);
    });
    connect(m_engine, &ComputeEngine::modelLoaded, this,
            [this](const QString& path, const QString& device, double seconds) {
                m_modelStatus->setText(tr("Model: %1 on %2").arg(modelDisplayName(), device));
                m_modelStatus->setToolTip(m_engine->memberPaths().join(QLatin1Char('\n')));
                m_status->setText(tr("Loaded %1 in %2 s").arg(modelDisplayName()).arg(seconds, 0, 'f', 2));
                if (!m_engine->isEnsemble()) // the recent list reopens single files
                    m_recentModelList.add(path);
                m_minEpsilon->refresh();
                updateTitle();
                Q_EMIT modelReady(path);
            });
    connect(m_engine, &ComputeEngine::modelFailed, this, [this](const QString& path, const QString& message) {
        m_modelStatus->setText(tr("No model"));
        m_triptych->setBusy(false);
        showError(tr("Could not load the model %1: %2").arg(path, message));
        updateTitle();
    });
}

void MainWindow::buildActions() {
    auto make = [this](const QString& text, const char* name, const char* icon = nullptr) {
        auto* a = new QAction(text, this);
        a->setObjectName(QLatin1String(name));
        if (icon)
            a->setIcon(QIcon(QStringLiteral(":/icons/toolbar/%1.png").arg(QLatin1String(icon))));
        return a;
    };
    m_openDataset = make(tr("Open &dataset…"), "actionOpenDataset", "open-dataset");
    m_openDataset->setShortcut(QKeySequence::Open);
    m_openDataset->setToolTip(tr("Open a dataset folder (images.csv + images/, or a folder of images)"));
    connect(m_openDataset, &QAction::triggered, this, &MainWindow::chooseDataset);
    m_openModel = make(tr("Open &model…"), "actionOpenModel", "open-model");
    m_openModel->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_openModel->setToolTip(tr("Open a TorchScript ImageNet classifier (.pt)"));
    connect(m_openModel, &QAction::triggered, this, &MainWindow::chooseModel);
    m_openEnsemble = make(tr("Attack with an &ensemble…"), "actionOpenEnsemble");
    m_openEnsemble->setToolTip(tr("Attack several models at once, their logits fused with weights "
                                  "(Dong et al. 2018)"));
    connect(m_openEnsemble, &QAction::triggered, this, &MainWindow::chooseEnsemble);
    m_exportTriptych = make(tr("Export &triptych…"), "actionExportTriptych", "export-figure");
    m_exportTriptych->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_exportTriptych->setToolTip(tr("Export the current triptych as a PNG and a PDF figure"));
    connect(m_exportTriptych, &QAction::triggered, this, &MainWindow::chooseExportTriptych);
    m_exportGrid = make(tr("Export &grid of selected images…"), "actionExportGrid");
    m_exportGrid->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    connect(m_exportGrid, &QAction::triggered, this, &MainWindow::chooseExportGrid);
    m_saveAdversarial = make(tr("&Save adversarial images…"), "actionSaveAdversarial", "save-images");
    m_saveAdversarial->setShortcut(QKeySequence::Save);
    m_saveAdversarial->setToolTip(tr("Save the selected images' adversarial PNGs and a CSV manifest"));
    connect(m_saveAdversarial, &QAction::triggered, this, &MainWindow::chooseSaveAdversarial);

    m_showPerturbation = make(tr("Show amplified &perturbation"), "actionShowPerturbation", "perturbation");
    m_showPerturbation->setCheckable(true);
    m_showPerturbation->setShortcut(QKeySequence(Qt::Key_P));
    m_showPerturbation->setToolTip(tr("Show adversarial − original, amplified to the full range (P)"));
    connect(m_showPerturbation, &QAction::toggled, m_triptych, &TriptychView::setShowPerturbation);
    m_gridView = make(tr("Thumbnail &grid"), "actionGridView");
    m_gridView->setCheckable(true);
    connect(m_gridView, &QAction::toggled, m_browser, &DatasetBrowser::setGridMode);
    m_cancelAction = make(tr("&Cancel running attack"), "actionCancel", "cancel");
    connect(m_cancelAction, &QAction::triggered, this, &MainWindow::cancelJobs);
    m_recompute = make(tr("&Recompute"), "actionRecompute", "recompute");
    m_recompute->setShortcut(QKeySequence::Refresh);
    connect(m_recompute, &QAction::triggered, this, [this] { requestCurrent(true); });
    m_evaluation = make(tr("&Evaluation (ε sweeps, score matrix)…"), "actionEvaluation", "evaluation");
    m_evaluation->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    m_evaluation->setIconText(tr("Evaluation"));
    connect(m_evaluation, &QAction::triggered, this, &MainWindow::openEvaluation);
    m_competition = make(tr("&Competition (external submissions)…"), "actionCompetition", "evaluation");
    m_competition->setToolTip(
        tr("Run NIPS 2017 submission folders against the built-in attacks and defences"));
    connect(m_competition, &QAction::triggered, this, &MainWindow::openCompetition);
    m_observersAction = make(tr("&Observers…"), "actionObservers");
    m_observersAction->setToolTip(tr("Models that classify every triptych image without being attacked: "
                                     "transfer, image by image"));
    connect(m_observersAction, &QAction::triggered, this,
            [this] { ObserverListWidget::openDialog(m_observers, this); });
    m_findMinEpsilon = make(tr("Find &minimal ε for this image"), "actionFindMinEpsilon");
    m_findMinEpsilon->setToolTip(
        tr("Search the smallest ε (1..64) at which the current attack fools this image, "
           "non-targeted and targeted, judged as Tools → Scan dataset → Judged by says "
           "(the attacked model, or an observer: the ε that transfers)"));
    connect(m_findMinEpsilon, &QAction::triggered, this, &MainWindow::findMinimalEpsilon);
}

void MainWindow::buildStatusBar() {
    m_status->setObjectName(QStringLiteral("statusMessage"));
    m_modelStatus->setObjectName(QStringLiteral("modelStatus"));
    m_progress->setObjectName(QStringLiteral("jobProgress"));
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_progress->setMaximumWidth(180);
    m_progress->setTextVisible(true);
    m_progress->setFormat(tr("%v / %m steps"));
    m_progress->hide();
    m_cancel->setToolTip(tr("Stop the running attack (Esc)"));
    m_cancel->setShortcut(QKeySequence(Qt::Key_Escape));
    m_cancel->hide();
    connect(m_cancel, &QPushButton::clicked, this, &MainWindow::cancelJobs);
    statusBar()->addWidget(m_status, 1);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancel);
    statusBar()->addPermanentWidget(m_fragility->statusWidget());
    statusBar()->addPermanentWidget(m_modelStatus);
    m_modelStatus->setText(tr("Loading model…"));
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->setObjectName(QStringLiteral("menuFile"));
    file->addAction(m_openDataset);
    file->addAction(m_openModel);
    file->addAction(m_openEnsemble);
    m_recentDatasets = file->addMenu(tr("Recent datasets"));
    m_recentDatasets->setObjectName(QStringLiteral("menuRecentDatasets"));
    m_recentModels = file->addMenu(tr("Recent models"));
    m_recentModels->setObjectName(QStringLiteral("menuRecentModels"));
    connect(file, &QMenu::aboutToShow, this, &MainWindow::rebuildRecentMenus);
    file->addSeparator();
    file->addAction(m_exportTriptych);
    file->addAction(m_exportGrid);
    file->addAction(m_saveAdversarial);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setObjectName(QStringLiteral("actionQuit"));
    quit->setShortcut(QKeySequence::Quit);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("menuView"));
    view->addAction(m_showPerturbation);
    view->addAction(m_gridView);
    view->addSeparator();
    // The docks can be closed to give the triptych room on a small screen;
    // these bring them back (Ctrl+1, Ctrl+2 from the keyboard).
    int dockKey = Qt::Key_1;
    for (QDockWidget* dock : m_docks) {
        QAction* toggle = dock->toggleViewAction();
        toggle->setObjectName(QStringLiteral("actionToggle_") + dock->objectName());
        toggle->setShortcut(QKeySequence(Qt::CTRL | dockKey++));
        view->addAction(toggle);
    }
    view->addSeparator();
    view->addAction(m_cancelAction);
    view->addAction(m_recompute);

    QMenu* tools = menuBar()->addMenu(tr("&Tools"));
    tools->setObjectName(QStringLiteral("menuTools"));
    tools->addAction(m_evaluation);
    tools->addAction(m_competition);
    tools->addAction(m_findMinEpsilon);
    tools->addAction(m_observersAction);
    tools->addMenu(m_fragility->menu());

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* about = help->addAction(tr("&About Adversarial Lab"), this, [this] {
        QMessageBox::about(
            this, tr("About Adversarial Lab"),
            tr("<h3>Adversarial Lab %1</h3>"
               "<p>Explore adversarial examples on ImageNet classifiers: FGSM, I-FGSM, MI-FGSM "
               "and PGD, non-targeted and targeted, live.</p>"
               "<p>Licensed under the GNU GPL v3 or later. Plots by QCustomPlot.</p>")
                .arg(QApplication::applicationVersion()));
    });
    about->setObjectName(QStringLiteral("actionAbout"));
}

void MainWindow::buildToolBar() {
    QToolBar* bar = addToolBar(tr("Main toolbar"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setMovable(false);
    bar->setIconSize(QSize(22, 22));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(m_openDataset);
    bar->addAction(m_openModel);
    bar->addSeparator();
    bar->addAction(m_exportTriptych);
    bar->addAction(m_saveAdversarial);
    bar->addSeparator();
    bar->addAction(m_showPerturbation);
    bar->addAction(m_recompute);
    bar->addAction(m_evaluation);
}

void MainWindow::restoreWindowSettings() {
    QSettings settings;
    restoreWindowGeometry(this, settings);
    m_attackPanel->setSettings(loadAttackSettings(settings, m_attackPanel->settings()));
    m_showPerturbation->setChecked(settings.value(QStringLiteral("view/showPerturbation"), false).toBool());
    m_gridView->setChecked(settings.value(QStringLiteral("view/thumbnailGrid"), false).toBool());
}

void MainWindow::saveWindowSettings() const {
    QSettings settings;
    saveWindowGeometry(this, settings);
    saveAttackSettings(settings, m_attackPanel->settings());
    settings.setValue(QStringLiteral("view/showPerturbation"), m_showPerturbation->isChecked());
    settings.setValue(QStringLiteral("view/thumbnailGrid"), m_gridView->isChecked());
    settings.sync();
}

void MainWindow::rebuildRecentMenus() {
    auto fill = [this](QMenu* menu, const QStringList& paths, bool datasets) {
        menu->clear();
        for (const QString& p : paths) {
            QAction* a = menu->addAction(p);
            connect(a, &QAction::triggered, this, [this, p, datasets] {
                if (datasets)
                    openDataset(p);
                else
                    openModel(p);
            });
        }
        menu->setEnabled(!paths.isEmpty());
    };
    fill(m_recentDatasets, m_recentDatasetList.paths(), true);
    fill(m_recentModels, m_recentModelList.paths(), false);
}

void MainWindow::updateTitle() {
    QStringList parts{QStringLiteral("Adversarial Lab")};
    if (m_session->dataset())
        parts << QFileInfo(m_session->datasetRoot()).fileName();
    if (!m_engine->modelPath().isEmpty())
        parts << modelDisplayName();
    setWindowTitle(parts.join(QStringLiteral(" — ")));
}

void MainWindow::showError(const QString& message) {
    m_banner->showError(message);
    m_status->setText(message.section(QLatin1Char('\n'), 0, 0));
    Q_EMIT errorShown(message);
}

int MainWindow::currentImage() const {
    return m_session->currentIndex();
}

TriptychResultPtr MainWindow::currentResult() const {
    return m_session->result();
}

std::shared_ptr<const Dataset> MainWindow::dataset() const {
    return m_session->dataset();
}

void MainWindow::openDefaults(const QString& datasetFlag, const QString& modelFlag) {
    // The last session's dataset and model (the newest recent entries) come
    // after flags and environment and before the bundled defaults; core
    // skips them when they no longer exist.
    const PathResolution model =
        resolveModel(modelFlag.toStdString(), m_recentModelList.paths().value(0).toStdString());
    if (model.path.empty()) {
        m_modelStatus->setText(tr("No model"));
        showError(tr("No model: %1").arg(QString::fromStdString(model.errorMessage())));
    } else {
        openModel(QString::fromStdString(model.path));
    }
    const PathResolution data =
        resolveDataset(datasetFlag.toStdString(), m_recentDatasetList.paths().value(0).toStdString());
    if (data.path.empty())
        showError(tr("No dataset: %1").arg(QString::fromStdString(data.errorMessage())));
    else
        openDataset(QString::fromStdString(data.path));
}

void MainWindow::openDataset(const QString& dir) {
    // Parsing images.csv happens on a thread of its own, so the window keeps
    // painting however long it takes (or if it never ends: a FIFO). The
    // thread is detached rather than joined, because a read that never
    // returns must not hold the window hostage; its result comes back through
    // the application object and is dropped if a newer open superseded it or
    // the window is gone.
    const quint64 generation = m_datasetOpen.next();
    m_openingDataset = true;
    m_status->setText(tr("Opening %1…").arg(QDir::toNativeSeparators(dir)));
    m_progress->setRange(0, 0);
    m_progress->setFormat(tr("Opening dataset…"));
    m_progress->show();
    if (!m_session->dataset()) // otherwise the open dataset stays on show until the new one is ready
        m_triptych->clear(tr("Opening %1…").arg(QDir::toNativeSeparators(dir)));
    QPointer<MainWindow> self(this);
    std::thread([self, generation, dir] {
        std::shared_ptr<const Dataset> dataset;
        QString error;
        try {
            dataset = std::make_shared<const Dataset>(Dataset::open(dir.toStdString()));
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        if (QCoreApplication* app = QCoreApplication::instance()) {
            QMetaObject::invokeMethod(
                app,
                [self, generation, dir, dataset, error] {
                    if (self)
                        self->onDatasetLoaded(generation, dir, dataset, error);
                },
                Qt::QueuedConnection);
        }
    }).detach();
}

void MainWindow::onDatasetLoaded(quint64 generation, const QString& dir,
                                 std::shared_ptr<const Dataset> dataset, const QString& error) {
    if (!m_datasetOpen.isCurrent(generation))
        return; // a newer open superseded this one
    m_openingDataset = false;
    m_progress->setFormat(tr("%v / %m steps"));
    m_progress->setVisible(m_engine->isBusy());
    if (!dataset) {
        const QString text = tr("Could not open the dataset %1: %2").arg(dir, error);
        m_recentDatasetList.remove(dir);
        if (!m_session->dataset())
            m_triptych->clear(tr("No dataset: open one with File ▸ Open dataset…"));
        showError(text);
        Q_EMIT datasetFailed(dir, text);
        return;
    }
    m_engine->cancelTriptych();
    m_session->setDataset(dataset);
    if (m_startupNotice.isEmpty() || m_banner->text() != m_startupNotice)
        m_banner->dismiss(); // an opened dataset answers the dataset errors shown, not the start-up notice
    m_datasetModel->setDataset(dataset);
    m_attackPanel->setCategories(dataset->categories());
    m_triptych->clear(dataset->size() ? tr("Select an image") : tr("This dataset has no images"));
    m_recentDatasetList.add(m_session->datasetRoot());
    updateTitle();
    if (!dataset->warnings().empty()) {
        QStringList w;
        for (const auto& s : dataset->warnings())
            w << QString::fromStdString(s);
        showError(tr("The dataset opened with warnings:\n%1").arg(w.join('\n')));
    } else {
        m_status->setText(
            tr("Opened %1 (%2)").arg(m_session->datasetRoot(), countOf(dataset->size(), "image", "images")));
    }
    for (int i = 0; i < static_cast<int>(dataset->size()); ++i) {
        if (!m_datasetModel->isBad(i)) {
            selectImage(i);
            break;
        }
    }
    Q_EMIT datasetOpened(m_session->datasetRoot()); // with its first image already on show
}

void MainWindow::openModel(const QString& path) {
    m_modelStatus->setText(tr("Loading %1…").arg(QFileInfo(path).fileName()));
    m_engine->loadModel(QFileInfo(path).absoluteFilePath());
    updateTitle();
    // Queued behind the load on the compute thread, so it runs on the new model.
    requestCurrent();
}

void MainWindow::openEnsemble(const QStringList& paths, const QList<float>& weights) {
    QStringList absolute;
    for (const QString& p : paths)
        absolute << QFileInfo(p).absoluteFilePath();
    m_modelStatus->setText(tr("Loading an ensemble of %1 models…").arg(absolute.size()));
    m_engine->loadModels(absolute, weights);
    updateTitle();
    requestCurrent();
}

QString MainWindow::modelDisplayName() const {
    const QStringList members = m_engine->memberPaths();
    if (members.size() <= 1)
        return QFileInfo(m_engine->modelPath()).fileName();
    const QList<float> w = m_engine->modelWeights();
    QStringList parts;
    for (int i = 0; i < members.size(); ++i)
        parts << (w.isEmpty() ? QFileInfo(members[i]).fileName()
                              : QStringLiteral("%1×%2").arg(QFileInfo(members[i]).fileName()).arg(w[i]));
    return tr("ensemble %1").arg(parts.join(QStringLiteral(" + ")));
}

void MainWindow::chooseEnsemble() {
    const QStringList members = m_engine->memberPaths();
    EnsembleChoice choice;
    if (askForEnsemble(this, members.isEmpty() ? QDir::homePath() : QFileInfo(members.first()).absolutePath(),
                       &choice))
        openEnsemble(choice.paths, choice.weights);
}

void MainWindow::findMinimalEpsilon() {
    QString error;
    if (!m_minEpsilon->findForCurrent(&error))
        showError(error);
}

void MainWindow::selectImage(int datasetIndex) {
    m_browser->setCurrentImage(datasetIndex); // shows it through currentImageChanged
    if (m_session->currentIndex() != datasetIndex)
        showImage(datasetIndex); // filtered out of the list, so the browser could not
}

void MainWindow::showImage(int datasetIndex) {
    if (datasetIndex < 0 || datasetIndex >= m_session->imageCount())
        return;
    if (datasetIndex == m_session->currentIndex() && m_session->hasCurrentImage())
        return;
    m_engine->cancelTriptych();
    QString problem;
    if (!m_session->setCurrentImage(datasetIndex, &problem)) {
        m_triptych->clear(tr("This image cannot be used:\n%1").arg(problem));
        showError(problem);
        return;
    }
    const auto& entry = m_session->dataset()->entry(static_cast<std::size_t>(datasetIndex));
    m_attackPanel->setDatasetTarget(entry.targetClass);
    m_triptych->showOriginal(toQImage(m_session->currentOriginal()), QString::fromStdString(entry.imageId),
                             entry.trueLabel, m_session->targetFor(datasetIndex),
                             m_session->dataset()->categories());
    m_minEpsilon->refresh();
    requestCurrent();
}

void MainWindow::onSettingsChanged(const AttackSettings& settings, int) {
    m_session->setSettings(settings);
    m_minEpsilon->refresh();
    requestCurrent();
}

void MainWindow::requestCurrent(bool recompute) {
    if (!m_session->hasCurrentImage())
        return;
    if (m_engine->modelPath().isEmpty() || m_engine->hasModelError()) {
        // Already reported once; say it quietly rather than on every slider move.
        m_status->setText(tr("No model is loaded: open one with File ▸ Open model…"));
        return;
    }
    TriptychRequest request;
    QString error;
    if (!m_session->buildRequest(m_session->currentIndex(), &request, &error))
        return;
    m_requestClock.start();
    m_triptych->setBusy(true, tr("Computing…"));
    m_status->setText(tr("Computing %1…").arg(QString::fromStdString(request.config.describe())));
    m_engine->requestTriptych(request, recompute); // a cached answer arrives before this returns
}

void MainWindow::onTriptychReady(const TriptychResultPtr& result) {
    if (!m_session->isCurrent(*result))
        return;
    m_session->setResult(result);
    m_triptych->setResult(result, m_session->dataset()->categories());
    const double ms =
        m_requestClock.isValid() ? static_cast<double>(m_requestClock.nsecsElapsed()) / 1e6 : 0.0;
    const QString what = QString::fromStdString(result->config.describe());
    m_status->setText(result->fromCache ? tr("%1 · from cache").arg(what)
                                        : tr("%1 · updated in %2 ms").arg(what).arg(ms, 0, 'f', 0));
    Q_EMIT triptychUpdated(result);
}

void MainWindow::onBusyChanged(bool busy) {
    m_progress->setVisible(busy || m_openingDataset);
    m_cancel->setVisible(busy);
    m_cancel->setEnabled(true);
    m_cancel->setText(tr("Cancel"));
    if (busy) {
        m_progress->setRange(0, 0); // indeterminate until the first step is reported
    } else {
        m_triptych->setBusy(false);
    }
}

void MainWindow::onProgress(int done, int total) {
    if (total <= 0)
        return;
    m_progress->setRange(0, total);
    m_progress->setValue(done);
    if (done < total)
        m_triptych->setBusy(true, tr("Computing… %1/%2").arg(done).arg(total));
}

void MainWindow::cancelJobs() {
    m_engine->cancelAll();
    if (!m_engine->isBusy())
        return;
    // A cancel takes effect at the attack's next step; a model inside one
    // long forward pass cannot be interrupted, so say what we wait for.
    m_cancel->setEnabled(false);
    m_cancel->setText(tr("Waiting…"));
    m_status->setText(tr("Cancelling: waiting for the model to finish its current step…"));
}

bool MainWindow::stopWorkers(int ms) {
    m_engine->cancelAll();
    m_fragility->cancel();
    bool idle = m_engine->waitIdleFor(ms);
    idle = m_fragility->scanner()->waitIdleFor(ms) && idle;
    for (EvaluationWindow* w : findChildren<EvaluationWindow*>()) {
        w->cancel();
        idle = w->engine()->waitIdleFor(ms) && idle;
    }
    return idle;
}

QList<int> MainWindow::exportSelection() const {
    QList<int> selection = m_browser->selectedImages();
    if (selection.isEmpty() && m_session->currentIndex() >= 0)
        selection << m_session->currentIndex();
    return selection;
}

void MainWindow::chooseDataset() {
    const QString dir = QFileDialog::getExistingDirectory(
        this, tr("Open dataset folder"), m_session->dataset() ? m_session->datasetRoot() : QDir::homePath());
    if (!dir.isEmpty())
        openDataset(dir);
}

void MainWindow::chooseModel() {
    QFileDialog dialog(this, tr("Open TorchScript classifier — open only models you trust"),
                       QFileInfo(m_engine->modelPath()).absolutePath(),
                       tr("TorchScript models (*.pt *.pth *.ts);;All files (*)"));
    dialog.setFileMode(QFileDialog::ExistingFile);
    dialog.setLabelText(QFileDialog::Accept, tr("Open"));
    if (dialog.exec() == QDialog::Accepted && !dialog.selectedFiles().isEmpty())
        openModel(dialog.selectedFiles().constFirst());
}

void MainWindow::chooseExportTriptych() {
    const int current = m_session->currentIndex();
    if (current < 0)
        return showError(tr("Nothing to export: select an image first."));
    const QString id =
        QString::fromStdString(m_session->dataset()->entry(static_cast<std::size_t>(current)).imageId);
    const AttackConfig& config = m_session->settings().config;
    const QString suggested =
        QDir::home().filePath(QStringLiteral("triptych_%1_%2_eps%3.png")
                                  .arg(id, QString::fromStdString(methodKey(config.method)))
                                  .arg(config.epsilon));
    // Our own overwrite question covers both the PNG and the PDF.
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export triptych (PNG and PDF)"), suggested,
                                     tr("PNG and PDF (*.png)"), nullptr, QFileDialog::DontConfirmOverwrite);
    if (!path.isEmpty())
        exportTriptychTo(path);
}

void MainWindow::exportTriptychTo(const QString& path) {
    const int current = m_session->currentIndex();
    if (current < 0)
        return showError(tr("Nothing to export: select an image first."));
    // Scrubbed back in the replay: the figure shows the step on screen.
    m_exports->exportFigure({current}, path, m_showPerturbation->isChecked(),
                            ExportController::Overwrite::Ask, scrubbedStep());
}

ReplayFramePtr MainWindow::scrubbedStep() const {
    // A step shown live, while the attack still runs, is not one the user
    // chose: only a finished replay scrubbed back counts.
    const AttackReplay& replay = m_replay->replay();
    if (m_triptych->shownStep() < 0 || !replay.isComplete() ||
        replay.generation() != m_engine->latestGeneration())
        return nullptr;
    return replay.frame(replay.indexOfStep(m_triptych->shownStep()));
}

void MainWindow::chooseExportGrid() {
    const QList<int> selection = exportSelection();
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export grid of %1 (PNG and PDF)").arg(countOf(selection.size(), "image", "images")),
        QDir::home().filePath(QStringLiteral("adversarial_grid.png")), tr("PNG and PDF (*.png)"), nullptr,
        QFileDialog::DontConfirmOverwrite);
    if (!path.isEmpty())
        m_exports->exportFigure(selection, path, m_showPerturbation->isChecked());
}

void MainWindow::chooseSaveAdversarial() {
    const QList<int> selection = exportSelection();
    const QString dir = QFileDialog::getExistingDirectory(
        this, tr("Save adversarial images of %1 to").arg(countOf(selection.size(), "image", "images")),
        QDir::homePath());
    if (!dir.isEmpty())
        m_exports->saveAdversarialImages(selection, dir);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls()) {
        for (const QUrl& url : event->mimeData()->urls()) {
            if (url.isLocalFile()) {
                event->acceptProposedAction();
                return;
            }
        }
    }
}

void MainWindow::dropEvent(QDropEvent* event) {
    for (const QUrl& url : event->mimeData()->urls()) {
        if (!url.isLocalFile())
            continue;
        const QFileInfo info(url.toLocalFile());
        if (info.isDir())
            openDataset(info.absoluteFilePath());
        else if (info.fileName().compare(QStringLiteral("images.csv"), Qt::CaseInsensitive) == 0)
            openDataset(info.absolutePath());
        else if (looksLikeModel(info))
            openModel(info.absoluteFilePath());
        else
            showError(
                tr("%1: not a dataset folder or a TorchScript model (.pt)").arg(info.absoluteFilePath()));
    }
    event->acceptProposedAction();
}

void MainWindow::closeEvent(QCloseEvent* event) {
    saveWindowSettings();
    m_engine->cancelAll();
    QMainWindow::closeEvent(event);
}

void MainWindow::openCompetition() {
    auto* w = new CompetitionWindow(this);
    w->setAttribute(Qt::WA_DeleteOnClose);
    w->setWindowFlag(Qt::Window);
    if (m_session->dataset())
        w->setDatasetPath(m_session->datasetRoot());
    if (!m_engine->modelPath().isEmpty())
        w->setModelPath(m_engine->modelPath());
    connect(w, &CompetitionWindow::pairRequested, this, &MainWindow::showCompetitionPair);
    w->show();
}

void MainWindow::showCompetitionPair(const CompetitionPair& p) {
    const auto ds = m_session->dataset();
    const Categories categories = ds ? ds->categories() : Categories();
    m_triptych->showOriginal(toQImage(p.original), p.imageId, p.trueLabel, p.targetClass, categories);
    ImagePanel* panel = m_triptych->untargetedPanel();
    panel->setTitle(tr("%1 · ε=%2").arg(p.attack).arg(static_cast<double>(p.epsilon)));
    panel->view()->setBusy(false);
    panel->view()->setImage(toQImage(p.adversarial));
    const int label = p.defenceLabel - 1; // 0-based, -1: no valid label
    const QString labelText =
        label >= 0 ? QString::fromStdString(categories.label(label)) : tr("no valid label");
    panel->setCaption(tr("%1: <b>%2</b>").arg(p.defence.toHtmlEscaped(), labelText.toHtmlEscaped()),
                      tr("competition run %1").arg(p.runDir.toHtmlEscaped()));
    const bool hit = p.targetedAttack ? label == p.targetClass : label != p.trueLabel;
    panel->setMark(hit ? tr("attack wins") : tr("defence holds"), !hit);
    // A competition pair has one adversarial image and no per-step curve.
    ImagePanel* other = m_triptych->targetedPanel();
    other->setTitle(tr("Competition pair"));
    other->clearCaption();
    other->setMark({}, true);
    other->view()->setBusy(false);
    other->view()->setImage({});
    other->view()->setPlaceholder(
        tr("%1 vs %2 (ε=%3)").arg(p.attack, p.defence).arg(static_cast<double>(p.epsilon)));
    m_triptych->curvePlot()->clearResult(tr("No per-step curve for a competition pair"));
    statusBar()->showMessage(tr("Competition: %1 vs %2 on %3 (ε=%4)")
                                 .arg(p.attack, p.defence, p.imageId)
                                 .arg(static_cast<double>(p.epsilon)));
    raise();
    activateWindow();
}

void MainWindow::openEvaluation() {
    openEvaluationWindow();
}

void MainWindow::showAttackUnderDefence(const AttackConfig& attack, const QString& defenceKey) {
    AttackSettings settings = m_attackPanel->settings();
    settings.config = attack;
    settings.config.targeted = false; // the triptych runs both variants
    m_attackPanel->setSettings(settings);
    // The cell's defence becomes an observer, so every image of the triptych
    // shows what the defended (or transfer) model answers. "none" is the
    // attacked model itself, already shown.
    QString error;
    if (defenceKey != QLatin1String("none") && !m_observers->addObserver(defenceKey, &error)) {
        showError(error);
        return;
    }
    statusBar()->showMessage(tr("Score matrix: %1 under defence %2 (observer)")
                                 .arg(QString::fromStdString(attack.describe()), defenceKey));
    raise();
    activateWindow();
    Q_EMIT attackUnderDefenceShown(attack, defenceKey);
}

EvaluationWindow* MainWindow::openEvaluationWindow() {
    // Its own top-level window with its own worker thread and model copy, so
    // long sweeps never block the triptych's compute thread.
    auto* w = new EvaluationWindow(this);
    m_fragility->attach(w);
    connect(w, &EvaluationWindow::attackUnderDefenceRequested, this, &MainWindow::showAttackUnderDefence);
    w->setAttribute(Qt::WA_DeleteOnClose);
    w->setWindowFlag(Qt::Window);
    if (m_session->dataset())
        w->setDatasetPath(m_session->datasetRoot());
    if (!m_engine->modelPath().isEmpty()) {
        w->setModelPath(m_engine->memberPaths().join(QLatin1Char(',')));
        w->setModelWeights(m_engine->modelWeights());
    }
    w->show();
    return w;
}

} // namespace advlab::ui
