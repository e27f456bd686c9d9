// SPDX-License-Identifier: GPL-3.0-or-later
#include "EvaluationWindow.h"

#include "FragilityHistogram.h"
#include "RobustCurvePlot.h"
#include "ScoreTable.h"
#include "SweepPlot.h"
#include "WindowSettings.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QStyle>
#include <QTabWidget>
#include <QVBoxLayout>
#include <advlab/Errors.h>
#include <advlab/ImageIo.h>
#include <advlab/Paths.h>

namespace advlab::ui {

namespace {

std::vector<float> parseEpsilons(const QString& text, QString* error) {
    std::vector<float> out;
    for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        const float v = part.trimmed().toFloat(&ok);
        if (!ok || !(v >= 0.0f && v <= 255.0f)) {
            *error = QObject::tr("ε list: '%1' is not a number in 0..255").arg(part.trimmed());
            return {};
        }
        out.push_back(v);
    }
    if (out.empty())
        *error = QObject::tr("ε list is empty; enter pixel budgets such as 1,2,4,8,16");
    return out;
}

} // namespace

EvaluationWindow::EvaluationWindow(QWidget* parent)
    : QWidget(parent, Qt::Window), m_engine(new EvaluationEngine(this)) {
    setObjectName(QStringLiteral("evaluationWindow"));
    qRegisterMetaType<AttackConfig>();
    setWindowTitle(tr("Evaluation — sweeps and score matrix"));
    m_datasetPath = QString::fromStdString(resolveDataset().path);
    m_modelPath = QString::fromStdString(resolveModel().path);
    m_transferPath = QString::fromStdString(resolveTransferModel().path);
    buildUi();
    fillDefenceChoices();
    setDatasetPath(m_datasetPath);
    setRunning(false);
    m_progress->setRange(0, 1);
    m_progress->reset(); // nothing has run: no "100%"
    placeOnScreen(this, QSize(1150, 720));
}

EvaluationWindow::~EvaluationWindow() {
    // Cancel and join the engine's thread before any widget goes away; its
    // queued results are discarded with it.
    delete m_engine;
}

