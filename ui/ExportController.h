// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ComputeEngine.h"
#include "FigureExtrasBuilder.h"
#include "ReplayFrame.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QStringList>

class QThread;
class QWidget;

namespace advlab::ui {

class ExplorerSession;

// Export orchestration, out of the main window: checks where files would go
// (never into the dataset folder, never over existing files without consent),
// attacks what the cache lacks on the compute thread, then writes the files
// on a short-lived thread so the window stays responsive. Ends every export
// in exactly one of finished / failed.
class ExportController : public QObject {
    Q_OBJECT

public:
    enum class Overwrite { Ask, Always, Never };

    // `dialogParent` parents the overwrite question.
    ExportController(ComputeEngine* engine, ExplorerSession* session, QWidget* dialogParent);
    ~ExportController() override; // waits for files being written, so none is left half-written

    // Writes <base>.png and <base>.pdf for these images. With `replayStep`
    // (the replay scrubbed back to that step of image `datasetIndices`' only
    // entry), the figure shows that step, as the screen does, and says so.
    void exportFigure(const QList<int>& datasetIndices, const QString& basePath, bool showPerturbation,
                      Overwrite policy = Overwrite::Ask, ReplayFramePtr replayStep = nullptr);
    // Writes <dir>/non_targeted/<ImageId>.png, <dir>/targeted/<ImageId>.png and <dir>/attack.csv.
    void saveAdversarialImages(const QList<int>& datasetIndices, const QString& dir,
                               Overwrite policy = Overwrite::Ask);

    // "Wrote 5 files: 2 images in /x/non_targeted, 2 images in /x/targeted, /x/attack.csv":
    // every place written, for the status line.
    static QString describeWritten(const QStringList& files);

    // Issue 12: figures repeat the observers and the attribution overlay the
    // user has on screen. `settings` is asked at each figure export.
    void setFigureExtras(ObserverEngine* observers, AttributionEngine* attribution,
                         std::function<FigureExtrasSettings()> settings);

Q_SIGNALS:
    void finished(const QStringList& files);
    void failed(const QString& message);
    void statusChanged(const QString& text);  // progress worth a status line
    void errorRaised(const QString& message); // worth the error banner

private:
    struct Pending {
        enum Kind { Figure, Images } kind = Figure;
        QStringList files;
        QString dir;
        bool perturbation = false;
        ReplayFramePtr replayStep; // for the one image of a figure: show this step
    };

    void fail(const QString& message, bool banner = true);
    bool refuseDatasetFolder(const QString& path);
    bool confirmOverwrite(const QStringList& existing, Overwrite policy);
    void startBatch(const QList<int>& indices, Pending pending, const QString& what);
    void onBatchReady(quint64 id, const TriptychResultList& results);
    // The observers' lines and attribution maps the figure needs, then the files.
    void withExtras(const Pending& pending, const TriptychResultList& results);
    void onWritten(const QStringList& written, const QString& error);
    void write(const Pending& pending, const TriptychResultList& results, const FigureExtras& extras);

    ComputeEngine* m_engine;
    ExplorerSession* m_session;
    QWidget* m_dialogParent;
    QHash<quint64, Pending> m_pending;
    QList<QThread*> m_writerThreads;
    ObserverEngine* m_observerEngine = nullptr;
    AttributionEngine* m_attributionEngine = nullptr;
    std::function<FigureExtrasSettings()> m_extrasSettings;
};

} // namespace advlab::ui
