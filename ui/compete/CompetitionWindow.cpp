// SPDX-License-Identifier: GPL-3.0-or-later
#include "CompetitionWindow.h"

#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <advlab/Dataset.h>
#include <advlab/Defence.h>
#include <advlab/Errors.h>
#include <advlab/ImageIo.h>
#include <advlab/Submission.h>
#include <algorithm>

namespace advlab::ui {

namespace {

QColor scoreColour(double score) {
    // Attack score: red where the attack wins, green where the defence holds.
    const int r = static_cast<int>(120 + 135 * score), g = static_cast<int>(120 + 135 * (1.0 - score));
    return QColor(std::clamp(r, 0, 255), std::clamp(g, 0, 255), 120, 90);
}

QString epsText(float e) {
    return QString::number(static_cast<double>(e), 'g', 6);
}

} // namespace

CompetitionWindow::CompetitionWindow(QWidget* parent)
    : QWidget(parent), m_submissions(new QListWidget),
      m_attacks(new QLineEdit(QStringLiteral("fgsm,mifgsm"))),
      m_defences(new QLineEdit(QStringLiteral("none,jpeg75,bits4"))),
      m_eps(new QLineEdit(QStringLiteral("4,16"))), m_imageLimit(new QSpinBox),
      m_timeLimit(new QDoubleSpinBox), m_runDir(new QLineEdit), m_run(new QPushButton(tr("&Run"))),
      m_cancel(new QPushButton(tr("Cancel"))), m_progress(new QProgressBar), m_stage(new QLabel),
      m_epsilonView(new QComboBox), m_image(new QComboBox), m_matrix(new QTableWidget),
      m_problems(new QTableWidget), m_log(new QPlainTextEdit), m_engine(new CompetitionEngine(this)) {
    setObjectName(QStringLiteral("competitionWindow"));
    setWindowTitle(tr("Competition — Adversarial Lab"));
    m_submissions->setObjectName(QStringLiteral("submissionList"));
    m_attacks->setObjectName(QStringLiteral("builtinAttacksEdit"));
    m_defences->setObjectName(QStringLiteral("builtinDefencesEdit"));
    m_eps->setObjectName(QStringLiteral("epsilonsEdit"));
    m_imageLimit->setObjectName(QStringLiteral("imageLimitSpin"));
    m_timeLimit->setObjectName(QStringLiteral("timeLimitSpin"));
    m_runDir->setObjectName(QStringLiteral("runDirEdit"));
    m_run->setObjectName(QStringLiteral("runButton"));
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_progress->setObjectName(QStringLiteral("competitionProgress"));
    m_stage->setObjectName(QStringLiteral("stageLabel"));
    m_epsilonView->setObjectName(QStringLiteral("epsilonViewCombo"));
    m_image->setObjectName(QStringLiteral("imageCombo"));
    m_matrix->setObjectName(QStringLiteral("matrixTable"));
    m_problems->setObjectName(QStringLiteral("problemsTable"));
    m_log->setObjectName(QStringLiteral("logView"));

    m_imageLimit->setRange(1, 100000);
    m_imageLimit->setValue(10);
    m_timeLimit->setRange(0, 1e6);
    m_timeLimit->setDecimals(1);
    m_timeLimit->setSpecialValueText(tr("500 s per 100 images"));
    m_timeLimit->setSuffix(tr(" s"));
    m_runDir->setText(QDir::home().filePath(QStringLiteral("advlab-competition")));
    m_attacks->setToolTip(
        tr("Built-in attacks: fgsm, ifgsm, mifgsm, pgd; NAME-t is targeted; empty for none"));
    m_defences->setToolTip(tr("Built-in defences, as in eval --defences; empty for none"));
    m_epsilonView->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_log->setReadOnly(true);
    m_log->setPlaceholderText(tr("Click a failed or flagged run to see its log"));
    m_cancel->setEnabled(false);
    m_progress->setTextVisible(true);

    auto* add = new QPushButton(tr("Add submission…"));
    add->setObjectName(QStringLiteral("addSubmissionButton"));
    auto* remove = new QPushButton(tr("Remove"));
    remove->setObjectName(QStringLiteral("removeSubmissionButton"));
    auto* browse = new QPushButton(tr("…"));
    connect(add, &QPushButton::clicked, this, [this] {
        const QString dir =
            QFileDialog::getExistingDirectory(this, tr("Submission folder (with metadata.json)"));
        if (!dir.isEmpty())
            addSubmission(dir);
    });
    connect(remove, &QPushButton::clicked, this, [this] { qDeleteAll(m_submissions->selectedItems()); });
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Run folder"), m_runDir->text());
        if (!dir.isEmpty())
            m_runDir->setText(dir);
    });

    auto* form = new QFormLayout;
    auto* subButtons = new QHBoxLayout;
    subButtons->addWidget(add);
    subButtons->addWidget(remove);
    subButtons->addStretch();
    auto* subBox = new QVBoxLayout;
    subBox->addWidget(m_submissions);
    subBox->addLayout(subButtons);
    m_submissions->setMaximumHeight(110);
    m_submissions->setSelectionMode(QAbstractItemView::ExtendedSelection);
    form->addRow(tr("Submissions:"), subBox);
    form->addRow(tr("Built-in attacks:"), m_attacks);
    form->addRow(tr("Built-in defences:"), m_defences);
    form->addRow(tr("ε batches:"), m_eps);
    form->addRow(tr("Images:"), m_imageLimit);
    form->addRow(tr("Time limit per run:"), m_timeLimit);
    auto* runRow = new QHBoxLayout;
    runRow->addWidget(m_runDir, 1);
    runRow->addWidget(browse);
    form->addRow(tr("Run folder:"), runRow);

    auto* controls = new QHBoxLayout;
    controls->addWidget(m_run);
    controls->addWidget(m_cancel);
    controls->addWidget(m_progress, 1);
    controls->addWidget(m_stage, 1);

    auto* viewRow = new QHBoxLayout;
    viewRow->addWidget(new QLabel(tr("Matrix:")));
    viewRow->addWidget(m_epsilonView);
    viewRow->addSpacing(16);
    viewRow->addWidget(new QLabel(tr("Image for a clicked cell:")));
    viewRow->addWidget(m_image, 1);

    m_matrix->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_matrix->setSelectionMode(QAbstractItemView::SingleSelection);
    m_matrix->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_matrix->setToolTip(
        tr("Attack score: misclassified (targeted: hit the target). Click a cell to open the "
           "pair in the main window"));
    m_problems->setColumnCount(4);
    m_problems->setHorizontalHeaderLabels({tr("Run"), tr("Kind"), tr("ε"), tr("Problem")});
    m_problems->horizontalHeader()->setStretchLastSection(true);
    m_problems->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_problems->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_problems->verticalHeader()->hide();

    auto* bottom = new QSplitter(Qt::Horizontal);
    bottom->addWidget(m_problems);
    bottom->addWidget(m_log);
    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(m_matrix);
    split->addWidget(bottom);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(controls);
    layout->addLayout(viewRow);
    layout->addWidget(split, 1);
    resize(1100, 800);

    connect(m_run, &QPushButton::clicked, this, &CompetitionWindow::run);
    connect(m_cancel, &QPushButton::clicked, this, &CompetitionWindow::cancel);
    connect(m_epsilonView, &QComboBox::currentIndexChanged, this, [this] { fillMatrix(); });
    connect(m_matrix, &QTableWidget::cellClicked, this, &CompetitionWindow::openCell);
    connect(m_problems, &QTableWidget::cellClicked, this, [this](int row, int) { showLog(row); });
    connect(m_engine, &CompetitionEngine::progress, this, [this](int done, int total, const QString& stage) {
        m_progress->setRange(0, std::max(1, total));
        m_progress->setValue(done);
        m_stage->setText(stage);
    });
    connect(m_engine, &CompetitionEngine::batchFinished, this, &CompetitionWindow::showResult);
    connect(m_engine, &CompetitionEngine::finished, this, [this](const CompetitionResultPtr& r) {
        showResult(r);
        setRunning(false);
        m_stage->setText(tr("Done: CSVs written to %1").arg(m_runDir->text()));
        Q_EMIT runFinished();
    });
    connect(m_engine, &CompetitionEngine::failed, this, [this](const QString& message) {
        setRunning(false);
        m_stage->setText(tr("Failed: %1").arg(message));
        Q_EMIT runFinished();
    });
    connect(m_engine, &CompetitionEngine::cancelled, this, [this] {
        setRunning(false);
        m_stage->setText(tr("Cancelled; no CSVs written"));
        Q_EMIT runFinished();
    });
}

