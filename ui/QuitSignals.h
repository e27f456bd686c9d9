// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <functional>

namespace advlab::ui {

// SIGTERM, SIGINT and SIGHUP become `onQuit()` on the GUI thread (a
// self-pipe and a socket notifier), so a session logout or `kill` closes the
// window the normal way: settings are saved and jobs cancelled. A second
// signal, when the first one's orderly exit is stuck (a model inside one
// long forward pass), ends the process at once.
void quitOnSignals(std::function<void()> onQuit);

} // namespace advlab::ui
