// SPDX-License-Identifier: GPL-3.0-or-later
// The run folder's CSVs, and the merge of shards' run folders. Every row is
// written in an order fixed by names and ImageIds, never by the order work
// happened in, so merged shards give the bytes of one whole run.
#include "advlab/AtomicFile.h"
#include "advlab/Competition.h"
#include "advlab/CsvTable.h"
#include "advlab/CsvWriter.h"
#include "advlab/Errors.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <numeric>
#include <stdexcept>
#include <tuple>

namespace fs = std::filesystem;

namespace advlab {

namespace {

std::vector<std::size_t> sortedImageOrder(const std::vector<std::string>& ids) {
    std::vector<std::size_t> order(ids.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return ids[a] < ids[b]; });
    return order;
}

std::size_t indexOf(const std::vector<std::string>& v, const std::string& s) {
    return static_cast<std::size_t>(std::find(v.begin(), v.end(), s) - v.begin());
}

std::string epsText(float e) {
    return epsilonFolder(e).substr(3);
}

const std::vector<std::string> kRunHeader{"Name",
                                          "Kind",
                                          "Origin",
                                          "Epsilon",
                                          "Status",
                                          "MissingOutputs",
                                          "BrokenOutputs",
                                          "ClippedImages",
                                          "ClippedPixels",
                                          "MissingLabels",
                                          "DuplicateLabels",
                                          "UnknownIds",
                                          "OutOfRangeLabels",
                                          "MalformedLines",
                                          "Violations",
                                          "Flagged"};

long long toCount(const CsvTable& t, std::size_t row, int col) {
    const std::string& f = t.row(row)[static_cast<std::size_t>(col)];
    if (f.empty() || f.size() > 18 ||
        !std::all_of(f.begin(), f.end(), [](char c) { return c >= '0' && c <= '9'; }))
        throw DataError(t.path(), t.lineOf(row),
                        "'" + f + "' in column " + t.header()[static_cast<std::size_t>(col)] +
                            " is not a count");
    return std::stoll(f);
}

} // namespace

void writeCompetitionResult(const CompetitionResult& r, const std::string& runDirText) {
    const fs::path runDir(runDirText);
    fs::create_directories(runDir);
    const std::vector<std::string> attacks = r.allAttacks();
    const std::size_t nTargetedStart = r.total.attacks.size();
    const auto order = sortedImageOrder(r.imageIds);

    CsvWriter info({"Key", "Value"});
    std::string epsList;
    for (float e : r.epsilons)
        epsList += (epsList.empty() ? "" : " ") + epsText(e);
    info.field("images").integer(static_cast<long long>(r.imageIds.size())).endRow();
    info.field("epsilons").field(epsList).endRow();
    writeFileAtomic((runDir / "competition.csv").string(), info.text());

    writeCompetitionCsvs(r.total, runDir.string());
    for (std::size_t e = 0; e < r.epsilons.size(); ++e) {
        const fs::path dir = runDir / epsilonFolder(r.epsilons[e]);
        fs::create_directories(dir);
        writeCompetitionCsvs(r.perEpsilon[e], dir.string());
        CsvWriter all({"AttackName", "IsTargeted", "DefenseName", "ImageId", "PredictedLabel", "TrueLabel",
                       "TargetClass"});
        for (std::size_t d = 0; d < r.total.defences.size(); ++d)
            for (std::size_t a = 0; a < attacks.size(); ++a)
                for (std::size_t i : order) {
                    all.field(attacks[a])
                        .field(a >= nTargetedStart ? "True" : "False")
                        .field(r.total.defences[d]);
                    all.field(r.imageIds[i])
                        .integer(r.labels[e][a][d][i])
                        .integer(r.truth[i])
                        .integer(r.targets[i]);
                    all.endRow();
                }
        all.writeAtomic((dir / "all_classification.csv").string());
    }

    CsvWriter runs(kRunHeader);
    std::string problems;
    for (const auto& rep : r.runs) {
        runs.field(rep.name).field(rep.kind).field(rep.origin).field(epsText(rep.epsilon)).field(rep.status);
        for (long long v :
             {static_cast<long long>(rep.missingOutputs), static_cast<long long>(rep.brokenOutputs),
              static_cast<long long>(rep.clippedImages), rep.clippedPixels,
              static_cast<long long>(rep.missingLabels), static_cast<long long>(rep.duplicateLabels),
              static_cast<long long>(rep.unknownIds), static_cast<long long>(rep.outOfRangeLabels),
              static_cast<long long>(rep.malformedLines), static_cast<long long>(rep.violations.size())})
            runs.integer(v);
        runs.integer(rep.flagged() ? 1 : 0).endRow();
        if (rep.flagged()) {
            problems += rep.name + " (" + rep.kind + ", eps " + epsText(rep.epsilon) + "): " + rep.status +
                        (rep.stdoutLog.empty() ? "" : ", logs " + rep.stdoutLog + " and " + rep.stderrLog) +
                        "\n";
            for (const auto& v : rep.violations)
                problems += "  outside its output folder: " + v + "\n";
            for (const auto& p : rep.problems)
                problems += "  " + p + "\n";
        }
    }
    runs.writeAtomic((runDir / "submissions.csv").string());
    writeFileAtomic((runDir / "problems.txt").string(), problems);

    std::vector<ClipRecord> clips = r.clipping;
    std::vector<std::string> epsNames;
    for (float e : r.epsilons)
        epsNames.push_back(epsText(e));
    std::stable_sort(clips.begin(), clips.end(), [&](const ClipRecord& a, const ClipRecord& b) {
        return std::make_tuple(indexOf(epsNames, epsText(a.epsilon)), indexOf(attacks, a.attack), a.imageId) <
               std::make_tuple(indexOf(epsNames, epsText(b.epsilon)), indexOf(attacks, b.attack), b.imageId);
    });
    CsvWriter clipCsv({"AttackName", "Epsilon", "ImageId", "ClippedPixels", "MaxExcess"});
    for (const auto& c : clips)
        clipCsv.field(c.attack)
            .field(epsText(c.epsilon))
            .field(c.imageId)
            .integer(c.pixels)
            .integer(c.maxExcess)
            .endRow();
    clipCsv.writeAtomic((runDir / "clipping.csv").string());
}

