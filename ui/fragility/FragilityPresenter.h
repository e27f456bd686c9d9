// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "FragilityCache.h"
#include "FragilityResults.h"

#include <QObject>
#include <QPointer>
#include <QSet>
#include <optional>

class QAction;
class QActionGroup;
class QMenu;
class QProgressBar;
class QPushButton;
class QWidget;

namespace advlab::ui {

class ComputeEngine;
class DatasetBrowser;
class DatasetModel;
class EvaluationWindow;
class ExplorerSession;
class FragilityScanner;
class ObserverList;

// Tools → Scan dataset: builds the scan's request from what the explorer
// shows (dataset, model, attack settings), runs it on FragilityScanner's own
// thread, puts the answers on the browser's badges, stores them in the
// FragilityCache and brings them back whenever the same dataset, model and
// attack are on screen again (a second launch included).
class FragilityPresenter : public QObject {
    Q_OBJECT

public:
    FragilityPresenter(DatasetModel* images, DatasetBrowser* browser, ExplorerSession* session,
                       ComputeEngine* engine, ObserverList* observers, QWidget* window);
    ~FragilityPresenter() override;

    // "Scan dataset" with its two modes and its judge (the attacked model, or
    // one of the observers: the minimal ε that transfers), for the Tools menu. `window` (the
    // main window) is the parent of this object and of the menu.
    QMenu* menu() const { return m_menu; }
    // Progress bar and Cancel, for the status bar; hidden while idle.
    QWidget* statusWidget() const { return m_statusWidget; }
    FragilityScanner* scanner() const { return m_scanner; }
    FragilityCache& cache() { return m_cache; }

    // The request for the current dataset, model and settings; none (and
    // `error`) when there is nothing to scan.
    std::optional<FragilityRequest> currentRequest(FragilityMode mode, QString* error = nullptr) const;
    bool startScan(FragilityMode mode, QString* error = nullptr);
    // Whose decision the scan counts: "none" (the attacked model) or an
    // observer's key. Remembered across launches; an observer that is
    // removed falls back to "none".
    QString judge() const;
    void setJudge(const QString& key);
    void cancel();
    bool isScanning() const;

    // Shows the cached answers for what is on screen now, or none.
    void refresh();
    // The histogram tab of an evaluation window follows the badges; its bar
    // clicks filter the browser.
    void attach(EvaluationWindow* window);

    static constexpr int kMaxEpsilon = 64; // as `advlab eval --min-eps`

Q_SIGNALS:
    void statusMessage(const QString& message);
    // A scan cache that exists but cannot be used (named, with why): worth the
    // error banner, once per file and problem, since the status line is
    // overwritten by the next triptych at once.
    void cacheIgnored(const QString& message);
    void scanFinished(const advlab::ui::FragilityResultsPtr& results);
    void scanFailed(const QString& message);
    // The judge in use changed (chosen, or its observer removed).
    void judgeChanged(const QString& key);

private:
    void onPartial(const FragilityResultsPtr& results);
    void onFinished(const FragilityResultsPtr& results);
    bool isOnScreen(const FragilityRequest& request) const;
    void rebuildJudgeActions();

    DatasetModel* m_images;
    DatasetBrowser* m_browser;
    ExplorerSession* m_session;
    QSet<QString> m_reportedWarnings; // cacheIgnored once per message
    ComputeEngine* m_engine;
    QPointer<ObserverList> m_observers; // a sibling child of the window, deleted before this
    QString m_judge;                    // as chosen; judge() checks it is still an observer
    FragilityScanner* m_scanner;
    FragilityCache m_cache;
    FragilityMode m_lastMode = FragilityMode::MinEpsilon;
    std::optional<FragilityRequest> m_running;
    QMenu* m_menu;              // a child of the window, so findChild reaches its actions
    QActionGroup* m_judgeGroup; // "Judged by": one checked action, its data the key
    QAction* m_judgeSection = nullptr;
    QPointer<QWidget> m_statusWidget; // owned by the status bar once added there
    QProgressBar* m_progress;
    QPushButton* m_cancel;
};

} // namespace advlab::ui