CompetitionWindow::~CompetitionWindow() {
    m_engine->cancel();
}

void CompetitionWindow::setDatasetPath(const QString& path) {
    m_datasetPath = path;
}
void CompetitionWindow::setModelPath(const QString& path) {
    m_modelPath = path;
}
void CompetitionWindow::setRunDir(const QString& dir) {
    m_runDir->setText(dir);
}
void CompetitionWindow::setEpsilons(const QString& list) {
    m_eps->setText(list);
}
void CompetitionWindow::setImageLimit(int images) {
    m_imageLimit->setValue(images);
}
void CompetitionWindow::setTimeLimit(double seconds) {
    m_timeLimit->setValue(seconds);
}

void CompetitionWindow::setBuiltins(const QString& attacks, const QString& defences) {
    m_attacks->setText(attacks);
    m_defences->setText(defences);
}

void CompetitionWindow::addSubmission(const QString& folder) {
    try {
        const Submission s = readSubmission(folder.toStdString());
        auto* item = new QListWidgetItem(QStringLiteral("%1 (%2)").arg(
            QString::fromStdString(s.name), QString::fromStdString(submissionTypeKey(s.type))));
        item->setData(Qt::UserRole, folder);
        item->setToolTip(folder);
        m_submissions->addItem(item);
    } catch (const std::exception& e) {
        m_stage->setText(tr("Not a submission: %1").arg(QString::fromStdString(e.what())));
    }
}

