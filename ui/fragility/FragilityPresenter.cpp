// SPDX-License-Identifier: GPL-3.0-or-later
#include "FragilityPresenter.h"

#include "ComputeEngine.h"
#include "DatasetBrowser.h"
#include "DatasetModel.h"
#include "ExplorerSession.h"
#include "FragilityScanner.h"
#include "ObserverList.h"
#include "eval/EvaluationWindow.h"

#include <QAction>
#include <QActionGroup>
#include <QHBoxLayout>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <advlab/Defence.h>

namespace advlab::ui {

namespace {
const auto kJudgeKey = QStringLiteral("fragility/judge");
const auto kWhiteBox = QStringLiteral("none");
} // namespace

FragilityPresenter::FragilityPresenter(DatasetModel* images, DatasetBrowser* browser,
                                       ExplorerSession* session, ComputeEngine* engine,
                                       ObserverList* observers, QWidget* window)
    : QObject(window), m_images(images), m_browser(browser), m_session(session), m_engine(engine),
      m_observers(observers), m_judge(QSettings().value(kJudgeKey, kWhiteBox).toString()),
      m_scanner(new FragilityScanner(this)), m_menu(new QMenu(tr("&Scan dataset"), window)),
      m_judgeGroup(new QActionGroup(this)), m_statusWidget(new QWidget),
      m_progress(new QProgressBar(m_statusWidget)),
      m_cancel(new QPushButton(tr("Stop scan"), m_statusWidget)) {
    m_menu->setObjectName(QStringLiteral("menuScanDataset"));
    m_menu->setToolTipsVisible(true);
    QAction* minEps = m_menu->addAction(tr("&Minimal ε of every image (up to %1)").arg(kMaxEpsilon));
    minEps->setObjectName(QStringLiteral("actionScanMinEpsilon"));
    minEps->setToolTip(tr("The smallest ε at which the current non-targeted attack fools each image "
                          "(as advlab eval --min-eps); runs in the background"));
    QAction* atEps = m_menu->addAction(tr("&Current attack at the current ε (fooled / robust)"));
    atEps->setObjectName(QStringLiteral("actionScanAtEpsilon"));
    atEps->setToolTip(tr("Whether the current non-targeted attack fools each image at the slider's ε"));
    auto start = [this](FragilityMode mode) {
        QString error;
        if (!startScan(mode, &error))
            Q_EMIT scanFailed(error);
    };
    connect(minEps, &QAction::triggered, this, [start] { start(FragilityMode::MinEpsilon); });
    connect(atEps, &QAction::triggered, this, [start] { start(FragilityMode::AtEpsilon); });
    m_menu->addSection(tr("Judged by"));
    if (m_judge != kWhiteBox && (!m_observers || !m_observers->keys().contains(m_judge))) {
        // Its observer is gone (dropped on load, or removed in another
        // window): white-box, saved, so it does not return unasked next time.
        m_judge = kWhiteBox;
        QSettings().setValue(kJudgeKey, m_judge);
    }
    m_judgeGroup->setExclusive(true);
    connect(m_judgeGroup, &QActionGroup::triggered, this,
            [this](QAction* action) { setJudge(action->data().toString()); });
    rebuildJudgeActions();
    if (m_observers)
        connect(m_observers, &ObserverList::changed, this, [this] {
            if (!m_observers->keys().contains(m_judge) && m_judge != kWhiteBox) {
                setJudge(kWhiteBox); // a removed judge does not come back unasked with its observer
                return;
            }
            rebuildJudgeActions();
            refresh();
        });

    m_statusWidget->setObjectName(QStringLiteral("scanStatus"));
    m_progress->setObjectName(QStringLiteral("scanProgress"));
    // Wide enough for its text at any count: "scan 1234/5000".
    m_progress->setMinimumWidth(m_progress->fontMetrics().horizontalAdvance(tr("scan 00000/00000")) + 24);
    m_progress->setFormat(tr("scan %v/%m"));
    m_progress->setToolTip(tr("Images scanned"));
    m_progress->setTextVisible(true);
    m_cancel->setObjectName(QStringLiteral("scanCancel"));
    m_cancel->setToolTip(tr("Stop the dataset scan (results so far are discarded)"));
    auto* layout = new QHBoxLayout(m_statusWidget);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_progress);
    layout->addWidget(m_cancel);
    m_statusWidget->hide();
    connect(m_cancel, &QPushButton::clicked, this, &FragilityPresenter::cancel);

