// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "advlab/AttackConfig.h"
#include "advlab/CancelToken.h"
#include "advlab/Classifier.h"
#include "advlab/CompetitionScores.h"
#include "advlab/Defence.h"
#include "advlab/EvaluationProgress.h"
#include "advlab/Image8.h"
#include "advlab/Submission.h"

#include <functional>
#include <string>
#include <vector>

namespace advlab {

// The images a competition runs on (already loaded, 299 x 299 RGB).
struct CompetitionImages {
    std::vector<Image8> images;
    std::vector<std::string> ids; // ImageIds: file names <ImageId>.png for the submissions
    std::vector<int> labels;      // 0-based true labels, -1 unknown (the model's clean prediction stands in)
    std::vector<int> targets;     // 0-based target classes, -1 unknown; needed by targeted attacks
};

// A folder of adversarial PNGs someone already made (--adv-dir NAME=DIR):
// a non-targeted attack without code. DIR/eps<E>/<ImageId>.png is used for
// budget E when that folder exists, else DIR/<ImageId>.png for every budget.
struct AdversarialFolder {
    std::string name;
    std::string dir;
};

struct CompetitionRequest {
    std::vector<Submission> submissions;
    std::vector<AttackConfig> builtinAttacks; // epsilon is set per ε batch
    std::vector<DefenceConfig> builtinDefences;
    std::vector<AdversarialFolder> adversarialFolders;
    std::vector<float> epsilons{4, 8, 12, 16};
    double timeLimitSeconds = 0;             // per run; <= 0: the competition's 500 s per 100 images
    std::string runDir;                      // logs, validated outputs, CSVs
    std::vector<std::string> guardedFolders; // must not change (the dataset)
    int batchSize = 16;
    std::size_t maxLogBytes = std::size_t(1) << 20;
};

// One run of one submission (or built-in) on one ε batch.
struct RunReport {
    std::string name;
    std::string kind;   // "attack", "targeted_attack", "defense"
    std::string origin; // "submission", "builtin", "adv-dir"
    float epsilon = 0;
    std::string status = "ok"; // or why the run failed, e.g. "exit code 1"
    std::string stdoutLog;     // the entry point's stdout and stderr, each bounded; empty for built-ins
    std::string stderrLog;
    double seconds = 0;
    std::size_t droppedLogBytes = 0;
    int missingOutputs = 0, brokenOutputs = 0; // attack images replaced by the originals
    int clippedImages = 0;
    long long clippedPixels = 0;
    int missingLabels = 0, duplicateLabels = 0, unknownIds = 0, outOfRangeLabels = 0, malformedLines = 0;
    std::vector<std::string> violations; // changes outside its output folder
    std::vector<std::string> problems;   // details, the first few

    bool failed() const { return status != "ok" || !violations.empty(); }
    bool flagged() const {
        return failed() || clippedImages > 0 || missingOutputs > 0 || brokenOutputs > 0 ||
               missingLabels > 0 || duplicateLabels > 0 || unknownIds > 0 || outOfRangeLabels > 0 ||
               malformedLines > 0;
    }
};

struct ClipRecord {
    std::string attack;
    float epsilon = 0;
    std::string imageId;
    long long pixels = 0;
    int maxExcess = 0;
};

struct CompetitionResult {
    std::vector<float> epsilons; // the batches finished
    std::vector<std::string> imageIds;
    CompetitionCounts total; // summed over the ε batches
    std::vector<CompetitionCounts> perEpsilon;
    // [ε][attack][defence][image]: the defence's 1-based label, 0 for none.
    // Attacks are indexed non-targeted first, then targeted.
    std::vector<std::vector<std::vector<std::vector<int>>>> labels;
    std::vector<int> truth;   // 1-based, per image
    std::vector<int> targets; // 1-based, 0 unknown
    std::vector<RunReport> runs;
    std::vector<ClipRecord> clipping;
    bool cancelled = false;

    // All attacks in the labels' order: non-targeted, then targeted.
    std::vector<std::string> allAttacks() const;
};

struct CompetitionProgress {
    int done = 0;
    int total = 0;
    std::string stage;
};
using CompetitionProgressCallback = std::function<void(const CompetitionProgress&)>;
// Called after each finished ε batch with the result so far (the live matrix).
using CompetitionBatchCallback = std::function<void(const CompetitionResult&)>;

// The name a built-in takes in the CSVs: "advlab_mifgsm", "advlab_ifgsm_t",
// "advlab_jpeg75", "advlab_model_tf_mobilenet_v2_imagenet".
std::string builtinAttackName(const AttackConfig& attack);
std::string builtinDefenceName(const DefenceConfig& defence);

// The folder of an ε batch inside the run folder: "eps16", "eps2.5".
std::string epsilonFolder(float epsilon);

// Runs every attack (built-in, adversarial folder, submission) on every ε
// batch, validates and clips its images, runs every defence on all of them
// and counts as the dev toolkit did. Submissions run as subprocesses (see
// Submission), each with a fresh read-only copy of the images and a fresh
// output folder under runDir/runs/NAME/eps<E>/; failures are reported in
// `runs` and the competition goes on. Throws std::invalid_argument for a
// request that cannot run (no attacks or defences, duplicate names, targeted
// attacks without targets), before any work.
CompetitionResult runCompetition(const Classifier& source, const CompetitionImages& images,
                                 const CompetitionRequest& request,
                                 const CompetitionProgressCallback& progress = {},
                                 const CompetitionBatchCallback& batchDone = {},
                                 const CancelToken* cancel = nullptr);

// Writes the result CSVs into `runDir`: the toolkit's six files summed over
// the ε batches, the same per batch in eps<E>/ (with all_classification.csv),
// submissions.csv (one row per run: status and validation counts),
// clipping.csv (one row per clipped image) and competition.csv (images and ε
// list, for advlab merge). Rows are in a fixed order, so shards merge into
// the same bytes.
void writeCompetitionResult(const CompetitionResult& result, const std::string& runDir);

// Combines the run folders of shards (advlab compete --shard K/N) into `outDir`
// as one run would have written it: sums the counts, concatenates the
// per-image rows, copies the validated images, and keeps each shard's logs in
// runs/shard-K/. Throws DataError or std::invalid_argument naming the folder
// whose ε list or names disagree.
void mergeCompetitionRuns(const std::vector<std::string>& shardDirs, const std::string& outDir);

} // namespace advlab