void CompetitionWindow::setRunning(bool running) {
    m_run->setEnabled(!running);
    m_cancel->setEnabled(running);
}

void CompetitionWindow::run() {
    CompetitionJob job;
    job.datasetPath = m_datasetPath;
    job.modelPath = m_modelPath;
    job.imageLimit = m_imageLimit->value();
    CompetitionRequest& req = job.request;
    try {
        if (m_datasetPath.isEmpty() || m_modelPath.isEmpty())
            throw std::invalid_argument(
                tr("open a dataset and a model in the main window first").toStdString());
        for (int i = 0; i < m_submissions->count(); ++i)
            req.submissions.push_back(
                readSubmission(m_submissions->item(i)->data(Qt::UserRole).toString().toStdString()));
        for (QString key : m_attacks->text().split(',', Qt::SkipEmptyParts)) {
            key = key.trimmed();
            AttackConfig c;
            if (key.endsWith(QStringLiteral("-t"))) {
                c.targeted = true;
                key.chop(2);
            }
            const auto m = parseMethod(key.toStdString());
            if (!m)
                throw std::invalid_argument(tr("'%1' is not a built-in attack").arg(key).toStdString());
            c.method = *m;
            req.builtinAttacks.push_back(c);
        }
        for (const QString& key : m_defences->text().split(',', Qt::SkipEmptyParts))
            req.builtinDefences.push_back(parseDefence(key.trimmed().toStdString()));
        req.epsilons.clear();
        for (const QString& e : m_eps->text().split(',', Qt::SkipEmptyParts)) {
            bool ok = false;
            const double v = e.trimmed().toDouble(&ok);
            if (!ok || v < 0 || v > 255)
                throw std::invalid_argument(tr("ε '%1' is not a number in 0..255").arg(e).toStdString());
            req.epsilons.push_back(static_cast<float>(v));
        }
        req.timeLimitSeconds = m_timeLimit->value();
        req.runDir = m_runDir->text().toStdString();
        if (req.runDir.empty())
            throw std::invalid_argument(tr("choose a run folder").toStdString());
        QDir().mkpath(m_runDir->text());
    } catch (const std::exception& e) {
        m_stage->setText(tr("Cannot run: %1").arg(QString::fromStdString(e.what())));
        return;
    }
    m_result.reset();
    m_matrix->clear();
    m_problems->setRowCount(0);
    m_log->clear();
    setRunning(true);
    m_stage->setText(tr("Starting…"));
    m_engine->start(job);
}