void mergeCompetitionRuns(const std::vector<std::string>& shardDirs, const std::string& outDir) {
    if (shardDirs.empty())
        throw std::invalid_argument("merge needs at least one shard folder");
    CompetitionResult r;
    std::vector<std::string> epsNames;
    long long imagesPerBatch = 0;
    // ImageId -> (truth, target); per ε: (attack, defence, ImageId) -> label
    std::map<std::string, std::pair<int, int>> images;
    std::vector<std::map<std::tuple<std::string, std::string, std::string>, int>> labels;
    std::map<std::tuple<std::string, std::string, std::string>, std::size_t> runIndex;

    for (std::size_t s = 0; s < shardDirs.size(); ++s) {
        const fs::path dir(shardDirs[s]);
        const CsvTable info = CsvTable::read((dir / "competition.csv").string());
        std::string eps;
        long long shardImages = -1;
        for (std::size_t i = 0; i < info.rowCount(); ++i) {
            if (info.row(i)[0] == "epsilons")
                eps = info.row(i)[1];
            else if (info.row(i)[0] == "images")
                shardImages = toCount(info, i, 1);
        }
        std::vector<std::string> shardEps;
        for (std::size_t p = 0; p < eps.size();) {
            const auto sp = eps.find(' ', p);
            shardEps.push_back(eps.substr(p, sp == std::string::npos ? std::string::npos : sp - p));
            p = sp == std::string::npos ? eps.size() : sp + 1;
        }
        if (shardImages < 0 || shardEps.empty())
            throw DataError(info.path(), 0, "no images or epsilons row: not a finished advlab compete run");
        if (s == 0) {
            epsNames = shardEps;
            labels.resize(epsNames.size());
            for (const auto& e : epsNames)
                r.epsilons.push_back(std::stof(e));
        } else if (shardEps != epsNames) {
            throw std::invalid_argument(dir.string() + " ran epsilons " + eps + ", the first shard others");
        }
        imagesPerBatch += shardImages;
        for (std::size_t e = 0; e < epsNames.size(); ++e) {
            const fs::path epsDir = dir / ("eps" + epsNames[e]);
            CompetitionCounts c = readCompetitionCsvs(epsDir.string());
            c.images = shardImages;
            if (s == 0) {
                r.perEpsilon.push_back(c);
            } else {
                try {
                    r.perEpsilon[e].add(c);
                } catch (const std::invalid_argument&) {
                    throw std::invalid_argument(epsDir.string() + ": its attacks or defences differ from " +
                                                shardDirs[0] + "'s");
                }
            }
            const CsvTable all = CsvTable::read((epsDir / "all_classification.csv").string());
            const int ca = all.requireColumn("AttackName"), cd = all.requireColumn("DefenseName"),
                      ci = all.requireColumn("ImageId"), cp = all.requireColumn("PredictedLabel"),
                      ct = all.requireColumn("TrueLabel"), cg = all.requireColumn("TargetClass");
            for (std::size_t row = 0; row < all.rowCount(); ++row) {
                const auto& f = all.row(row);
                const std::string& id = f[static_cast<std::size_t>(ci)];
                images[id] = {all.intField(row, ct, 0, 1000), all.intField(row, cg, 0, 1000)};
                labels[e][{f[static_cast<std::size_t>(ca)], f[static_cast<std::size_t>(cd)], id}] =
                    all.intField(row, cp, 0, 1000);
            }
        }
        const CsvTable runs = CsvTable::read((dir / "submissions.csv").string());
        for (const auto& h : kRunHeader)
            runs.requireColumn(h);
        for (std::size_t row = 0; row < runs.rowCount(); ++row) {
            const auto& f = runs.row(row);
            const auto k = std::make_tuple(f[0], f[1], f[3]);
            auto it = runIndex.find(k);
            if (it == runIndex.end()) {
                RunReport rep;
                rep.name = f[0];
                rep.kind = f[1];
                rep.origin = f[2];
                rep.epsilon = std::stof(f[3]);
                it = runIndex.emplace(k, r.runs.size()).first;
                r.runs.push_back(rep);
            }
            RunReport& rep = r.runs[it->second];
            if (rep.status == "ok")
                rep.status = f[4];
            rep.missingOutputs += static_cast<int>(toCount(runs, row, 5));
            rep.brokenOutputs += static_cast<int>(toCount(runs, row, 6));
            rep.clippedImages += static_cast<int>(toCount(runs, row, 7));
            rep.clippedPixels += toCount(runs, row, 8);
            rep.missingLabels += static_cast<int>(toCount(runs, row, 9));
            rep.duplicateLabels += static_cast<int>(toCount(runs, row, 10));
            rep.unknownIds += static_cast<int>(toCount(runs, row, 11));
            rep.outOfRangeLabels += static_cast<int>(toCount(runs, row, 12));
            rep.malformedLines += static_cast<int>(toCount(runs, row, 13));
            for (long long v = toCount(runs, row, 14); v > 0; --v)
                rep.violations.push_back("in shard " + shardDirs[s]);
        }
        const CsvTable clips = CsvTable::read((dir / "clipping.csv").string());
        for (std::size_t row = 0; row < clips.rowCount(); ++row) {
            const auto& f = clips.row(row);
            r.clipping.push_back({f[0], std::stof(f[1]), f[2], toCount(clips, row, 3),
                                  static_cast<int>(toCount(clips, row, 4))});
        }
    }

    r.total = CompetitionCounts::zeros(r.perEpsilon[0].attacks, r.perEpsilon[0].targetedAttacks,
                                       r.perEpsilon[0].defences);
    for (const auto& c : r.perEpsilon)
        r.total.add(c);
    for (const auto& [id, tt] : images) {
        r.imageIds.push_back(id);
        r.truth.push_back(tt.first);
        r.targets.push_back(tt.second);
    }
    if (static_cast<long long>(r.imageIds.size()) != imagesPerBatch)
        throw std::invalid_argument("the shards hold " + std::to_string(r.imageIds.size()) +
                                    " distinct images but report " + std::to_string(imagesPerBatch) +
                                    " in all: shards overlap or a shard is incomplete");
    const std::vector<std::string> attacks = r.allAttacks();
    for (std::size_t e = 0; e < epsNames.size(); ++e) {
        std::vector<std::vector<std::vector<int>>> l(
            attacks.size(),
            std::vector<std::vector<int>>(r.total.defences.size(), std::vector<int>(r.imageIds.size(), 0)));
        for (std::size_t a = 0; a < attacks.size(); ++a)
            for (std::size_t d = 0; d < r.total.defences.size(); ++d)
                for (std::size_t i = 0; i < r.imageIds.size(); ++i) {
                    const auto it = labels[e].find({attacks[a], r.total.defences[d], r.imageIds[i]});
                    if (it != labels[e].end())
                        l[a][d][i] = it->second;
                }
        r.labels.push_back(std::move(l));
    }

    const fs::path out(outDir);
    fs::create_directories(out);
    for (std::size_t s = 0; s < shardDirs.size(); ++s) {
        const fs::path dir(shardDirs[s]);
        std::error_code ec;
        if (fs::is_directory(dir / "adversarial", ec))
            fs::copy(dir / "adversarial", out / "adversarial",
                     fs::copy_options::recursive | fs::copy_options::overwrite_existing);
        if (fs::is_directory(dir / "runs", ec)) {
            const fs::path logs = out / "runs" / ("shard-" + std::to_string(s + 1));
            fs::create_directories(logs);
            fs::copy(dir / "runs", logs, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
        }
    }
    writeCompetitionResult(r, out.string());
}

} // namespace advlab
