// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>

namespace advlab {

// Sets LibTorch's intra-op thread count explicitly (on these machines it
// otherwise defaults to 1 thread, about 5x slower). threads <= 0 uses
// ADVLAB_THREADS or the hardware concurrency, unless a count was already set
// (so Classifier::load keeps an explicit --threads). Safe to call more than once.
//
// The first call also tunes glibc's allocator for tensor workloads (see
// keepFreedMemory() in TorchRuntime.cpp); ADVLAB_MALLOC_TUNING=0 leaves it alone.
void initTorchRuntime(int threads = 0);
// Whether the allocator tuning is in effect in this process.
bool mallocTuned();
// The same tuning as glibc environment variables ("MALLOC_MMAP_MAX_=0 ..."),
// for a process that does not call initTorchRuntime (the bench's Python
// reference, measured like with like).
std::string mallocTuningEnvironment();
int torchThreads();
bool cudaAvailable();
std::string torchVersion();

} // namespace advlab