void CompetitionWindow::cancel() {
    m_engine->cancel();
}

void CompetitionWindow::showResult(const CompetitionResultPtr& result) {
    m_result = result;
    const QString current = m_epsilonView->currentText();
    const QSignalBlocker block(m_epsilonView);
    m_epsilonView->clear();
    m_epsilonView->addItem(tr("all ε, summed"));
    for (float e : result->epsilons)
        m_epsilonView->addItem(tr("ε = %1").arg(epsText(e)));
    m_epsilonView->setCurrentIndex(std::max(0, m_epsilonView->findText(current)));
    if (m_image->count() != static_cast<int>(result->imageIds.size())) {
        m_image->clear();
        for (const auto& id : result->imageIds)
            m_image->addItem(QString::fromStdString(id));
    }
    fillMatrix();
    fillProblems();
}

void CompetitionWindow::fillMatrix() {
    if (!m_result || m_result->perEpsilon.empty())
        return;
    const int view = m_epsilonView->currentIndex();
    const CompetitionCounts& c =
        view <= 0 ? m_result->total : m_result->perEpsilon[static_cast<std::size_t>(view - 1)];
    const auto attacks = m_result->allAttacks();
    m_matrix->setRowCount(static_cast<int>(attacks.size()));
    m_matrix->setColumnCount(static_cast<int>(c.defences.size()));
    QStringList columns, rows;
    for (const auto& d : c.defences)
        columns << QString::fromStdString(d);
    for (std::size_t a = 0; a < attacks.size(); ++a)
        rows << QString::fromStdString(attacks[a]) + (a >= c.attacks.size() ? tr(" (targeted)") : QString());
    m_matrix->setHorizontalHeaderLabels(columns);
    m_matrix->setVerticalHeaderLabels(rows);
    for (std::size_t a = 0; a < attacks.size(); ++a)
        for (std::size_t d = 0; d < c.defences.size(); ++d) {
            const bool targeted = a >= c.attacks.size();
            const double s = targeted ? c.targetedAttackScore(a - c.attacks.size(), d) : c.attackScore(a, d);
            auto* item = new QTableWidgetItem(QStringLiteral("%1%").arg(100.0 * s, 0, 'f', 1));
            item->setTextAlignment(Qt::AlignCenter);
            item->setBackground(scoreColour(s));
            item->setToolTip(targeted
                                 ? tr("%1 of the images classified as the target").arg(100.0 * s, 0, 'f', 1)
                                 : tr("%1 of the images misclassified").arg(100.0 * s, 0, 'f', 1));
            m_matrix->setItem(static_cast<int>(a), static_cast<int>(d), item);
        }
}