void EvaluationWindow::buildUi() {
    auto* setup = new QWidget;
    auto* setupLayout = new QVBoxLayout(setup);
    setupLayout->setContentsMargins(0, 0, 0, 0);

    m_paths = new QLabel;
    m_paths->setObjectName(QStringLiteral("pathsLabel"));
    m_paths->setWordWrap(true);
    m_paths->setTextInteractionFlags(Qt::TextSelectableByMouse);
    setupLayout->addWidget(m_paths);

    auto* attacks = new QGroupBox(tr("Attacks"));
    auto* attackLayout = new QVBoxLayout(attacks);
    // The base methods and the transfer presets (DI, TI, NI, SI-NI, VMI, ...):
    // white-box they all saturate, scored on the transfer model they differ.
    auto* methodGrid = new QGridLayout;
    const auto& methods = allMethods();
    for (std::size_t i = 0; i < methods.size(); ++i) {
        auto* box = new QCheckBox(QString::fromStdString(methodName(methods[i])));
        box->setObjectName(QStringLiteral("attack_") + QString::fromStdString(methodKey(methods[i])));
        box->setToolTip(QString::fromStdString(methodPaper(methods[i])));
        box->setChecked(i < 3);
        methodGrid->addWidget(box, static_cast<int>(i / 2), static_cast<int>(i % 2));
        m_attackBoxes.push_back(box);
    }
    attackLayout->addLayout(methodGrid);
    auto* attackForm = new QFormLayout;
    m_iterations = new QSpinBox;
    m_iterations->setObjectName(QStringLiteral("iterations"));
    m_iterations->setRange(1, 1000);
    m_iterations->setValue(10);
    m_iterations->setToolTip(tr("Steps of I-FGSM, MI-FGSM and PGD (FGSM always takes one)"));
    attackForm->addRow(tr("Iterations"), m_iterations);
    m_imageLimit = new QSpinBox;
    m_imageLimit->setObjectName(QStringLiteral("imageLimit"));
    m_imageLimit->setRange(1, 100000);
    m_imageLimit->setValue(20);
    m_imageLimit->setToolTip(tr("The first N images of the dataset. Each ε of each attack attacks them all, "
                                "so this sets the run time."));
    attackForm->addRow(tr("Images"), m_imageLimit);
    attackLayout->addLayout(attackForm);
    setupLayout->addWidget(attacks);

    auto* sweepBox = new QGroupBox(tr("Epsilon sweep"));
    auto* sweepForm = new QFormLayout(sweepBox);
    m_epsList = new QLineEdit(QStringLiteral("1, 2, 4, 8, 12, 16, 24, 32"));
    m_epsList->setObjectName(QStringLiteral("epsilonList"));
    m_epsList->setToolTip(tr("L∞ budgets in pixels (0..255), comma-separated"));
    sweepForm->addRow(tr("ε list"), m_epsList);
    m_targetedSweep = new QCheckBox(tr("Targeted (towards each image's TargetClass)"));
    m_targetedSweep->setObjectName(QStringLiteral("targetedSweep"));
    sweepForm->addRow(m_targetedSweep);
    m_sweepDefence = new QComboBox;
    m_sweepDefence->setObjectName(QStringLiteral("sweepDefence"));
    m_sweepDefence->setToolTip(
        tr("Score the adversarial images through this defence (transfer: another model)"));
    sweepForm->addRow(tr("Scored by"), m_sweepDefence);
    m_runSweep = new QPushButton(tr("Run sweep"));
    m_runSweep->setObjectName(QStringLiteral("runSweepButton"));
    sweepForm->addRow(m_runSweep);
    setupLayout->addWidget(sweepBox);

    auto* matrixBox = new QGroupBox(tr("Score matrix"));
    auto* matrixLayout = new QFormLayout(matrixBox);
    m_matrixEps = new QDoubleSpinBox;
    m_matrixEps->setObjectName(QStringLiteral("matrixEpsilon"));
    m_matrixEps->setRange(0, 255);
    m_matrixEps->setDecimals(1);
    m_matrixEps->setValue(16);
    matrixLayout->addRow(tr("ε"), m_matrixEps);
    m_targetedMatrix = new QCheckBox(tr("Add targeted attacks"));
    m_targetedMatrix->setObjectName(QStringLiteral("targetedMatrix"));
    m_targetedMatrix->setChecked(true);
    matrixLayout->addRow(m_targetedMatrix);
    m_defenceList = new QListWidget;
    m_defenceList->setObjectName(QStringLiteral("defenceList"));
    m_defenceList->setMaximumHeight(150);
    matrixLayout->addRow(tr("Defences"), m_defenceList);
    m_extraDefences = new QLineEdit;
    m_extraDefences->setObjectName(QStringLiteral("extraDefences"));
    m_extraDefences->setPlaceholderText(tr("more, e.g. jpeg50, bits2, median5, blur2, model:/path/other.pt"));
    matrixLayout->addRow(tr("More"), m_extraDefences);
    m_runMatrix = new QPushButton(tr("Run score matrix"));
    m_runMatrix->setObjectName(QStringLiteral("runMatrixButton"));
    matrixLayout->addRow(m_runMatrix);
    setupLayout->addWidget(matrixBox);

    auto* minEpsBox = new QGroupBox(tr("Minimal ε per image"));
    auto* minEpsForm = new QFormLayout(minEpsBox);
    m_maxEpsilon = new QSpinBox;
    m_maxEpsilon->setObjectName(QStringLiteral("maxEpsilon"));
    m_maxEpsilon->setRange(1, 255);
    m_maxEpsilon->setValue(64);
    m_maxEpsilon->setToolTip(
        tr("Search every image's smallest integer ε in 1..this (galloping, then bisection)"));
    minEpsForm->addRow(tr("Up to ε"), m_maxEpsilon);
    m_targetedMinEpsilon = new QCheckBox(tr("Add targeted attacks"));
    m_targetedMinEpsilon->setObjectName(QStringLiteral("targetedMinEpsilon"));
    minEpsForm->addRow(m_targetedMinEpsilon);
    m_minEpsilonDefence = new QComboBox;
    m_minEpsilonDefence->setObjectName(QStringLiteral("minEpsilonDefence"));
    m_minEpsilonDefence->setToolTip(
        tr("Whose decision counts: the attacked model, or the attack's images scored "
           "through this defence (transfer: another model; as advlab eval "
           "--min-eps --defence)"));
    minEpsForm->addRow(tr("Judged by"), m_minEpsilonDefence);
    m_runMinEpsilon = new QPushButton(tr("Find minimal ε"));
    m_runMinEpsilon->setObjectName(QStringLiteral("runMinEpsilonButton"));
    minEpsForm->addRow(m_runMinEpsilon);
    setupLayout->addWidget(minEpsBox);

    m_progress = new QProgressBar;
    m_progress->setObjectName(QStringLiteral("progressBar"));
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    auto* progressRow = new QHBoxLayout;
    progressRow->addWidget(m_progress, 1);
    progressRow->addWidget(m_cancel);
    setupLayout->addLayout(progressRow);
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    setupLayout->addWidget(m_status);
    setupLayout->addStretch(1);

    // Results: the plot and the table, each with its exports.
    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("resultTabs"));
    auto* plotPage = new QWidget;
    auto* plotLayout = new QVBoxLayout(plotPage);
    m_plot = new SweepPlot;
    plotLayout->addWidget(m_plot, 1);
    auto* plotButtons = new QHBoxLayout;
    m_exportPng = new QPushButton(tr("Export PNG…"));
    m_exportPng->setObjectName(QStringLiteral("exportPngButton"));
    m_exportPdf = new QPushButton(tr("Export PDF…"));
    m_exportPdf->setObjectName(QStringLiteral("exportPdfButton"));
    m_exportSweepCsv = new QPushButton(tr("Export CSV…"));
    m_exportSweepCsv->setObjectName(QStringLiteral("exportSweepCsvButton"));
    plotButtons->addStretch(1);
    plotButtons->addWidget(m_exportPng);
    plotButtons->addWidget(m_exportPdf);
    plotButtons->addWidget(m_exportSweepCsv);
    plotLayout->addLayout(plotButtons);
    m_tabs->addTab(plotPage, tr("Success rate vs ε"));

    auto* tablePage = new QWidget;
    auto* tableLayout = new QVBoxLayout(tablePage);
    m_table = new ScoreTable;
    tableLayout->addWidget(m_table, 1);
    auto* legend =
        new QLabel(tr("Attack rows: fraction misclassified (targeted: classified as the target); red "
                      "favours the attack. Bottom rows: accuracy; green favours the defence. "
                      "See docs/SCORING.md."));
    legend->setWordWrap(true);
    tableLayout->addWidget(legend);
    auto* tableButtons = new QHBoxLayout;
    m_exportMatrixCsv = new QPushButton(tr("Export CSV…"));
    m_exportMatrixCsv->setObjectName(QStringLiteral("exportMatrixCsvButton"));
    tableButtons->addStretch(1);
    tableButtons->addWidget(m_exportMatrixCsv);
    tableLayout->addLayout(tableButtons);
    m_tabs->addTab(tablePage, tr("Score matrix"));

    // The settings column scrolls: at 1366x768, or 200 % scaling, it is
    // taller than the window and every control must still be reachable.
    auto* setupScroll = new QScrollArea;
    setupScroll->setObjectName(QStringLiteral("setupScroll"));
    setupScroll->setWidgetResizable(true);
    setupScroll->setFrameShape(QFrame::NoFrame);
    setupScroll->setWidget(setup);
    setup->setObjectName(QStringLiteral("evaluationSetup"));

    auto* robustPage = new QWidget;
    auto* robustLayout = new QVBoxLayout(robustPage);
    m_robustPlot = new RobustCurvePlot;
    robustLayout->addWidget(m_robustPlot, 1);
    auto* robustButtons = new QHBoxLayout;
    m_exportRobustCsv = new QPushButton(tr("Export CSV…"));
    m_exportRobustCsv->setObjectName(QStringLiteral("exportRobustCsvButton"));
    m_exportRobustCsv->setToolTip(
        tr("Success rate and robust accuracy at every ε, one column pair per attack"));
    robustButtons->addStretch(1);
    robustButtons->addWidget(m_exportRobustCsv);
    robustLayout->addLayout(robustButtons);
    m_tabs->addTab(robustPage, tr("Robust accuracy vs ε"));

    auto* fragilityPage = new QWidget;
    auto* fragilityLayout = new QVBoxLayout(fragilityPage);
    m_fragility = new FragilityHistogram;
    fragilityLayout->addWidget(m_fragility, 1);
    auto* fragilityNote =
        new QLabel(tr("From Tools → Scan dataset in the main window. Click a bar to show only "
                      "those images in the main window's browser."));
    fragilityNote->setWordWrap(true);
    fragilityLayout->addWidget(fragilityNote);
    m_tabs->addTab(fragilityPage, tr("Fragility map"));
    connect(m_fragility, &FragilityHistogram::binClicked, this, &EvaluationWindow::fragilityBinClicked);

    auto* splitter = new QSplitter;
    splitter->setObjectName(QStringLiteral("evaluationSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(setupScroll);
    splitter->addWidget(m_tabs);
    splitter->setStretchFactor(1, 1);
    auto* root = new QVBoxLayout(this);
    root->addWidget(splitter);

    connect(m_engine, &EvaluationEngine::progress, this, &EvaluationWindow::onProgress);
    connect(m_engine, &EvaluationEngine::sweepFinished, this, &EvaluationWindow::onSweepDone);
    connect(m_engine, &EvaluationEngine::matrixFinished, this, &EvaluationWindow::onMatrixDone);
    connect(m_engine, &EvaluationEngine::minEpsilonFinished, this, &EvaluationWindow::onMinEpsilonDone);
    connect(m_engine, &EvaluationEngine::sweepPointFinished, this, &EvaluationWindow::onSweepPoint);
    connect(m_engine, &EvaluationEngine::matrixCellFinished, this, &EvaluationWindow::onMatrixCell);
    connect(m_table, &QTableWidget::cellClicked, this, &EvaluationWindow::onMatrixCellClicked);
    connect(m_runMinEpsilon, &QPushButton::clicked, this, &EvaluationWindow::startMinEpsilon);
    connect(m_exportRobustCsv, &QPushButton::clicked, this, [this] {
        chooseAndExport(tr("CSV file (*.csv)"), QStringLiteral("csv"),
                        [this](const QString& p, QString* e) { return exportRobustCurveCsv(p, e); });
    });
    connect(m_engine, &EvaluationEngine::failed, this, &EvaluationWindow::onFailed);
    connect(m_engine, &EvaluationEngine::cancelled, this, &EvaluationWindow::onCancelled);
    connect(m_runSweep, &QPushButton::clicked, this, &EvaluationWindow::startSweep);
    connect(m_runMatrix, &QPushButton::clicked, this, &EvaluationWindow::startMatrix);
    connect(m_cancel, &QPushButton::clicked, this, &EvaluationWindow::cancel);
    connect(m_exportPng, &QPushButton::clicked, this, [this] {
        chooseAndExport(tr("PNG image (*.png)"), QStringLiteral("png"),
                        [this](const QString& p, QString* e) { return exportPlot(p, e); });
    });
    connect(m_exportPdf, &QPushButton::clicked, this, [this] {
        chooseAndExport(tr("PDF document (*.pdf)"), QStringLiteral("pdf"),
                        [this](const QString& p, QString* e) { return exportPlot(p, e); });
    });
    connect(m_exportSweepCsv, &QPushButton::clicked, this, [this] {
        chooseAndExport(tr("CSV file (*.csv)"), QStringLiteral("csv"),
                        [this](const QString& p, QString* e) { return exportSweepCsv(p, e); });
    });
    connect(m_exportMatrixCsv, &QPushButton::clicked, this, [this] {
        chooseAndExport(tr("CSV file (*.csv)"), QStringLiteral("csv"),
                        [this](const QString& p, QString* e) { return exportMatrixCsv(p, e); });
    });
}

void EvaluationWindow::fillDefenceChoices() {
    std::vector<DefenceConfig> choices = standardDefences();
    // Transfer is where the attacks differ (white-box, ε = 1 fools almost
    // every image), so the transfer model comes right after "no defence".
    if (!m_transferPath.isEmpty())
        choices.insert(choices.begin() + 1, parseDefence("model:" + m_transferPath.toStdString()));
    m_defenceList->clear();
    m_sweepDefence->clear();
    m_minEpsilonDefence->clear();
    for (const auto& d : choices) {
        const QString key = QString::fromStdString(d.key());
        auto* item = new QListWidgetItem(QString::fromStdString(d.describe()), m_defenceList);
        item->setData(Qt::UserRole, key);
        item->setToolTip(key);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Checked);
        const bool transfer = d.kind == DefenceKind::Model;
        m_sweepDefence->addItem(transfer ? tr("score on the transfer model (%1)")
                                               .arg(QFileInfo(QString::fromStdString(d.modelPath)).fileName())
                                         : QString::fromStdString(d.describe()),
                                key);
        m_minEpsilonDefence->addItem(
            d.isAttackedModelAlone() ? tr("the attacked model (white-box)")
            : transfer
                ? tr("the transfer model (%1)").arg(QFileInfo(QString::fromStdString(d.modelPath)).fileName())
                : QString::fromStdString(d.describe()),
            key);
    }
}

