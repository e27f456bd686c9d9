// SPDX-License-Identifier: GPL-3.0-or-later
#include "MergeOptions.h"

#include "OptionChecks.h"

namespace advlab::cli {

CLI::App* setupMerge(CLI::App& app, MergeOptions& o) {
    CLI::App* sub = app.add_subcommand(
        "merge",
        "combine the outputs of --shard K/N runs: compete run folders into one run folder with the same "
        "CSVs, attack output folders into one folder of PNGs");
    sub->add_option("--out", o.out, "the merged folder")->required()->type_name("DIR")->check(nonEmptyPath());
    sub->add_option("shards", o.shards, "the shards' output folders (compete --out or attack --out)")
        ->required()
        ->expected(1, -1)
        ->type_name("DIR...")
        ->check(CLI::ExistingDirectory);
    sub->footer("example: advlab merge --out run shard1 shard2 shard3");
    return sub;
}

} // namespace advlab::cli
