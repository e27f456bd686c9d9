// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CompetitionEngine.h"
#include "CompetitionPair.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace advlab::ui {

// Tools → Competition: picks submission folders (NIPS 2017 dev-toolkit
// layout), runs them with the built-ins on the competition engine's thread
// with progress and cancel, shows the matrix live (one update per ε batch),
// lists failed and flagged runs with their logs, and turns a click on a
// matrix cell into pairRequested for the main window's triptych.
class CompetitionWindow : public QWidget {
    Q_OBJECT

public:
    explicit CompetitionWindow(QWidget* parent = nullptr);
    ~CompetitionWindow() override;

    void setDatasetPath(const QString& path);
    void setModelPath(const QString& path);
    void addSubmission(const QString& folder);
    void setRunDir(const QString& dir);
    void setBuiltins(const QString& attacks, const QString& defences);
    void setEpsilons(const QString& list);
    void setImageLimit(int images);
    void setTimeLimit(double seconds);

    CompetitionEngine* engine() const { return m_engine; }
    const CompetitionResultPtr& result() const { return m_result; }

public Q_SLOTS:
    void run();
    void cancel();

Q_SIGNALS:
    void pairRequested(const advlab::ui::CompetitionPair& pair);
    void runFinished();

private:
    void showResult(const CompetitionResultPtr& result);
    void fillMatrix();
    void fillProblems();
    void openCell(int row, int column);
    void showLog(int row);
    void setRunning(bool running);

    QString m_datasetPath;
    QString m_modelPath;
    QListWidget* m_submissions;
    QLineEdit* m_attacks;
    QLineEdit* m_defences;
    QLineEdit* m_eps;
    QSpinBox* m_imageLimit;
    QDoubleSpinBox* m_timeLimit;
    QLineEdit* m_runDir;
    QPushButton* m_run;
    QPushButton* m_cancel;
    QProgressBar* m_progress;
    QLabel* m_stage;
    QComboBox* m_epsilonView;
    QComboBox* m_image;
    QTableWidget* m_matrix;
    QTableWidget* m_problems;
    QPlainTextEdit* m_log;
    CompetitionEngine* m_engine;
    CompetitionResultPtr m_result;
};

} // namespace advlab::ui
