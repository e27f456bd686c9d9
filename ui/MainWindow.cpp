// SPDX-License-Identifier: GPL-3.0-or-later
#include "MainWindow.h"

#include "AttackPanel.h"
#include "DatasetBrowser.h"
#include "DatasetModel.h"
#include "ErrorBanner.h"
#include "ExportWriter.h"
#include "ImageConvert.h"
#include "Plural.h"
#include "TriptychView.h"
#include "eval/EvaluationWindow.h"

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
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QSlider>
#include <QStatusBar>
#include <QThread>
#include <QVBoxLayout>
#include <advlab/Errors.h>
#include <advlab/Paths.h>
#include <exception>

namespace advlab::ui {

namespace {

bool looksLikeModel(const QFileInfo& info) {
    static const QStringList suffixes = {QStringLiteral("pt"), QStringLiteral("pth"), QStringLiteral("ts"),
                                         QStringLiteral("torchscript"), QStringLiteral("jit")};
    return info.isFile() && suffixes.contains(info.suffix().toLower());
}

QString stripFigureSuffix(QString base) {
    for (const char* s : {".png", ".pdf", ".PNG", ".PDF"})
        if (base.endsWith(QLatin1String(s)))
            base.chop(4);
    return base;
}

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), m_engine(new ComputeEngine(this)), m_datasetModel(new DatasetModel(this)),
      m_browser(new DatasetBrowser(m_datasetModel)), m_triptych(new TriptychView),
      m_attackPanel(new AttackPanel), m_banner(new ErrorBanner), m_status(new QLabel),
      m_modelStatus(new QLabel), m_progress(new QProgressBar), m_cancel(new QPushButton(tr("Cancel"))) {
    setObjectName(QStringLiteral("mainWindow"));
    setAcceptDrops(true);

    auto* central = new QWidget(this);
    central->setObjectName(QStringLiteral("centralArea"));
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->setSpacing(4);
    layout->addWidget(m_banner);
    layout->addWidget(m_triptych, 1);
    setCentralWidget(central);

    auto* left = new QDockWidget(tr("Images"), this);
    left->setObjectName(QStringLiteral("imagesDock"));
    left->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    left->setWidget(m_browser);
    m_browser->setMinimumWidth(250);
    addDockWidget(Qt::LeftDockWidgetArea, left);

    auto* right = new QDockWidget(tr("Attack settings"), this);
    right->setObjectName(QStringLiteral("settingsDock"));
    right->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    right->setWidget(m_attackPanel);
    m_attackPanel->setMinimumWidth(280);
    addDockWidget(Qt::RightDockWidgetArea, right);

    buildStatusBar();
    buildMenus();

    connect(m_browser, &DatasetBrowser::currentImageChanged, this, &MainWindow::showImage);
    connect(m_datasetModel, &DatasetModel::imageMarkedBad, this, [this](int row, const QString& problem) {
        // Reported once per image; the browser already shows it crossed out.
        m_status->setText(tr("Skipping unusable image: %1").arg(problem));
        if (row == m_currentIndex)
            showError(problem);
    });
    connect(m_attackPanel, &AttackPanel::settingsChanged, this, &MainWindow::requestCurrent);
    connect(m_attackPanel, &AttackPanel::perturbationToggled, m_triptych, &TriptychView::setShowPerturbation);

    connect(m_engine, &ComputeEngine::triptychReady, this, &MainWindow::onTriptychReady);
    connect(m_engine, &ComputeEngine::cleanPredictionReady, this,
            [this](quint64, int imageIndex, const Prediction& clean) {
                if (!m_dataset || imageIndex != m_currentIndex)
                    return;
                const auto& e = m_dataset->entry(static_cast<std::size_t>(imageIndex));
                const int target =
                    m_attackPanel->targetOverride() >= 0 ? m_attackPanel->targetOverride() : e.targetClass;
                m_triptych->setCleanPrediction(clean, e.trueLabel, target);
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
        if (m_result) {
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
        m_status->setText(tr("Exporting: %1 of %2 attack steps").arg(done).arg(total));
    });
    connect(m_engine, &ComputeEngine::modelLoaded, this,
            [this](const QString& path, const QString& device, double seconds) {
                m_modelStatus->setText(tr("Model: %1 on %2").arg(QFileInfo(path).fileName(), device));
                m_modelStatus->setToolTip(path);
                m_status->setText(
                    tr("Loaded %1 in %2 s").arg(QFileInfo(path).fileName()).arg(seconds, 0, 'f', 2));
                m_recentModelList.add(path);
                updateTitle();
                Q_EMIT modelReady(path);
            });
    connect(m_engine, &ComputeEngine::modelFailed, this, [this](const QString& path, const QString& message) {
        m_modelStatus->setText(tr("No model"));
        m_triptych->setBusy(false);
        showError(tr("Could not load the model %1: %2").arg(path, message));
        updateTitle();
    });
    connect(m_engine, &ComputeEngine::batchReady, this, &MainWindow::finishExport);
    connect(m_engine, &ComputeEngine::batchFailed, this, [this](quint64 id, const QString& message) {
        if (!m_pendingExports.remove(id))
            return;
        const QString text = tr("Export failed: %1").arg(message);
        showError(text);
        Q_EMIT exportFailed(text);
    });
    connect(m_engine, &ComputeEngine::batchCancelled, this, [this](quint64 id) {
        if (!m_pendingExports.remove(id))
            return;
        m_status->setText(tr("Export cancelled; nothing was written."));
        Q_EMIT exportFailed(tr("Export cancelled"));
    });

    // Three 299-px panels plus both docks; shrink to fit smaller screens.
    QSize size(1640, 1000);
    if (const QScreen* screen = QGuiApplication::primaryScreen())
        size = size.boundedTo(screen->availableSize() * 0.95);
    resize(size);
    updateTitle();
}

MainWindow::~MainWindow() {
    m_engine->cancelAll();
    for (QThread* t : std::as_const(m_writerThreads))
        t->wait(); // an export in progress completes its files rather than leaving them half-written
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
    connect(m_cancel, &QPushButton::clicked, m_engine, &ComputeEngine::cancelAll);
    statusBar()->addWidget(m_status, 1);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancel);
    statusBar()->addPermanentWidget(m_modelStatus);
    m_modelStatus->setText(tr("Loading model…"));
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->setObjectName(QStringLiteral("menuFile"));
    QAction* openData = file->addAction(tr("Open &dataset…"), this, &MainWindow::chooseDataset);
    openData->setObjectName(QStringLiteral("actionOpenDataset"));
    openData->setShortcut(QKeySequence::Open);
    QAction* openModelAction = file->addAction(tr("Open &model…"), this, &MainWindow::chooseModel);
    openModelAction->setObjectName(QStringLiteral("actionOpenModel"));
    openModelAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_recentDatasets = file->addMenu(tr("Recent datasets"));
    m_recentDatasets->setObjectName(QStringLiteral("menuRecentDatasets"));
    m_recentModels = file->addMenu(tr("Recent models"));
    m_recentModels->setObjectName(QStringLiteral("menuRecentModels"));
    connect(file, &QMenu::aboutToShow, this, &MainWindow::rebuildRecentMenus);
    file->addSeparator();
    QAction* exportTriptych =
        file->addAction(tr("Export &triptych…"), this, &MainWindow::chooseExportTriptych);
    exportTriptych->setObjectName(QStringLiteral("actionExportTriptych"));
    exportTriptych->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    QAction* exportGrid =
        file->addAction(tr("Export &grid of selected images…"), this, &MainWindow::chooseExportGrid);
    exportGrid->setObjectName(QStringLiteral("actionExportGrid"));
    exportGrid->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    QAction* saveAdv =
        file->addAction(tr("&Save adversarial images…"), this, &MainWindow::chooseSaveAdversarial);
    saveAdv->setObjectName(QStringLiteral("actionSaveAdversarial"));
    saveAdv->setShortcut(QKeySequence::Save);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setObjectName(QStringLiteral("actionQuit"));
    quit->setShortcut(QKeySequence::Quit);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    QAction* pert = view->addAction(tr("Show amplified &perturbation"));
    pert->setObjectName(QStringLiteral("actionShowPerturbation"));
    pert->setCheckable(true);
    pert->setShortcut(QKeySequence(Qt::Key_P));
    connect(pert, &QAction::toggled, m_attackPanel, &AttackPanel::setShowPerturbation);
    connect(m_attackPanel, &AttackPanel::perturbationToggled, pert, &QAction::setChecked);
    QAction* grid = view->addAction(tr("Thumbnail &grid"));
    grid->setObjectName(QStringLiteral("actionGridView"));
    grid->setCheckable(true);
    connect(grid, &QAction::toggled, m_browser, &DatasetBrowser::setGridMode);
    view->addSeparator();
    QAction* cancel = view->addAction(tr("&Cancel running attack"), m_engine, &ComputeEngine::cancelAll);
    cancel->setObjectName(QStringLiteral("actionCancel"));
    QAction* recompute = view->addAction(tr("&Recompute"), this, &MainWindow::requestCurrent);
    recompute->setObjectName(QStringLiteral("actionRecompute"));
    recompute->setShortcut(QKeySequence::Refresh);

    QMenu* tools = menuBar()->addMenu(tr("&Tools"));
    tools->setObjectName(QStringLiteral("menuTools"));
    QAction* evaluate = tools->addAction(tr("&Evaluation (ε sweeps, score matrix)…"), this,
                                         &MainWindow::openEvaluation);
    evaluate->setObjectName(QStringLiteral("actionEvaluation"));
    evaluate->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));

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
    if (m_dataset)
        parts << QFileInfo(QString::fromStdString(m_dataset->root())).fileName();
    if (!m_engine->modelPath().isEmpty())
        parts << QFileInfo(m_engine->modelPath()).fileName();
    setWindowTitle(parts.join(QStringLiteral(" — ")));
}