void EvaluationWindow::setDatasetPath(const QString& dir) {
    m_datasetPath = dir;
    m_paths->setText(tr("<b>Dataset</b> %1<br><b>Model</b> %2")
                         .arg(dir.isEmpty() ? tr("(none found)") : dir.toHtmlEscaped(),
                              m_modelPath.isEmpty() ? tr("(none found)") : m_modelPath.toHtmlEscaped()));
}

void EvaluationWindow::setModelPath(const QString& path) {
    m_modelPath = path;
    setDatasetPath(m_datasetPath); // refreshes the label
}

void EvaluationWindow::setModelWeights(const QList<float>& weights) {
    m_modelWeights = weights;
}

void EvaluationWindow::setTransferModelPath(const QString& path) {
    m_transferPath = path;
    fillDefenceChoices();
}

void EvaluationWindow::setRunning(bool running) {
    m_runSweep->setEnabled(!running);
    m_runMatrix->setEnabled(!running);
    m_runMinEpsilon->setEnabled(!running);
    m_cancel->setEnabled(running);
    const bool idle = !running;
    m_exportPng->setEnabled(idle && m_plot->hasCurves());
    m_exportPdf->setEnabled(idle && m_plot->hasCurves());
    m_exportSweepCsv->setEnabled(idle && m_sweep.has_value());
    m_exportMatrixCsv->setEnabled(idle && m_matrix.has_value());
    m_exportRobustCsv->setEnabled(idle && m_minEpsilon.has_value());
    if (!running)
        m_progress->setValue(m_progress->maximum());
}