    connect(m_scanner, &FragilityScanner::progress, this, [this](int done, int total) {
        m_progress->setRange(0, std::max(1, total));
        m_progress->setValue(std::min(done, total));
    });
    connect(m_scanner, &FragilityScanner::partialResults, this, &FragilityPresenter::onPartial);
    connect(m_scanner, &FragilityScanner::finished, this, &FragilityPresenter::onFinished);
    connect(m_scanner, &FragilityScanner::failed, this, [this](const QString& message) {
        m_running.reset();
        m_statusWidget->hide();
        Q_EMIT scanFailed(tr("Dataset scan failed: %1").arg(message));
    });
    connect(m_scanner, &FragilityScanner::cancelled, this, [this] {
        m_running.reset();
        m_statusWidget->hide();
        refresh(); // back to what the cache knows
        Q_EMIT statusMessage(tr("Dataset scan cancelled."));
    });
}

FragilityPresenter::~FragilityPresenter() {
    if (m_statusWidget && !m_statusWidget->parent())
        delete m_statusWidget.data();
}

QString FragilityPresenter::judge() const {
    return m_observers && m_observers->keys().contains(m_judge) ? m_judge : kWhiteBox;
}

void FragilityPresenter::setJudge(const QString& key) {
    // Canonical, so "None", " none" or another spelling of a model path is
    // the same choice, the same cache entry and the same menu check.
    QString next = kWhiteBox;
    try {
        const DefenceConfig d = parseDefence(key.trimmed().isEmpty() ? "none" : key.trimmed().toStdString());
        if (!d.isAttackedModelAlone())
            next = ObserverList::normalise(key.trimmed(), nullptr);
    } catch (const std::exception&) {
        next = kWhiteBox; // not a key: nothing to judge by
    }
    if (next.isEmpty())
        next = kWhiteBox;
    if (next == m_judge)
        return;
    m_judge = next;
    QSettings().setValue(kJudgeKey, m_judge);
    rebuildJudgeActions();
    refresh(); // that judge's cached answers, if any
    Q_EMIT judgeChanged(judge());
}

void FragilityPresenter::rebuildJudgeActions() {
    for (QAction* a : m_judgeGroup->actions()) {
        m_judgeGroup->removeAction(a);
        m_menu->removeAction(a);
        a->deleteLater();
    }
    const QString current = judge();
    auto add = [this, &current](const QString& key, const QString& text, const QString& tip) {
        auto* a = new QAction(text, m_menu);
        a->setObjectName(QStringLiteral("actionScanJudge"));
        a->setData(key);
        a->setCheckable(true);
        a->setChecked(key == current);
        a->setToolTip(tip);
        m_judgeGroup->addAction(a);
        m_menu->addAction(a);
    };
    add(kWhiteBox, tr("the attacked model (white-box)"),
        tr("An image counts as fooled when the attacked model is fooled"));
    const QStringList keys = m_observers ? m_observers->keys() : QStringList();
    for (const QString& key : keys) {
        bool ownModel = false;
        try {
            ownModel = parseDefence(key.toStdString()).usesOwnModel();
        } catch (const std::exception&) {
            continue; // ObserverList keeps only keys that parse
        }
        add(key, tr("%1 (%2)").arg(ObserverList::displayName(key), ownModel ? tr("transfer") : tr("defence")),
            ownModel ? tr("The attack runs on the attacked model; an image counts as fooled when this "
                          "observer is (the minimal ε that transfers)")
                     : tr("The attack runs on the attacked model; an image counts as fooled when the "
                          "attacked model is fooled behind this defence"));
    }
}

std::optional<FragilityRequest> FragilityPresenter::currentRequest(FragilityMode mode, QString* error) const {
    auto fail = [error](const QString& why) -> std::optional<FragilityRequest> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (!m_session->dataset())
        return fail(tr("Open a dataset first."));
    if (m_engine->memberPaths().isEmpty() || m_engine->hasModelError())
        return fail(tr("No model is loaded."));
    FragilityRequest r;
    r.datasetRoot = m_session->datasetRoot();
    r.modelPaths = m_engine->memberPaths();
    r.modelWeights = m_engine->modelWeights();
    r.config = m_session->settings().config;
    r.config.targeted = false;
    r.mode = mode;
    r.maxEpsilon = kMaxEpsilon;
    r.judge = judge();
    return r;
}

