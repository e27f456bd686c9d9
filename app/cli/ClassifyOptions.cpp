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
    sub->add_option(
           "--defence", o.defence,
           "classify through this defence (keys as in eval --defences, e.g. jpeg75 or model:FILE.pt)")
        ->type_name("KEY")
        ->check(defenceKey());
    sub->add_option("--labels-csv", o.labelsCsv,
                    "also write the NIPS 2017 toolkit's defence output: <ImageId>.png,<1-based label> lines "
                    "(atomically; never inside the dataset)")
        ->type_name("FILE")
        ->check(nonEmptyPath());
    sub->footer("example: advlab classify --limit 20 --top 3 > predictions.csv");
    return sub;
}

} // namespace advlab::cli
