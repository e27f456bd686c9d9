// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace advlab::cli {

struct ExportSubmissionOptions {
    std::string attack;    // fgsm, ifgsm, mifgsm, pgd; NAME-t targeted
    bool targeted = false; // --targeted: as NAME-t
    std::string defence;   // or a defence key (eval --defences)
    float eps = 0;         // 0: MAX_EPSILON as the toolkit passes it; else min(eps, MAX_EPSILON)
    int iters = 10;
    std::string model; // empty: the default model, resolved now to an absolute path
    int threads = 0;
    std::string dir;
};

// Adds the `export-submission` subcommand to `app`, filling `options` when parsed.
CLI::App* setupExportSubmission(CLI::App& app, ExportSubmissionOptions& options);
int runExportSubmission(const ExportSubmissionOptions& options);

} // namespace advlab::cli
