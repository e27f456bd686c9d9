// SPDX-License-Identifier: GPL-3.0-or-later
#include "advlab/EvalShards.h"

#include "advlab/CsvTable.h"
#include "advlab/CsvWriter.h"
#include "advlab/Errors.h"
#include "advlab/Fnv1a.h"
#include "advlab/InputFile.h"
#include "advlab/MinEpsilon.h"
#include "advlab/Shard.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <stdexcept>

namespace advlab {

namespace {

// Doubles round-trip exactly through 17 significant digits.
std::string exact(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

class CountsWriter {
public:
    CountsWriter() : m_csv({"row", "name", "value"}) {}
    void add(const std::string& row, const std::string& name, const std::string& value) {
        m_csv.field(row).field(name).field(value).endRow();
    }
    void add(const std::string& row, const std::string& name, long long value) {
        add(row, name, std::to_string(value));
    }
    void tally(const std::string& row, const std::string& name, const Tally& t) {
        add(row, name + "_hits", t.hits);
        add(row, name + "_counted", t.counted);
    }
    std::string text() const { return m_csv.text(); }

private:
    CsvWriter m_csv;
};

// One shard's counts, keyed "row/name", in file order.
struct Counts {
    std::vector<std::string> keys;
    std::map<std::string, std::string> values;
    std::map<std::string, int> lines; // for messages
};

Counts readCounts(const std::string& csvPath) {
    const std::string path = evalCountsPath(csvPath);
    if (!inputFileProblem(path).empty())
        throw DataError(path, 0,
                        inputFileProblem(path) + "; advlab eval writes it next to --csv only with --shard");
    const CsvTable t = CsvTable::read(path);
    if (t.header() != std::vector<std::string>{"row", "name", "value"})
        throw DataError(path, 1, "expected the header row,name,value");
    Counts c;
    for (std::size_t r = 0; r < t.rowCount(); ++r) {
        if (t.row(r).size() != 3)
            throw DataError(path, t.lineOf(r), "expected 3 fields");
        const std::string key = t.row(r)[0] + "/" + t.row(r)[1];
        if (!c.values.emplace(key, t.row(r)[2]).second)
            throw DataError(path, t.lineOf(r), "a second line for " + key);
        c.keys.push_back(key);
        c.lines[key] = t.lineOf(r);
    }
    return c;
}

long long integerOf(const std::string& text, const std::string& file, int line, const std::string& key) {
    std::size_t used = 0;
    long long v = 0;
    try {
        v = std::stoll(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (text.empty() || used != text.size() || v < 0)
        throw DataError(file, line, key + ": '" + text + "' is not a count");
    return v;
}

double doubleOf(const std::string& text, const std::string& file, int line, const std::string& key) {
    std::size_t used = 0;
    double v = 0;
    try {
        v = std::stod(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    // Sums of distances and seconds: a negative or infinite one is no shard's.
    if (text.empty() || used != text.size() || !std::isfinite(v) || v < 0)
        throw DataError(file, line, key + ": '" + text + "' is not a number >= 0");
    return v;
}

// Every fraction's hits within its counted images: a shard file with more
// hits would merge into success rates above 1 or accuracies below 0.
void checkTallies(const Counts& c, const std::string& file) {
    const std::string hits = "_hits";
    for (const auto& key : c.keys) {
        if (key.size() <= hits.size() || key.compare(key.size() - hits.size(), hits.size(), hits) != 0)
            continue;
        const std::string countedKey = key.substr(0, key.size() - hits.size()) + "_counted";
        const auto counted = c.values.find(countedKey);
        if (counted == c.values.end())
            throw DataError(file, c.lines.at(key), key + " without " + countedKey);
        const long long h = integerOf(c.values.at(key), file, c.lines.at(key), key);
        const long long n = integerOf(counted->second, file, c.lines.at(countedKey), countedKey);
        if (h > n)
            throw DataError(file, c.lines.at(key),
                            key + " is " + std::to_string(h) + ", more than the " + std::to_string(n) +
                                " of " + countedKey + ": not the counts of an eval shard");
    }
}

// One shard's all/shard line: its K/N text, and where it stands.
struct ShardLine {
    std::string text, file;
    int line;
};

// The shards given must be 1/N..N/N of one run, each once. Returns each
// shard's Shard, in the order given.
std::vector<Shard> checkShardsOfOneRun(const std::vector<ShardLine>& shards) {
    if (shards.empty())
        throw std::invalid_argument("the shard counts have no all/shard line: not the sidecars of "
                                    "advlab eval --shard");
    std::map<int, const ShardLine*> byIndex;
    std::vector<Shard> parsed;
    int count = 0;
    for (const auto& sl : shards) {
        Shard shard;
        try {
            shard = parseShard(sl.text);
        } catch (const std::invalid_argument& e) {
            throw DataError(sl.file, sl.line, e.what());
        }
        if (count == 0)
            count = shard.count;
        else if (shard.count != count)
            throw std::invalid_argument(sl.file + " is shard " + shard.text() + " but " + shards[0].file +
                                        " is shard " + shards[0].text + ": not the shards of one run");
        const auto [it, fresh] = byIndex.emplace(shard.index, &sl);
        if (!fresh)
            throw std::invalid_argument(sl.file + " and " + it->second->file + " are both shard " +
                                        shard.text() + ": the same shard twice");
        parsed.push_back(shard);
    }
    std::string missing;
    for (int k = 1; k <= count; ++k)
        if (!byIndex.count(k))
            missing += (missing.empty() ? "" : ", ") + std::to_string(k) + "/" + std::to_string(count);
    if (!missing.empty())
        throw std::invalid_argument("shard " + missing + " of the run is missing; give all " +
                                    std::to_string(count) + " shards");
    return parsed;
}

// The counts of all shards, summed (maxima for max_*, doubles for the sums
// of distances and the seconds; text values must agree).
class MergedCounts {
public:
    explicit MergedCounts(const std::vector<std::string>& csvPaths) {
        for (std::size_t s = 0; s < csvPaths.size(); ++s) {
            const Counts c = readCounts(csvPaths[s]);
            const std::string file = evalCountsPath(csvPaths[s]);
            // Refused rather than merged with a warning: without the digest
            // nothing tells a shard of another --ids or --limit of the same
            // size from a true one, and the merged CSV would pass for one
            // run's. Rerunning a shard costs minutes; a wrong table does not
            // announce itself.
            if (!c.values.count("all/run_ids"))
                throw DataError(file, 0,
                                "no all/run_ids line: written by an advlab that did not record the run's "
                                "image selection, so merge cannot tell whether the shards were cut from one "
                                "run's images; rerun the shards with this advlab");
            checkTallies(c, file);
            if (s == 0)
                m_keys = c.keys;
            else if (c.keys != m_keys)
                throw std::invalid_argument(file + " lists other counts than " + evalCountsPath(csvPaths[0]) +
                                            ": the shards come from different eval commands");
            for (const auto& key : m_keys) {
                const std::string& v = c.values.at(key);
                const int line = c.lines.at(key);
                const std::string name = key.substr(key.find('/') + 1);
                if (key == "all/shard") {
                    m_shards.push_back({v, file, line});
                } else if (key == "all/run_images") {
                    // Every shard split the same images: a shard of another
                    // --limit or dataset would leave some out or count some twice.
                    const long long n = integerOf(v, file, line, key);
                    if (s > 0 && m_int[key] != n)
                        throw std::invalid_argument(file + ": a shard of a run over " + std::to_string(n) +
                                                    " images, merged with " + evalCountsPath(csvPaths[0]) +
                                                    " of a run over " + std::to_string(m_int[key]) +
                                                    " (another --limit or dataset)");
                    m_int[key] = n;
                } else if (key == "all/run_ids") {
                    // The same count of other images (--ids a,b against --ids
                    // c,d) passes run_images; the digest of the IDs does not.
                    if (s > 0 && m_text[key] != v)
                        throw std::invalid_argument(
                            file + " and " + evalCountsPath(csvPaths[0]) +
                            " were cut from different image selections (--ids/--limit): not the shards of "
                            "one run");
                    m_text[key] = v;
                } else if (name == "kind") {
                    if (s > 0 && m_text[key] != v)
                        throw std::invalid_argument(file + ": a " + v + " shard, merged with a " +
                                                    m_text[key] + " shard");
                    m_text[key] = v;
                } else if (name == "sum_l2" || name == "seconds") {
                    m_real[key] += doubleOf(v, file, line, key);
                } else if (name.rfind("max_", 0) == 0) {
                    m_int[key] = std::max(m_int[key], integerOf(v, file, line, key));
                } else {
                    m_int[key] += integerOf(v, file, line, key);
                }
            }
        }
    }
    // (Sidecars written before eval recorded K/N carry no run_ids either
    // and are refused above.)
    void checkShardsComplete() const { checkShardsOfOneRun(m_shards); }
    std::string text(const std::string& key) const { return find(m_text, key); }
    long long integer(const std::string& key) const { return find(m_int, key); }
    double real(const std::string& key) const { return find(m_real, key); }
    Tally tally(const std::string& key) const { return {integer(key + "_hits"), integer(key + "_counted")}; }

private:
    template <typename Map> typename Map::mapped_type find(const Map& m, const std::string& key) const {
        const auto it = m.find(key);
        if (it == m.end())
            throw std::invalid_argument("the shard counts have no " + key);
        return it->second;
    }
    std::vector<ShardLine> m_shards;
    std::vector<std::string> m_keys;
    std::map<std::string, std::string> m_text;
    std::map<std::string, long long> m_int;
    std::map<std::string, double> m_real;
};

// The shards' own CSVs must agree on everything but the numbers: the same
// header and the same label fields of every row.
CsvTable readMainCsvs(const std::vector<std::string>& csvPaths,
                      const std::vector<std::size_t>& labelColumns) {
    const CsvTable first = CsvTable::read(csvPaths[0]);
    for (std::size_t s = 1; s < csvPaths.size(); ++s) {
        const CsvTable t = CsvTable::read(csvPaths[s]);
        bool same = t.header() == first.header() && t.rowCount() == first.rowCount();
        for (std::size_t r = 0; same && r < t.rowCount(); ++r)
            for (std::size_t c : labelColumns)
                same =
                    same && c < t.row(r).size() && c < first.row(r).size() && t.row(r)[c] == first.row(r)[c];
        if (!same)
            throw std::invalid_argument(csvPaths[s] + " has other attacks, epsilons or defences than " +
                                        csvPaths[0] + ": the shards come from different eval commands");
    }
    return first;
}

std::string mergeSweep(const CsvTable& first, const MergedCounts& n) {
    // The layout of sweepToCsv (Sweep.cpp): labels verbatim, numbers recomputed.
    CsvWriter csv(first.header());
    for (std::size_t r = 0; r < first.rowCount(); ++r) {
        const auto& f = first.row(r);
        const std::string row = std::to_string(r);
        SweepRow s;
        s.attack.targeted = f[2] == "1";
        s.summary.images = static_cast<int>(n.integer(row + "/images"));
        s.summary.clean = n.tally(row + "/clean");
        s.summary.adversarial = n.tally(row + "/adversarial");
        s.summary.targetHits = n.tally(row + "/target");
        s.summary.measured = static_cast<int>(n.integer(row + "/measured"));
        s.summary.sumLinf = static_cast<double>(n.integer(row + "/sum_linf"));
        s.summary.maxLinf = static_cast<int>(n.integer(row + "/max_linf"));
        s.summary.sumL2 = n.real(row + "/sum_l2");
        s.success = n.tally(row + "/success");
        s.seconds = n.real(row + "/seconds");
        finishSweepRow(s);
        for (std::size_t c = 0; c < 6; ++c)
            csv.field(f[c]);
        csv.integer(s.summary.images)
            .number(s.summary.cleanAccuracy)
            .number(s.summary.adversarialAccuracy)
            .number(s.successRate);
        if (s.attack.targeted)
            csv.number(s.summary.targetHitRate);
        else
            csv.empty();
        csv.number(s.summary.meanLinf, 3)
            .integer(s.summary.maxLinf)
            .number(s.summary.meanL2, 2)
            .number(s.seconds, 2);
        for (std::size_t c = 15; c < f.size(); ++c)
            csv.field(f[c]);
        csv.endRow();
    }
    return csv.text();
}

std::string mergeMatrix(const CsvTable& first, const MergedCounts& n) {
    // The layout of scoreMatrixToCsv (ScoreMatrix.cpp): 5 label columns, one per defence, the mean.
    const std::size_t defences = first.header().size() - 6;
    const std::size_t attacks = first.rowCount() - 2;
    ScoreMatrix m;
    for (std::size_t d = 0; d < defences; ++d)
        m.cleanTally.push_back(n.tally("clean/" + std::to_string(d) + "_clean"));
    for (std::size_t a = 0; a < attacks; ++a) {
        AttackConfig c;
        c.targeted = first.row(a)[2] == "1";
        m.attacks.push_back(c);
        std::vector<Tally> correct, target;
        for (std::size_t d = 0; d < defences; ++d) {
            const std::string key = std::to_string(a) + "/" + std::to_string(d);
            correct.push_back(n.tally(key + "_correct"));
            target.push_back(n.tally(key + "_target"));
        }
        m.correctTally.push_back(correct);
        m.targetTally.push_back(target);
    }
    finishScoreMatrix(m);
    CsvWriter csv(first.header());
    for (std::size_t a = 0; a < attacks; ++a) {
        for (std::size_t c = 0; c < 5; ++c)
            csv.field(first.row(a)[c]);
        for (double s : m.attackScore[a])
            csv.number(s);
        csv.number(m.attackMeanScore[a]).endRow();
    }
    auto summaryRow = [&](std::size_t r, const std::vector<double>& values) {
        csv.field(first.row(r)[0]).empty().empty().empty().empty();
        for (double v : values)
            csv.number(v);
        csv.empty().endRow();
    };
    summaryRow(attacks, m.cleanAccuracy);
    summaryRow(attacks + 1, m.defenceScore);
    return csv.text();
}

// One shard's value of `key`; a sidecar without it is not eval's.
const std::string& valueOf(const Counts& c, const std::string& key, const std::string& file) {
    const auto it = c.values.find(key);
    if (it == c.values.end())
        throw DataError(file, 0, "no " + key + " line: not the counts file of an advlab eval --shard");
    return it->second;
}

// A whole decimal in lo..hi, written as eval writes it (no sign, spaces or
// leading zeros): a merged row is the shard's text, so it must be eval's.
bool exactInteger(const std::string& text, int lo, int hi, int& value) {
    if (text.empty() || text.size() > 4 || (text.size() > 1 && text[0] == '0') ||
        !std::all_of(text.begin(), text.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
        return false;
    value = std::stoi(text);
    return value >= lo && value <= hi;
}

// --min-eps shards: nothing to sum. The run's CSV is the shards' per-image
// rows in the run's image order, which each shard's image lines
// (`image,<position in the run>,<ImageId>`) give; the curve is computed
// from the merged min_eps column as one run computes it.
std::string mergeMinEpsilon(const std::vector<std::string>& csvPaths, std::string* curveCsv) {
    const std::string first = evalCountsPath(csvPaths[0]);
    std::vector<Counts> counts;
    std::vector<ShardLine> shardLines;
    std::size_t imageLines = 0;
    // What makes a row: all shards must agree on each, or they are not one run.
    const std::vector<std::string> agreedKeys{"all/run_images", "all/run_ids", "all/attacks", "all/max_eps",
                                              "all/settings"};
    std::map<std::string, std::string> agreed;
    for (std::size_t s = 0; s < csvPaths.size(); ++s) {
        counts.push_back(readCounts(csvPaths[s]));
        const Counts& c = counts.back();
        const std::string file = evalCountsPath(csvPaths[s]);
        const std::string& kind = valueOf(c, "all/kind", file);
        if (kind != "min-eps")
            throw std::invalid_argument(file + ": a " + kind + " shard, merged with a min-eps shard");
        shardLines.push_back({valueOf(c, "all/shard", file), file, c.lines.at("all/shard")});
        for (const auto& key : agreedKeys) {
            const std::string& v = valueOf(c, key, file);
            if (s == 0) {
                agreed[key] = v;
            } else if (v != agreed[key]) {
                if (key == "all/run_ids")
                    throw std::invalid_argument(file + " and " + first +
                                                " were cut from different image selections (--ids/--limit): "
                                                "not the shards of one run");
                throw std::invalid_argument(file + " records " + key.substr(4) + " '" + v + "' but " + first +
                                            " records '" + agreed[key] +
                                            "': the shards come from different eval commands");
            }
        }
        for (const auto& key : c.keys)
            imageLines += key.rfind("image/", 0) == 0 ? 1 : 0;
    }
    checkShardsOfOneRun(shardLines);
    const long long runImages =
        integerOf(agreed["all/run_images"], first, counts[0].lines.at("all/run_images"), "all/run_images");
    // Checked before anything is sized by it: a forged count allocates nothing.
    if (runImages != static_cast<long long>(imageLines))
        throw std::invalid_argument("the shards list " + std::to_string(imageLines) + " images, but " +
                                    first + " says the run split " + std::to_string(runImages) +
                                    ": a shard's counts file was edited");
    int maxEps = 0;
    if (!exactInteger(agreed["all/max_eps"], 1, 255, maxEps))
        throw DataError(first, counts[0].lines.at("all/max_eps"),
                        "all/max_eps '" + agreed["all/max_eps"] + "' is not in 1..255");
    std::vector<std::string> attacks;
    {
        const std::string& list = agreed["all/attacks"];
        std::size_t at = 0;
        while (at <= list.size()) {
            const std::size_t comma = std::min(list.find(',', at), list.size());
            attacks.push_back(list.substr(at, comma - at));
            at = comma + 1;
        }
    }

    // Each image's place in the run, once, from exactly one shard.
    const auto n = static_cast<std::size_t>(runImages);
    std::vector<std::string> runIds(n);
    std::vector<int> owner(n, -1);
    std::vector<std::size_t> localIndex(n);
    std::vector<std::vector<std::string>> shardIds(csvPaths.size());
    for (std::size_t s = 0; s < csvPaths.size(); ++s) {
        const std::string file = evalCountsPath(csvPaths[s]);
        for (const auto& key : counts[s].keys) {
            if (key.rfind("image/", 0) != 0)
                continue;
            const int line = counts[s].lines.at(key);
            const long long p = integerOf(key.substr(6), file, line, key);
            if (p >= runImages)
                throw DataError(file, line,
                                "image position " + std::to_string(p) + " is beyond the run's " +
                                    std::to_string(runImages) + " images");
            const auto pos = static_cast<std::size_t>(p);
            if (owner[pos] >= 0)
                throw std::invalid_argument(
                    file + " and " + evalCountsPath(csvPaths[static_cast<std::size_t>(owner[pos])]) +
                    " both hold image position " + std::to_string(p) + ": the shards overlap");
            owner[pos] = static_cast<int>(s);
            localIndex[pos] = shardIds[s].size();
            runIds[pos] = counts[s].values.at(key);
            shardIds[s].push_back(runIds[pos]);
        }
    }
    // Every position is held (as many lines as images, none twice), so
    // runIds is a whole list: it must be the one the run recorded. With the
    // row checks below, the merged CSV then holds each of the run's images
    // once, in the run's order, with the rows eval wrote for it.
    if (imageIdsDigest(runIds) != agreed["all/run_ids"])
        throw std::invalid_argument("the ImageIds of the shards' image lines are not the run's selection "
                                    "(all/run_ids of " +
                                    first + "): a shard's counts file was edited");

    // The shards' rows: one per image and attack, in the sidecar's image
    // order and the run's attack order, with eval's fields.
    MinEpsilonResult empty;
    const std::vector<std::string> header = CsvTable::parse(minEpsilonToCsv(empty, {}, {}, {}), "").header();
    const std::size_t nAttacks = attacks.size();
    std::vector<CsvTable> tables;
    for (std::size_t s = 0; s < csvPaths.size(); ++s) {
        tables.push_back(CsvTable::read(csvPaths[s]));
        const CsvTable& t = tables.back();
        const std::string& path = csvPaths[s];
        if (t.header() != header)
            throw DataError(path, 1, "not the per-image CSV of advlab eval --min-eps");
        if (t.rowCount() != shardIds[s].size() * nAttacks)
            throw DataError(path, 0,
                            std::to_string(t.rowCount()) + " rows, but its counts file lists " +
                                std::to_string(shardIds[s].size()) + " images x " + std::to_string(nAttacks) +
                                " attacks: rows were added or removed");
        for (std::size_t r = 0; r < t.rowCount(); ++r) {
            const auto& f = t.row(r);
            const std::string& id = shardIds[s][r / nAttacks];
            const std::string& attack = attacks[r % nAttacks];
            if (f[0] != id || f[1] != attack)
                throw DataError(path, t.lineOf(r),
                                "expected the row of image " + id + " and attack " + attack +
                                    " (the counts file's order): a forged, duplicate or moved row");
            const bool targeted = attack.size() > 2 && attack.compare(attack.size() - 2, 2, "-t") == 0;
            int v = 0;
            bool ok = f[2] == (targeted ? "1" : "0") && f[4] == agreed["all/max_eps"] &&
                      (f[3].empty() || exactInteger(f[3], 0, maxEps, v)) && exactInteger(f[8], 0, 9999, v);
            for (std::size_t c = 5; c <= 7; ++c)
                ok = ok && (f[c].empty() || exactInteger(f[c], 1, 1000, v));
            if (!ok)
                throw DataError(path, t.lineOf(r),
                                "not a row advlab eval --min-eps writes (targeted, min_eps, "
                                "max_eps, labels or attack_runs)");
        }
    }

    CsvWriter csv(header);
    MinEpsilonResult curve;
    curve.images = static_cast<int>(n);
    curve.maxEpsilon = maxEps;
    curve.attackNames = attacks;
    curve.attacks.resize(nAttacks);
    curve.minEpsilon.assign(nAttacks, std::vector<int>(n, -1));
    for (std::size_t p = 0; p < n; ++p) {
        const CsvTable& t = tables[static_cast<std::size_t>(owner[p])];
        for (std::size_t a = 0; a < nAttacks; ++a) {
            const auto& f = t.row(localIndex[p] * nAttacks + a);
            csv.row(f);
            if (!f[3].empty())
                curve.minEpsilon[a][p] = std::stoi(f[3]);
        }
    }
    if (curveCsv)
        *curveCsv = minEpsilonCurveToCsv(curve);
    return csv.text();
}

} // namespace

std::string evalCountsPath(const std::string& csvPath) {
    return csvPath + ".counts.csv";
}

namespace {

void addShard(CountsWriter& w, const std::string& shard, const std::vector<std::string>& runIds) {
    w.add("all", "shard", shard);
    w.add("all", "run_images", static_cast<long long>(runIds.size()));
    w.add("all", "run_ids", imageIdsDigest(runIds));
}

} // namespace

std::string imageIdsDigest(const std::vector<std::string>& ids) {
    Fnv1a h;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i > 0)
            h.add("\n", 1);
        h.add(ids[i]);
    }
    return h.hex();
}

std::string sweepCountsCsv(const SweepResult& r, const std::string& shard,
                           const std::vector<std::string>& runIds) {
    CountsWriter w;
    w.add("all", "kind", "sweep");
    addShard(w, shard, runIds);
    for (std::size_t i = 0; i < r.rows.size(); ++i) {
        const std::string row = std::to_string(i);
        const SweepRow& s = r.rows[i];
        w.add(row, "images", s.summary.images);
        w.tally(row, "clean", s.summary.clean);
        w.tally(row, "adversarial", s.summary.adversarial);
        w.tally(row, "target", s.summary.targetHits);
        w.tally(row, "success", s.success);
        w.add(row, "measured", s.summary.measured);
        w.add(row, "sum_linf", static_cast<long long>(s.summary.sumLinf));
        w.add(row, "max_linf", s.summary.maxLinf);
        w.add(row, "sum_l2", exact(s.summary.sumL2));
        w.add(row, "seconds", exact(s.seconds));
    }
    return w.text();
}

std::string scoreMatrixCountsCsv(const ScoreMatrix& m, const std::string& shard,
                                 const std::vector<std::string>& runIds) {
    CountsWriter w;
    w.add("all", "kind", "matrix");
    addShard(w, shard, runIds);
    w.add("all", "images", m.images);
    for (std::size_t d = 0; d < m.cleanTally.size(); ++d)
        w.tally("clean", std::to_string(d) + "_clean", m.cleanTally[d]);
    for (std::size_t a = 0; a < m.correctTally.size(); ++a) {
        for (std::size_t d = 0; d < m.correctTally[a].size(); ++d) {
            w.tally(std::to_string(a), std::to_string(d) + "_correct", m.correctTally[a][d]);
            w.tally(std::to_string(a), std::to_string(d) + "_target", m.targetTally[a][d]);
        }
    }
    return w.text();
}

std::string minEpsilonCountsCsv(const MinEpsilonResult& r, const std::string& shard,
                                const std::vector<std::string>& runIds,
                                const std::vector<std::size_t>& runPositions, const std::string& settings) {
    if (runPositions.size() != static_cast<std::size_t>(r.images))
        throw std::invalid_argument("minimal epsilon counts: one run position per image");
    CountsWriter w;
    w.add("all", "kind", "min-eps");
    addShard(w, shard, runIds);
    std::string attacks;
    for (const auto& name : r.attackNames)
        attacks += (attacks.empty() ? "" : ",") + name;
    w.add("all", "attacks", attacks);
    w.add("all", "max_eps", r.maxEpsilon);
    w.add("all", "settings", settings);
    for (std::size_t p : runPositions)
        w.add("image", std::to_string(p), runIds.at(p));
    return w.text();
}

std::string mergeEvalCsvs(const std::vector<std::string>& csvPaths, std::string* curveCsv) {
    if (csvPaths.empty())
        throw std::invalid_argument("no eval CSVs to merge");
    // The first shard's kind picks the merge; each merge refuses other kinds.
    const Counts firstCounts = readCounts(csvPaths[0]);
    const auto kindIt = firstCounts.values.find("all/kind");
    if (kindIt != firstCounts.values.end() && kindIt->second == "min-eps")
        return mergeMinEpsilon(csvPaths, curveCsv);
    if (curveCsv)
        throw std::invalid_argument("--curve-csv: only --min-eps shards have a curve; " + csvPaths[0] +
                                    " is not one");
    for (std::size_t s = 1; s < csvPaths.size(); ++s) {
        const Counts c = readCounts(csvPaths[s]);
        const auto it = c.values.find("all/kind");
        if (it != c.values.end() && it->second == "min-eps")
            throw std::invalid_argument(evalCountsPath(csvPaths[s]) + ": a min-eps shard, merged with a " +
                                        (kindIt != firstCounts.values.end() ? kindIt->second : "") +
                                        " shard");
    }
    const MergedCounts counts(csvPaths);
    counts.checkShardsComplete();
    const std::string kind = counts.text("all/kind");
    if (kind == "sweep") {
        const CsvTable first = readMainCsvs(csvPaths, {0, 1, 2, 3, 4, 5, 15, 16, 17});
        if (first.header().size() != 18)
            throw DataError(csvPaths[0], 1, "not the sweep CSV of advlab eval --sweep");
        return mergeSweep(first, counts);
    }
    if (kind == "matrix") {
        const CsvTable first = readMainCsvs(csvPaths, {0, 1, 2, 3, 4});
        if (first.header().size() < 7 || first.rowCount() < 3)
            throw DataError(csvPaths[0], 1, "not the matrix CSV of advlab eval --matrix");
        return mergeMatrix(first, counts);
    }
    throw DataError(evalCountsPath(csvPaths[0]), 0, "unknown kind '" + kind + "'");
}

} // namespace advlab
