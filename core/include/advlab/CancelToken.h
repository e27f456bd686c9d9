// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <atomic>
#include <memory>

namespace advlab {

// Shared cancellation flag. Copies share one flag, so the GUI thread (or a
// SIGINT handler's watcher) can cancel work running on a worker thread
// without locks; attacks check it before every gradient step.
class CancelToken {
public:
    CancelToken() : m_flag(std::make_shared<std::atomic<bool>>(false)) {}
    void cancel() const { m_flag->store(true, std::memory_order_relaxed); }
    bool isCancelled() const { return m_flag->load(std::memory_order_relaxed); }
    bool sameAs(const CancelToken& o) const { return m_flag == o.m_flag; }

private:
    std::shared_ptr<std::atomic<bool>> m_flag;
};

} // namespace advlab
