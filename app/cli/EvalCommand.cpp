// SPDX-License-Identifier: GPL-3.0-or-later
// advlab eval: epsilon sweeps and the competition's attacks x defences score
// matrix, printed as tables and written as CSV.
#include "CliContext.h"
#include "EvalOptions.h"
#include "Interrupt.h"
#include "OptionChecks.h"
#include "ProgressBar.h"

#include <advlab/Defence.h>
#include <advlab/EvalShards.h>
#include <advlab/Fnv1a.h>
#include <advlab/ImageIo.h>
#include <advlab/MinEpsilon.h>
#include <advlab/OutputGuard.h>
#include <advlab/Paths.h>
#include <advlab/ScoreMatrix.h>
#include <advlab/Sweep.h>
#include <advlab/TorchRuntime.h>
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <stdexcept>

namespace fs = std::filesystem;

namespace advlab::cli {

namespace {

struct AttackSpec {
    AttackMethod method;
    bool targeted;
};

// "ifgsm" or, in matrix mode, "ifgsm-t" for the targeted variant (the
// parser has checked the names and where -t may appear).
std::vector<AttackSpec> parseAttacks(const std::vector<std::string>& keys, bool targetedFlag) {
    std::vector<AttackSpec> out;
    for (std::string k : keys) {
        bool targeted = targetedFlag;
        if (k.size() > 2 && k.compare(k.size() - 2, 2, "-t") == 0) {
            targeted = true;
            k.resize(k.size() - 2);
        }
        const auto m = parseMethod(k);
        if (!m)
            throw std::invalid_argument("--attacks: '" + k + "' is not an attack: " + attackKeyList());
        out.push_back({*m, targeted});
    }
    return out;
}

// Checked before minutes of work: the CSV path must be writable, outside
// the dataset, and none of the run's input files (the input is never
// modified); `flag` is the option that named it.
void checkCsvPath(const std::string& flag, const std::string& csv, const Dataset& dataset,
                  const std::vector<std::string>& inputFiles) {
    if (csv.empty())
        return;
    const fs::path p(csv);
    if (isInsideFolder(p, dataset.root()))
        throw std::invalid_argument(flag + " " + csv + " is inside the input dataset " + dataset.root() +
                                    "; choose another place (the input is never modified)");
    for (const auto& input : inputFiles)
        if (isSameFile(csv, input))
            throw std::invalid_argument(flag + " " + csv + " is the input file " + input +
                                        "; choose another place (the input is never modified)");
    const fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        throw std::invalid_argument(flag + " " + csv + ": folder " + dir.string() + " does not exist");
    if (fs::is_directory(p, ec))
        throw std::invalid_argument(flag + " " + csv + " is a folder; give a file name");
    prepareOutputFolder(flag, dir.string(), dataset);
}

// The files the run reads besides the dataset: every model of --model and
// every model:FILE defence. A missing one is left to the loader's message.
std::vector<std::string> modelInputFiles(const std::string& modelList,
                                         const std::vector<DefenceConfig>& defences) {
    std::vector<std::string> files;
    for (const auto& name : splitModelList(modelList)) {
        const PathResolution r = resolveModel(name);
        if (!r.path.empty())
            files.push_back(r.path);
    }
    for (const auto& d : defences)
        if (!d.modelPath.empty())
            files.push_back(d.modelPath);
    return files;
}

// Every output of one run, with the flag that names it: two of them in one
// file would leave only the one written last.
void checkOutputsDistinct(const std::vector<std::pair<std::string, std::string>>& outputs) {
    for (std::size_t i = 0; i < outputs.size(); ++i)
        for (std::size_t j = i + 1; j < outputs.size(); ++j)
            if (!outputs[i].second.empty() && !outputs[j].second.empty() &&
                isSameFile(outputs[i].second, outputs[j].second))
                throw std::invalid_argument(outputs[j].first + " " + outputs[j].second +
                                            " is the same file as " + outputs[i].first + " " +
                                            outputs[i].second + "; give each output its own file");
}

// Targets for targeted attacks: the dataset's TargetClass, or --target-class.
void resolveTargets(LoadedImages& loaded, const Dataset& dataset, int forcedTarget) {
    for (std::size_t i = 0; i < loaded.targets.size(); ++i) {
        if (forcedTarget >= 0)
            loaded.targets[i] = forcedTarget;
        else if (loaded.targets[i] < 0)
            throw std::invalid_argument(
                "targeted attacks need a target class: " + dataset.root() + " has no TargetClass for image " +
                dataset.entry(loaded.entryIndex[i]).imageId + "; pass --target-class N");
    }
}

// --ids: evaluate a selection of the dataset, by ImageId, in the given order.
// The parser refuses repeated ids; one is still taken once here, since
// selectImages moves each image out of `all`.
LoadedImages selectIds(LoadedImages all, const Dataset& dataset, const std::vector<std::string>& ids) {
    std::map<std::string, std::size_t> byId;
    for (std::size_t i = 0; i < all.images.size(); ++i)
        byId.emplace(dataset.entry(all.entryIndex[i]).imageId, i);
    std::vector<std::size_t> keep;
    std::set<std::size_t> taken;
    std::string missing;
    for (const auto& id : ids) {
        const auto it = byId.find(id);
        if (it == byId.end())
            missing += (missing.empty() ? "" : ", ") + id;
        else if (taken.insert(it->second).second)
            keep.push_back(it->second);
    }
    if (!missing.empty())
        throw std::invalid_argument(
            "--ids: no readable image with ImageId " + missing + " in " + dataset.root() +
            (dataset.size() > all.images.size() + static_cast<std::size_t>(all.skipped) ? " (within --limit)"
                                                                                        : ""));
    return selectImages(std::move(all), keep);
}

std::string pct(double f) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%5.1f", 100.0 * f);
    return buf;
}

void printSweep(const SweepResult& r) {
    // One block per attack: ε down the side, the sweep's numbers across.
    std::printf("%-24s %6s %7s %7s %7s %7s %6s %8s %7s\n", "attack", "eps", "clean%", "adv%", "succ%", "hit%",
                "maxLinf", "meanL2", "sec");
    for (const auto& row : r.rows) {
        const auto& s = row.summary;
        std::string name = row.attack.attackName() + (row.attack.targeted ? " targeted" : "");
        std::printf("%-24s %6g %7s %7s %7s %7s %6d %8.1f %7.1f\n", name.c_str(),
                    static_cast<double>(row.attack.epsilon), pct(s.cleanAccuracy).c_str(),
                    pct(s.adversarialAccuracy).c_str(), pct(row.successRate).c_str(),
                    row.attack.targeted ? pct(s.targetHitRate).c_str() : "    -", s.maxLinf, s.meanL2,
                    row.seconds);
    }
}

void printMatrix(const ScoreMatrix& m) {
    std::printf("%-30s", "attack \\ defence");
    for (const auto& d : m.defences) {
        std::string name = d.kind == DefenceKind::Model ? d.describe() : d.key();
        if (name.size() > 14)
            name = name.substr(0, 13) + "~";
        std::printf(" %14s", name.c_str());
    }
    std::printf(" %8s\n", "mean");
    for (std::size_t a = 0; a < m.attackScore.size(); ++a) {
        std::printf("%-30s", m.attacks[a].describe().c_str());
        for (double s : m.attackScore[a])
            std::printf(" %13s%%", pct(s).c_str());
        std::printf(" %7s%%\n", pct(m.attackMeanScore[a]).c_str());
    }
    auto summary = [&](const char* name, const std::vector<double>& v) {
        std::printf("%-30s", name);
        for (double x : v)
            std::printf(" %13s%%", pct(x).c_str());
        std::printf("\n");
    };
    summary("clean accuracy", m.cleanAccuracy);
    summary("defence score (adv. accuracy)", m.defenceScore);
}

// The robust-accuracy table of a minimal-ε search: one row per attack, the
// share of images still classified correctly (untargeted) or not yet moved
// to the target (targeted) at a few ε, then how many were found at all.
void printMinEpsilon(const MinEpsilonResult& r) {
    std::vector<int> columns;
    for (int e : {0, 1, 2, 4, 8, 16, 32, 64, 128, 255})
        if (e < r.maxEpsilon)
            columns.push_back(e);
    columns.push_back(r.maxEpsilon);
    std::printf("robust accuracy (%%) at epsilon, %d images:\n%-12s", r.images, "attack");
    for (int e : columns)
        std::printf(" %6d", e);
    std::printf(" %8s %8s %6s\n", "found", "median", "runs");
    for (std::size_t a = 0; a < r.attacks.size(); ++a) {
        const auto robust = r.robustAccuracyCurve(a);
        std::printf("%-12s", r.attackNames[a].c_str());
        for (int e : columns)
            std::printf(" %6s", pct(robust[static_cast<std::size_t>(e)]).c_str());
        std::vector<int> found;
        int runs = 0;
        for (std::size_t i = 0; i < r.minEpsilon[a].size(); ++i) {
            if (r.minEpsilon[a][i] >= 0)
                found.push_back(r.minEpsilon[a][i]);
            runs += r.runs[a][i];
        }
        std::sort(found.begin(), found.end());
        const std::string median = found.empty() ? "-" : std::to_string(found[found.size() / 2]);
        std::printf(" %4zu/%-3d %8s %6d\n", found.size(), r.images, median.c_str(), runs);
    }
}

// FNV-1a of a file's bytes, read in pieces (a model may be hundreds of MB).
std::string fileDigest(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    Fnv1a h;
    std::vector<char> buf(std::size_t(1) << 16);
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        h.add(buf.data(), static_cast<std::size_t>(in.gcount()));
    }
    if (!in.eof())
        throw std::runtime_error(path + ": cannot read the model to record its digest for advlab merge");
    return h.hex();
}

