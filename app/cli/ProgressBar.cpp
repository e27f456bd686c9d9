// SPDX-License-Identifier: GPL-3.0-or-later
#include "ProgressBar.h"

#include <cstdio>
#include <unistd.h>

namespace advlab::cli {

ProgressBar::ProgressBar(std::string label)
    : m_label(std::move(label)), m_tty(::isatty(STDERR_FILENO) != 0), m_start(std::chrono::steady_clock::now()),
      m_last(m_start) {}

void ProgressBar::update(int done, int total) {
    if (!m_tty || total <= 0)
        return;
    const auto now = std::chrono::steady_clock::now();
    if (done < total && m_drawn && now - m_last < std::chrono::milliseconds(100))
        return;
    m_last = now;
    m_drawn = true;
    const int width = 30;
    const int filled = static_cast<int>(static_cast<long long>(width) * done / total);
    const double elapsed = std::chrono::duration<double>(now - m_start).count();
    const double eta = done > 0 ? elapsed * (total - done) / done : 0.0;
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.append(static_cast<std::size_t>(width - filled), '.');
    std::fprintf(stderr, "\r%s [%s] %d/%d  %.0fs elapsed, ~%.0fs left ", m_label.c_str(), bar.c_str(), done, total,
                 elapsed, eta);
    std::fflush(stderr);
}

void ProgressBar::finish() {
    if (m_tty && m_drawn)
        std::fprintf(stderr, "\n");
    m_drawn = false;
}

} // namespace advlab::cli
