// SPDX-License-Identifier: GPL-3.0-or-later
#include "advlab/TorchRuntime.h"

#include <torch/cuda.h>
#include <torch/script.h>
#include <ATen/Parallel.h>
#include <torch/version.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace advlab {

namespace {
std::mutex g_mutex;
int g_threads = 0;
bool g_mallocTuned = false;

// glibc hands every block above its mmap threshold (at most 32 MiB) out as a
// fresh mmap() and unmaps it on free(), and gives the top of the heap back
// to the kernel when it frees. A gradient step of a 299x299 MobileNet
// allocates and frees hundreds of activation tensors of 1-150 MiB, so every
// step faulted its working set back in page by page: kernel time was a
// third of the step at batch 8. Serving all blocks from the heap and never
// trimming it keeps the freed pages for the next step. Peak memory is
// unchanged (bench/RESULTS.md); the cost is that the process keeps its peak
// working set until it exits, as PyTorch's recommended jemalloc/tcmalloc
// set-ups do.
constexpr int kTopPadBytes = 64 << 20; // heap growth per brk(), fewer system calls

void keepFreedMemory() {
#if defined(__GLIBC__)
    if (const char* env = std::getenv("ADVLAB_MALLOC_TUNING"); env && std::strcmp(env, "0") == 0)
        return;
    // mallopt returns 1 on success; a trim threshold of -1 disables trimming.
    // mallocTuningEnvironment() spells the same settings as variables.
    g_mallocTuned = mallopt(M_MMAP_MAX, 0) == 1 && mallopt(M_TRIM_THRESHOLD, -1) == 1 &&
                    mallopt(M_TOP_PAD, kTopPadBytes) == 1;
#endif
}
} // namespace

void initTorchRuntime(int threads) {
    std::lock_guard<std::mutex> lock(g_mutex);
    static std::once_flag allocatorOnce;
    std::call_once(allocatorOnce, keepFreedMemory);
    // A default request (Classifier::load calls this) must not undo an
    // explicit --threads / bench setting made earlier.
    if (threads <= 0 && g_threads > 0)
        return;
    if (threads <= 0) {
        if (const char* env = std::getenv("ADVLAB_THREADS"))
            threads = std::atoi(env);
    }
    if (threads <= 0)
        threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    if (threads == g_threads)
        return;
    at::set_num_threads(threads);
    g_threads = threads;
}

int torchThreads() { return at::get_num_threads(); }

bool mallocTuned() {
    std::lock_guard<std::mutex> lock(g_mutex);
    return g_mallocTuned;
}

std::string mallocTuningEnvironment() {
    // glibc reads MALLOC_*_ at start-up; a trim threshold of SIZE_MAX is the
    // variable form of mallopt's -1.
    return "MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=" + std::to_string(SIZE_MAX) +
           " MALLOC_TOP_PAD_=" + std::to_string(kTopPadBytes);
}

bool cudaAvailable() { return torch::cuda::is_available(); }

std::string torchVersion() {
#ifdef TORCH_VERSION
    return TORCH_VERSION;
#else
    return std::to_string(TORCH_VERSION_MAJOR) + "." + std::to_string(TORCH_VERSION_MINOR) + "." +
           std::to_string(TORCH_VERSION_PATCH);
#endif
}

} // namespace advlab
