// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <functional>

class QEventLoop;

namespace advlab::ui {

// Runs the Qt event loop until `done()` holds or `timeoutMs` passes, waking
// every `pollMs` (and at once when `connectWake` hooks a signal to the loop's
// quit). Drives the GUI exactly as in normal use, for the self-driving check
// modes (latency probe, screenshot tour). Returns false on timeout.
bool waitUntil(const std::function<bool()>& done, int timeoutMs, int pollMs,
               const std::function<void(QEventLoop&)>& connectWake = {});

} // namespace advlab::ui
