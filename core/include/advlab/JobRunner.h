// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "advlab/CancelToken.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace advlab {

// Long-lived worker threads that run jobs in submission order. Each job gets
// its own CancelToken; the caller keeps a copy and cancels from any thread.
// No event loop needed, so the CLI, the benchmark and the GUI's Qt adapter
// share it. With one thread, a job can own thread-bound state (the model).
class JobRunner {
public:
    using Job = std::function<void(const CancelToken&)>;

    explicit JobRunner(int threads = 1);
    ~JobRunner(); // cancels queued and running jobs, then joins
    JobRunner(const JobRunner&) = delete;
    JobRunner& operator=(const JobRunner&) = delete;

    struct Ticket {
        std::uint64_t id = 0;
        CancelToken token;
    };
    Ticket submit(Job job);

    void cancelAll();          // cancel running and queued jobs (queued ones still run, see a set token, and return)
    void waitIdle();           // block until queue empty and no job running
    // Like waitIdle, for at most `timeout`: false when a job is still running
    // (one stuck inside a model's forward cannot be interrupted).
    bool waitIdleFor(std::chrono::milliseconds timeout);
    std::size_t pending() const;

private:
    void workerLoop();

    struct Entry {
        Ticket ticket;
        Job job;
    };
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_idle;
    std::deque<Entry> m_queue;
    std::vector<CancelToken> m_running;
    std::vector<std::thread> m_threads;
    std::uint64_t m_nextId = 1;
    int m_busy = 0;
    bool m_stopping = false;
};

} // namespace advlab
