// SPDX-License-Identifier: GPL-3.0-or-later
#include "CompeteOptions.h"

#include "OptionChecks.h"

namespace advlab::cli {

CLI::App* setupCompete(CLI::App& app, CompeteOptions& o) {
    CLI::App* sub = app.add_subcommand(
        "compete", "score external submissions (NIPS 2017 dev toolkit folders) and the built-in attacks and "
                   "defences in one matrix, with the toolkit's CSVs");
    addCommonOptions(*sub, o.common);
    sub->add_option("--submissions", o.submissions,
                    "submission folders (metadata.json with type attack, targeted_attack or defense, and "
                    "entry_point), or folders holding such folders")
        ->type_name("DIR...")
        ->expected(1, -1)
        ->check(nonEmptyPath());
    addList(
        *sub, "--builtin-attacks", o.builtinAttacks,
        "built-in attacks as pseudo-submissions, NAME or NAME-t for targeted (default fgsm,ifgsm,mifgsm,pgd; "
        "'none' for none)")
        ->check(
            CLI::Validator([](std::string& s) { return s == "none" ? std::string() : attackKey(true)(s); },
                           "KEY", "attack"));
    addList(
        *sub, "--builtin-defences", o.builtinDefences,
        "built-in defences as pseudo-submissions (keys as in eval --defences; default the standard set and "
        "the transfer model; the key 'none' is the undefended model)")
        ->check(defenceKey());
    sub->add_flag("--no-builtin-defences", o.noBuiltinDefences, "only the submissions' defences");
    sub->add_option(
           "--adv-dir", o.advDirs,
           "NAME=DIR: a folder of <ImageId>.png adversarial images as a non-targeted attack (DIR/eps<E>/ "
           "is used for budget E when it exists); may be repeated")
        ->type_name("NAME=DIR")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->check(CLI::Validator(
            [](std::string& s) -> std::string {
                const auto eq = s.find('=');
                if (eq == 0 || eq == std::string::npos || eq + 1 == s.size())
                    return "'" + s + "' is not NAME=DIR";
                return {};
            },
            "NAME=DIR", "adv-dir"));
    addList(*sub, "--eps", o.eps, "the epsilon batches, 0..255 pixels (default 4,8,12,16)")
        ->check(decimalNumber())
        ->check(inRange(0, 255));
    addInt(*sub, "--iters", o.iters, 1, 10000, "iterations of the built-in iterative attacks (default 10)");
    sub->add_option("--time-limit", o.timeLimit,
                    "seconds per submission run (default: the competition's 500 s per 100 images)")
        ->type_name("SECONDS")
        ->check(decimalNumber())
        ->check(inRange(0.1, 1e6));
    addInt(*sub, "--max-log-kib", o.maxLogKib, 1, 1 << 20,
           "keep at most this much of each run's stdout and stderr (default 1024 KiB)");
    sub->add_option("--out", o.out, "the run folder: logs, validated images, result CSVs")
        ->type_name("RUNDIR")
        ->required()
        ->check(nonEmptyPath());
    addShardOption(*sub, o.shard);
    sub->callback([&o] {
        if (o.submissions.empty() && o.advDirs.empty() &&
            o.builtinAttacks == std::vector<std::string>{"none"})
            throw CLI::ValidationError(
                "nothing to attack with: give --submissions, --adv-dir or --builtin-attacks");
        refuseDuplicateAttacks("--builtin-attacks", o.builtinAttacks);
        refuseDuplicateDefences("--builtin-defences", o.builtinDefences);
        if (o.noBuiltinDefences && !o.builtinDefences.empty())
            throw CLI::ValidationError("--no-builtin-defences excludes --builtin-defences");
    });
    sub->footer("See docs/SCORING.md and docs/COMPETITION.md.\n"
                "example: advlab compete --submissions my_attacks/ my_defence/ --builtin-attacks mifgsm "
                "--eps 4,16 --limit 20 --out run1");
    return sub;
}

} // namespace advlab::cli
