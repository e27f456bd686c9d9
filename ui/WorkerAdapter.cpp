// SPDX-License-Identifier: GPL-3.0-or-later
#include "WorkerAdapter.h"

#include <QMetaObject>
#include <advlab/JobRunner.h>
#include <chrono>

namespace advlab::ui {

WorkerAdapter::WorkerAdapter(QObject* receiver)
    : m_receiver(receiver), m_runner(std::make_unique<JobRunner>(1)) {}

WorkerAdapter::~WorkerAdapter() {
    m_runner->cancelAll();
    m_runner.reset();
}

CancelToken WorkerAdapter::submit(std::function<void(const CancelToken&)> work) {
    return m_runner->submit(std::move(work)).token;
}

void WorkerAdapter::cancelAll() {
    m_runner->cancelAll();
}

bool WorkerAdapter::waitIdleFor(int ms) {
    return m_runner->waitIdleFor(std::chrono::milliseconds(ms));
}

void WorkerAdapter::post(std::function<void()> fn) const {
    QMetaObject::invokeMethod(m_receiver, std::move(fn), Qt::QueuedConnection);
}

void WorkerAdapter::postIfCurrent(const Generation& generation, quint64 id, std::function<void()> fn) const {
    const Generation* g = &generation; // owned by the receiver, so alive whenever fn runs
    post([g, id, fn = std::move(fn)] {
        if (g->isCurrent(id))
            fn();
    });
}

} // namespace advlab::ui
