// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ComputeEngine.h"
#include "RecentFiles.h"
#include "ReplayFrame.h"
#include "TriptychResult.h"
#include "WorkerAdapter.h"
#include "compete/CompetitionPair.h"

#include <QElapsedTimer>
#include <QMainWindow>
#include <advlab/Dataset.h>
#include <memory>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QProgressBar;
class QPushButton;

namespace advlab::ui {

class AttackPanel;
class AttributionPresenter;
class ObserverList;
class ObserverPresenter;
class DatasetBrowser;
class EvaluationWindow;
class DatasetModel;
class ElidedLabel;
class MinEpsilonPresenter;
class ReplayController;
class ErrorBanner;
class ExplorerSession;
class ExportController;
class FragilityPresenter;
class TriptychView;
struct AttackSettings;

// The explorer's window, and only that: the layout (dataset browser on the
// left, triptych in the middle, attack settings on the right), menus,
// toolbar and status line. What is being looked at and the requests built
// from it live in ExplorerSession, exports in ExportController, all heavy
// work on ComputeEngine's thread.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Resolves both like the CLI does (flag, environment, default data) and
    // opens them; problems go to the error banner.
    void openDefaults(const QString& datasetFlag = {}, const QString& modelFlag = {});
    // Asynchronous (a dataset may be large, or its images.csv may never end):
    // ends in datasetOpened or datasetFailed; a later call supersedes.
    void openDataset(const QString& dir);
    bool isOpeningDataset() const { return m_openingDataset; }
    void openModel(const QString& path); // asynchronous: modelReady / an error
    // Several models attacked as one (Dong et al. 2018, logit fusion), one
    // weight each or none for equal weights; asynchronous like openModel.
    void openEnsemble(const QStringList& paths, const QList<float>& weights = {});
    void selectImage(int datasetIndex);
    int currentImage() const;

    void showError(const QString& message);

    // Cancels every job and waits up to `ms` for the compute threads to go
    // idle. False when one is stuck inside a model's forward pass.
    bool stopWorkers(int ms);

    ComputeEngine* engine() const { return m_engine; }
    ExplorerSession* session() const { return m_session; }
    ExportController* exports() const { return m_exports; }
    AttackPanel* attackPanel() const { return m_attackPanel; }
    TriptychView* triptychView() const { return m_triptych; }
    ReplayController* replayController() const { return m_replay; }
    // The replay step the user scrubbed back to (what Export triptych writes),
    // or null when the triptych shows the final result.
    ReplayFramePtr scrubbedStep() const;
    // Export triptych without its file dialog: <path>.png and .pdf of the
    // current image as on screen (asks before overwriting).
    void exportTriptychTo(const QString& path);
    MinEpsilonPresenter* minEpsilon() const { return m_minEpsilon; }
    ObserverList* observers() const { return m_observers; } // issue 12: setObservers / addObserver
    ObserverPresenter* observerPresenter() const { return m_observerPresenter; }
    AttributionPresenter* attributionPresenter() const { return m_attributionPresenter; }
    DatasetBrowser* browser() const { return m_browser; }
    DatasetModel* datasetModel() const { return m_datasetModel; }
    ErrorBanner* errorBanner() const { return m_banner; }
    QAction* showPerturbationAction() const { return m_showPerturbation; }
    TriptychResultPtr currentResult() const;
    std::shared_ptr<const Dataset> dataset() const;

    // Tools → Competition: a cell of a competition run shown in the triptych
    // (the attack's validated image and the defence's label).
    void showCompetitionPair(const advlab::ui::CompetitionPair& pair);
    // A score-matrix cell: the explorer attacks with `attack` (both variants,
    // as always) and `defenceKey` becomes an observer (ObserverList), so the
    // triptych shows the defended model's answer under every image.
    void showAttackUnderDefence(const advlab::AttackConfig& attack, const QString& defenceKey);
    FragilityPresenter* fragility() const { return m_fragility; }
    EvaluationWindow* openEvaluationWindow();

Q_SIGNALS:
    void datasetOpened(const QString& root);
    void datasetFailed(const QString& dir, const QString& message);
    void modelReady(const QString& path);
    void triptychUpdated(const advlab::ui::TriptychResultPtr& result);
    void errorShown(const QString& message);
    void attackUnderDefenceShown(const advlab::AttackConfig& attack, const QString& defenceKey);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void buildActions();
    void buildMenus();
    void buildToolBar();
    void buildStatusBar();
    void connectEngine();
    void restoreWindowSettings();
    void saveWindowSettings() const;
    void rebuildRecentMenus();
    void updateTitle();

    void onDatasetLoaded(quint64 generation, const QString& dir, std::shared_ptr<const Dataset> dataset,
                         const QString& error);
    void showImage(int datasetIndex);
    void onSettingsChanged(const AttackSettings& settings, int effectiveTarget);
    // `recompute` (Recompute, F5) runs the attacks again even when cached, so they can be replayed.
    void requestCurrent(bool recompute = false);
    void onTriptychReady(const TriptychResultPtr& result);
    void onBusyChanged(bool busy);
    void onProgress(int done, int total);
    void cancelJobs();
    void openEvaluation();
    void openCompetition();
    QList<int> exportSelection() const;

    void chooseDataset();
    void chooseModel();
    void chooseEnsemble();
    void findMinimalEpsilon();
    QString modelDisplayName() const;
    void chooseExportTriptych();
    void chooseExportGrid();
    void chooseSaveAdversarial();

    ComputeEngine* m_engine;
    DatasetModel* m_datasetModel;
    ExplorerSession* m_session;
    ExportController* m_exports;
    DatasetBrowser* m_browser;
    TriptychView* m_triptych;
    MinEpsilonPresenter* m_minEpsilon = nullptr;
    ReplayController* m_replay = nullptr;
    ObserverList* m_observers = nullptr;
    QString m_startupNotice; // observers dropped on load: not cleared by a dataset opening
    ObserverPresenter* m_observerPresenter = nullptr;
    AttributionPresenter* m_attributionPresenter = nullptr;
    FragilityPresenter* m_fragility = nullptr;
    AttackPanel* m_attackPanel;
    ErrorBanner* m_banner;
    ElidedLabel* m_status;
    ElidedLabel* m_modelStatus;
    QProgressBar* m_progress;
    QPushButton* m_cancel;
    QList<QDockWidget*> m_docks; // images, attack settings: hidden and shown again from View
    QMenu* m_recentDatasets = nullptr;
    QMenu* m_recentModels = nullptr;

    QAction* m_openDataset = nullptr;
    QAction* m_openModel = nullptr;
    QAction* m_openEnsemble = nullptr;
    QAction* m_findMinEpsilon = nullptr;
    QAction* m_exportTriptych = nullptr;
    QAction* m_exportGrid = nullptr;
    QAction* m_saveAdversarial = nullptr;
    QAction* m_showPerturbation = nullptr; // the one owner of "show perturbation"
    QAction* m_gridView = nullptr;
    QAction* m_cancelAction = nullptr;
    QAction* m_recompute = nullptr;
    QAction* m_evaluation = nullptr;
    QAction* m_competition = nullptr;
    QAction* m_observersAction = nullptr;

    RecentFiles m_recentDatasetList{QStringLiteral("recent/datasets")};
    RecentFiles m_recentModelList{QStringLiteral("recent/models")};

    Generation m_datasetOpen; // the latest openDataset call wins
    bool m_openingDataset = false;
    QElapsedTimer m_requestClock;
};

} // namespace advlab::ui
