// SPDX-License-Identifier: GPL-3.0-or-later
#include "AttackOptions.h"
#include "CliContext.h"
#include "Interrupt.h"
#include "ProgressBar.h"
#include "TextOutput.h"

#include <advlab/Attack.h>
#include <advlab/ImageIo.h>
#include <advlab/JobRunner.h>
#include <advlab/Metrics.h>
#include <advlab/TargetClassCsv.h>
#include <advlab/TorchRuntime.h>
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <stdexcept>

namespace fs = std::filesystem;

namespace advlab::cli {

namespace {

AttackConfig configFrom(const AttackOptions& o) {
    AttackConfig c;
    c.method = *parseMethod(o.attack); // checked by the parser
    c.targeted = o.targeted || !o.targetsCsv.empty();
    c.epsilon = o.eps;
    c.iterations = o.iters;
    c.stepSize = o.step;
    c.momentum = o.momentum;
    c.seed = static_cast<std::uint64_t>(o.seed);
    c.batchSize = o.common.batch;
    applyTransformOptions(o.transforms, c.transforms);
    return c;
}

bool pathExists(const fs::path& p) {
    std::error_code ec;
    return fs::exists(fs::symlink_status(p, ec));
}

} // namespace

int runAttack(const AttackOptions& o) {
    const AttackConfig config = configFrom(o);
    const int forcedTarget = o.targetClass - 1; // 1-based like the CSV; -1: none

    const Dataset dataset = openDataset(o.common);
    const fs::path outDir = o.out;
    prepareOutputFolder("--out", o.out, dataset);
    // Read before the model loads: a bad line is reported in a second.
    const std::vector<int> csvTargets =
        o.targetsCsv.empty() ? std::vector<int>{} : readTargetClassCsv(o.targetsCsv, dataset);

    const Classifier model = openModel(o.common);
    warn("dataset " + dataset.root() + " (" + std::to_string(dataset.size()) + " images), model " +
         describeModel(model) + " on " + model.deviceName());
    std::fprintf(stderr, "attack: %s, step %.3g px\n", config.describe().c_str(),
                 static_cast<double>(config.effectiveStepSize()));

    LoadedImages loaded = applyShard(loadImages(dataset, o.common.limit), dataset, o.shard);
    if (interruptToken().isCancelled())
        return interruptedExitCode();
    auto outputPath = [&](std::size_t i) {
        return outDir / (dataset.entry(loaded.entryIndex[i]).imageId + ".png");
    };
    int kept = 0;
    if (o.noClobber) {
        // Decided before any work: an image whose output exists is not attacked.
        std::vector<std::size_t> todo;
        for (std::size_t i = 0; i < loaded.images.size(); ++i) {
            if (pathExists(outputPath(i)))
                ++kept;
            else
                todo.push_back(i);
        }
        loaded = selectImages(std::move(loaded), todo);
        if (loaded.images.empty() && kept > 0) {
            std::printf(
                "images:               0 written to %s (%d skipped); kept %d existing files (--no-clobber)\n",
                printable(outDir.string(), true).c_str(), loaded.skipped, kept);
            return loaded.skipped > 0 ? 1 : 0;
        }
    }
    if (loaded.images.empty()) {
        warn("error: no readable images in " + dataset.root());
        return 1;
    }
    if (config.targeted) {
        for (std::size_t i = 0; i < loaded.targets.size(); ++i) {
            if (forcedTarget >= 0)
                loaded.targets[i] = forcedTarget;
            else if (!csvTargets.empty())
                loaded.targets[i] = csvTargets[loaded.entryIndex[i]];
            else if (loaded.targets[i] < 0)
                throw std::invalid_argument(
                    "--targeted needs a target class: " + dataset.root() + " has no TargetClass for image " +
                    dataset.entry(loaded.entryIndex[i]).imageId + "; pass --target-class N (1..1000)");
        }
    }

    const auto cleanPreds = model.classify(loaded.images, config.batchSize, &interruptToken());
    if (cleanPreds.empty())
        return interruptedExitCode();

    // Attack in chunks of one batch and write each chunk's PNGs at once, so an
    // interrupted run leaves only whole files for the images it finished.
    const std::size_t chunk = static_cast<std::size_t>(config.batchSize);
    const int stepsPerChunk = config.effectiveIterations();
    const int totalSteps = static_cast<int>((loaded.images.size() + chunk - 1) / chunk) * stepsPerChunk;
    std::vector<Image8> adversarial;
    std::vector<Prediction> advPreds;
    ProgressBar bar("attacking");
    int stepsBefore = 0;
    int replaced = 0;
    // Images the model failed on (non-finite logits or gradients): never
    // written, since their "adversarial" image is the unchanged input, and
    // left out of the summary, since they were not attacked.
    std::vector<std::size_t> attacked;
    std::vector<std::string> failedImages;
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
                    if (outcome.failed(i)) {
                        failedImages.push_back(dataset.entry(loaded.entryIndex[begin + i]).imageId + ": " +
                                               outcome.failures[i]);
                        continue;
                    }
                    const fs::path path = outputPath(begin + i);
                    const OutputWriteGuard writing; // SIGTERM's forced exit waits for a whole file
                    if (pathExists(path))
                        ++replaced;
                    writePngAtomic(path.string(), outcome.adversarial[i]);
                    adversarial.push_back(outcome.adversarial[i]);
                    advPreds.push_back(outcome.predictions[i]);
                    attacked.push_back(begin + i);
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
        warn("interrupted: " + std::to_string(adversarial.size()) + " of " +
             std::to_string(loaded.images.size()) + " images written to " + outDir.string());
        return interruptedExitCode();
    }
    bar.finish();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    for (const std::string& f : failedImages)
        warn("error: not attacked, nothing written: " + f);
    std::vector<Image8> originals;
    std::vector<Prediction> clean;
    std::vector<int> labels, targets;
    for (std::size_t i : attacked) {
        originals.push_back(loaded.images[i]);
        clean.push_back(cleanPreds[i]);
        labels.push_back(loaded.labels[i]);
        if (config.targeted)
            targets.push_back(loaded.targets[i]);
    }
    const AttackSummary s = summarize(originals, adversarial, clean, advPreds, labels, targets);
    std::string existing;
    if (replaced > 0)
        existing += "; replaced " + std::to_string(replaced) + " existing files";
    if (kept > 0)
        existing += "; kept " + std::to_string(kept) + " existing files (--no-clobber)";
    std::printf("attack:               %s\n", config.describe().c_str());
    if (!failedImages.empty())
        existing += "; " + std::to_string(failedImages.size()) + " failed (model output not finite)";
    std::printf("images:               %d written to %s (%d skipped)%s\n", s.images,
                printable(outDir.string(), true).c_str(), loaded.skipped, existing.c_str());
    if (dataset.hasLabels()) {
        std::printf("clean accuracy:       %s\n", percent(s.cleanAccuracy).c_str());
        std::printf("adversarial accuracy: %s\n", percent(s.adversarialAccuracy).c_str());
    } else {
        // Without labels the attack moved away from the clean prediction.
        std::printf("prediction changed:   %s\n", percent(1.0 - accuracy(advPreds,
                                                                         [&] {
                                                                             std::vector<int> l;
                                                                             for (const auto& p : clean)
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
    return loaded.skipped > 0 || !failedImages.empty() ? 1 : 0;
}

} // namespace advlab::cli
