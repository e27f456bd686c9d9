// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliContext.h"

#include "ProgressBar.h"

#include <advlab/Errors.h>
#include <advlab/Paths.h>
#include <advlab/TorchRuntime.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

namespace advlab::cli {

namespace {
CancelToken g_interrupt;

extern "C" void onInterrupt(int sig) {
    // Storing to a lock-free atomic is async-signal-safe.
    g_interrupt.cancel();
    std::signal(sig, SIG_DFL);
}
} // namespace

const std::vector<std::string> kCommonValued = {"dataset", "model", "threads", "device", "limit", "batch"};

const CancelToken& interruptToken() { return g_interrupt; }

void installInterruptHandler() {
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
}

Dataset openDataset(const CliOptions& o) {
    const PathResolution r = resolveDataset(o.get("dataset"));
    if (r.path.empty())
        throw std::runtime_error("dataset " + r.errorMessage() +
                                 "\n(pass --dataset DIR or set ADVLAB_DATASET / ADVLAB_SHARED)");
    Dataset d = Dataset::open(r.path);
    for (const auto& w : d.warnings())
        std::fprintf(stderr, "warning: %s\n", w.c_str());
    return d;
}

Classifier openModel(const CliOptions& o, const std::string& key) {
    initTorchRuntime(o.getInt("threads", 0, 0, 256));
    const PathResolution r = key == "model" ? resolveModel(o.get(key)) : resolveTransferModel(o.get(key));
    if (r.path.empty())
        throw std::runtime_error(key + " " + r.errorMessage() + "\n(pass --" + key +
                                 " FILE.pt or set ADVLAB_MODEL / ADVLAB_SHARED)");
    const std::string dev = o.get("device", "auto");
    DevicePreference pref = DevicePreference::Auto;
    if (dev == "cpu")
        pref = DevicePreference::Cpu;
    else if (dev == "cuda")
        pref = DevicePreference::Cuda;
    else if (dev != "auto")
        throw std::invalid_argument("--device must be auto, cpu or cuda");
    return Classifier::load(r.path, pref);
}

LoadedImages loadImages(const Dataset& dataset, int limit) {
    LoadedImages out;
    const std::size_t n = limit > 0 ? std::min<std::size_t>(dataset.size(), static_cast<std::size_t>(limit))
                                    : dataset.size();
    ProgressBar bar("loading  ");
    for (std::size_t i = 0; i < n; ++i) {
        if (interruptToken().isCancelled())
            break;
        try {
            std::vector<std::string> notes;
            out.images.push_back(dataset.loadImage(i, &notes));
            for (const auto& note : notes)
                std::fprintf(stderr, "note: %s\n", note.c_str());
            out.entryIndex.push_back(i);
            out.labels.push_back(dataset.entry(i).trueLabel);
            out.targets.push_back(dataset.entry(i).targetClass);
        } catch (const DataError& e) {
            std::fprintf(stderr, "skipped: %s\n", e.what());
            ++out.skipped;
        }
        bar.update(static_cast<int>(i + 1), static_cast<int>(n));
    }
    bar.finish();
    return out;
}

bool isWithin(const std::string& inner, const std::string& outer) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path a = fs::weakly_canonical(inner, ec);
    const fs::path b = fs::weakly_canonical(outer, ec);
    auto ai = a.begin();
    for (auto bi = b.begin(); bi != b.end(); ++bi, ++ai) {
        if (bi->empty())
            continue;
        if (ai == a.end() || *ai != *bi)
            return false;
    }
    return true;
}

std::string percent(double fraction) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * fraction);
    return buf;
}

} // namespace advlab::cli
