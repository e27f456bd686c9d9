// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "WorkerAdapter.h"

#include <QObject>
#include <functional>
#include <optional>

namespace advlab::ui {

// A long-lived compute thread that runs one kind of long job where only the
// latest counts (the evaluation window's runs, the dataset scan, the
// competition window's runs): starting a
// job cancels the running one, and a superseded job's reports are dropped
// before they reach the GUI thread (Qt's Mandelbrot example). GUI thread
// only, except the `report` a job is given, which is called on the compute
// thread and runs its function on the receiver's thread.
class LatestJobWorker {
public:
    using Report = std::function<void(std::function<void()>)>;
    using Job = std::function<void(const CancelToken& token, const Report& report)>;

    // The receiver should own the worker (a member, declared last): its
    // destruction then joins the thread before queued reports die with it.
    explicit LatestJobWorker(QObject* receiver) : m_adapter(receiver) {}

    // Cancels the running job (if any) and queues `job`; running until finish().
    void start(Job job);
    void cancel();
    // The job's last report calls this (done, failed or cancelled).
    void finish();
    bool isRunning() const { return m_running; }
    bool waitIdleFor(int ms) { return m_adapter.waitIdleFor(ms); }

private:
    Generation m_generation;
    std::optional<CancelToken> m_token;
    bool m_running = false;
    WorkerAdapter m_adapter; // last: destroyed (joined) first
};

} // namespace advlab::ui
