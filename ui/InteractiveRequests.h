// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>
#include <advlab/CancelToken.h>
#include <optional>

namespace advlab::ui {

// The bookkeeping of the compute-thread services that answer the view
// (observers, attribution): every request gets an id; an interactive one
// cancels the previous interactive job through its token and supersedes it,
// so a late answer for images no longer shown is dropped, not displayed.
// Non-interactive requests (exports) are never cancelled or dropped.
// GUI thread only.
class InteractiveRequests {
public:
    // A new request's id. An interactive one cancels and supersedes the
    // previous interactive request first.
    quint64 begin(bool interactive);
    // The queued job's token, so the next interactive request can cancel it.
    void started(quint64 id, const CancelToken& token);
    // Cancels the interactive job and drops its answer (a new attack goes first).
    void cancel();
    // Whether request `id`'s answer is still wanted: a non-interactive one
    // always is, an interactive one until something supersedes it.
    bool wanted(quint64 id, bool interactive) const { return !interactive || id == m_interactive; }

private:
    quint64 m_nextId = 0;
    quint64 m_interactive = 0; // the latest interactive request
    std::optional<CancelToken> m_token;
};

} // namespace advlab::ui
