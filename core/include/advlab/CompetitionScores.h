// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <vector>

namespace advlab {

// The NIPS 2017 dev toolkit's scores, as counts (rows: attacks, columns:
// defences), so shards can be summed exactly. See docs/SCORING.md and the
// toolkit's compute_and_save_scores_and_ranking.
struct CompetitionCounts {
    std::vector<std::string> attacks; // non-targeted
    std::vector<std::string> targetedAttacks;
    std::vector<std::string> defences;
    // Images every attack made: the dataset's size times the number of ε
    // batches that were summed.
    long long images = 0;
    std::vector<std::vector<long long>> accuracyOnAttacks;         // classified as the true label
    std::vector<std::vector<long long>> accuracyOnTargetedAttacks; // classified as the true label
    std::vector<std::vector<long long>> hitTargetClass;            // classified as the target

    // All-zero matrices of the right shape.
    static CompetitionCounts zeros(std::vector<std::string> attacks, std::vector<std::string> targeted,
                                   std::vector<std::string> defences);
    // Adds another run's counts (another ε batch or shard). Throws
    // std::invalid_argument when the names differ.
    void add(const CompetitionCounts& other);

    // The toolkit's scores (higher is better).
    std::vector<long long> attackScores() const;         // images * defences - correct
    std::vector<long long> targetedAttackScores() const; // target hits
    std::vector<long long> defenceScores() const;        // correct, over both kinds of attack

    // Fractions as docs/SCORING.md and `advlab eval --matrix` state them.
    double attackScore(std::size_t attack, std::size_t defence) const;         // misclassified
    double targetedAttackScore(std::size_t attack, std::size_t defence) const; // hit the target
};

// The toolkit's files, byte for byte in its format: a count matrix with an
// empty top-left cell, defence names across and attack names down; a ranking
// as "Name,Score" rows, best first (ties keep the listing order).
std::string countMatrixCsv(const std::vector<std::vector<long long>>& counts,
                           const std::vector<std::string>& rows, const std::vector<std::string>& columns);
std::string rankingCsv(const std::string& nameHeader, const std::vector<std::string>& names,
                       const std::vector<long long>& scores);

// Writes accuracy_on_attacks.csv, accuracy_on_targeted_attacks.csv,
// hit_target_class.csv, attack_ranking.csv, targeted_attack_ranking.csv and
// defense_ranking.csv into `dir` (atomically, each whole or not at all).
void writeCompetitionCsvs(const CompetitionCounts& counts, const std::string& dir);

// Reads the three matrices back from `dir` (for merging shards); `images` is
// not in them and must be set by the caller. Throws DataError naming the file.
CompetitionCounts readCompetitionCsvs(const std::string& dir);

} // namespace advlab
