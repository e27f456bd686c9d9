// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliContext.h"

#include "Interrupt.h"
#include "ProgressBar.h"
#include "TextOutput.h"

#include <advlab/Errors.h>
#include <advlab/OutputGuard.h>
#include <advlab/Paths.h>
#include <advlab/Shard.h>
#include <advlab/TorchRuntime.h>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <thread>
#include <unistd.h>

namespace advlab::cli {

Dataset openDataset(const CommonOptions& o) {
    const PathResolution r = resolveDataset(o.dataset);
    if (r.path.empty())
        throw std::runtime_error("dataset " + r.errorMessage() +
                                 "\n(pass --dataset DIR or set ADVLAB_DATASET)");
    // --limit N stops reading images.csv after N rows: a huge CSV costs
    // nothing beyond what is used.
    DatasetOptions options;
    options.rowLimit = o.limit > 0 ? static_cast<std::size_t>(o.limit) : 0;
    Dataset d = Dataset::open(r.path, options);
    for (const auto& w : d.warnings())
        warn("warning: " + w);
    return d;
}

Classifier openModel(const CommonOptions& o) {
    // LibTorch runs as many threads as asked; on fewer cores they only wait
    // for each other (256 threads on 2 cores ran about 40x slower).
    const unsigned cores = std::thread::hardware_concurrency();
    if (cores > 0 && o.threads > static_cast<int>(cores))
        warn("warning: --threads " + std::to_string(o.threads) + " is more than the " +
             std::to_string(cores) +
             " cores of this machine; oversubscribed threads slow LibTorch down a lot");
    initTorchRuntime(o.threads);
    DevicePreference pref = DevicePreference::Auto;
    if (o.device == "cpu")
        pref = DevicePreference::Cpu;
    else if (o.device == "cuda")
        pref = DevicePreference::Cuda;
    const std::vector<std::string> names = splitModelList(o.model);
    if (!o.modelWeights.empty() && o.modelWeights.size() != names.size())
        throw std::invalid_argument("--model-weights: " + std::to_string(o.modelWeights.size()) +
                                    " weights for " + std::to_string(names.size()) + " models in --model " +
                                    o.model + " (give one per model)");
    std::vector<std::string> paths;
    for (const auto& name : names) {
        const PathResolution r = resolveModel(name);
        if (r.path.empty())
            throw std::runtime_error("model " + (name.empty() ? std::string() : name + " ") +
                                     r.errorMessage() + "\n(pass --model FILE.pt or set ADVLAB_MODEL)");
        paths.push_back(r.path);
    }
    return Classifier::loadAll(paths, o.modelWeights, pref);
}

std::string describeModel(const Classifier& model) {
    return model.isEnsemble() ? "ensemble " + model.describe() + " (" + model.path() + ")" : model.path();
}

LoadedImages loadImages(const Dataset& dataset, int limit) {
    LoadedImages out;
    const std::size_t n =
        limit > 0 ? std::min<std::size_t>(dataset.size(), static_cast<std::size_t>(limit)) : dataset.size();
    ProgressBar bar("loading  ");
    for (std::size_t i = 0; i < n; ++i) {
        if (interruptToken().isCancelled())
            break;
        try {
            std::vector<std::string> notes;
            out.images.push_back(dataset.loadImage(i, &notes));
            for (const auto& note : notes)
                warn("note: " + note);
            out.entryIndex.push_back(i);
            out.labels.push_back(dataset.entry(i).trueLabel);
            out.targets.push_back(dataset.entry(i).targetClass);
        } catch (const DataError& e) {
            warn(std::string("skipped: ") + e.what());
            ++out.skipped;
        }
        bar.update(static_cast<int>(i + 1), static_cast<int>(n));
    }
    bar.finish();
    return out;
}

LoadedImages selectImages(LoadedImages all, const std::vector<std::size_t>& keep) {
    LoadedImages out;
    out.skipped = all.skipped;
    for (std::size_t i : keep) {
        out.images.push_back(std::move(all.images.at(i)));
        out.entryIndex.push_back(all.entryIndex[i]);
        out.labels.push_back(all.labels[i]);
        out.targets.push_back(all.targets[i]);
    }
    return out;
}

LoadedImages applyShard(LoadedImages loaded, const Dataset& dataset, const std::string& shardText) {
    if (shardText.empty())
        return loaded;
    const Shard shard = parseShard(shardText);
    std::vector<std::string> ids;
    for (std::size_t i : loaded.entryIndex)
        ids.push_back(dataset.entry(i).imageId);
    const auto keep = shardPositions(ids, shard);
    // Image i goes to shard (i mod N) + 1, so shard K is empty exactly when
    // there are fewer than K images: say so rather than "no readable images".
    if (keep.empty() && !ids.empty())
        throw std::invalid_argument("--shard " + shard.text() + " has no images: N is larger than the " +
                                    std::to_string(ids.size()) + " readable images (use N of at most " +
                                    std::to_string(ids.size()) + ")");
    warn("shard " + shard.text() + ": " + std::to_string(keep.size()) + " of " + std::to_string(ids.size()) +
         " images");
    return selectImages(std::move(loaded), keep);
}

void prepareOutputFolder(const std::string& flag, const std::string& dir, const Dataset& dataset) {
    namespace fs = std::filesystem;
    if (isInsideFolder(dir, dataset.root()))
        throw std::invalid_argument(flag + " " + dir + " is inside the input dataset " + dataset.root() +
                                    "; choose another folder (the input is never modified)");
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (!fs::is_directory(dir))
        throw std::runtime_error(flag + " " + dir + ": cannot create the output folder" +
                                 (ec ? " (" + ec.message() + ")" : std::string()));
    // Permissions, read-only mounts, ACLs and pseudo-filesystems all decide
    // whether a file can be created; creating one is the only sure test.
    std::string probe = (fs::path(dir) / ".advlab-probe-XXXXXX").string();
    const int fd = ::mkstemp(probe.data());
    if (fd < 0)
        throw std::runtime_error(flag + " " + dir + ": cannot write in the output folder (" +
                                 std::strerror(errno) + ")");
    ::close(fd);
    ::unlink(probe.c_str());
}

void warn(const std::string& message) {
    std::fprintf(stderr, "%s\n", printable(message, true).c_str());
}

std::string percent(double fraction) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * fraction);
    return buf;
}

} // namespace advlab::cli