QString MainWindow::modelLabel() const {
    const QString path = m_engine->modelPath();
    return path.isEmpty() ? tr("no model") : QFileInfo(path).fileName();
}

void MainWindow::showError(const QString& message) {
    m_banner->showError(message);
    m_status->setText(message.section(QLatin1Char('\n'), 0, 0));
    Q_EMIT errorShown(message);
}

void MainWindow::openDefaults(const QString& datasetFlag, const QString& modelFlag) {
    const PathResolution model = resolveModel(modelFlag.toStdString());
    if (model.path.empty()) {
        m_modelStatus->setText(tr("No model"));
        showError(tr("No model: %1").arg(QString::fromStdString(model.errorMessage())));
    } else {
        openModel(QString::fromStdString(model.path));
    }
    const PathResolution data = resolveDataset(datasetFlag.toStdString());
    if (data.path.empty())
        showError(tr("No dataset: %1").arg(QString::fromStdString(data.errorMessage())));
    else
        openDataset(QString::fromStdString(data.path));
}

bool MainWindow::openDataset(const QString& dir) {
    std::shared_ptr<const Dataset> dataset;
    try {
        dataset = std::make_shared<const Dataset>(Dataset::open(dir.toStdString()));
    } catch (const std::exception& e) {
        showError(tr("Could not open the dataset %1: %2").arg(dir, QString::fromStdString(e.what())));
        m_recentDatasetList.remove(dir);
        return false;
    }
    m_engine->cancelTriptych();
    m_dataset = dataset;
    m_currentIndex = -1;
    m_result.reset();
    m_currentOriginal = Image8();
    m_banner->dismiss();
    m_datasetModel->setDataset(m_dataset);
    m_attackPanel->setCategories(m_dataset->categories());
    m_triptych->clear(m_dataset->size() ? tr("Select an image") : tr("This dataset has no images"));
    m_recentDatasetList.add(QString::fromStdString(m_dataset->root()));
    updateTitle();
    if (!m_dataset->warnings().empty()) {
        QStringList w;
        for (const auto& s : m_dataset->warnings())
            w << QString::fromStdString(s);
        showError(tr("The dataset opened with warnings:\n%1").arg(w.join('\n')));
    } else {
        m_status->setText(tr("Opened %1 (%2)")
                              .arg(QString::fromStdString(m_dataset->root()),
                                   countOf(m_dataset->size(), "image", "images")));
    }
    Q_EMIT datasetOpened(QString::fromStdString(m_dataset->root()));
    for (int i = 0; i < static_cast<int>(m_dataset->size()); ++i) {
        if (!m_datasetModel->isBad(i)) {
            selectImage(i);
            break;
        }
    }
    return true;
}

