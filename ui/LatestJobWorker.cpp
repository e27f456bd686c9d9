// SPDX-License-Identifier: GPL-3.0-or-later
#include "LatestJobWorker.h"

namespace advlab::ui {

void LatestJobWorker::start(Job job) {
    cancel();
    const quint64 id = m_generation.next();
    m_running = true;
    m_token = m_adapter.submit([this, id, job = std::move(job)](const CancelToken& token) {
        const Report report = [this, id](std::function<void()> fn) {
            m_adapter.postIfCurrent(m_generation, id, std::move(fn));
        };
        job(token, report);
    });
}

void LatestJobWorker::cancel() {
    if (m_token)
        m_token->cancel();
}

void LatestJobWorker::finish() {
    m_running = false;
    m_token.reset();
}

} // namespace advlab::ui
