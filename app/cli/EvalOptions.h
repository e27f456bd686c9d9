// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CommonOptions.h"
#include "TransformOptions.h"

#include <string>
#include <vector>

namespace advlab::cli {

struct EvalOptions {
    CommonOptions common;
    bool sweep = false;
    bool matrix = false;
    bool minEps = false;  // --min-eps: minimal ε per image and attack
    int maxEps = 64;      // --max-eps: the search's upper end
    std::string curveCsv; // --curve-csv: success / robust accuracy per ε
    std::vector<std::string> attacks{"fgsm", "ifgsm", "mifgsm", "pgd"};
    std::vector<float> eps; // empty: the mode's default list
    int iters = 10;
    float momentum = 1.0f;
    int seed = 0;
    bool targeted = false;
    int targetClass = 0;               // 1-based; 0: the dataset's TargetClass
    std::string defence;               // --sweep: score through this one
    std::vector<std::string> defences; // --matrix; empty: the standard set
    std::vector<std::string> ids;      // empty: every image
    std::string csv;
    std::string shard; // --shard K/N; empty: every image
    TransformOptions transforms;
};

// Adds the `eval` subcommand to `app`, filling `options` when parsed.
CLI::App* setupEval(CLI::App& app, EvalOptions& options);
int runEval(const EvalOptions& options);

} // namespace advlab::cli
