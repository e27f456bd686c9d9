// SPDX-License-Identifier: GPL-3.0-or-later
// advlab compete: external submissions and built-ins in one competition run.
#include "CliContext.h"
#include "CompeteOptions.h"
#include "Interrupt.h"
#include "ProgressBar.h"
#include "TextOutput.h"

#include <advlab/Competition.h>
#include <advlab/Errors.h>
#include <advlab/OutputGuard.h>
#include <advlab/Paths.h>
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

namespace fs = std::filesystem;

namespace advlab::cli {

namespace {

// A folder with metadata.json is a submission; any other folder holds
// submissions in its subfolders (the dev toolkit's attacks/, defenses/ ...).
std::vector<Submission> collectSubmissions(const std::vector<std::string>& dirs, int& unreadable) {
    std::vector<Submission> out;
    auto add = [&](const fs::path& dir) {
        try {
            out.push_back(readSubmission(dir.string()));
        } catch (const DataError& e) {
            warn(std::string("error: skipped submission: ") + e.what());
            ++unreadable;
        }
    };
    for (const auto& d : dirs) {
        std::error_code ec;
        if (!fs::is_directory(d, ec))
            throw std::invalid_argument("--submissions " + d + " is not a folder");
        if (fs::exists(fs::path(d) / "metadata.json", ec)) {
            add(d);
            continue;
        }
        std::vector<fs::path> subs;
        for (const auto& e : fs::directory_iterator(d, ec))
            if (e.is_directory(ec) && fs::exists(e.path() / "metadata.json", ec))
                subs.push_back(e.path());
        if (subs.empty())
            throw std::invalid_argument("--submissions " + d +
                                        " has no metadata.json and no subfolder with one: not a submission");
        std::sort(subs.begin(), subs.end());
        for (const auto& s : subs)
            add(s);
    }
    return out;
}

void printMatrix(const CompetitionCounts& c) {
    auto header = [&](const char* what) {
        std::printf("%-28s", what);
        for (const auto& d : c.defences)
            std::printf(" %14.14s", d.c_str());
        std::printf("\n");
    };
    if (!c.attacks.empty()) {
        header("attack score \\ defence");
        for (std::size_t a = 0; a < c.attacks.size(); ++a) {
            std::printf("%-28.28s", c.attacks[a].c_str());
            for (std::size_t d = 0; d < c.defences.size(); ++d)
                std::printf(" %13.1f%%", 100.0 * c.attackScore(a, d));
            std::printf("\n");
        }
    }
    if (!c.targetedAttacks.empty()) {
        header("target hit \\ defence");
        for (std::size_t a = 0; a < c.targetedAttacks.size(); ++a) {
            std::printf("%-28.28s", c.targetedAttacks[a].c_str());
            for (std::size_t d = 0; d < c.defences.size(); ++d)
                std::printf(" %13.1f%%", 100.0 * c.targetedAttackScore(a, d));
            std::printf("\n");
        }
    }
    const auto scores = c.defenceScores();
    const long long adversarial =
        c.images * static_cast<long long>(c.attacks.size() + c.targetedAttacks.size());
    std::printf("%-28s", "defence accuracy");
    for (long long s : scores)
        std::printf(" %13.1f%%", adversarial > 0
                                     ? 100.0 * static_cast<double>(s) / static_cast<double>(adversarial)
                                     : 0.0);
    std::printf("\n");
}

} // namespace

int runCompete(const CompeteOptions& o) {
    int unreadable = 0;
    CompetitionRequest req;
    req.submissions = collectSubmissions(o.submissions, unreadable);
    for (const auto& key : o.builtinAttacks) {
        if (key == "none")
            continue;
        std::string k = key;
        AttackConfig c;
        if (k.size() > 2 && k.compare(k.size() - 2, 2, "-t") == 0) {
            c.targeted = true;
            k.resize(k.size() - 2);
        }
        const auto m = parseMethod(k);
        if (!m)
            throw std::invalid_argument("--builtin-attacks: '" + key + "' is not a built-in attack");
        c.method = *m;
        c.iterations = o.iters;
        c.batchSize = o.common.batch;
        req.builtinAttacks.push_back(c);
    }
    if (!o.noBuiltinDefences) {
        if (!o.builtinDefences.empty()) {
            for (const auto& key : o.builtinDefences)
                req.builtinDefences.push_back(parseDefence(key));
        } else {
            req.builtinDefences = standardDefences();
            const PathResolution transfer = resolveTransferModel();
            if (!transfer.path.empty())
                req.builtinDefences.push_back(parseDefence("model:" + transfer.path));
            else if (transfer.explicitMiss)
                throw std::runtime_error("transfer model " + transfer.errorMessage());
        }
    }
    for (const auto& spec : o.advDirs) {
        const auto eq = spec.find('=');
        req.adversarialFolders.push_back({spec.substr(0, eq), spec.substr(eq + 1)});
    }
    req.epsilons = o.eps;
    req.timeLimitSeconds = o.timeLimit;
    req.batchSize = o.common.batch;
    req.maxLogBytes = static_cast<std::size_t>(o.maxLogKib) * 1024;

    const Dataset dataset = openDataset(o.common);
    prepareOutputFolder("--out", o.out, dataset);
    for (const auto& s : req.submissions)
        if (isInsideFolder(o.out, s.folder))
            throw std::invalid_argument("--out " + o.out + " is inside the submission " + s.folder);
    req.runDir = fs::absolute(o.out).lexically_normal().string();
    req.guardedFolders.push_back(fs::absolute(dataset.root()).lexically_normal().string());

    const Classifier model = openModel(o.common);
    warn("dataset " + dataset.root() + " (" + std::to_string(dataset.size()) + " images), model " +
         model.path() + " on " + model.deviceName());
    LoadedImages loaded = applyShard(loadImages(dataset, o.common.limit), dataset, o.shard);
    if (interruptToken().isCancelled())
        return interruptedExitCode();
    if (loaded.images.empty()) {
        warn("error: no readable images in " + dataset.root());
        return 1;
    }
    CompetitionImages images;
    images.images = std::move(loaded.images);
    images.labels = loaded.labels;
    images.targets = loaded.targets;
    for (std::size_t i : loaded.entryIndex)
        images.ids.push_back(dataset.entry(i).imageId);

    std::fprintf(stderr,
                 "compete: %zu submissions, %zu built-in attacks, %zu built-in defences, %zu folders, "
                 "%zu epsilons, %zu images -> %s\n",
                 req.submissions.size(), req.builtinAttacks.size(), req.builtinDefences.size(),
                 req.adversarialFolders.size(), req.epsilons.size(), images.images.size(),
                 req.runDir.c_str());
    ProgressBar bar("competing");
    const CompetitionResult r = runCompetition(
        model, images, req, [&](const CompetitionProgress& p) { bar.update(p.done, p.total); }, {},
        &interruptToken());
    bar.finish();
    if (r.cancelled) {
        warn("interrupted; no result CSVs written");
        return interruptedExitCode();
    }
    {
        const OutputWriteGuard writing;
        writeCompetitionResult(r, req.runDir);
    }
    std::printf(
        "summed over epsilons %s, %lld images per attack:\n",
        [&] {
            std::string s;
            for (float e : r.epsilons)
                s += (s.empty() ? "" : ",") + epsilonFolder(e).substr(3);
            return s;
        }()
            .c_str(),
        r.total.images);
    printMatrix(r.total);
    int flagged = 0;
    for (const auto& run : r.runs) {
        if (!run.flagged())
            continue;
        ++flagged;
        std::string what = run.status;
        if (!run.violations.empty())
            what +=
                ", changed files outside its output folder (" + std::to_string(run.violations.size()) + ")";
        if (run.missingOutputs + run.brokenOutputs > 0)
            what += ", " + std::to_string(run.missingOutputs) + " missing and " +
                    std::to_string(run.brokenOutputs) + " broken images replaced by the originals";
        if (run.clippedImages > 0)
            what += ", " + std::to_string(run.clippedImages) + " images clipped into the epsilon box (" +
                    std::to_string(run.clippedPixels) + " pixels)";
        const int labels = run.missingLabels + run.duplicateLabels + run.unknownIds + run.outOfRangeLabels +
                           run.malformedLines;
        if (labels > 0)
            what += ", " + std::to_string(labels) + " label problems";
        std::printf("FLAGGED %s (%s, eps %s): %s%s\n", run.name.c_str(), run.kind.c_str(),
                    epsilonFolder(run.epsilon).substr(3).c_str(), printable(what, true).c_str(),
                    run.stderrLog.empty() ? "" : ("; logs " + run.stdoutLog + ", " + run.stderrLog).c_str());
    }
    std::printf("wrote %s/accuracy_on_attacks.csv and the other result CSVs; %d flagged runs (details in "
                "problems.txt)\n",
                req.runDir.c_str(), flagged);
    return loaded.skipped > 0 || unreadable > 0 ? 1 : 0;
}

} // namespace advlab::cli