void EvaluationWindow::setStatus(const QString& text, bool error) {
    m_status->setText(text);
    // Coloured by the style sheet's QLabel[problem="true"] rule.
    m_status->setProperty("problem", error);
    m_status->style()->unpolish(m_status);
    m_status->style()->polish(m_status);
}

std::vector<AttackMethod> EvaluationWindow::checkedMethods() const {
    std::vector<AttackMethod> out;
    const auto& methods = allMethods();
    for (std::size_t i = 0; i < methods.size(); ++i)
        if (m_attackBoxes[i]->isChecked())
            out.push_back(methods[i]);
    return out;
}

std::vector<DefenceConfig> EvaluationWindow::checkedDefences(QString* error) const {
    std::vector<DefenceConfig> out;
    for (int i = 0; i < m_defenceList->count(); ++i) {
        const auto* item = m_defenceList->item(i);
        if (item->checkState() == Qt::Checked)
            out.push_back(parseDefence(item->data(Qt::UserRole).toString().toStdString()));
    }
    const QString extra = m_extraDefences->text().trimmed();
    if (!extra.isEmpty()) {
        try {
            for (auto& d : parseDefenceList(extra.toStdString()))
                out.push_back(d);
        } catch (const std::invalid_argument& e) {
            *error = QString::fromStdString(e.what());
            return {};
        }
    }
    if (out.empty())
        *error = tr("choose at least one defence");
    return out;
}

