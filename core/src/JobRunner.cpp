// SPDX-License-Identifier: GPL-3.0-or-later
#include "advlab/JobRunner.h"

#include <algorithm>
#include <cstdio>
#include <exception>

namespace advlab {

JobRunner::JobRunner(int threads) {
    for (int i = 0; i < std::max(1, threads); ++i)
        m_threads.emplace_back([this] { workerLoop(); });
}

JobRunner::~JobRunner() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stopping = true;
        for (auto& e : m_queue)
            e.ticket.token.cancel();
        for (auto& t : m_running)
            t.cancel();
    }
    m_wake.notify_all();
    for (auto& t : m_threads)
        t.join();
}

JobRunner::Ticket JobRunner::submit(Job job) {
    Ticket ticket;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        ticket.id = m_nextId++;
        if (m_stopping)
            ticket.token.cancel();
        m_queue.push_back(Entry{ticket, std::move(job)});
    }
    m_wake.notify_one();
    return ticket;
}

void JobRunner::cancelAll() {
    std::lock_guard<std::mutex> lock(m_mutex);
    for (auto& e : m_queue)
        e.ticket.token.cancel();
    for (auto& t : m_running)
        t.cancel();
}

void JobRunner::waitIdle() {
    std::unique_lock<std::mutex> lock(m_mutex);
    m_idle.wait(lock, [this] { return m_queue.empty() && m_busy == 0; });
}

bool JobRunner::waitIdleFor(std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(m_mutex);
    return m_idle.wait_for(lock, timeout, [this] { return m_queue.empty() && m_busy == 0; });
}

std::size_t JobRunner::pending() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_queue.size() + static_cast<std::size_t>(m_busy);
}

void JobRunner::workerLoop() {
    for (;;) {
        Entry entry;
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
            if (m_queue.empty())
                return; // stopping and drained
            entry = std::move(m_queue.front());
            m_queue.pop_front();
            ++m_busy;
            m_running.push_back(entry.ticket.token);
        }
        try {
            // Jobs see their own token; queued jobs whose token was cancelled
            // still run so they can report "cancelled" to whoever waits.
            entry.job(entry.ticket.token);
        } catch (const std::exception& e) {
            // A job must report its own errors; one that escapes would end
            // the process via std::terminate, so log it and go on.
            std::fprintf(stderr, "advlab: job %llu failed: %s\n", static_cast<unsigned long long>(entry.ticket.id),
                         e.what());
        } catch (...) {
            std::fprintf(stderr, "advlab: job %llu failed with an unknown exception\n",
                         static_cast<unsigned long long>(entry.ticket.id));
        }
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            --m_busy;
            m_running.erase(std::remove_if(m_running.begin(), m_running.end(),
                                           [&](const CancelToken& t) { return t.sameAs(entry.ticket.token); }),
                            m_running.end());
            if (m_queue.empty() && m_busy == 0)
                m_idle.notify_all();
        }
    }
}

} // namespace advlab
