// SPDX-License-Identifier: GPL-3.0-or-later
// The competition runner: built-in attacks and defences, folders of
// adversarial images and external submissions in one matrix, scored as the
// NIPS 2017 dev toolkit did (run_attacks_and_defenses.py), with stricter
// validation of what submissions write.
#include "advlab/Competition.h"

#include "EvaluationSupport.h"
#include "advlab/Attack.h"
#include "advlab/Errors.h"
#include "advlab/FolderSnapshot.h"
#include "advlab/ImageIo.h"
#include "advlab/SubmissionOutput.h"
#include "advlab/Subprocess.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <stdexcept>

namespace fs = std::filesystem;

namespace advlab {

namespace {

enum class Origin { Builtin, Folder, Submission };

struct AttackEntry {
    std::string name;
    bool targeted = false;
    Origin origin = Origin::Builtin;
    AttackConfig config;
    AdversarialFolder folder;
    Submission submission;
};

struct DefenceEntry {
    std::string name;
    bool builtin = true;
    DefenceConfig config;
    Submission submission;
};

std::string sanitizeName(const std::string& s) {
    std::string out;
    for (char c : s)
        out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.') ? c : '_';
    return out;
}

std::string originText(Origin o) {
    return o == Origin::Builtin ? "builtin" : o == Origin::Folder ? "adv-dir" : "submission";
}

std::string epsilonText(float e) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", static_cast<double>(e));
    return buf;
}

void makeWritable(const fs::path& dir) {
    std::error_code ec;
    if (!fs::exists(dir, ec))
        return;
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::add, ec);
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec))
        if (!it->is_symlink(ec))
            fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
}

void removeTree(const fs::path& dir) {
    makeWritable(dir);
    std::error_code ec;
    fs::remove_all(dir, ec);
}

void makeReadOnly(const fs::path& dir) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec))
        fs::permissions(e.path(), fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read,
                        fs::perm_options::replace, ec);
    fs::permissions(dir,
                    fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                        fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec,
                    fs::perm_options::replace, ec);
}

// Everything that must not change while one submission runs: the guarded
// folders whole, and the run folder except this run's output and log.
class Guard {
public:
    Guard(const std::vector<std::string>& guarded, const std::string& runDir,
          std::vector<std::string> excluded)
        : m_runDir(runDir), m_excluded(std::move(excluded)) {
        for (const auto& f : guarded)
            m_before.emplace_back(f, FolderSnapshot::take(f));
        m_runBefore = FolderSnapshot::take(m_runDir, m_excluded);
    }

    std::vector<std::string> violations() const {
        std::vector<std::string> out;
        for (const auto& [root, before] : m_before)
            for (const auto& c : FolderSnapshot::take(root).changesSince(before))
                out.push_back(root + ": " + c);
        for (const auto& c : FolderSnapshot::take(m_runDir, m_excluded).changesSince(m_runBefore))
            out.push_back(m_runDir + ": " + c);
        return out;
    }

private:
    std::string m_runDir;
    std::vector<std::string> m_excluded;
    std::vector<std::pair<std::string, FolderSnapshot>> m_before;
    FolderSnapshot m_runBefore;
};

int defaultTimeLimit(std::size_t images) {
    return static_cast<int>(std::max<std::size_t>(1, images) * 5);
}

} // namespace

std::vector<std::string> CompetitionResult::allAttacks() const {
    std::vector<std::string> all = total.attacks;
    all.insert(all.end(), total.targetedAttacks.begin(), total.targetedAttacks.end());
    return all;
}

std::string builtinAttackName(const AttackConfig& a) {
    return "advlab_" + methodKey(a.method) + (a.targeted ? "_t" : "");
}

std::string builtinDefenceName(const DefenceConfig& d) {
    if (d.usesOwnModel()) {
        const std::string stem = fs::path(d.modelPath).stem().string();
        const std::string pre =
            d.kind == DefenceKind::Model ? "" : d.key().substr(0, d.key().find('+')) + "_";
        return "advlab_" + sanitizeName(pre + "model_" + stem);
    }
    return "advlab_" + sanitizeName(d.key());
}