void EvaluationWindow::startSweep() {
    if (isRunning())
        return;
    QString error;
    SweepRequest req;
    req.methods = checkedMethods();
    req.epsilons = parseEpsilons(m_epsList->text(), &error);
    if (req.methods.empty() && error.isEmpty())
        error = tr("choose at least one attack");
    if (!error.isEmpty()) {
        setStatus(error, true);
        return;
    }
    req.targeted = m_targetedSweep->isChecked();
    req.iterations = m_iterations->value();
    req.defence = parseDefence(m_sweepDefence->currentData().toString().toStdString());
    m_liveSweep = SweepResult();
    m_liveSweep.defence = req.defence;
    EvaluationJob job;
    job.kind = EvaluationJob::Kind::Sweep;
    job.sweep = std::move(req);
    m_runningWhat = tr("Sweep");
    submit(std::move(job));
}

void EvaluationWindow::startMatrix() {
    if (isRunning())
        return;
    QString error;
    ScoreMatrixRequest req;
    req.defences = checkedDefences(&error);
    const auto methods = checkedMethods();
    if (methods.empty() && error.isEmpty())
        error = tr("choose at least one attack");
    if (!error.isEmpty()) {
        setStatus(error, true);
        return;
    }
    for (bool targeted : {false, true}) {
        if (targeted && !m_targetedMatrix->isChecked())
            continue;
        for (AttackMethod m : methods) {
            AttackConfig c;
            c.method = m;
            c.targeted = targeted;
            c.epsilon = static_cast<float>(m_matrixEps->value());
            c.iterations = m_iterations->value();
            req.attacks.push_back(c);
        }
    }
    m_liveMatrix = req;
    EvaluationJob job;
    job.kind = EvaluationJob::Kind::Matrix;
    job.matrix = std::move(req);
    m_runningWhat = tr("Score matrix");
    submit(std::move(job));
}

