// SPDX-License-Identifier: GPL-3.0-or-later
// advlab merge: the shards of one long command back into one output.
#include "MergeOptions.h"

#include <advlab/AtomicFile.h>
#include <advlab/Competition.h>
#include <advlab/EvalShards.h>
#include <advlab/InputFile.h>
#include <advlab/OutputGuard.h>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace fs = std::filesystem;

namespace advlab::cli {

namespace {

// An output that already exists must be an earlier output of the same kind
// (its first line is the header about to be written): merge replaces it.
// Anything else (a model, a dataset's images.csv, a FIFO) is refused rather
// than overwritten; eval's --csv guards its outputs the same way by kind.
void refuseForeignFile(const std::string& flag, const std::string& path, const std::string& text) {
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    if (ec || !fs::exists(st))
        return;
    if (!fs::is_regular_file(st))
        throw std::invalid_argument(flag + " " + path +
                                    " exists and is not a regular file; refusing to write it");
    const std::string header = text.substr(0, text.find('\n'));
    std::ifstream in(path, std::ios::binary);
    std::string first;
    std::getline(in, first);
    if (!first.empty() && first.back() == '\r')
        first.pop_back();
    if (first != header)
        throw std::invalid_argument(
            flag + " " + path +
            " exists and is not an earlier output of advlab merge (its first line is not "
            "the CSV header merge writes); refusing to overwrite it: remove it or choose "
            "another name");
}

// attack --out folders: the union of their PNGs. The same ImageId in two
// shards means the shards overlap; refused unless the files are identical.
int mergeAttackFolders(const MergeOptions& o) {
    fs::create_directories(o.out);
    int copied = 0;
    for (const auto& shard : o.shards) {
        for (const auto& e : fs::directory_iterator(shard)) {
            if (!e.is_regular_file() || e.path().extension() != ".png")
                continue;
            const fs::path target = fs::path(o.out) / e.path().filename();
            const std::string bytes = readInputFile(e.path().string(), std::size_t(512) << 20);
            std::error_code ec;
            if (fs::exists(target, ec) && readInputFile(target.string(), std::size_t(512) << 20) != bytes)
                throw std::runtime_error(e.path().string() + " differs from " + target.string() +
                                         ": the shards overlap or come from different runs");
            writeFileAtomic(target.string(), bytes);
            ++copied;
        }
    }
    std::printf("merged %d images from %zu shards into %s\n", copied, o.shards.size(), o.out.c_str());
    return 0;
}

} // namespace

int runMerge(const MergeOptions& o) {
    // One shard twice (or under two spellings) would count its images twice.
    for (std::size_t i = 0; i < o.shards.size(); ++i)
        for (std::size_t j = i + 1; j < o.shards.size(); ++j)
            if (isSameFile(o.shards[i], o.shards[j]))
                throw std::invalid_argument("shard " + o.shards[j] + " is given twice (also as " +
                                            o.shards[i] + "); give each shard once");
    // OutputGuard's checks, which also see through symlinks and hard links.
    for (const auto& s : o.shards)
        if (isSameFile(s, o.out) || isInsideFolder(o.out, s))
            throw std::invalid_argument("--out " + o.out + " is a shard folder or inside one: " + s);
    std::size_t files = 0;
    for (const auto& s : o.shards) {
        std::error_code ec;
        files += fs::is_regular_file(s, ec) ? 1 : 0;
    }
    if (!o.curveCsv.empty()) {
        // Checked before any work, like --out: the shards are never modified.
        if (files == 0)
            throw std::invalid_argument("--curve-csv is for eval --min-eps shards (CSV files), not folders");
        std::error_code ec;
        if (fs::is_directory(o.curveCsv, ec))
            throw std::invalid_argument("--curve-csv " + o.curveCsv + " is a folder; give a file name");
        if (isSameFile(o.curveCsv, o.out))
            throw std::invalid_argument("--curve-csv " + o.curveCsv + " is the same file as --out " + o.out +
                                        "; give each output its own file");
        for (const auto& s : o.shards)
            if (isSameFile(o.curveCsv, s) || isSameFile(o.curveCsv, evalCountsPath(s)))
                throw std::invalid_argument("--curve-csv " + o.curveCsv + " is shard " + s +
                                            " or its counts file; choose another place (the shards are never "
                                            "modified)");
    }
    if (files > 0) {
        // advlab eval --shard CSVs, each with its counts sidecar.
        if (files != o.shards.size())
            throw std::invalid_argument("some shards are files (eval CSVs) and some are folders; merge one "
                                        "kind at a time");
        std::error_code ec;
        if (fs::is_directory(o.out, ec))
            throw std::invalid_argument("--out " + o.out + " is a folder; eval CSVs merge into a file");
        for (const auto& s : o.shards)
            if (isSameFile(o.out, evalCountsPath(s)))
                throw std::invalid_argument("--out " + o.out + " is the counts file of shard " + s +
                                            "; choose another place (the shards are never modified)");
        std::string curve;
        const std::string text = mergeEvalCsvs(o.shards, o.curveCsv.empty() ? nullptr : &curve);
        refuseForeignFile("--out", o.out, text);
        if (!o.curveCsv.empty())
            refuseForeignFile("--curve-csv", o.curveCsv, curve);
        writeFileAtomic(o.out, text);
        if (!o.curveCsv.empty())
            writeFileAtomic(o.curveCsv, curve);
        std::printf("merged %zu eval shards into %s%s%s\n", o.shards.size(), o.out.c_str(),
                    o.curveCsv.empty() ? "" : " and ", o.curveCsv.c_str());
        return 0;
    }
    std::size_t runs = 0;
    for (const auto& s : o.shards)
        runs += fs::exists(fs::path(s) / "competition.csv") ? 1 : 0;
    if (runs == 0)
        return mergeAttackFolders(o);
    if (runs != o.shards.size())
        throw std::invalid_argument("some folders are compete runs (competition.csv) and some are not; merge "
                                    "one kind at a time");
    mergeCompetitionRuns(o.shards, o.out);
    std::printf("merged %zu compete shards into %s\n", o.shards.size(), o.out.c_str());
    return 0;
}

} // namespace advlab::cli
