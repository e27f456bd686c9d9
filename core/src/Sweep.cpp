// SPDX-License-Identifier: GPL-3.0-or-later
#include "advlab/Sweep.h"

#include "EvaluationSupport.h"
#include "advlab/Attack.h"
#include "advlab/CsvWriter.h"

#include <chrono>
#include <stdexcept>

namespace advlab {

namespace {

AttackConfig configFor(const SweepRequest& r, AttackMethod method, float eps) {
    AttackConfig c;
    c.method = method;
    c.targeted = r.targeted;
    c.epsilon = eps;
    c.iterations = r.iterations;
    c.momentum = r.momentum;
    c.seed = r.seed;
    c.batchSize = r.batchSize;
    c.transforms = r.transforms;
    return c;
}

} // namespace

SweepResult runSweep(const Classifier& model, const std::vector<Image8>& images,
                     const std::vector<int>& labels, const std::vector<int>& targets,
                     const SweepRequest& request, const EvaluationProgressCallback& progress,
                     const CancelToken* cancel, const SweepRowCallback& onRow) {
    if (request.methods.empty())
        throw std::invalid_argument("the sweep needs at least one attack");
    if (request.epsilons.empty())
        throw std::invalid_argument("the sweep needs at least one epsilon");
    if (images.empty())
        throw std::invalid_argument("the sweep needs at least one image");
    if (request.batchSize < 1)
        throw std::invalid_argument("batch size must be at least 1");
    for (float e : request.epsilons)
        if (!(e >= 0.0f && e <= 255.0f))
            throw std::invalid_argument("every epsilon must be in 0..255 pixel units");

    DefenceModels models(model);
    const Classifier& scorer = models.modelFor(request.defence); // loads (and validates) now
    const bool directScoring = scoresWithAttackedModel(request.defence);

    SweepResult result;
    result.images = static_cast<int>(images.size());
    result.modelPath = model.path();
    result.scoringModelPath = scorer.path();
    result.defence = request.defence;

    const int batches = batchCount(images.size(), request.batchSize);
    EvaluationProgress prog;
    prog.total = batches; // clean scoring
    for (AttackMethod m : request.methods)
        prog.total +=
            static_cast<int>(request.epsilons.size()) *
            (batches * configFor(request, m, 0).effectiveIterations() + (directScoring ? 0 : batches));
    auto report = [&] {
        if (progress)
            progress(prog);
    };

    prog.stage = "classifying clean images";
    report();
    const auto cleanPreds = classifyDefended(scorer, images, request.defence, request.batchSize, cancel, [&] {
        ++prog.done;
        report();
    });
    if (cleanPreds.size() != images.size()) {
        result.cancelled = true;
        return result;
    }

    for (AttackMethod method : request.methods) {
        for (float eps : request.epsilons) {
            const auto started = std::chrono::steady_clock::now();
            const AttackConfig config = configFor(request, method, eps);
            prog.stage = config.describe();
            report();
            const int before = prog.done;
            const AttackOutcome outcome = runAttack(
                model, images, labels, targets, config,
                [&](const AttackProgress& p) {
                    prog.done = before + p.stepsDone;
                    report();
                },
                cancel);
            if (outcome.cancelled) {
                result.cancelled = true;
                return result;
            }
            prog.done = before + outcome.stepsRun;
            std::vector<Prediction> advPreds;
            if (directScoring) {
                advPreds = outcome.predictions;
            } else {
                advPreds = classifyDefended(scorer, outcome.adversarial, request.defence, request.batchSize,
                                            cancel, [&] {
                                                ++prog.done;
                                                report();
                                            });
                if (advPreds.size() != images.size()) {
                    result.cancelled = true;
                    return result;
                }
            }
            // The source labels are the true labels, or the attacked model's
            // clean predictions where a label is unknown: what the attack
            // tried to move away from.
            const std::vector<int>& source = outcome.sourceLabels;
            SweepRow row;
            row.attack = config;
            row.summary = summarize(images, outcome.adversarial, cleanPreds, advPreds, source,
                                    request.targeted ? targets : std::vector<int>{});
            row.success = request.targeted ? equalTally(advPreds, targets) : equalTally(advPreds, source);
            finishSweepRow(row);
            row.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            result.rows.push_back(row);
            if (onRow)
                onRow(row);
        }
    }
    prog.stage = "done";
    report();
    return result;
}

void finishSweepRow(SweepRow& row) {
    row.summary.finish();
    row.successRate = row.attack.targeted ? row.success.fraction() : 1.0 - row.success.fraction();
}

std::string sweepToCsv(const SweepResult& r) {
    CsvWriter csv({"attack", "method", "targeted", "epsilon", "iterations", "step_size", "images",
                   "clean_accuracy", "adversarial_accuracy", "success_rate", "target_hit_rate", "mean_linf",
                   "max_linf", "mean_l2", "seconds", "defence", "attacked_model", "scoring_model"});
    for (const auto& row : r.rows) {
        const AttackConfig& c = row.attack;
        const AttackSummary& s = row.summary;
        csv.field(c.describe())
            .field(c.attackKey())
            .integer(c.targeted ? 1 : 0)
            .number(c.epsilon, 2)
            .integer(c.effectiveIterations())
            .number(c.effectiveStepSize(), 4)
            .integer(s.images)
            .number(s.cleanAccuracy)
            .number(s.adversarialAccuracy)
            .number(row.successRate);
        if (c.targeted)
            csv.number(s.targetHitRate);
        else
            csv.empty();
        csv.number(s.meanLinf, 3)
            .integer(s.maxLinf)
            .number(s.meanL2, 2)
            .number(row.seconds, 2)
            .field(r.defence.key())
            .field(r.modelPath)
            .field(r.scoringModelPath)
            .endRow();
    }
    return csv.text();
}

} // namespace advlab