void EvaluationWindow::startMinEpsilon() {
    if (isRunning())
        return;
    const auto methods = checkedMethods();
    if (methods.empty()) {
        setStatus(tr("choose at least one attack"), true);
        return;
    }
    MinEpsilonRequest req;
    req.maxEpsilon = m_maxEpsilon->value();
    req.defence = m_minEpsilonDefence->currentData().toString().toStdString();
    for (bool targeted : {false, true}) {
        if (targeted && !m_targetedMinEpsilon->isChecked())
            continue;
        for (AttackMethod m : methods) {
            AttackConfig c;
            c.method = m;
            c.targeted = targeted;
            c.iterations = m_iterations->value();
            req.attacks.push_back(c);
        }
    }
    EvaluationJob job;
    job.kind = EvaluationJob::Kind::MinEpsilon;
    job.minEpsilon = std::move(req);
    m_runningWhat = tr("Minimal ε search");
    submit(std::move(job));
}

void EvaluationWindow::cancel() {
    if (!isRunning())
        return;
    m_engine->cancel();
    setStatus(tr("Cancelling… (waiting for the model to finish its current step)"));
}

void EvaluationWindow::submit(EvaluationJob job) {
    if (m_datasetPath.isEmpty() || m_modelPath.isEmpty()) {
        setStatus(
            tr("No dataset or model: open them in the main window, or set ADVLAB_DATASET and ADVLAB_MODEL."),
            true);
        return;
    }
    job.datasetPath = m_datasetPath;
    job.modelPath = m_modelPath;
    job.modelWeights.assign(m_modelWeights.begin(), m_modelWeights.end());
    job.imageLimit = m_imageLimit->value();
    m_engine->start(job);
    setRunning(true);
    m_progress->setRange(0, 0); // busy until the first progress report
    setStatus(tr("Loading images and model…"));
}