std::string epsilonFolder(float epsilon) {
    return "eps" + epsilonText(epsilon);
}

CompetitionResult runCompetition(const Classifier& source, const CompetitionImages& in,
                                 const CompetitionRequest& req, const CompetitionProgressCallback& progress,
                                 const CompetitionBatchCallback& batchDone, const CancelToken* cancel) {
    const std::size_t n = in.images.size();
    if (n == 0)
        throw std::invalid_argument("the competition needs at least one image");
    if (in.ids.size() != n || in.labels.size() != n || in.targets.size() != n)
        throw std::invalid_argument("the competition needs one ImageId, label and target per image");
    if (req.epsilons.empty())
        throw std::invalid_argument("the competition needs at least one epsilon");
    if (req.runDir.empty())
        throw std::invalid_argument("the competition needs a run folder");

    std::vector<AttackEntry> attacks, targeted;
    std::vector<DefenceEntry> defences;
    for (const auto& c : req.builtinAttacks) {
        AttackEntry e;
        e.name = builtinAttackName(c);
        e.targeted = c.targeted;
        e.config = c;
        (c.targeted ? targeted : attacks).push_back(e);
    }
    for (const auto& f : req.adversarialFolders) {
        AttackEntry e;
        e.name = f.name;
        e.origin = Origin::Folder;
        e.folder = f;
        attacks.push_back(e);
    }
    for (const auto& s : req.submissions) {
        if (s.isAttack()) {
            AttackEntry e;
            e.name = s.name;
            e.origin = Origin::Submission;
            e.targeted = s.type == SubmissionType::TargetedAttack;
            e.submission = s;
            (e.targeted ? targeted : attacks).push_back(e);
        }
    }
    for (const auto& d : req.builtinDefences) {
        DefenceEntry e;
        e.name = builtinDefenceName(d);
        e.config = d;
        defences.push_back(e);
    }
    for (const auto& s : req.submissions) {
        if (!s.isAttack()) {
            DefenceEntry e;
            e.name = s.name;
            e.builtin = false;
            e.submission = s;
            defences.push_back(e);
        }
    }
    if (attacks.empty() && targeted.empty())
        throw std::invalid_argument(
            "the competition needs at least one attack (built-in, --adv-dir or submission)");
    if (defences.empty())
        throw std::invalid_argument("the competition needs at least one defence (built-in or submission)");
    std::set<std::string> names;
    for (const auto* list : {&attacks, &targeted})
        for (const auto& a : *list)
            if (a.name.empty() || !names.insert(a.name).second)
                throw std::invalid_argument("two attacks or defences are named '" + a.name +
                                            "'; rename a submission folder or --adv-dir NAME");
    for (const auto& d : defences)
        if (!names.insert(d.name).second)
            throw std::invalid_argument("two attacks or defences are named '" + d.name +
                                        "'; rename a submission folder");
    if (!targeted.empty())
        for (std::size_t i = 0; i < n; ++i)
            if (in.targets[i] < 0)
                throw std::invalid_argument("targeted attacks need a target class for every image; image " +
                                            in.ids[i] + " has none");
    std::vector<DefenceConfig> builtinDefs;
    for (const auto& d : defences)
        if (d.builtin)
            builtinDefs.push_back(d.config);
    DefenceModels models(source);
    models.preload(builtinDefs);

    std::vector<AttackEntry> all = attacks;
    all.insert(all.end(), targeted.begin(), targeted.end());
    std::vector<std::string> attackNames, targetedNames, defenceNames;
    for (const auto& a : attacks)
        attackNames.push_back(a.name);
    for (const auto& a : targeted)
        targetedNames.push_back(a.name);
    for (const auto& d : defences)
        defenceNames.push_back(d.name);

    const fs::path runDir = fs::absolute(req.runDir);
    fs::create_directories(runDir / "runs");
    fs::create_directories(runDir / "adversarial");

    CompetitionResult result;
    result.imageIds = in.ids;
    result.total = CompetitionCounts::zeros(attackNames, targetedNames, defenceNames);

    CompetitionProgress prog;
    prog.total = static_cast<int>(req.epsilons.size() * (all.size() + defences.size())) + 1;
    auto report = [&](const std::string& stage) {
        prog.stage = stage;
        if (progress)
            progress(prog);
    };
    auto cancelled = [&] { return cancel && cancel->isCancelled(); };

    // Reference labels: true labels, or the source model's clean prediction.
    report("classifying clean images");
    std::vector<Prediction> clean;
    if (std::any_of(in.labels.begin(), in.labels.end(), [](int l) { return l < 0; })) {
        clean = source.classify(in.images, req.batchSize, cancel);
        if (clean.size() != n) {
            result.cancelled = true;
            return result;
        }
    }
    for (std::size_t i = 0; i < n; ++i) {
        result.truth.push_back(in.labels[i] >= 0 ? in.labels[i] + 1 : clean[i].label() + 1);
        result.targets.push_back(in.targets[i] >= 0 ? in.targets[i] + 1 : 0);
    }
    ++prog.done;

    // The submissions' input images, encoded once: <ImageId>.png.
    const fs::path pngCache = runDir / "runs" / ".input-images";
    bool anyExternal = std::any_of(all.begin(), all.end(),
                                   [](const AttackEntry& a) { return a.origin == Origin::Submission; });
    if (anyExternal) {
        removeTree(pngCache);
        fs::create_directories(pngCache);
        for (std::size_t i = 0; i < n; ++i)
            writePngAtomic((pngCache / (in.ids[i] + ".png")).string(), in.images[i]);
        makeReadOnly(pngCache);
    }

    const std::string runDirText = runDir.string();
    auto runSubmission = [&](const Submission& s, const fs::path& dir, const std::vector<std::string>& args,
                             std::size_t imageCount, RunReport& rep) -> bool {
        rep.stdoutLog = (dir / "stdout.log").string();
        rep.stderrLog = (dir / "stderr.log").string();
        const std::string problem = s.entryProblem();
        std::ofstream(rep.stdoutLog).flush();
        if (!problem.empty()) {
            rep.status = problem;
            std::ofstream(rep.stderrLog) << "advlab: not run: " << problem << "\n";
            return true;
        }
        std::ofstream(rep.stderrLog).flush(); // created before the snapshot: its folder must not change later
        const std::string rel = fs::relative(dir, runDir).generic_string();
        const std::vector<std::string> excluded{rel + "/output", rel + "/stdout.log", rel + "/stderr.log"};
        const Guard guard(req.guardedFolders, runDirText, excluded);
        ProcessOptions po;
        po.argv = {s.entryPath()};
        po.argv.insert(po.argv.end(), args.begin(), args.end());
        po.workingDir = s.folder;
        po.timeoutSeconds = req.timeLimitSeconds > 0 ? req.timeLimitSeconds : defaultTimeLimit(imageCount);
        po.stdoutPath = rep.stdoutLog;
        po.stderrPath = rep.stderrLog;
        po.maxLogBytes = req.maxLogBytes;
        const ProcessResult pr = runProcess(po, cancel);
        rep.seconds = pr.seconds;
        rep.droppedLogBytes = pr.droppedBytes;
        if (pr.cancelled)
            return false;
        if (!pr.succeeded())
            rep.status = pr.describe();
        rep.violations = guard.violations();
        return true;
    };

    for (float eps : req.epsilons) {
        const std::string epsDir = epsilonFolder(eps);
        std::vector<std::vector<Image8>> adv(all.size());
        std::vector<std::vector<Prediction>> ownPreds(all.size());
        for (std::size_t a = 0; a < all.size(); ++a) {
            const AttackEntry& at = all[a];
            report(at.name + " ε=" + epsilonText(eps));
            RunReport rep;
            rep.name = at.name;
            rep.kind = at.targeted ? "targeted_attack" : "attack";
            rep.origin = originText(at.origin);
            rep.epsilon = eps;
            std::vector<Image8>& out = adv[a];
            if (at.origin == Origin::Builtin) {
                AttackConfig c = at.config;
                c.epsilon = eps;
                const AttackOutcome o =
                    runAttack(source, in.images, in.labels, at.targeted ? in.targets : std::vector<int>{}, c,
                              {}, cancel);
                if (o.cancelled) {
                    result.cancelled = true;
                    return result;
                }
                for (std::size_t i = 0; i < n; ++i) {
                    Image8 img = o.adversarial[i];
                    if (o.failed(i)) {
                        ++rep.brokenOutputs;
                        rep.problems.push_back(in.ids[i] + ": " + o.failures[i]);
                        img = in.images[i];
                    }
                    const long long clipped = clipToEpsilonBox(img, in.images[i], eps);
                    rep.clippedPixels += clipped; // always 0: the loop projects
                    rep.clippedImages += clipped > 0 ? 1 : 0;
                    out.push_back(std::move(img));
                }
                ownPreds[a] = o.predictions;
            } else {
                fs::path outputs;
                bool discard = false;
                if (at.origin == Origin::Folder) {
                    const fs::path base(at.folder.dir);
                    std::error_code ec;
                    outputs = fs::is_directory(base / epsDir, ec) ? base / epsDir : base;
                    if (!fs::is_directory(outputs, ec))
                        rep.status = "folder " + outputs.string() + " does not exist";
                } else {
                    const fs::path dir = runDir / "runs" / at.name / epsDir;
                    removeTree(dir);
                    fs::create_directories(dir / "output");
                    fs::create_directories(dir / "input");
                    for (std::size_t i = 0; i < n; ++i)
                        fs::copy_file(pngCache / (in.ids[i] + ".png"), dir / "input" / (in.ids[i] + ".png"));
                    if (at.targeted) {
                        std::ofstream t(dir / "input" / "target_class.csv");
                        for (std::size_t i = 0; i < n; ++i)
                            t << in.ids[i] << ".png," << result.targets[i] << "\n";
                    }
                    makeReadOnly(dir / "input");
                    if (!runSubmission(
                            at.submission, dir,
                            {(dir / "input").string(), (dir / "output").string(), epsilonText(eps)}, n,
                            rep)) {
                        result.cancelled = true;
                        return result;
                    }
                    removeTree(dir / "input");
                    outputs = dir / "output";
                    discard = !rep.violations.empty();
                }
                for (std::size_t i = 0; i < n; ++i) {
                    if (discard) {
                        ++rep.brokenOutputs;
                        out.push_back(in.images[i]);
                        continue;
                    }
                    AttackImageCheck chk =
                        checkAttackImage((outputs / (in.ids[i] + ".png")).string(), in.images[i], eps);
                    if (chk.status == AttackImageCheck::Status::Missing)
                        ++rep.missingOutputs;
                    else if (chk.status == AttackImageCheck::Status::Broken)
                        ++rep.brokenOutputs;
                    if (!chk.problem.empty() && rep.problems.size() < 20)
                        rep.problems.push_back(chk.problem);
                    if (chk.clippedPixels > 0) {
                        ++rep.clippedImages;
                        rep.clippedPixels += chk.clippedPixels;
                        result.clipping.push_back(
                            {at.name, eps, in.ids[i], chk.clippedPixels, chk.maxExcess});
                    }
                    out.push_back(std::move(chk.image));
                }
                if (discard)
                    rep.problems.insert(
                        rep.problems.begin(),
                        "changed files outside its output folder; all its images are replaced by "
                        "the originals");
            }
            const fs::path advDir = runDir / "adversarial" / epsDir / at.name;
            fs::create_directories(advDir);
            for (std::size_t i = 0; i < n; ++i)
                writePngAtomic((advDir / (in.ids[i] + ".png")).string(), out[i]);
            result.runs.push_back(std::move(rep));
            ++prog.done;
            if (cancelled()) {
                result.cancelled = true;
                return result;
            }
        }

        // [attack][defence][image]
        std::vector<std::vector<std::vector<int>>> labels(
            all.size(), std::vector<std::vector<int>>(defences.size(), std::vector<int>(n, 0)));
        for (std::size_t d = 0; d < defences.size(); ++d) {
            const DefenceEntry& de = defences[d];
            report(de.name + " ε=" + epsilonText(eps));
            RunReport rep;
            rep.name = de.name;
            rep.kind = "defense";
            rep.origin = de.builtin ? "builtin" : "submission";
            rep.epsilon = eps;
            if (de.builtin) {
                for (std::size_t a = 0; a < all.size(); ++a) {
                    std::vector<Prediction> preds;
                    if (scoresWithAttackedModel(de.config) && !ownPreds[a].empty())
                        preds = ownPreds[a]; // the attack's own final predictions, as eval --matrix does
                    else
                        preds = classifyDefended(models.modelFor(de.config), adv[a], de.config, req.batchSize,
                                                 cancel);
                    if (preds.size() != n) {
                        result.cancelled = true;
                        return result;
                    }
                    for (std::size_t i = 0; i < n; ++i)
                        labels[a][d][i] = preds[i].isValid() ? preds[i].label() + 1 : 0;
                }
            } else {
                const fs::path dir = runDir / "runs" / de.name / epsDir;
                removeTree(dir);
                fs::create_directories(dir / "output");
                fs::create_directories(dir / "input");
                std::vector<std::string> inputNames;
                for (std::size_t a = 0; a < all.size(); ++a)
                    for (std::size_t i = 0; i < n; ++i) {
                        char name[16];
                        std::snprintf(name, sizeof name, "%08zu", a * n + i);
                        inputNames.emplace_back(name);
                        fs::copy_file(runDir / "adversarial" / epsDir / all[a].name / (in.ids[i] + ".png"),
                                      dir / "input" / (inputNames.back() + ".png"));
                    }
                makeReadOnly(dir / "input");
                const fs::path resultFile = dir / "output" / "result.csv";
                if (!runSubmission(de.submission, dir, {(dir / "input").string(), resultFile.string()},
                                   inputNames.size(), rep)) {
                    result.cancelled = true;
                    return result;
                }
                removeTree(dir / "input");
                if (rep.violations.empty()) {
                    const DefenceLabels dl = readDefenceLabels(resultFile.string(), inputNames);
                    rep.missingLabels = dl.missing;
                    rep.duplicateLabels = dl.duplicate;
                    rep.unknownIds = dl.unknownId;
                    rep.outOfRangeLabels = dl.outOfRange;
                    rep.malformedLines = dl.malformed;
                    rep.problems = dl.problems;
                    for (std::size_t a = 0; a < all.size(); ++a)
                        for (std::size_t i = 0; i < n; ++i)
                            labels[a][d][i] = dl.labels[a * n + i];
                } else {
                    rep.missingLabels = static_cast<int>(inputNames.size());
                    rep.problems.push_back(
                        "changed files outside its output folder; all its labels count as wrong");
                }
            }
            result.runs.push_back(std::move(rep));
            ++prog.done;
            if (cancelled()) {
                result.cancelled = true;
                return result;
            }
        }

        CompetitionCounts counts = CompetitionCounts::zeros(attackNames, targetedNames, defenceNames);
        counts.images = static_cast<long long>(n);
        for (std::size_t a = 0; a < all.size(); ++a) {
            const bool isTargeted = a >= attacks.size();
            const std::size_t row = isTargeted ? a - attacks.size() : a;
            for (std::size_t d = 0; d < defences.size(); ++d)
                for (std::size_t i = 0; i < n; ++i) {
                    const int l = labels[a][d][i];
                    const bool correct = l == result.truth[i];
                    if (isTargeted) {
                        counts.accuracyOnTargetedAttacks[row][d] += correct ? 1 : 0;
                        counts.hitTargetClass[row][d] += l != 0 && l == result.targets[i] ? 1 : 0;
                    } else {
                        counts.accuracyOnAttacks[row][d] += correct ? 1 : 0;
                    }
                }
        }
        result.total.add(counts);
        result.perEpsilon.push_back(std::move(counts));
        result.labels.push_back(std::move(labels));
        result.epsilons.push_back(eps);
        if (batchDone)
            batchDone(result);
    }
    removeTree(pngCache);
    report("done");
    return result;
}

} // namespace advlab
