// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <advlab/CancelToken.h>

#include <mutex>

namespace advlab::cli {

// Ctrl-C (SIGINT) and SIGTERM. The first one cancels interruptToken(), so
// the running command stops after the current gradient step, writes nothing
// partial and exits 128 + signal (130, 143); it says so at once, because a
// step waits for the model's forward, which nothing can interrupt. A second
// signal exits immediately. SIGTERM, sent by `timeout`, systemd or a batch
// system that will not send another, gets a short grace period and then
// exits without waiting for a model stuck in a forward.
void installInterruptHandler();
const CancelToken& interruptToken();
// 0 when no signal has arrived, else 128 + the first signal's number.
int interruptedExitCode();

// Hold one while writing an output file: the forced exit after SIGTERM
// waits for it, so it never leaves a file half-written or a temporary behind.
class OutputWriteGuard {
public:
    OutputWriteGuard();

private:
    std::lock_guard<std::mutex> m_lock;
};

} // namespace advlab::cli
