// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <advlab/CancelToken.h>
#include <functional>
#include <memory>

namespace advlab {
class JobRunner;
}

namespace advlab::ui {

// Which job of one kind is the latest (Qt's Mandelbrot example): each new
// job supersedes the previous, whose results are then dropped. Read and
// written on the GUI thread only.
class Generation {
public:
    quint64 next() { return ++m_current; }
    quint64 current() const { return m_current; }
    bool isCurrent(quint64 id) const { return id == m_current; }

private:
    quint64 m_current = 0;
};

// The Qt side of one long-lived compute thread (core's JobRunner), shared by
// ComputeEngine and EvaluationEngine: jobs run in order on the thread, each
// with one cancel token (the runner's, which the caller also keeps), and
// finished plain values come back to the receiver's thread as queued calls.
class WorkerAdapter {
public:
    explicit WorkerAdapter(QObject* receiver);
    // Cancels and joins: a running job stops at its next cancellation check.
    ~WorkerAdapter();
    WorkerAdapter(const WorkerAdapter&) = delete;
    WorkerAdapter& operator=(const WorkerAdapter&) = delete;

    // Returns the job's token: cancel() on it stops this job only.
    CancelToken submit(std::function<void(const CancelToken&)> work);
    void cancelAll();
    // False when a job is still running after `ms` (stuck inside a forward).
    bool waitIdleFor(int ms);

    // From the compute thread: runs `fn` on the receiver's thread. Calls
    // still queued when the receiver is destroyed are dropped with it.
    void post(std::function<void()> fn) const;
    // The same, but only while job `id` is still `generation`'s latest when
    // `fn` would run, so a stale job can never overwrite a newer one.
    void postIfCurrent(const Generation& generation, quint64 id, std::function<void()> fn) const;

private:
    QObject* m_receiver;
    std::unique_ptr<JobRunner> m_runner;
};

} // namespace advlab::ui
