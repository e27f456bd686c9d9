// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace advlab::cli {

struct MergeOptions {
    std::vector<std::string> shards; // output folders of the shards
    std::string out;
    std::string curveCsv; // --curve-csv: with eval --min-eps shards, the run's curve
};

// Adds the `merge` subcommand to `app`, filling `options` when parsed.
CLI::App* setupMerge(CLI::App& app, MergeOptions& options);
int runMerge(const MergeOptions& options);

} // namespace advlab::cli