// What a --min-eps row depends on besides its image, the attacks and
// --max-eps: merge refuses shards that differ here. Models by file name and
// content digest, not by path, so shards run where the paths differ still
// merge. (--batch stays out: it changes only PGD's random start, which
// depends on the grouping of images anyway, and sharding regroups them.)
std::string minEpsSettings(const EvalOptions& o) {
    std::string s = "models=";
    const auto models = modelInputFiles(o.common.model, {});
    for (std::size_t m = 0; m < models.size(); ++m)
        s += (m ? "+" : "") + fs::path(models[m]).filename().string() + ":" + fileDigest(models[m]);
    char buf[64];
    if (!o.common.modelWeights.empty()) {
        s += ";weights=";
        for (std::size_t w = 0; w < o.common.modelWeights.size(); ++w) {
            std::snprintf(buf, sizeof buf, "%s%.9g", w ? "+" : "",
                          static_cast<double>(o.common.modelWeights[w]));
            s += buf;
        }
    }
    // The judge (--defence): shards judged by different models or defences
    // answer different questions. Its model by name and content, like --model.
    const DefenceConfig judge = parseDefence(o.defence.empty() ? "none" : o.defence);
    DefenceConfig judgeWithoutPath = judge;
    judgeWithoutPath.modelPath.clear();
    s += ";defence=" + judgeWithoutPath.key();
    if (judge.usesOwnModel())
        s += "+model:" + fs::path(judge.modelPath).filename().string() + ":" + fileDigest(judge.modelPath);
    std::snprintf(buf, sizeof buf, ";momentum=%.9g", static_cast<double>(o.momentum));
    return s + ";iters=" + std::to_string(o.iters) + buf + ";seed=" + std::to_string(o.seed) +
           ";target_class=" + std::to_string(o.targetClass);
}

