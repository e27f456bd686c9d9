// SPDX-License-Identifier: GPL-3.0-or-later
#include "advlab/TorchRuntime.h"

#include <torch/cuda.h>
#include <torch/script.h>
#include <ATen/Parallel.h>
#include <torch/version.h>

#include <cstdlib>
#include <mutex>
#include <thread>

namespace advlab {

namespace {
std::mutex g_mutex;
int g_threads = 0;
} // namespace

void initTorchRuntime(int threads) {
    std::lock_guard<std::mutex> lock(g_mutex);
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
