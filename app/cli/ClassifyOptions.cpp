// SPDX-License-Identifier: GPL-3.0-or-later
#include "ClassifyOptions.h"

#include "OptionChecks.h"

namespace advlab::cli {

CLI::App* setupClassify(CLI::App& app, ClassifyOptions& o) {
    CLI::App* sub = app.add_subcommand(
        "classify", "classify a dataset: per-image predictions as CSV on stdout, accuracy on stderr");
    addCommonOptions(*sub, o.common);
    addInt(*sub, "--top", o.top, 1, 10,
           "list the K most likely classes per image in the TopK column, 1..10 (default 1)")
        ->type_name("K");
    sub->add_flag("--quiet,-q", o.quiet, "no per-image CSV, only the summary on stderr");
    sub->footer("example: advlab classify --limit 20 --top 3 > predictions.csv");
    return sub;
}

} // namespace advlab::cli