void MainWindow::openModel(const QString& path) {
    m_modelStatus->setText(tr("Loading %1…").arg(QFileInfo(path).fileName()));
    m_engine->loadModel(QFileInfo(path).absoluteFilePath());
    updateTitle();
    // Queued behind the load on the compute thread, so it runs on the new model.
    requestCurrent();
}

void MainWindow::selectImage(int datasetIndex) {
    m_browser->setCurrentImage(datasetIndex); // shows it through currentImageChanged
    if (m_currentIndex != datasetIndex)
        showImage(datasetIndex); // filtered out of the list, so the browser could not
}

void MainWindow::showImage(int datasetIndex) {
    if (!m_dataset || datasetIndex < 0 || datasetIndex >= static_cast<int>(m_dataset->size()))
        return;
    if (datasetIndex == m_currentIndex && !m_currentOriginal.isNull())
        return;
    m_engine->cancelTriptych();
    m_currentIndex = datasetIndex;
    m_result.reset();
    m_currentOriginal = Image8();
    const auto& entry = m_dataset->entry(static_cast<std::size_t>(datasetIndex));
    const QString id = QString::fromStdString(entry.imageId);
    if (m_datasetModel->isBad(datasetIndex)) {
        m_triptych->clear(tr("This image cannot be used:\n%1").arg(m_datasetModel->problem(datasetIndex)));
        showError(m_datasetModel->problem(datasetIndex));
        return;
    }
    try {
        m_currentOriginal = m_dataset->loadImage(static_cast<std::size_t>(datasetIndex));
    } catch (const std::exception& e) {
        const QString problem = QString::fromStdString(e.what());
        m_datasetModel->markBad(datasetIndex, problem);
        m_triptych->clear(tr("This image cannot be used:\n%1").arg(problem));
        showError(problem);
        return;
    }
    m_attackPanel->setDatasetTarget(entry.targetClass);
    m_triptych->showOriginal(toQImage(m_currentOriginal), id, entry.trueLabel,
                             m_attackPanel->targetOverride() >= 0 ? m_attackPanel->targetOverride()
                                                                  : entry.targetClass,
                             m_dataset->categories());
    requestCurrent();
}

