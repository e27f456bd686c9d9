// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace advlab::cli {

// Options every subcommand takes: where the data and the model are, and how
// much of the machine to use.
struct CommonOptions {
    std::string dataset;             // empty: ADVLAB_DATASET, else the default data
    std::string model;               // empty: ADVLAB_MODEL, else the default model; a,b: an ensemble
    std::vector<float> modelWeights; // --model-weights, one per model; empty: equal
    int limit = 0;                   // 0: every image
    int batch = 16;
    int threads = 0; // 0: ADVLAB_THREADS, else every core
    std::string device = "auto";
};

void addCommonOptions(CLI::App& sub, CommonOptions& options);

} // namespace advlab::cli