void EvaluationWindow::onProgress(int done, int total, const QString& stage) {
    m_progress->setRange(0, std::max(1, total));
    m_progress->setValue(std::min(done, total));
    setStatus(tr("%1 — %2 of %3").arg(stage).arg(done).arg(total));
}

void EvaluationWindow::onSweepPoint(const SweepRow& row) {
    // The plot fills in as each point finishes (the final result replaces
    // the same rows when the sweep ends).
    if (m_liveSweep.rows.empty()) {
        m_tabs->setCurrentIndex(0);
        m_liveSweep.images = row.summary.images;
    }
    m_liveSweep.rows.push_back(row);
    m_plot->setSweep(m_liveSweep);
}

void EvaluationWindow::onMatrixCell(const ScoreMatrixCell& cell) {
    if (cell.attack < 0 && cell.defence == 0) {
        m_table->beginMatrix(m_liveMatrix.attacks, m_liveMatrix.defences);
        m_tabs->setCurrentIndex(1);
    }
    m_table->setCell(cell);
}

void EvaluationWindow::onMatrixCellClicked(int row, int column) {
    if (!m_matrix || m_engine->isRunning())
        return;
    if (row < 0 || column < 0 || row >= static_cast<int>(m_matrix->attacks.size()) ||
        column >= static_cast<int>(m_matrix->defences.size()))
        return; // the summary rows and the mean column belong to no single pair
    Q_EMIT attackUnderDefenceRequested(
        m_matrix->attacks[static_cast<std::size_t>(row)],
        QString::fromStdString(m_matrix->defences[static_cast<std::size_t>(column)].key()));
}

void EvaluationWindow::onCancelled() {
    // The live views go back to the last finished results.
    if (m_sweep)
        m_plot->setSweep(*m_sweep);
    else
        m_plot->clearSweep();
    if (m_matrix)
        m_table->setMatrix(*m_matrix);
    else
        m_table->clearMatrix();
    setRunning(false);
    setStatus(tr("%1 cancelled; the previous results are kept.").arg(m_runningWhat));
    Q_EMIT runCancelled();
}

void EvaluationWindow::onSweepDone(const SweepResult& result) {
    m_sweep = result;
    m_plot->setSweep(result);
    m_tabs->setCurrentIndex(0);
    setRunning(false);
    double seconds = 0;
    for (const auto& r : result.rows)
        seconds += r.seconds;
    setStatus(tr("Sweep done: %1 points on %2 images in %3 s.")
                  .arg(result.rows.size())
                  .arg(result.images)
                  .arg(seconds, 0, 'f', 1));
    Q_EMIT sweepFinished();
}

void EvaluationWindow::onMatrixDone(const ScoreMatrix& result) {
    m_matrix = result;
    m_table->setMatrix(result);
    m_tabs->setCurrentIndex(1);
    setRunning(false);
    setStatus(tr("Score matrix done: %1 attacks x %2 defences on %3 images.")
                  .arg(result.attacks.size())
                  .arg(result.defences.size())
                  .arg(result.images));
    Q_EMIT matrixFinished();
}

