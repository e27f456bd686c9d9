// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QVector>
#include <functional>

namespace advlab::ui {

class MainWindow;

// Measures what a user feels: the time from letting go of the ε slider to an
// updated, repainted triptych, through the real window, engine and model.
// Each sample uses an ε not seen before, so no answer comes from the cache.
// Used by `adversarial-lab-tools --measure-latency` (a benchmark, not a test).
class LatencyProbe {
public:
    struct Scenario {
        QString name;
        int method = 0; // advlab::AttackMethod as int
        int iterations = 1;
    };
    struct Stats {
        QString name;
        QVector<double> samplesMs; // slider release -> final triptych painted
        double medianMs = 0, meanMs = 0, minMs = 0, maxMs = 0;
        // Slider release -> first progressive step (after one gradient step)
        // painted; empty for single-step methods, whose first step is the final one.
        QVector<double> firstSamplesMs;
        double firstMedianMs = 0;
        QVector<int> threads; // intra-op threads of each sample's job
    };

    explicit LatencyProbe(MainWindow* window);

    // Waits (event loop running) for the model and the first triptych, then
    // measures `samples` slider releases per scenario. Returns false with a
    // message if the window never becomes ready within timeoutMs.
    bool waitUntilReady(int timeoutMs, QString* error);
    Stats measure(const Scenario& scenario, int samples, int timeoutMs);

    static QString format(const Stats& stats);

private:
    bool waitFor(const std::function<bool()>& done, int timeoutMs);

    MainWindow* m_window;
    int m_nextEpsilon = 1;
};

} // namespace advlab::ui
