// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CommonOptions.h"
#include "TransformOptions.h"

#include <cstdint>

namespace advlab::cli {

struct AttackOptions {
    CommonOptions common;
    std::string out;
    std::string attack = "ifgsm";
    float eps = 16.0f;
    int iters = 10;
    float step = 0.0f; // 0: the attack's own default
    float momentum = 1.0f;
    int seed = 0;
    bool targeted = false;
    int targetClass = 0;    // 1-based; 0: the dataset's TargetClass
    std::string targetsCsv; // the toolkit's target_class.csv (filename,target); implies targeted
    bool noClobber = false;
    std::string shard; // --shard K/N; empty: every image
    TransformOptions transforms;
};

// Adds the `attack` subcommand to `app`, filling `options` when parsed.
CLI::App* setupAttack(CLI::App& app, AttackOptions& options);
int runAttack(const AttackOptions& options);

} // namespace advlab::cli