QString EvaluationWindow::robustCurveTitle() const {
    return m_robustPlot->titleText();
}

void EvaluationWindow::onMinEpsilonDone(const MinEpsilonResult& result) {
    m_minEpsilon = result;
    m_robustPlot->setResult(result);
    m_tabs->setCurrentIndex(2);
    setRunning(false);
    setStatus(tr("Minimal ε found for %1 attacks on %2 images with %3 attack runs.")
                  .arg(result.attacks.size())
                  .arg(result.images)
                  .arg(result.totalRuns));
    Q_EMIT minEpsilonFinished();
}

void EvaluationWindow::onFailed(const QString& message) {
    if (m_sweep)
        m_plot->setSweep(*m_sweep);
    if (m_matrix)
        m_table->setMatrix(*m_matrix);
    setRunning(false);
    // Out of the busy state a run that failed before its first report left.
    m_progress->setRange(0, 1);
    m_progress->reset();
    setStatus(message, true);
    Q_EMIT runFailed(message);
}

bool EvaluationWindow::exportPlot(const QString& path, QString* error) {
    if (!m_plot->hasCurves()) {
        if (error)
            *error = tr("nothing to export: run a sweep first");
        return false;
    }
    return m_plot->exportTo(path, error);
}

bool EvaluationWindow::exportSweepCsv(const QString& path, QString* error) {
    if (!m_sweep) {
        if (error)
            *error = tr("nothing to export: run a sweep first");
        return false;
    }
    try {
        writeFileAtomic(path.toStdString(), sweepToCsv(*m_sweep));
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromStdString(e.what());
        return false;
    }
    return true;
}

bool EvaluationWindow::exportMatrixCsv(const QString& path, QString* error) {
    if (!m_matrix) {
        if (error)
            *error = tr("nothing to export: run the score matrix first");
        return false;
    }
    try {
        writeFileAtomic(path.toStdString(), scoreMatrixToCsv(*m_matrix));
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromStdString(e.what());
        return false;
    }
    return true;
}

void EvaluationWindow::setFragility(const FragilityResultsPtr& results) {
    m_fragility->setResults(results);
}

QList<QVector<QPointF>> EvaluationWindow::robustCurves() const {
    QList<QVector<QPointF>> out;
    for (int g = 0; g < m_robustPlot->graphCount(); ++g) {
        QVector<QPointF> points;
        for (auto it = m_robustPlot->graph(g)->data()->constBegin();
             it != m_robustPlot->graph(g)->data()->constEnd(); ++it)
            points.push_back({it->key, it->value});
        out.push_back(points);
    }
    return out;
}

bool EvaluationWindow::exportRobustCurveCsv(const QString& path, QString* error) {
    if (!m_minEpsilon) {
        if (error)
            *error = tr("nothing to export: find the minimal ε first");
        return false;
    }
    try {
        writeFileAtomic(path.toStdString(), minEpsilonCurveToCsv(*m_minEpsilon));
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromStdString(e.what());
        return false;
    }
    return true;
}

void EvaluationWindow::chooseAndExport(const QString& filter, const QString& suffix,
                                       const std::function<bool(const QString&, QString*)>& write) {
    // A save dialog with a default suffix confirms overwriting the final
    // name, suffix included.
    QFileDialog dialog(this, tr("Export"), QDir::homePath(), filter);
    dialog.setAcceptMode(QFileDialog::AcceptSave);
    dialog.setDefaultSuffix(suffix);
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty())
        return;
    const QString path = dialog.selectedFiles().constFirst();
    QString error;
    if (write(path, &error))
        setStatus(tr("Wrote %1").arg(path));
    else
        setStatus(tr("Export failed: %1").arg(error), true);
}

} // namespace advlab::ui
