// SPDX-License-Identifier: GPL-3.0-or-later
#include "advlab/ScoreMatrix.h"

#include "EvaluationSupport.h"
#include "advlab/Attack.h"
#include "advlab/CsvWriter.h"

#include <numeric>
#include <stdexcept>

namespace advlab {

namespace {

double mean(const std::vector<double>& v) {
    return v.empty() ? 0.0 : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

} // namespace

ScoreMatrix runScoreMatrix(const Classifier& source, const std::vector<Image8>& images,
                           const std::vector<int>& labels, const std::vector<int>& targets,
                           const ScoreMatrixRequest& request, const EvaluationProgressCallback& progress,
                           const CancelToken* cancel, const ScoreMatrixCellCallback& onCell) {
    if (request.attacks.empty())
        throw std::invalid_argument("the score matrix needs at least one attack");
    if (request.defences.empty())
        throw std::invalid_argument("the score matrix needs at least one defence");
    if (images.empty())
        throw std::invalid_argument("the score matrix needs at least one image");
    if (!labels.empty() && labels.size() != images.size())
        throw std::invalid_argument("labels must be empty or one per image");
    for (const auto& a : request.attacks)
        if (a.targeted && targets.size() != images.size())
            throw std::invalid_argument("targeted attack " + a.describe() +
                                        " needs one target class per image");

    DefenceModels models(source);
    models.preload(request.defences); // a bad model path fails before any attack runs

    ScoreMatrix m;
    m.attacks = request.attacks;
    m.defences = request.defences;
    m.images = static_cast<int>(images.size());
    m.sourceModelPath = source.path();
    auto cancelled = [&] {
        ScoreMatrix c;
        c.attacks = m.attacks;
        c.defences = m.defences;
        c.images = m.images;
        c.sourceModelPath = m.sourceModelPath;
        c.cancelled = true;
        return c;
    };

    const int classifyBatches = batchCount(images.size(), request.batchSize);
    int indirect = 0;
    for (const auto& d : request.defences)
        indirect += scoresWithAttackedModel(d) ? 0 : 1;
    EvaluationProgress prog;
    prog.total = classifyBatches * (1 + static_cast<int>(request.defences.size())); // labels + clean accuracy
    for (const auto& a : request.attacks)
        prog.total +=
            batchCount(images.size(), a.batchSize) * a.effectiveIterations() + classifyBatches * indirect;
    auto report = [&] {
        if (progress)
            progress(prog);
    };
    auto tick = [&] {
        ++prog.done;
        report();
    };

    // The reference labels: true labels, or the source model's clean
    // prediction where unknown (the same rule runAttack uses).
    prog.stage = "classifying clean images";
    report();
    const auto sourceClean = source.classify(images, request.batchSize, cancel);
    if (sourceClean.size() != images.size())
        return cancelled();
    prog.done += classifyBatches;
    std::vector<int> truth(images.size());
    for (std::size_t i = 0; i < images.size(); ++i) {
        const int l = labels.empty() ? -1 : labels[i];
        truth[i] = l >= 0 ? l : sourceClean[i].label();
    }

    for (const auto& d : request.defences) {
        prog.stage = "clean accuracy of " + d.describe();
        report();
        const auto preds = classifyDefended(models.modelFor(d), images, d, request.batchSize, cancel, tick);
        if (preds.size() != images.size())
            return cancelled();
        m.cleanTally.push_back(equalTally(preds, truth));
        if (onCell) {
            ScoreMatrixCell cell;
            cell.defence = static_cast<int>(m.cleanTally.size()) - 1;
            cell.defenceAccuracy = m.cleanTally.back().fraction();
            onCell(cell);
        }
    }

    for (const auto& attack : request.attacks) {
        prog.stage = attack.describe();
        report();
        const int before = prog.done;
        const AttackOutcome outcome = runAttack(
            source, images, labels, attack.targeted ? targets : std::vector<int>{}, attack,
            [&](const AttackProgress& p) {
                prog.done = before + p.stepsDone;
                report();
            },
            cancel);
        if (outcome.cancelled)
            return cancelled();
        prog.done = before + outcome.stepsRun;
        std::vector<Tally> correct, hits;
        for (const auto& d : request.defences) {
            prog.stage = attack.describe() + " vs " + d.describe();
            std::vector<Prediction> preds;
            if (scoresWithAttackedModel(d)) {
                preds = outcome.predictions;
            } else {
                preds = classifyDefended(models.modelFor(d), outcome.adversarial, d, request.batchSize,
                                         cancel, tick);
                if (preds.size() != images.size())
                    return cancelled();
            }
            correct.push_back(equalTally(preds, truth));
            hits.push_back(attack.targeted ? equalTally(preds, targets) : Tally{});
            if (onCell) {
                ScoreMatrixCell cell;
                cell.attack = static_cast<int>(m.correctTally.size());
                cell.defence = static_cast<int>(correct.size()) - 1;
                cell.defenceAccuracy = correct.back().fraction();
                cell.attackScore = attack.targeted ? hits.back().fraction() : 1.0 - cell.defenceAccuracy;
                onCell(cell);
            }
        }
        m.correctTally.push_back(std::move(correct));
        m.targetTally.push_back(std::move(hits));
    }
    finishScoreMatrix(m);
    prog.stage = "done";
    prog.done = prog.total;
    report();
    return m;
}

void finishScoreMatrix(ScoreMatrix& m) {
    m.cleanAccuracy.clear();
    for (const Tally& t : m.cleanTally)
        m.cleanAccuracy.push_back(t.fraction());
    m.attackScore.clear();
    m.defenceAccuracy.clear();
    m.attackMeanScore.clear();
    for (std::size_t a = 0; a < m.correctTally.size(); ++a) {
        const bool targeted = a < m.attacks.size() && m.attacks[a].targeted;
        std::vector<double> scores, accuracies;
        for (std::size_t d = 0; d < m.correctTally[a].size(); ++d) {
            const double acc = m.correctTally[a][d].fraction();
            accuracies.push_back(acc);
            scores.push_back(targeted ? m.targetTally[a][d].fraction() : 1.0 - acc);
        }
        m.attackMeanScore.push_back(mean(scores));
        m.attackScore.push_back(std::move(scores));
        m.defenceAccuracy.push_back(std::move(accuracies));
    }
    m.defenceScore.clear();
    for (std::size_t d = 0; d < m.cleanTally.size(); ++d) {
        std::vector<double> column;
        for (const auto& row : m.defenceAccuracy)
            column.push_back(row[d]);
        m.defenceScore.push_back(mean(column));
    }
}

std::string scoreMatrixToCsv(const ScoreMatrix& m) {
    CsvWriter csv;
    csv.field("attack").field("method").field("targeted").field("epsilon").field("iterations");
    for (const auto& d : m.defences)
        csv.field(d.key());
    csv.field("mean").endRow();
    for (std::size_t a = 0; a < m.attacks.size() && a < m.attackScore.size(); ++a) {
        const AttackConfig& c = m.attacks[a];
        csv.field(c.describe())
            .field(c.attackKey())
            .integer(c.targeted ? 1 : 0)
            .number(c.epsilon, 2)
            .integer(c.effectiveIterations());
        for (double s : m.attackScore[a])
            csv.number(s);
        csv.number(m.attackMeanScore[a]).endRow();
    }
    auto summaryRow = [&](const char* name, const std::vector<double>& values) {
        csv.field(name).empty().empty().empty().empty();
        for (double v : values)
            csv.number(v);
        csv.empty().endRow();
    };
    if (!m.cancelled) {
        summaryRow("clean accuracy", m.cleanAccuracy);
        summaryRow("defence score", m.defenceScore);
    }
    return csv.text();
}

} // namespace advlab