void writeCsv(const std::string& path, const std::string& text) {
    if (path.empty())
        return;
    {
        const OutputWriteGuard writing; // SIGTERM's forced exit waits for a whole file
        writeFileAtomic(path, text);
    }
    std::fprintf(stderr, "wrote %s\n", path.c_str());
}

} // namespace

int runEval(const EvalOptions& o) {
    const bool sweep = o.sweep;
    const bool matrix = o.matrix;
    const int batch = o.common.batch;
    const int iters = o.iters;
    const float momentum = o.momentum;
    const auto seed = static_cast<std::uint64_t>(o.seed);
    const int forcedTarget = o.targetClass - 1; // 1-based like the CSV; -1: none
    const std::vector<float> eps = !o.eps.empty() ? o.eps
                                   : sweep        ? std::vector<float>{1, 2, 4, 8, 12, 16, 24, 32}
                                                  : std::vector<float>{16};
    const auto attacks = parseAttacks(o.attacks, o.targeted);
    const std::string& csv = o.csv;

    std::vector<DefenceConfig> defences;
    DefenceConfig sweepDefence;
    if ((sweep || o.minEps) && !o.defence.empty()) {
        sweepDefence = parseDefence(o.defence);
    } else if (matrix) {
        if (!o.defences.empty()) {
            for (const auto& key : o.defences)
                defences.push_back(parseDefence(key));
        } else {
            defences = standardDefences();
            // The second model is the transfer column whenever one is found.
            const PathResolution transfer = resolveTransferModel();
            if (!transfer.path.empty())
                defences.push_back(parseDefence("model:" + transfer.path));
            else if (transfer.explicitMiss) // named by a variable: never drop the column silently
                throw std::runtime_error("transfer model " + transfer.errorMessage());
        }
    }

    const Dataset dataset = openDataset(o.common);
    std::vector<DefenceConfig> scoringDefences = defences;
    scoringDefences.push_back(sweepDefence);
    const std::vector<std::string> inputFiles = modelInputFiles(o.common.model, scoringDefences);
    // With --shard the sweep and the matrix also write the counts advlab merge
    // sums, --min-eps what merge checks and orders the per-image rows by.
    const std::string countsCsv = !o.shard.empty() && !csv.empty() ? evalCountsPath(csv) : "";
    checkOutputsDistinct({{"--csv", csv}, {"--csv's counts file", countsCsv}, {"--curve-csv", o.curveCsv}});
    checkCsvPath("--csv", csv, dataset, inputFiles);
    checkCsvPath("--csv's counts file", countsCsv, dataset, inputFiles);
    checkCsvPath("--curve-csv", o.curveCsv, dataset, inputFiles);
    const Classifier model = openModel(o.common);
    warn("dataset " + dataset.root() + " (" + std::to_string(dataset.size()) + " images), model " +
         describeModel(model) + " on " + model.deviceName() + ", " + std::to_string(torchThreads()) +
         " threads");
    LoadedImages loaded = loadImages(dataset, o.common.limit);
    if (interruptToken().isCancelled())
        return interruptedExitCode();
    // --ids before --shard: the shards split the selection. (Selecting from
    // each shard's part instead failed on every listed ID of another shard.)
    if (!o.ids.empty())
        loaded = selectIds(std::move(loaded), dataset, o.ids);
    // What the shards split, in the run's order: merge checks its digest.
    std::vector<std::string> runIds;
    std::map<std::size_t, std::size_t> runPosition; // dataset entry -> place in runIds
    for (std::size_t i : loaded.entryIndex) {
        runPosition.emplace(i, runIds.size());
        runIds.push_back(dataset.entry(i).imageId);
    }
    loaded = applyShard(std::move(loaded), dataset, o.shard);
    if (loaded.images.empty()) {
        std::fprintf(stderr, "error: no readable images in %s\n", dataset.root().c_str());
        return 1;
    }
    const bool anyTargeted =
        std::any_of(attacks.begin(), attacks.end(), [](const AttackSpec& a) { return a.targeted; });
    if (anyTargeted)
        resolveTargets(loaded, dataset, forcedTarget);

    ProgressBar bar("evaluating");
    auto onProgress = [&](const EvaluationProgress& p) { bar.update(p.done, p.total); };

    if (o.minEps) {
        MinEpsilonRequest req;
        req.maxEpsilon = o.maxEps;
        req.defence = sweepDefence.key();
        for (std::size_t k = 0; k < attacks.size(); ++k) {
            AttackConfig c;
            c.method = attacks[k].method;
            c.targeted = attacks[k].targeted;
            c.iterations = iters;
            c.momentum = momentum;
            c.seed = seed;
            c.batchSize = batch;
            req.attacks.push_back(c);
            req.attackNames.push_back(methodKey(c.method) + (c.targeted ? "-t" : ""));
        }
        if (!o.shard.empty() && !o.curveCsv.empty())
            warn("note: a shard's --curve-csv covers only its own images; advlab merge --curve-csv FILE "
                 "writes the run's curve from the shards' --csv files");
        std::fprintf(stderr, "minimal epsilon: %zu attacks on %zu images, epsilon 1..%d, judged by %s\n",
                     req.attacks.size(), loaded.images.size(), req.maxEpsilon,
                     sweepDefence.isAttackedModelAlone() ? "the attacked model"
                                                         : sweepDefence.describe().c_str());
        const MinEpsilonResult r = runMinEpsilon(model, loaded.images, loaded.labels, loaded.targets, req,
                                                 onProgress, &interruptToken());
        bar.finish();
        if (r.cancelled) {
            std::fprintf(stderr, "interrupted; nothing written\n");
            return interruptedExitCode();
        }
        // Images without an answer (NaN or infinite logits from the model or
        // the judge) are empty in the CSV and not fooled in the curve: say so,
        // and refuse a run where no image got one at all.
        std::size_t unanswered = 0;
        bool everyAttackAnswered = true; // runMinEpsilon refuses an empty attack list
        for (const auto& perImage : r.minEpsilon) {
            const auto none = static_cast<std::size_t>(
                std::count(perImage.begin(), perImage.end(), MinEpsilonResult::kNoAnswer));
            unanswered = std::max(unanswered, none);
            everyAttackAnswered = everyAttackAnswered && none < perImage.size();
        }
        const std::string failing = sweepDefence.isAttackedModelAlone()
                                        ? "the model"
                                        : "the model or the judge (" + sweepDefence.describe() + ")";
        if (!everyAttackAnswered) {
            std::fprintf(stderr,
                         "error: no image got an answer from an attack: %s returned NaN or infinite logits "
                         "for every image; nothing written\n",
                         failing.c_str());
            return 1;
        }
        if (unanswered > 0)
            warn("warning: " + std::to_string(unanswered) + " of " + std::to_string(r.images) +
                 " images have no answer: " + failing +
                 " returned NaN or infinite logits for them; their min_eps is empty and the robust-accuracy "
                 "curve counts them as not fooled");
        printMinEpsilon(r);
        std::vector<std::string> ids;
        for (std::size_t i : loaded.entryIndex)
            ids.push_back(dataset.entry(i).imageId);
        writeCsv(csv, minEpsilonToCsv(r, ids, loaded.labels, loaded.targets));
        writeCsv(o.curveCsv, minEpsilonCurveToCsv(r));
        if (!countsCsv.empty()) {
            std::vector<std::size_t> positions;
            for (std::size_t i : loaded.entryIndex)
                positions.push_back(runPosition.at(i));
            writeCsv(countsCsv, minEpsilonCountsCsv(r, o.shard, runIds, positions, minEpsSettings(o)));
        }
    } else if (sweep) {
        SweepRequest req;
        req.methods.clear();
        for (const auto& a : attacks)
            req.methods.push_back(a.method);
        req.epsilons = eps;
        req.targeted = o.targeted;
        req.iterations = iters;
        req.momentum = momentum;
        req.seed = seed;
        req.batchSize = batch;
        applyTransformOptions(o.transforms, req.transforms);
        req.defence = sweepDefence;
        std::fprintf(stderr, "sweep: %zu attacks x %zu epsilons on %zu images, scored by %s\n",
                     req.methods.size(), req.epsilons.size(), loaded.images.size(),
                     req.defence.describe().c_str());
        const SweepResult r =
            runSweep(model, loaded.images, loaded.labels, loaded.targets, req, onProgress, &interruptToken());
        bar.finish();
        if (r.cancelled) {
            // The finished points are correct: show them, but write no CSV
            // that could pass for a complete sweep.
            if (!r.rows.empty())
                printSweep(r);
            std::fprintf(stderr, "interrupted after %zu of %zu sweep points; no CSV written\n", r.rows.size(),
                         req.methods.size() * req.epsilons.size());
            return interruptedExitCode();
        }
        // A point where the scoring pipeline gave no prediction for any image
        // (NaN or infinite logits) has rates of 0/0: say so rather than let
        // "100 % success" stand unexplained.
        for (const auto& row : r.rows)
            if (row.success.counted == 0)
                warn("warning: " + row.attack.describe() + ": " + req.defence.describe() +
                     " gave no prediction for any image (NaN or infinite logits); that point's rates mean "
                     "nothing");
        printSweep(r);
        writeCsv(csv, sweepToCsv(r));
        writeCsv(countsCsv, sweepCountsCsv(r, o.shard, runIds)); // the counts advlab merge sums
    } else {
        ScoreMatrixRequest req;
        req.batchSize = batch;
        req.defences = defences;
        for (const auto& a : attacks) {
            for (float e : eps) {
                AttackConfig c;
                c.method = a.method;
                c.targeted = a.targeted;
                c.epsilon = e;
                c.iterations = iters;
                c.momentum = momentum;
                c.seed = seed;
                c.batchSize = batch;
                applyTransformOptions(o.transforms, c.transforms);
                req.attacks.push_back(c);
            }
        }
        std::fprintf(stderr, "score matrix: %zu attacks x %zu defences on %zu images\n", req.attacks.size(),
                     req.defences.size(), loaded.images.size());
        const ScoreMatrix m = runScoreMatrix(model, loaded.images, loaded.labels, loaded.targets, req,
                                             onProgress, &interruptToken());
        bar.finish();
        if (m.cancelled) {
            std::fprintf(stderr, "interrupted; nothing written\n");
            return interruptedExitCode();
        }
        printMatrix(m);
        writeCsv(csv, scoreMatrixToCsv(m));
        writeCsv(countsCsv, scoreMatrixCountsCsv(m, o.shard, runIds)); // the counts advlab merge sums
    }
    return loaded.skipped > 0 ? 1 : 0;
}

} // namespace advlab::cli