bool FragilityPresenter::startScan(FragilityMode mode, QString* error) {
    const auto request = currentRequest(mode, error);
    if (!request)
        return false;
    m_lastMode = mode;
    m_running = request;
    m_progress->setRange(0, std::max(1, m_session->imageCount()));
    m_progress->setValue(0);
    m_statusWidget->show();
    // A superseded scan stops at its next step, or, inside a model's forward
    // pass, when that pass returns: until then this one waits behind it.
    const bool queued = m_scanner->isRunning();
    m_scanner->start(*request);
    const QString what =
        mode == FragilityMode::MinEpsilon
            ? tr("minimal ε of %1").arg(QString::fromStdString(request->keyedConfig().attackName()))
            : QString::fromStdString(request->keyedConfig().describe());
    QString message = request->judgedElsewhere()
                          ? tr("Scanning %1 images: %2, judged by %3…")
                                .arg(m_session->imageCount())
                                .arg(what, ObserverList::displayName(request->judge))
                          : tr("Scanning %1 images: %2…").arg(m_session->imageCount()).arg(what);
    if (queued)
        message += tr(" (after the previous scan stops: it waits for its model's current pass)");
    Q_EMIT statusMessage(message);
    return true;
}

void FragilityPresenter::cancel() {
    m_scanner->cancel();
    // A model's forward pass cannot be interrupted: say what the stop waits for.
    if (m_scanner->isRunning())
        Q_EMIT statusMessage(
            tr("Stopping the dataset scan: waiting for the model's current pass to return…"));
}

bool FragilityPresenter::isScanning() const {
    return m_scanner->isRunning();
}

bool FragilityPresenter::isOnScreen(const FragilityRequest& request) const {
    const auto now = currentRequest(request.mode);
    return now && FragilityCache::keyFor(*now) == FragilityCache::keyFor(request);
}

void FragilityPresenter::onPartial(const FragilityResultsPtr& results) {
    if (m_running && isOnScreen(*m_running))
        m_images->setFragility(results);
}

void FragilityPresenter::onFinished(const FragilityResultsPtr& results) {
    const FragilityRequest request = *m_running;
    m_running.reset();
    m_statusWidget->hide();
    QString error;
    const bool saved = m_cache.save(request, *results, &error);
    if (isOnScreen(request))
        m_images->setFragility(results);
    const int scanned = results->scannedCount();
    QString message = tr("Dataset scan done: %1 images (%2).").arg(scanned).arg(results->attack);
    if (scanned < results->size())
        message += tr(" %1 images have no result: they could not be read, or the model%2 gave no "
                      "prediction for them (NaN or infinite logits).")
                       .arg(results->size() - scanned)
                       .arg(request.judgedElsewhere() ? tr(" or the judge") : QString());
    if (!saved)
        message += tr(" Not cached: %1").arg(error);
    Q_EMIT statusMessage(message);
    Q_EMIT scanFinished(results);
}

void FragilityPresenter::refresh() {
    if (m_running && isOnScreen(*m_running))
        return; // the running scan's partial answers stay on show
    for (FragilityMode mode :
         {m_lastMode,
          m_lastMode == FragilityMode::MinEpsilon ? FragilityMode::AtEpsilon : FragilityMode::MinEpsilon}) {
        const auto request = currentRequest(mode);
        if (!request)
            break;
        QString warning;
        auto cached = m_cache.load(*request, &warning);
        if (cached && cached->size() != m_images->rowCount()) {
            warning = tr("%1: scan cache ignored: it has %2 images, the dataset %3")
                          .arg(m_cache.fileFor(FragilityCache::keyFor(*request)))
                          .arg(cached->size())
                          .arg(m_images->rowCount());
            cached.reset();
        }
        if (!warning.isEmpty() && !m_reportedWarnings.contains(warning)) {
            m_reportedWarnings.insert(warning);
            Q_EMIT cacheIgnored(warning);
        }
        if (cached) {
            m_images->setFragility(std::make_shared<const FragilityResults>(std::move(*cached)));
            return;
        }
    }
    if (m_images->fragility())
        m_images->setFragility(nullptr);
}

void FragilityPresenter::attach(EvaluationWindow* window) {
    window->setFragility(m_images->fragility());
    connect(m_images, &DatasetModel::fragilityChanged, window,
            [this, window] { window->setFragility(m_images->fragility()); });
    connect(window, &EvaluationWindow::fragilityBinClicked, m_browser, &DatasetBrowser::setFragilityRange);
}

} // namespace advlab::ui