bool MainWindow::buildRequest(int datasetIndex, TriptychRequest* r, QString* error) {
    const auto& entry = m_dataset->entry(static_cast<std::size_t>(datasetIndex));
    r->datasetRoot = QString::fromStdString(m_dataset->root());
    r->imageIndex = datasetIndex;
    r->imageId = QString::fromStdString(entry.imageId);
    r->trueLabel = entry.trueLabel;
    r->targetClass =
        m_attackPanel->targetOverride() >= 0 ? m_attackPanel->targetOverride() : entry.targetClass;
    r->config = m_attackPanel->config();
    if (datasetIndex == m_currentIndex && !m_currentOriginal.isNull()) {
        r->original = m_currentOriginal;
        return true;
    }
    if (m_datasetModel->isBad(datasetIndex)) {
        *error = m_datasetModel->problem(datasetIndex);
        return false;
    }
    try {
        r->original = m_dataset->loadImage(static_cast<std::size_t>(datasetIndex));
    } catch (const std::exception& e) {
        *error = QString::fromStdString(e.what());
        m_datasetModel->markBad(datasetIndex, *error);
        return false;
    }
    return true;
}

void MainWindow::requestCurrent() {
    if (!m_dataset || m_currentIndex < 0 || m_currentOriginal.isNull())
        return;
    if (m_engine->modelPath().isEmpty() || m_engine->hasModelError()) {
        // Already reported once; say it quietly rather than on every slider move.
        m_status->setText(tr("No model is loaded: open one with File ▸ Open model…"));
        return;
    }
    TriptychRequest request;
    QString error;
    if (!buildRequest(m_currentIndex, &request, &error))
        return;
    m_requestClock.start();
    m_triptych->setBusy(true, tr("Computing…"));
    m_status->setText(tr("Computing %1…").arg(QString::fromStdString(request.config.describe())));
    m_engine->requestTriptych(request); // a cached answer arrives before this returns
}

void MainWindow::onTriptychReady(const TriptychResultPtr& result) {
    if (!m_dataset || result->imageIndex != m_currentIndex ||
        result->datasetRoot != QString::fromStdString(m_dataset->root()))
        return;
    m_result = result;
    m_triptych->setResult(result, m_dataset->categories());
    m_lastLatencyMs =
        m_requestClock.isValid() ? static_cast<double>(m_requestClock.nsecsElapsed()) / 1e6 : 0.0;
    const QString what = QString::fromStdString(result->config.describe());
    m_status->setText(result->fromCache
                          ? tr("%1 · from cache").arg(what)
                          : tr("%1 · updated in %2 ms").arg(what).arg(m_lastLatencyMs, 0, 'f', 0));
    Q_EMIT triptychUpdated(result);
}

