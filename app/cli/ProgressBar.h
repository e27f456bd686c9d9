// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <chrono>
#include <string>

namespace advlab::cli {

// A one-line progress bar on stderr, redrawn at most ~10 times a second and
// only when stderr is a terminal (logs stay clean in CI).
class ProgressBar {
public:
    explicit ProgressBar(std::string label);
    void update(int done, int total);
    void finish();

private:
    std::string m_label;
    bool m_tty;
    bool m_drawn = false;
    std::chrono::steady_clock::time_point m_start, m_last;
};

} // namespace advlab::cli
