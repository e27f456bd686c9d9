// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ComputeEngine.h"
#include "RecentFiles.h"
#include "TriptychResult.h"

#include <QElapsedTimer>
#include <QHash>
#include <QMainWindow>
#include <advlab/Dataset.h>
#include <memory>

class QLabel;
class QMenu;
class QProgressBar;
class QThread;
class QPushButton;

namespace advlab::ui {

class AttackPanel;
class DatasetBrowser;
class DatasetModel;
class ErrorBanner;
class TriptychView;

// The explorer: dataset browser on the left, triptych in the middle, attack
// settings on the right; exports and errors go through here. All heavy work
// runs on ComputeEngine's thread; this class only ever handles finished
// values on the GUI thread.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    enum class Overwrite { Ask, Always, Never };

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Resolves both like the CLI does (flag, environment, ../shared) and
    // opens them; problems go to the error banner.
    void openDefaults(const QString& datasetFlag = {}, const QString& modelFlag = {});
    bool openDataset(const QString& dir); // false (and an error shown) when it cannot be opened
    void openModel(const QString& path);  // asynchronous: modelLoaded / an error
    void selectImage(int datasetIndex);
    int currentImage() const { return m_currentIndex; }

    // Figure export: writes <base>.png and <base>.pdf for these images.
    // Asynchronous when attacks are missing; ends in exportFinished or exportFailed.
    void exportFigure(const QList<int>& datasetIndices, const QString& basePath,
                      Overwrite policy = Overwrite::Ask);
    // Writes <dir>/non_targeted/<ImageId>.png, <dir>/targeted/<ImageId>.png and <dir>/attack.csv.
    void saveAdversarialImages(const QList<int>& datasetIndices, const QString& dir,
                               Overwrite policy = Overwrite::Ask);

    void showError(const QString& message);

    ComputeEngine* engine() const { return m_engine; }
    AttackPanel* attackPanel() const { return m_attackPanel; }
    TriptychView* triptychView() const { return m_triptych; }
    DatasetBrowser* browser() const { return m_browser; }
    DatasetModel* datasetModel() const { return m_datasetModel; }
    ErrorBanner* errorBanner() const { return m_banner; }
    TriptychResultPtr currentResult() const { return m_result; }
    const std::shared_ptr<const Dataset>& dataset() const { return m_dataset; }
    double lastLatencyMs() const { return m_lastLatencyMs; }

Q_SIGNALS:
    void datasetOpened(const QString& root);
    void modelReady(const QString& path);
    void triptychUpdated(const advlab::ui::TriptychResultPtr& result);
    void exportFinished(const QStringList& files);
    void exportFailed(const QString& message);
    void errorShown(const QString& message);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    struct PendingExport {
        enum Kind { Figure, Images } kind = Figure;
        QStringList files;
        QString dir;
        bool perturbation = false;
    };

    void buildMenus();
    void buildStatusBar();
    void rebuildRecentMenus();
    void updateTitle();
    void showImage(int datasetIndex);
    void requestCurrent();
    bool buildRequest(int datasetIndex, TriptychRequest* request, QString* error);
    bool confirmOverwrite(const QStringList& existing, Overwrite policy);
    void startBatch(const QList<int>& indices, PendingExport pending, const QString& what);
    void finishExport(quint64 id, const TriptychResultList& results);
    void onExportWritten(const QStringList& written, const QString& error);
    QString modelLabel() const;
    void openEvaluation();
    QList<int> exportSelection() const;

    void onTriptychReady(const TriptychResultPtr& result);
    void onBusyChanged(bool busy);
    void onProgress(int done, int total);

    void chooseDataset();
    void chooseModel();
    void chooseExportTriptych();
    void chooseExportGrid();
    void chooseSaveAdversarial();

    ComputeEngine* m_engine;
    DatasetModel* m_datasetModel;
    DatasetBrowser* m_browser;
    TriptychView* m_triptych;
    AttackPanel* m_attackPanel;
    ErrorBanner* m_banner;
    QLabel* m_status;
    QLabel* m_modelStatus;
    QProgressBar* m_progress;
    QPushButton* m_cancel;
    QMenu* m_recentDatasets = nullptr;
    QMenu* m_recentModels = nullptr;

    RecentFiles m_recentDatasetList{QStringLiteral("recent/datasets")};
    RecentFiles m_recentModelList{QStringLiteral("recent/models")};

    std::shared_ptr<const Dataset> m_dataset;
    int m_currentIndex = -1;
    Image8 m_currentOriginal;
    TriptychResultPtr m_result;
    QElapsedTimer m_requestClock;
    double m_lastLatencyMs = 0.0;
    QHash<quint64, PendingExport> m_pendingExports;
    QList<QThread*> m_writerThreads;
};

} // namespace advlab::ui
