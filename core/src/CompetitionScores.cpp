// SPDX-License-Identifier: GPL-3.0-or-later
#include "advlab/CompetitionScores.h"

#include "advlab/AtomicFile.h"
#include "advlab/CsvTable.h"
#include "advlab/CsvWriter.h"
#include "advlab/Errors.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace advlab {

namespace {

using Matrix = std::vector<std::vector<long long>>;

Matrix zeroMatrix(std::size_t rows, std::size_t cols) {
    return Matrix(rows, std::vector<long long>(cols, 0));
}

void addMatrix(Matrix& into, const Matrix& from) {
    for (std::size_t r = 0; r < into.size(); ++r)
        for (std::size_t c = 0; c < into[r].size(); ++c)
            into[r][c] += from[r][c];
}

long long rowSum(const std::vector<long long>& row) {
    return std::accumulate(row.begin(), row.end(), 0LL);
}

Matrix readMatrix(const std::string& path, std::vector<std::string>& rows,
                  std::vector<std::string>& columns) {
    const CsvTable t = CsvTable::read(path);
    if (t.header().empty() || !t.header()[0].empty())
        throw DataError(path, 1, "not a count matrix: the top-left cell must be empty");
    columns.assign(t.header().begin() + 1, t.header().end());
    Matrix m;
    rows.clear();
    for (std::size_t r = 0; r < t.rowCount(); ++r) {
        rows.push_back(t.row(r)[0]);
        std::vector<long long> values;
        for (std::size_t c = 1; c < t.row(r).size(); ++c) {
            const std::string& f = t.row(r)[c];
            if (f.empty() || f.size() > 18 ||
                !std::all_of(f.begin(), f.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
                throw DataError(path, t.lineOf(r), "'" + f + "' is not a count");
            values.push_back(std::stoll(f));
        }
        m.push_back(std::move(values));
    }
    return m;
}

} // namespace

CompetitionCounts CompetitionCounts::zeros(std::vector<std::string> attacks,
                                           std::vector<std::string> targeted,
                                           std::vector<std::string> defences) {
    CompetitionCounts c;
    c.accuracyOnAttacks = zeroMatrix(attacks.size(), defences.size());
    c.accuracyOnTargetedAttacks = zeroMatrix(targeted.size(), defences.size());
    c.hitTargetClass = zeroMatrix(targeted.size(), defences.size());
    c.attacks = std::move(attacks);
    c.targetedAttacks = std::move(targeted);
    c.defences = std::move(defences);
    return c;
}

void CompetitionCounts::add(const CompetitionCounts& o) {
    if (o.attacks != attacks || o.targetedAttacks != targetedAttacks || o.defences != defences)
        throw std::invalid_argument("cannot add scores of different attacks or defences");
    images += o.images;
    addMatrix(accuracyOnAttacks, o.accuracyOnAttacks);
    addMatrix(accuracyOnTargetedAttacks, o.accuracyOnTargetedAttacks);
    addMatrix(hitTargetClass, o.hitTargetClass);
}

std::vector<long long> CompetitionCounts::attackScores() const {
    std::vector<long long> s;
    for (const auto& row : accuracyOnAttacks)
        s.push_back(images * static_cast<long long>(defences.size()) - rowSum(row));
    return s;
}

std::vector<long long> CompetitionCounts::targetedAttackScores() const {
    std::vector<long long> s;
    for (const auto& row : hitTargetClass)
        s.push_back(rowSum(row));
    return s;
}

std::vector<long long> CompetitionCounts::defenceScores() const {
    std::vector<long long> s(defences.size(), 0);
    for (const Matrix* m : {&accuracyOnAttacks, &accuracyOnTargetedAttacks})
        for (const auto& row : *m)
            for (std::size_t d = 0; d < row.size(); ++d)
                s[d] += row[d];
    return s;
}

double CompetitionCounts::attackScore(std::size_t a, std::size_t d) const {
    return images > 0 ? 1.0 - static_cast<double>(accuracyOnAttacks[a][d]) / static_cast<double>(images)
                      : 0.0;
}

double CompetitionCounts::targetedAttackScore(std::size_t a, std::size_t d) const {
    return images > 0 ? static_cast<double>(hitTargetClass[a][d]) / static_cast<double>(images) : 0.0;
}

std::string countMatrixCsv(const Matrix& counts, const std::vector<std::string>& rows,
                           const std::vector<std::string>& columns) {
    CsvWriter csv;
    csv.empty();
    for (const auto& c : columns)
        csv.field(c);
    csv.endRow();
    for (std::size_t r = 0; r < rows.size(); ++r) {
        csv.field(rows[r]);
        for (long long v : counts[r])
            csv.integer(v);
        csv.endRow();
    }
    return csv.text();
}

std::string rankingCsv(const std::string& nameHeader, const std::vector<std::string>& names,
                       const std::vector<long long>& scores) {
    std::vector<std::size_t> order(names.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
    CsvWriter csv({nameHeader, "Score"});
    for (std::size_t i : order)
        csv.field(names[i]).integer(scores[i]).endRow();
    return csv.text();
}

void writeCompetitionCsvs(const CompetitionCounts& c, const std::string& dir) {
    const std::string d = dir.empty() || dir.back() == '/' ? dir : dir + "/";
    writeFileAtomic(d + "accuracy_on_attacks.csv",
                    countMatrixCsv(c.accuracyOnAttacks, c.attacks, c.defences));
    writeFileAtomic(d + "accuracy_on_targeted_attacks.csv",
                    countMatrixCsv(c.accuracyOnTargetedAttacks, c.targetedAttacks, c.defences));
    writeFileAtomic(d + "hit_target_class.csv",
                    countMatrixCsv(c.hitTargetClass, c.targetedAttacks, c.defences));
    writeFileAtomic(d + "defense_ranking.csv", rankingCsv("DefenseName", c.defences, c.defenceScores()));
    writeFileAtomic(d + "attack_ranking.csv", rankingCsv("AttackName", c.attacks, c.attackScores()));
    writeFileAtomic(d + "targeted_attack_ranking.csv",
                    rankingCsv("AttackName", c.targetedAttacks, c.targetedAttackScores()));
}

CompetitionCounts readCompetitionCsvs(const std::string& dir) {
    const std::string d = dir.empty() || dir.back() == '/' ? dir : dir + "/";
    CompetitionCounts c;
    std::vector<std::string> defences2, defences3, targeted2;
    c.accuracyOnAttacks = readMatrix(d + "accuracy_on_attacks.csv", c.attacks, c.defences);
    c.accuracyOnTargetedAttacks =
        readMatrix(d + "accuracy_on_targeted_attacks.csv", c.targetedAttacks, defences2);
    c.hitTargetClass = readMatrix(d + "hit_target_class.csv", targeted2, defences3);
    // A matrix without rows has a header only; its defences still must agree.
    if ((!c.targetedAttacks.empty() && defences2 != c.defences) ||
        (!targeted2.empty() && defences3 != c.defences) || targeted2 != c.targetedAttacks)
        throw DataError(d + "hit_target_class.csv", 0,
                        "its attacks or defences differ from the other matrices");
    return c;
}

} // namespace advlab
