// SPDX-License-Identifier: GPL-3.0-or-later
#include "advlab/ThreadPolicy.h"

#include <ATen/Parallel.h>
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

namespace advlab {

CpuTimes readCpuTimes() {
    CpuTimes t;
    std::ifstream stat("/proc/stat");
    std::string cpu;
    if (!(stat >> cpu) || cpu != "cpu")
        return t;
    // user nice system idle iowait irq softirq steal (guest time is already in user)
    std::uint64_t v[8] = {};
    for (auto& x : v)
        if (!(stat >> x))
            return t;
    for (auto x : v)
        t.total += x;
    t.idle = v[3] + v[4];

    std::ifstream self("/proc/self/stat");
    std::string line;
    if (!std::getline(self, line))
        return t;
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    const auto close = line.rfind(')');
    if (close == std::string::npos)
        return t;
    std::istringstream rest(line.substr(close + 1));
    std::string field;
    // Fields 3..13 precede utime (14) and stime (15).
    for (int i = 3; i <= 13; ++i)
        if (!(rest >> field))
            return t;
    std::uint64_t utime = 0, stime = 0;
    if (!(rest >> utime >> stime))
        return t;
    t.self = utime + stime;
    t.valid = true;
    return t;
}

double competingCores(const CpuTimes& before, const CpuTimes& after, int cores) {
    if (!before.valid || !after.valid || cores < 1 || after.total <= before.total)
        return 0.0;
    const double elapsed = static_cast<double>(after.total - before.total);
    const double idle = after.idle >= before.idle ? static_cast<double>(after.idle - before.idle) : 0.0;
    const double self = after.self >= before.self ? static_cast<double>(after.self - before.self) : 0.0;
    const double others = std::max(0.0, elapsed - idle - self);
    return std::min(static_cast<double>(cores), others / elapsed * cores);
}

int threadsLeft(double competing, int cores) {
    cores = std::max(1, cores);
    // Counted from half a core up: 0.49 -> 0, 0.5 -> 1, 1.4 -> 1.
    const int taken = static_cast<int>(std::floor(std::max(0.0, competing) + 0.5));
    return std::clamp(cores - taken, 1, cores);
}

AdaptiveThreads::AdaptiveThreads(int cores, int minWindowTicks)
    : m_cores(cores > 0 ? cores : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()))),
      m_minWindowTicks(std::max(1, minWindowTicks)), m_threads(m_cores) {}

int AdaptiveThreads::update() {
    return update(readCpuTimes());
}

int AdaptiveThreads::update(const CpuTimes& now) {
    if (!now.valid)
        return m_threads;
    if (!m_baseline.valid || now.total < m_baseline.total) {
        m_baseline = now;
        return m_threads;
    }
    if (now.total - m_baseline.total < static_cast<std::uint64_t>(m_minWindowTicks) * m_cores)
        return m_threads; // too short to tell a competitor from noise
    m_competing = competingCores(m_baseline, now, m_cores);
    m_threads = threadsLeft(m_competing, m_cores);
    m_baseline = now;
    return m_threads;
}

int applyAdaptiveThreads(AdaptiveThreads& policy) {
    int threads = 0;
    if (const char* env = std::getenv("ADVLAB_THREADS"))
        threads = std::atoi(env);
    if (threads <= 0)
        threads = policy.update();
    if (at::get_num_threads() != threads)
        at::set_num_threads(threads);
    return threads;
}

} // namespace advlab
