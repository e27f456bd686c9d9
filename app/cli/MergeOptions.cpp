// SPDX-License-Identifier: GPL-3.0-or-later
#include "MergeOptions.h"

#include "OptionChecks.h"

namespace advlab::cli {

CLI::App* setupMerge(CLI::App& app, MergeOptions& o) {
    CLI::App* sub = app.add_subcommand(
        "merge",
        "combine the outputs of --shard K/N runs: compete run folders into one run folder with the same "
        "CSVs, attack output folders into one folder of PNGs, eval --csv files (with their .counts.csv "
        "sidecars; --sweep, --matrix and --min-eps) into one CSV");
    sub->add_option("--out", o.out, "the merged folder, or the merged CSV for eval shards")
        ->required()
        ->type_name("PATH")
        ->check(nonEmptyPath());
    sub->add_option("--curve-csv", o.curveCsv,
                    "with eval --min-eps shards: also write the run's success rate and robust accuracy for "
                    "every epsilon, as eval --min-eps --curve-csv does")
        ->type_name("FILE")
        ->check(nonEmptyPath());
    sub->add_option("shards", o.shards,
                    "the shards' outputs: folders (compete --out or attack --out) or eval --csv files")
        ->required()
        ->expected(1, -1)
        ->type_name("PATH...")
        ->check(CLI::ExistingPath);
    sub->footer("examples: advlab merge --out run shard1 shard2 shard3\n"
                "          advlab merge --out matrix.csv matrix.1.csv matrix.2.csv\n"
                "          advlab merge --out minEps.csv --curve-csv robust.csv minEps.1.csv minEps.2.csv");
    return sub;
}

} // namespace advlab::cli
