// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>

namespace advlab {

// CPU time counters in clock ticks (USER_HZ): `total` and `idle` summed over
// all CPUs (/proc/stat's "cpu" line; idle includes iowait), `self` this
// process's user + system time (/proc/self/stat).
struct CpuTimes {
    std::uint64_t total = 0;
    std::uint64_t idle = 0;
    std::uint64_t self = 0;
    bool valid = false; // false where /proc cannot be read (not Linux)
};

// Reads the counters now.
CpuTimes readCpuTimes();

// The number of cores that other processes kept busy between two samples:
// (busy time of all CPUs - this process's time) / elapsed time per core.
// 0 when the samples are invalid or no time passed; never negative.
double competingCores(const CpuTimes& before, const CpuTimes& after, int cores);

// Intra-op threads for the next job: the cores the competition leaves, at
// least 1 and at most `cores`. A competitor counts once it uses more than
// half a core, so a background blip does not halve a 2-core machine.
int threadsLeft(double competing, int cores);

// The default thread policy of interactive jobs. On a 2-core CPU with one
// competing busy process, two intra-op threads thrash (OpenMP's barriers wait
// for a thread that is descheduled): the GUI's I-FGSM-10 triptych took 2.16 s
// instead of 0.57 s idle, and 1.10 s with one thread (issue 12); on a heavily
// loaded machine 30 s against 2.5 s (bench/RESULTS.md). So before each job the
// compute thread samples the counters and runs with the cores left.
class AdaptiveThreads {
public:
    // cores <= 0: the hardware's. A window shorter than minWindowTicks (per
    // core, 10 ms ticks) keeps the last decision and keeps accumulating.
    explicit AdaptiveThreads(int cores = 0, int minWindowTicks = 15);

    // The thread count for the next job, from the time since the last
    // window closed (the first call only starts one: all cores).
    int update();
    int update(const CpuTimes& now); // the arithmetic, for tests

    int cores() const { return m_cores; }
    int threads() const { return m_threads; }
    double lastCompeting() const { return m_competing; }

private:
    int m_cores;
    int m_minWindowTicks;
    CpuTimes m_baseline;
    int m_threads;
    double m_competing = 0.0;
};

// For the calling thread (LibTorch's OpenMP thread count is per thread):
// ADVLAB_THREADS when set, else the policy's update(). Returns the count set.
int applyAdaptiveThreads(AdaptiveThreads& policy);

} // namespace advlab