void MainWindow::onBusyChanged(bool busy) {
    m_progress->setVisible(busy);
    m_cancel->setVisible(busy);
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

bool MainWindow::confirmOverwrite(const QStringList& existing, Overwrite policy) {
    if (existing.isEmpty() || policy == Overwrite::Always)
        return true;
    if (policy == Overwrite::Never) {
        const QString text =
            tr("Not overwriting existing files: %1").arg(existing.join(QStringLiteral(", ")));
        showError(text);
        Q_EMIT exportFailed(text);
        return false;
    }
    const QStringList shown = existing.mid(0, 8);
    const auto answer =
        QMessageBox::question(this, tr("Overwrite files?"),
                              tr("%1 already exist:\n%2%3\n\nOverwrite?")
                                  .arg(countOf(existing.size(), "file", "files"), shown.join('\n'),
                                       existing.size() > shown.size() ? QStringLiteral("\n…") : QString()),
                              QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    if (answer != QMessageBox::Yes) {
        Q_EMIT exportFailed(tr("Export cancelled: files exist"));
        return false;
    }
    return true;
}

void MainWindow::startBatch(const QList<int>& indices, PendingExport pending, const QString& what) {
    if (!m_dataset || indices.isEmpty()) {
        const QString text = tr("Nothing to export: select one or more images first.");
        showError(text);
        Q_EMIT exportFailed(text);
        return;
    }
    if (m_engine->modelPath().isEmpty()) {
        const QString text = tr("Nothing to export: no model is loaded.");
        showError(text);
        Q_EMIT exportFailed(text);
        return;
    }
    std::vector<TriptychRequest> requests;
    QStringList skipped;
    for (int index : indices) {
        TriptychRequest r;
        QString error;
        if (buildRequest(index, &r, &error))
            requests.push_back(std::move(r));
        else
            skipped << error;
    }
    if (!skipped.isEmpty())
        showError(tr("Skipped %1:\n%2")
                      .arg(countOf(skipped.size(), "unusable image", "unusable images"), skipped.join('\n')));
    if (requests.empty()) {
        Q_EMIT exportFailed(tr("No usable images to export"));
        return;
    }
    const quint64 id = m_engine->requestBatch(requests);
    m_pendingExports.insert(id, std::move(pending));
    m_status->setText(tr("%1: attacking %2…")
                          .arg(what, countOf(static_cast<qsizetype>(requests.size()), "image", "images")));
}

void MainWindow::exportFigure(const QList<int>& indices, const QString& basePath, Overwrite policy) {
    const QString base = stripFigureSuffix(basePath);
    PendingExport pending;
    pending.kind = PendingExport::Figure;
    pending.files = {base + QStringLiteral(".png"), base + QStringLiteral(".pdf")};
    pending.perturbation = m_attackPanel->showPerturbation();
    QStringList existing;
    for (const QString& f : pending.files)
        if (QFileInfo::exists(f))
            existing << f;
    if (!confirmOverwrite(existing, policy))
        return;
    startBatch(indices, pending, tr("Exporting figure"));
}

void MainWindow::saveAdversarialImages(const QList<int>& indices, const QString& dir, Overwrite policy) {
    if (!m_dataset)
        return startBatch({}, {}, QString());
    PendingExport pending;
    pending.kind = PendingExport::Images;
    pending.dir = dir;
    const QDir root(dir);
    QStringList existing;
    for (int i : indices) {
        const QString id = QString::fromStdString(m_dataset->entry(static_cast<std::size_t>(i)).imageId);
        for (const char* sub : {"non_targeted", "targeted"}) {
            const QString f = root.filePath(QStringLiteral("%1/%2.png").arg(QLatin1String(sub), id));
            if (QFileInfo::exists(f))
                existing << f;
        }
    }
    const QString manifest = root.filePath(QStringLiteral("attack.csv"));
    if (QFileInfo::exists(manifest))
        existing << manifest;
    if (!confirmOverwrite(existing, policy))
        return;
    startBatch(indices, pending, tr("Saving adversarial images"));
}

void MainWindow::finishExport(quint64 id, const TriptychResultList& results) {
    auto it = m_pendingExports.find(id);
    if (it == m_pendingExports.end())
        return;
    const PendingExport pending = *it;
    m_pendingExports.erase(it);

    auto writer = std::make_shared<ExportWriter>();
    writer->kind =
        pending.kind == PendingExport::Figure ? ExportWriter::Kind::Figure : ExportWriter::Kind::Images;
    writer->figureFiles = pending.files;
    writer->directory = pending.dir;
    writer->perturbation = pending.perturbation;
    writer->modelName = modelLabel();
    writer->categories = m_dataset ? m_dataset->categories() : Categories();
    writer->results = results;
    m_status->setText(tr("Writing files…"));

    // Encoding a multi-megapixel PNG and a PDF takes a moment: do it off the
    // GUI thread. The destructor waits for these threads, so `this` outlives them.
    QThread* thread = QThread::create([this, writer] {
        QStringList written;
        const QString error = writer->write(&written);
        QMetaObject::invokeMethod(
            this, [this, written, error] { onExportWritten(written, error); }, Qt::QueuedConnection);
    });
    m_writerThreads.push_back(thread);
    connect(thread, &QThread::finished, this, [this, thread] {
        m_writerThreads.removeAll(thread);
        thread->deleteLater();
    });
    thread->start();
}

void MainWindow::onExportWritten(const QStringList& written, const QString& error) {
    if (!error.isEmpty()) {
        const QString text = tr("Export failed: %1").arg(error);
        showError(text);
        Q_EMIT exportFailed(text);
        return;
    }
    m_status->setText(
        tr("Wrote %1 to %2")
            .arg(countOf(written.size(), "file", "files"), QFileInfo(written.value(0)).absolutePath()));
    Q_EMIT exportFinished(written);
}

QList<int> MainWindow::exportSelection() const {
    QList<int> selection = m_browser->selectedImages();
    if (selection.isEmpty() && m_currentIndex >= 0)
        selection << m_currentIndex;
    return selection;
}

void MainWindow::chooseDataset() {
    const QString dir = QFileDialog::getExistingDirectory(
        this, tr("Open dataset folder"),
        m_dataset ? QString::fromStdString(m_dataset->root()) : QDir::homePath());
    if (!dir.isEmpty())
        openDataset(dir);
}

void MainWindow::chooseModel() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open TorchScript classifier"), QFileInfo(m_engine->modelPath()).absolutePath(),
        tr("TorchScript models (*.pt *.pth *.ts);;All files (*)"));
    if (!path.isEmpty())
        openModel(path);
}

