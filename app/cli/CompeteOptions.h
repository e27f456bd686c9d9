// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CommonOptions.h"

#include <string>
#include <vector>

namespace advlab::cli {

struct CompeteOptions {
    CommonOptions common;
    std::vector<std::string> submissions; // submission folders, or folders of them
    std::vector<std::string> builtinAttacks{"fgsm", "ifgsm", "mifgsm", "pgd"};
    std::vector<std::string> builtinDefences; // empty: the standard set and the transfer model
    bool noBuiltinDefences = false;
    std::vector<std::string> advDirs; // NAME=DIR
    std::vector<float> eps{4, 8, 12, 16};
    int iters = 10;
    double timeLimit = 0; // seconds per run; 0: 500 s per 100 images
    int maxLogKib = 1024;
    std::string out;
    std::string shard;
};

// Adds the `compete` subcommand to `app`, filling `options` when parsed.
CLI::App* setupCompete(CLI::App& app, CompeteOptions& options);
int runCompete(const CompeteOptions& options);

} // namespace advlab::cli
