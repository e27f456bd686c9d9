// SPDX-License-Identifier: GPL-3.0-or-later
#include "LatencyProbe.h"

#include "AttackPanel.h"
#include "ComputeEngine.h"
#include "EventWait.h"
#include "MainWindow.h"
#include "ReplayFrame.h"
#include "TriptychView.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QSlider>
#include <QTimer>
#include <algorithm>
#include <numeric>

namespace advlab::ui {

LatencyProbe::LatencyProbe(MainWindow* window) : m_window(window) {}

bool LatencyProbe::waitFor(const std::function<bool()>& done, int timeoutMs) {
    // Wake on triptychUpdated too, so the measured latency is not rounded up
    // to the next poll.
    return waitUntil(done, timeoutMs, 20, [this](QEventLoop& loop) {
        QObject::connect(m_window, &MainWindow::triptychUpdated, &loop, &QEventLoop::quit);
    });
}

bool LatencyProbe::waitUntilReady(int timeoutMs, QString* error) {
    const bool ok = waitFor(
        [this] {
            return m_window->engine()->isModelReady() && m_window->currentResult() &&
                   !m_window->engine()->isBusy();
        },
        timeoutMs);
    if (!ok && error)
        *error =
            QStringLiteral("the model or the first triptych was not ready within %1 s").arg(timeoutMs / 1000);
    return ok;
}

LatencyProbe::Stats LatencyProbe::measure(const Scenario& scenario, int samples, int timeoutMs) {
    Stats stats;
    stats.name = scenario.name;
    AttackPanel* panel = m_window->attackPanel();
    AttackConfig config = panel->config();
    config.method = static_cast<AttackMethod>(scenario.method);
    config.iterations = scenario.iterations;
    config.stepSize = 0.0f;
    panel->setConfig(config);
    // Let the settings change itself finish first; it is not a slider release.
    waitFor([this] { return !m_window->engine()->isBusy(); }, timeoutMs);
    waitFor(
        [this, config] {
            const auto r = m_window->currentResult();
            return r && r->config.method == config.method &&
                   r->config.effectiveIterations() == config.effectiveIterations() &&
                   !m_window->engine()->isBusy();
        },
        timeoutMs);

    QSlider* slider = panel->epsilonSlider();
    for (int attempt = 0; stats.samplesMs.size() < samples && attempt < 4 * samples; ++attempt) {
        int eps = 1 + (m_nextEpsilon++ % AttackPanel::kEpsilonSliderMax);
        if (eps == slider->value()) // no change would mean no new attack
            eps = 1 + (m_nextEpsilon++ % AttackPanel::kEpsilonSliderMax);
        double ms = -1.0, firstMs = -1.0;
        bool cached = false;
        QElapsedTimer clock;
        // The first step the user sees change (step 1: one gradient step
        // taken); connected after the replay controller, so its repaint
        // counts the panels it has just updated.
        QMetaObject::Connection step = QObject::connect(
            m_window->engine(), &ComputeEngine::triptychStep, m_window, [&](const ReplayFramePtr& f) {
                if (firstMs >= 0 || f->step < 1 || f->step == f->steps ||
                    f->generation != m_window->engine()->latestGeneration())
                    return;
                m_window->triptychView()->repaint();
                firstMs = static_cast<double>(clock.nsecsElapsed()) / 1e6;
            });
        // Connected before the release: a cached answer arrives synchronously.
        QMetaObject::Connection c = QObject::connect(
            m_window, &MainWindow::triptychUpdated, m_window, [&](const TriptychResultPtr& r) {
                if (static_cast<int>(r->config.epsilon) != eps || ms >= 0)
                    return;
                m_window->triptychView()->repaint(); // count the paint the user sees
                ms = static_cast<double>(clock.nsecsElapsed()) / 1e6;
                cached = r->fromCache;
            });
        // A drag to eps, then the release that the user waits on.
        slider->setSliderDown(true);
        slider->setValue(eps);
        clock.start();
        slider->setSliderDown(false); // emits sliderReleased: the panel flushes at once
        waitFor([&] { return ms >= 0; }, timeoutMs);
        QObject::disconnect(c);
        QObject::disconnect(step);
        if (ms >= 0 && !cached) { // settings seen before measure the cache, not the attack
            stats.samplesMs.push_back(ms);
            if (firstMs >= 0)
                stats.firstSamplesMs.push_back(firstMs);
            stats.threads.push_back(m_window->engine()->interactiveThreads());
        }
        waitFor([this] { return !m_window->engine()->isBusy(); }, timeoutMs);
    }
    if (!stats.samplesMs.isEmpty()) {
        QVector<double> s = stats.samplesMs;
        std::sort(s.begin(), s.end());
        stats.medianMs = s.size() % 2 ? s[s.size() / 2] : 0.5 * (s[s.size() / 2 - 1] + s[s.size() / 2]);
        stats.meanMs = std::accumulate(s.begin(), s.end(), 0.0) / s.size();
        stats.minMs = s.front();
        stats.maxMs = s.back();
    }
    if (!stats.firstSamplesMs.isEmpty()) {
        QVector<double> s = stats.firstSamplesMs;
        std::sort(s.begin(), s.end());
        stats.firstMedianMs = s.size() % 2 ? s[s.size() / 2] : 0.5 * (s[s.size() / 2 - 1] + s[s.size() / 2]);
    }
    return stats;
}

QString LatencyProbe::format(const Stats& s) {
    auto list = [](const QVector<double>& v) {
        QStringList out;
        for (double x : v)
            out << QString::number(x, 'f', 0);
        return out.join(QStringLiteral(", "));
    };
    QStringList threads;
    for (int t : s.threads)
        threads << QString::number(t);
    QString text =
        QStringLiteral("%1: slider release -> final triptych: median %2 ms, mean %3 ms, min %4 ms, max %5 ms "
                       "over %6 samples [%7]")
            .arg(s.name)
            .arg(s.medianMs, 0, 'f', 0)
            .arg(s.meanMs, 0, 'f', 0)
            .arg(s.minMs, 0, 'f', 0)
            .arg(s.maxMs, 0, 'f', 0)
            .arg(s.samplesMs.size())
            .arg(list(s.samplesMs));
    if (!s.firstSamplesMs.isEmpty())
        text += QStringLiteral("; -> first step shown: median %1 ms [%2]")
                    .arg(s.firstMedianMs, 0, 'f', 0)
                    .arg(list(s.firstSamplesMs));
    text += QStringLiteral("; threads [%1]").arg(threads.join(QStringLiteral(",")));
    return text;
}

} // namespace advlab::ui
