// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliContext.h"
#include "Commands.h"
#include "ProgressBar.h"

#include <advlab/Attack.h>
#include <advlab/ImageIo.h>
#include <advlab/JobRunner.h>
#include <advlab/Metrics.h>
#include <advlab/TorchRuntime.h>

#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <stdexcept>

namespace fs = std::filesystem;

namespace advlab::cli {

namespace {

AttackConfig configFrom(const CliOptions& o) {
    AttackConfig c;
    const std::string name = o.get("attack", "ifgsm");
    const auto method = parseMethod(name);
    if (!method)
        throw std::invalid_argument("--attack must be fgsm, ifgsm, mifgsm or pgd, got '" + name + "'");
    c.method = *method;
    c.targeted = o.has("targeted");
    c.epsilon = o.getFloat("eps", 16.0f, 0.0f, 255.0f);
    c.iterations = o.getInt("iters", 10, 1, 10000);
    c.stepSize = o.getFloat("step", 0.0f, 0.0f, 255.0f);
    c.momentum = o.getFloat("momentum", 1.0f, 0.0f, 100.0f);
    c.seed = static_cast<std::uint64_t>(o.getInt("seed", 0, 0, 1 << 30));
    c.batchSize = o.getInt("batch", 16, 1, 1024);
    return c;
}

// The competition's attack interface used --input_dir, --output_dir and
// --max_epsilon; accept those spellings too.
std::vector<std::string> normaliseCompetitionFlags(std::vector<std::string> args) {
    for (auto& a : args) {
        if (a == "--input_dir" || a == "--input-dir")
            a = "--dataset";
        else if (a == "--output_dir" || a == "--output-dir")
            a = "--out";
        else if (a == "--max_epsilon" || a == "--max-epsilon")
            a = "--eps";
    }
    return args;
}

} // namespace

int runAttack(const std::vector<std::string>& rawArgs) {
    auto valued = kCommonValued;
    for (const char* k : {"out", "attack", "eps", "iters", "step", "momentum", "seed", "target-class"})
        valued.emplace_back(k);
    const CliOptions o(normaliseCompetitionFlags(rawArgs), {"targeted"}, valued);
    if (!o.has("out"))
        throw std::invalid_argument("attack needs --out DIR for the adversarial PNGs");
    const AttackConfig config = configFrom(o);
    const int forcedTarget = o.getInt("target-class", 0, 1, 1000) - 1; // 1-based like the CSV

    const Dataset dataset = openDataset(o);
    const fs::path outDir = o.get("out");
    if (isWithin(outDir, dataset.root()))
        throw std::invalid_argument("--out " + outDir.string() + " is inside the input dataset " + dataset.root() +
                                    "; choose another folder (the input is never modified)");
    std::error_code ec;
    fs::create_directories(outDir, ec);
    if (!fs::is_directory(outDir))
        throw std::runtime_error(outDir.string() + ": cannot create the output folder" +
                                 (ec ? " (" + ec.message() + ")" : std::string()));

    const Classifier model = openModel(o);
    std::fprintf(stderr, "dataset %s (%zu images), model %s on %s\nattack: %s, step %.3g px\n",
                 dataset.root().c_str(), dataset.size(), model.path().c_str(), model.deviceName().c_str(),
                 config.describe().c_str(), static_cast<double>(config.effectiveStepSize()));

    LoadedImages loaded = loadImages(dataset, o.getInt("limit", 0, 0, 1 << 30));
    if (interruptToken().isCancelled())
        return 130;
    if (loaded.images.empty()) {
        std::fprintf(stderr, "error: no readable images in %s\n", dataset.root().c_str());
        return 1;
    }
    if (config.targeted) {
        for (std::size_t i = 0; i < loaded.targets.size(); ++i) {
            if (forcedTarget >= 0)
                loaded.targets[i] = forcedTarget;
            else if (loaded.targets[i] < 0)
                throw std::invalid_argument(
                    "--targeted needs a target class: " + dataset.root() +
                    " has no TargetClass for image " + dataset.entry(loaded.entryIndex[i]).imageId +
                    "; pass --target-class N (1..1000)");
        }
    }

    const auto cleanPreds = model.classify(loaded.images, config.batchSize, &interruptToken());
    if (cleanPreds.empty())
        return 130;

    // Attack in chunks of one batch and write each chunk's PNGs at once, so an
    // interrupted run leaves only whole files for the images it finished.
    const std::size_t chunk = static_cast<std::size_t>(config.batchSize);
    const int stepsPerChunk = config.effectiveIterations();
    const int totalSteps =
        static_cast<int>((loaded.images.size() + chunk - 1) / chunk) * stepsPerChunk;
    std::vector<Image8> adversarial;
    std::vector<Prediction> advPreds;
    ProgressBar bar("attacking");
    int stepsBefore = 0;
    bool interrupted = false;
    std::exception_ptr failure;
    const auto started = std::chrono::steady_clock::now();
    // The attack runs on core's job runner, the same worker the GUI uses; the
    // main thread only waits. Ctrl-C cancels through the shared token.
    JobRunner runner(1);
    runner.submit([&](const CancelToken&) {
        try {
            for (std::size_t begin = 0; begin < loaded.images.size() && !interrupted; begin += chunk) {
                const std::size_t end = std::min(loaded.images.size(), begin + chunk);
                const std::vector<Image8> images(loaded.images.begin() + static_cast<long>(begin),
                                                 loaded.images.begin() + static_cast<long>(end));
                const std::vector<int> labels(loaded.labels.begin() + static_cast<long>(begin),
                                              loaded.labels.begin() + static_cast<long>(end));
                std::vector<int> targets;
                if (config.targeted)
                    targets.assign(loaded.targets.begin() + static_cast<long>(begin),
                                   loaded.targets.begin() + static_cast<long>(end));
                const AttackOutcome outcome = advlab::runAttack(
                    model, images, labels, targets, config,
                    [&](const AttackProgress& p) { bar.update(stepsBefore + p.stepsDone, totalSteps); },
                    &interruptToken());
                if (outcome.cancelled) {
                    interrupted = true;
                    break;
                }
                stepsBefore += outcome.stepsRun;
                for (std::size_t i = 0; i < outcome.adversarial.size(); ++i) {
                    const DatasetEntry& e = dataset.entry(loaded.entryIndex[begin + i]);
                    writePngAtomic((outDir / (e.imageId + ".png")).string(), outcome.adversarial[i]);
                    adversarial.push_back(outcome.adversarial[i]);
                    advPreds.push_back(outcome.predictions[i]);
                }
            }
        } catch (...) {
            failure = std::current_exception();
        }
    });
    runner.waitIdle();
    if (failure) {
        bar.finish();
        std::rethrow_exception(failure);
    }
    if (interrupted) {
        bar.finish();
        std::fprintf(stderr, "interrupted: %zu of %zu images written to %s\n", adversarial.size(),
                     loaded.images.size(), outDir.string().c_str());
        return 130;
    }
    bar.finish();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    const AttackSummary s = summarize(loaded.images, adversarial, cleanPreds, advPreds, loaded.labels,
                                      config.targeted ? loaded.targets : std::vector<int>{});
    std::printf("attack:               %s\n", config.describe().c_str());
    std::printf("images:               %d written to %s (%d skipped)\n", s.images, outDir.string().c_str(),
                loaded.skipped);
    if (dataset.hasLabels()) {
        std::printf("clean accuracy:       %s\n", percent(s.cleanAccuracy).c_str());
        std::printf("adversarial accuracy: %s\n", percent(s.adversarialAccuracy).c_str());
    } else {
        // Without labels the attack moved away from the clean prediction.
        std::printf("prediction changed:   %s\n", percent(1.0 - accuracy(advPreds, [&] {
                                                                 std::vector<int> l;
                                                                 for (const auto& p : cleanPreds)
                                                                     l.push_back(p.label());
                                                                 return l;
                                                             }()))
                                                   .c_str());
    }
    if (config.targeted)
        std::printf("targeted hit rate:    %s\n", percent(s.targetHitRate).c_str());
    std::printf("max Linf (pixels):    %d (budget %g)\n", s.maxLinf, static_cast<double>(config.epsilon));
    std::printf("mean L2 (0..255):     %.1f\n", s.meanL2);
    std::printf("time:                 %.2f s, %.3f s per image (%d threads, %s)\n", seconds,
                seconds / std::max(1, s.images), advlab::torchThreads(), model.deviceName().c_str());
    return loaded.skipped > 0 ? 1 : 0;
}

} // namespace advlab::cli