void CompetitionWindow::fillProblems() {
    m_problems->setRowCount(0);
    for (const auto& run : m_result->runs) {
        if (!run.flagged())
            continue;
        QString what = QString::fromStdString(run.status);
        if (!run.violations.empty())
            what += tr("; changed files outside its output folder");
        if (run.missingOutputs + run.brokenOutputs > 0)
            what += tr("; %1 images replaced by the originals").arg(run.missingOutputs + run.brokenOutputs);
        if (run.clippedImages > 0)
            what += tr("; %1 images clipped into the ε box (%2 pixels)")
                        .arg(run.clippedImages)
                        .arg(run.clippedPixels);
        const int labels = run.missingLabels + run.duplicateLabels + run.unknownIds + run.outOfRangeLabels +
                           run.malformedLines;
        if (labels > 0)
            what += tr("; %1 label problems").arg(labels);
        const int row = m_problems->rowCount();
        m_problems->insertRow(row);
        auto* name = new QTableWidgetItem(QString::fromStdString(run.name));
        name->setData(Qt::UserRole, QStringList{QString::fromStdString(run.stdoutLog),
                                                QString::fromStdString(run.stderrLog)});
        QStringList details;
        for (const auto& v : run.violations)
            details << tr("outside its output folder: %1").arg(QString::fromStdString(v));
        for (const auto& p : run.problems)
            details << QString::fromStdString(p);
        name->setData(Qt::UserRole + 1, details.join('\n'));
        m_problems->setItem(row, 0, name);
        m_problems->setItem(row, 1, new QTableWidgetItem(QString::fromStdString(run.kind)));
        m_problems->setItem(row, 2, new QTableWidgetItem(epsText(run.epsilon)));
        m_problems->setItem(row, 3, new QTableWidgetItem(what));
    }
}

void CompetitionWindow::showLog(int row) {
    const QTableWidgetItem* item = m_problems->item(row, 0);
    if (!item)
        return;
    QString text = item->data(Qt::UserRole + 1).toString();
    for (const QString& path : item->data(Qt::UserRole).toStringList()) {
        if (path.isEmpty())
            continue;
        QFile f(path);
        text += (text.isEmpty() ? QString() : QStringLiteral("\n\n")) + tr("── log %1 ──\n").arg(path);
        // Logs are bounded by the runner; read at most 256 KiB of one anyway.
        text += f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.read(256 * 1024)) : tr("(no log)");
    }
    m_log->setPlainText(text);
}

void CompetitionWindow::openCell(int row, int column) {
    if (!m_result || m_image->currentIndex() < 0 || m_result->labels.empty())
        return;
    const int view = m_epsilonView->currentIndex();
    // "all ε" shows the largest batch's images: the strongest perturbation.
    const std::size_t e = view <= 0 ? m_result->epsilons.size() - 1 : static_cast<std::size_t>(view - 1);
    const auto attacks = m_result->allAttacks();
    const auto a = static_cast<std::size_t>(row), d = static_cast<std::size_t>(column);
    const auto i = static_cast<std::size_t>(m_image->currentIndex());
    if (a >= attacks.size() || d >= m_result->total.defences.size() || i >= m_result->imageIds.size())
        return;
    CompetitionPair p;
    p.runDir = m_runDir->text();
    p.imageId = QString::fromStdString(m_result->imageIds[i]);
    p.attack = QString::fromStdString(attacks[a]);
    p.defence = QString::fromStdString(m_result->total.defences[d]);
    p.epsilon = m_result->epsilons[e];
    p.defenceLabel = m_result->labels[e][a][d][i];
    p.trueLabel = m_result->truth[i] - 1;
    p.targetClass = m_result->targets[i] - 1;
    p.targetedAttack = a >= m_result->total.attacks.size();
    const QString dir =
        QDir(p.runDir).filePath(QStringLiteral("adversarial/eps%1/%2").arg(epsText(p.epsilon), p.attack));
    try {
        p.adversarial = readImage(QDir(dir).filePath(p.imageId + QStringLiteral(".png")).toStdString());
        // The clean image as the dataset has it (the run loaded it the same way).
        const Dataset ds = Dataset::open(m_datasetPath.toStdString());
        for (std::size_t k = 0; k < ds.size(); ++k)
            if (ds.entry(k).imageId == m_result->imageIds[i]) {
                p.original = ds.loadImage(k);
                break;
            }
    } catch (const std::exception& ex) {
        m_stage->setText(tr("Cannot open the pair: %1").arg(QString::fromStdString(ex.what())));
        return;
    }
    if (p.adversarial.isNull() || p.original.isNull()) {
        m_stage->setText(tr("Cannot open the pair: no image %2 of %1").arg(p.attack, p.imageId));
        return;
    }
    Q_EMIT pairRequested(p);
}

} // namespace advlab::ui