void MainWindow::chooseExportTriptych() {
    if (m_currentIndex < 0)
        return showError(tr("Nothing to export: select an image first."));
    const QString id =
        QString::fromStdString(m_dataset->entry(static_cast<std::size_t>(m_currentIndex)).imageId);
    const QString suggested =
        QDir::home().filePath(QStringLiteral("triptych_%1_%2_eps%3.png")
                                  .arg(id, QString::fromStdString(methodKey(m_attackPanel->config().method)))
                                  .arg(m_attackPanel->config().epsilon));
    // Our own overwrite question covers both the PNG and the PDF.
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export triptych (PNG and PDF)"), suggested,
                                     tr("PNG and PDF (*.png)"), nullptr, QFileDialog::DontConfirmOverwrite);
    if (!path.isEmpty())
        exportFigure({m_currentIndex}, path);
}

void MainWindow::chooseExportGrid() {
    const QList<int> selection = exportSelection();
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export grid of %1 (PNG and PDF)").arg(countOf(selection.size(), "image", "images")),
        QDir::home().filePath(QStringLiteral("adversarial_grid.png")), tr("PNG and PDF (*.png)"), nullptr,
        QFileDialog::DontConfirmOverwrite);
    if (!path.isEmpty())
        exportFigure(selection, path);
}

void MainWindow::chooseSaveAdversarial() {
    const QList<int> selection = exportSelection();
    const QString dir = QFileDialog::getExistingDirectory(
        this, tr("Save adversarial images of %1 to").arg(countOf(selection.size(), "image", "images")),
        QDir::homePath());
    if (!dir.isEmpty())
        saveAdversarialImages(selection, dir);
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
    m_engine->cancelAll();
    QMainWindow::closeEvent(event);
}

void MainWindow::openEvaluation() {
    // Its own top-level window with its own worker thread and model copy, so
    // long sweeps never block the triptych's compute thread.
    auto* w = new EvaluationWindow(this);
    w->setAttribute(Qt::WA_DeleteOnClose);
    w->setWindowFlag(Qt::Window);
    if (m_dataset)
        w->setDatasetPath(QString::fromStdString(m_dataset->root()));
    if (!m_engine->modelPath().isEmpty())
        w->setModelPath(m_engine->modelPath());
    w->show();
}

} // namespace advlab::ui
