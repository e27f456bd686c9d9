// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "AttackSettings.h" // AttackConfig's metatype, for attackUnderDefenceRequested
#include "EvaluationEngine.h"
#include "fragility/FragilityResults.h"

#include <QPointF>
#include <QVector>
#include <QWidget>
#include <advlab/ScoreMatrix.h>
#include <advlab/Sweep.h>
#include <functional>
#include <memory>
#include <optional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTabWidget;

namespace advlab::ui {

class FragilityHistogram;
class RobustCurvePlot;
class ScoreTable;
class SweepPlot;

// The evaluation window: epsilon sweeps (success rate vs ε, one curve per
// attack, exportable as PNG/PDF/CSV) and the competition's attacks x
// defences score matrix (colour-coded table, exportable as CSV).
//
// The window only builds requests and shows results: all computation runs on
// its EvaluationEngine's thread, whose results come back as plain values (a
// cancelled or superseded run's are dropped).
//
// Open it from anywhere:
//     auto* w = new advlab::ui::EvaluationWindow(mainWindow);
//     w->setDatasetPath(dir); w->setModelPath(modelFile);
//     w->setAttribute(Qt::WA_DeleteOnClose); w->show();
class EvaluationWindow : public QWidget {
    Q_OBJECT

public:
    explicit EvaluationWindow(QWidget* parent = nullptr);
    ~EvaluationWindow() override;

    // Defaults come from core's path resolution (flags, environment, installed or source-tree resources/).
    void setDatasetPath(const QString& dir);
    void setModelPath(const QString& path);            // "a.pt,b.pt": an ensemble
    void setModelWeights(const QList<float>& weights); // for an ensemble; empty: equal
    void setTransferModelPath(const QString& path);    // adds/replaces the "model:" defence
    QString datasetPath() const { return m_datasetPath; }
    QString modelPath() const { return m_modelPath; }

    bool isRunning() const { return m_engine->isRunning(); }
    EvaluationEngine* engine() const { return m_engine; }
    const std::optional<SweepResult>& sweepResult() const { return m_sweep; }
    const std::optional<ScoreMatrix>& matrixResult() const { return m_matrix; }
    const std::optional<MinEpsilonResult>& minEpsilonResult() const { return m_minEpsilon; }
    // The fragility tab: the main window's dataset scan as a histogram/CDF.
    void setFragility(const FragilityResultsPtr& results);
    FragilityHistogram* fragilityHistogram() const { return m_fragility; }
    // The robust-accuracy tab's curves as drawn: one (ε, %) point list per attack.
    QList<QVector<QPointF>> robustCurves() const;
    QString robustCurveTitle() const; // the robust-accuracy plot's title as drawn

    // Exports, each atomic (temporary file + rename). The buttons ask for a
    // file name (the dialog confirms overwriting) and call these.
    bool exportPlot(const QString& path, QString* error = nullptr);
    bool exportSweepCsv(const QString& path, QString* error = nullptr);
    bool exportMatrixCsv(const QString& path, QString* error = nullptr);
    bool exportRobustCurveCsv(const QString& path, QString* error = nullptr);

public Q_SLOTS:
    void startSweep();
    void startMatrix();
    void startMinEpsilon();
    void cancel();

Q_SIGNALS:
    void sweepFinished();
    void matrixFinished();
    void minEpsilonFinished();
    void runFailed(const QString& message);
    void runCancelled();
    // A click on an attack's cell of the score matrix: show that attack in
    // the explorer with that defence as an observer (a DefenceConfig key).
    // A click on a fragility bar: show only images with a scan key in [low, high].
    void fragilityBinClicked(int lowKey, int highKey, const QString& label);
    void attackUnderDefenceRequested(const advlab::AttackConfig& attack, const QString& defenceKey);

private:
    void buildUi();
    void fillDefenceChoices();
    void setRunning(bool running);
    void setStatus(const QString& text, bool error = false);
    std::vector<AttackMethod> checkedMethods() const;
    std::vector<DefenceConfig> checkedDefences(QString* error) const;
    void submit(EvaluationJob job);
    void onProgress(int done, int total, const QString& stage);
    void onSweepDone(const SweepResult& result);
    void onMatrixDone(const ScoreMatrix& result);
    void onSweepPoint(const SweepRow& row);
    void onMatrixCell(const ScoreMatrixCell& cell);
    void onMatrixCellClicked(int row, int column);
    void onMinEpsilonDone(const MinEpsilonResult& result);
    void onFailed(const QString& message);
    void onCancelled();
    void chooseAndExport(const QString& filter, const QString& suffix,
                         const std::function<bool(const QString&, QString*)>& write);

    QString m_datasetPath, m_modelPath, m_transferPath;
    std::optional<SweepResult> m_sweep;
    std::optional<ScoreMatrix> m_matrix;
    std::optional<MinEpsilonResult> m_minEpsilon;
    SweepResult m_liveSweep;         // the running sweep's points so far
    ScoreMatrixRequest m_liveMatrix; // the running matrix's rows and columns
    QList<float> m_modelWeights;

    EvaluationEngine* m_engine;
    QString m_runningWhat; // "Sweep" or "Score matrix", for the status line

    QLabel* m_paths = nullptr;
    std::vector<QCheckBox*> m_attackBoxes; // one per allMethods(), base methods first
    QCheckBox* m_targetedSweep = nullptr;
    QCheckBox* m_targetedMatrix = nullptr;
    QSpinBox* m_iterations = nullptr;
    QSpinBox* m_imageLimit = nullptr;
    QLineEdit* m_epsList = nullptr;
    QDoubleSpinBox* m_matrixEps = nullptr;
    QComboBox* m_sweepDefence = nullptr;
    QListWidget* m_defenceList = nullptr;
    QLineEdit* m_extraDefences = nullptr;
    QPushButton* m_runSweep = nullptr;
    QPushButton* m_runMatrix = nullptr;
    QSpinBox* m_maxEpsilon = nullptr;
    QCheckBox* m_targetedMinEpsilon = nullptr;
    QComboBox* m_minEpsilonDefence = nullptr; // the search's judge: the attacked model, transfer, a defence
    QPushButton* m_runMinEpsilon = nullptr;
    QPushButton* m_exportRobustCsv = nullptr;
    RobustCurvePlot* m_robustPlot = nullptr;
    QPushButton* m_cancel = nullptr;
    QPushButton* m_exportPng = nullptr;
    QPushButton* m_exportPdf = nullptr;
    QPushButton* m_exportSweepCsv = nullptr;
    QPushButton* m_exportMatrixCsv = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QTabWidget* m_tabs = nullptr;
    SweepPlot* m_plot = nullptr;
    ScoreTable* m_table = nullptr;
    FragilityHistogram* m_fragility = nullptr;
};

} // namespace advlab::ui
