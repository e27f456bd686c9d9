// SPDX-License-Identifier: GPL-3.0-or-later
#include "InteractiveRequests.h"

namespace advlab::ui {

quint64 InteractiveRequests::begin(bool interactive) {
    if (interactive)
        cancel();
    const quint64 id = ++m_nextId;
    if (interactive)
        m_interactive = id;
    return id;
}

void InteractiveRequests::started(quint64 id, const CancelToken& token) {
    // Only an interactive request's job is kept for cancelling: exports
    // (non-interactive) always run to the end.
    if (id == m_interactive)
        m_token = token;
}

void InteractiveRequests::cancel() {
    if (m_token)
        m_token->cancel();
    m_token.reset();
    m_interactive = ++m_nextId; // an id no request has: whatever was running is dropped
}

} // namespace advlab::ui
