// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "LatestJobWorker.h"

#include <QObject>
#include <QString>
#include <advlab/Competition.h>
#include <memory>

namespace advlab::ui {

using CompetitionResultPtr = std::shared_ptr<const CompetitionResult>;

// One competition run: the first `imageLimit` images of a dataset.
struct CompetitionJob {
    QString datasetPath;
    QString modelPath;
    int imageLimit = 10;
    CompetitionRequest request; // runDir, submissions, built-ins, ε; guardedFolders gets the dataset
};

// The competition window's compute thread (core's runCompetition on the
// shared LatestJobWorker). Results arrive as plain values on the GUI thread:
// one batchFinished per ε batch (the live matrix), then finished once the
// CSVs are written. Only the latest run reports.
class CompetitionEngine : public QObject {
    Q_OBJECT

public:
    explicit CompetitionEngine(QObject* parent = nullptr);
    ~CompetitionEngine() override;

    void start(const CompetitionJob& job); // supersedes (and cancels) a running one
    void cancel();
    bool isRunning() const { return m_worker.isRunning(); }
    bool waitIdleFor(int ms) { return m_worker.waitIdleFor(ms); }

Q_SIGNALS:
    void progress(int done, int total, const QString& stage);
    void batchFinished(const advlab::ui::CompetitionResultPtr& partial);
    void finished(const advlab::ui::CompetitionResultPtr& result);
    void failed(const QString& message);
    void cancelled();

private:
    void finish();

    LatestJobWorker m_worker; // last: destroyed (joined) first
};

} // namespace advlab::ui

Q_DECLARE_METATYPE(advlab::ui::CompetitionResultPtr)
