// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "advlab/CancelToken.h"

#include <cstddef>
#include <string>
#include <vector>

namespace advlab {

struct ProcessOptions {
    std::vector<std::string> argv; // argv[0] is the program's path (no PATH search)
    std::string workingDir;
    double timeoutSeconds = 0;                      // <= 0: no limit
    std::string stdoutPath;                         // the child's stdout; empty: discarded
    std::string stderrPath;                         // the child's stderr; empty: discarded
    std::size_t maxLogBytes = std::size_t(1) << 20; // per stream; the rest is counted, not kept
};

struct ProcessResult {
    bool started = false;
    std::string startError; // why it did not start (exec failure), when !started
    int exitCode = -1;      // when it exited normally
    int signal = 0;         // when a signal ended it
    bool timedOut = false;
    bool cancelled = false;
    std::size_t outputBytes = 0;  // everything it printed, both streams
    std::size_t droppedBytes = 0; // beyond maxLogBytes of either stream, not in the logs
    double seconds = 0;

    bool succeeded() const { return started && !timedOut && !cancelled && signal == 0 && exitCode == 0; }
    // "exit code 1", "timed out after 2 s (process group killed)", ...
    std::string describe() const;
};

// Runs a program as a child in its own process group, stdin from /dev/null,
// stdout and stderr into two bounded logs. On time-out or cancel the whole
// group gets SIGKILL; when the child itself ends, anything it left running in
// its group is killed too, so no stray grandchild outlives the run. Never
// throws for the child's failures; they are in the result. Throws
// std::runtime_error when a log cannot be created or fork fails.
ProcessResult runProcess(const ProcessOptions& options, const CancelToken* cancel = nullptr);

} // namespace advlab
