// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CommonOptions.h"

namespace advlab::cli {

struct ClassifyOptions {
    CommonOptions common;
    int top = 1;        // predictions listed per image
    bool quiet = false; // summary only, no per-image CSV
    std::string defence;   // a defence key: its preprocessing (and model) before classifying
    std::string labelsCsv; // also the dev toolkit's defence output: <ImageId>.png,<label> lines
};

// Adds the `classify` subcommand to `app`, filling `options` when parsed.
CLI::App* setupClassify(CLI::App& app, ClassifyOptions& options);
int runClassify(const ClassifyOptions& options);

} // namespace advlab::cli
