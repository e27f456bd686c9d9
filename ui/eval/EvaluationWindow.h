// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <advlab/CancelToken.h>
#include <advlab/ScoreMatrix.h>
#include <advlab/Sweep.h>

#include <QWidget>

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

namespace advlab {
class JobRunner;
}

namespace advlab::ui {

class ScoreTable;
class SweepPlot;

// The evaluation window: epsilon sweeps (success rate vs ε, one curve per
// attack, exportable as PNG/PDF/CSV) and the competition's attacks x
// defences score matrix (colour-coded table, exportable as CSV).
//
// All computation runs on this window's own worker thread (core's
// JobRunner); the dataset's images and the model are loaded there once and
// reused. Results come back to the GUI thread as plain values through queued
// calls, and results of a cancelled or superseded run are dropped.
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

    // Defaults come from core's path resolution (flags, environment, ../shared).
    void setDatasetPath(const QString& dir);
    void setModelPath(const QString& path);
    void setTransferModelPath(const QString& path); // adds/replaces the "model:" defence
    QString datasetPath() const { return m_datasetPath; }
    QString modelPath() const { return m_modelPath; }

    bool isRunning() const { return m_activeJob != 0; }
    const std::optional<SweepResult>& sweepResult() const { return m_sweep; }
    const std::optional<ScoreMatrix>& matrixResult() const { return m_matrix; }

    // Exports, each atomic (temporary file + rename). The buttons ask for a
    // file name (the dialog confirms overwriting) and call these.
    bool exportPlot(const QString& path, QString* error = nullptr);
    bool exportSweepCsv(const QString& path, QString* error = nullptr);
    bool exportMatrixCsv(const QString& path, QString* error = nullptr);

public Q_SLOTS:
    void startSweep();
    void startMatrix();
    void cancel();

Q_SIGNALS:
    void sweepFinished();
    void matrixFinished();
    void runFailed(const QString& message);
    void runCancelled();

private:
    struct WorkerState;
    enum class JobKind { Sweep, Matrix };

    void buildUi();
    void fillDefenceChoices();
    void setRunning(bool running);
    void setStatus(const QString& text, bool error = false);
    std::vector<AttackMethod> checkedMethods() const;
    std::vector<DefenceConfig> checkedDefences(QString* error) const;
    void submit(JobKind kind, const SweepRequest& sweep, const ScoreMatrixRequest& matrix);
    void onProgress(quint64 job, int done, int total, const QString& stage);
    // Whether a finished job's result should be shown: false for a superseded
    // job, and for a cancelled one after reporting the cancellation.
    bool takeFinishedJob(quint64 job, bool cancelled, const QString& what);
    void onSweepDone(quint64 job, const SweepResult& result);
    void onMatrixDone(quint64 job, const ScoreMatrix& result);
    void onFailed(quint64 job, const QString& message);
    void chooseAndExport(const QString& filter, const QString& suffix,
                         const std::function<bool(const QString&, QString*)>& write);

    QString m_datasetPath, m_modelPath, m_transferPath;
    std::optional<SweepResult> m_sweep;
    std::optional<ScoreMatrix> m_matrix;

    std::unique_ptr<JobRunner> m_runner;
    std::shared_ptr<WorkerState> m_worker; // touched only by jobs on the worker thread
    CancelToken m_token;
    quint64 m_nextJob = 1;
    quint64 m_activeJob = 0;

    QLabel* m_paths = nullptr;
    QCheckBox* m_attackBoxes[4] = {};
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
};

} // namespace advlab::ui
