// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <CLI/CLI.hpp>
#include <advlab/AttackConfig.h>

namespace advlab::cli {

// The free combination flags of the transfer attacks (--di, --ti K, --ni,
// --si M, --vt N), shared by `attack` and `eval`. Each one given overrides
// what the chosen --attack preset does by default; none given leaves it as is.
struct TransformOptions {
    bool di = false;
    float diProb = -1.0f; // --di-prob; -1: 0.5 with --di
    int ti = 0;
    bool ni = false;
    int si = 0;
    int vt = -1;
    float vtBeta = 1.5f;
};

void addTransformOptions(CLI::App& app, TransformOptions& options);
// Writes the flags given into `transforms`.
void applyTransformOptions(const TransformOptions& options, AttackTransforms& transforms);

} // namespace advlab::cli
