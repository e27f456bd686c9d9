// SPDX-License-Identifier: GPL-3.0-or-later
#include "EvalOptions.h"

#include "OptionChecks.h"

#include <set>

namespace advlab::cli {

CLI::App* setupEval(CLI::App& app, EvalOptions& o) {
    CLI::App* sub = app.add_subcommand(
        "eval",
        "epsilon sweeps (--sweep), the attacks x defences score matrix (--matrix) and minimal epsilon per "
        "image (--min-eps), as tables and CSV");
    addCommonOptions(*sub, o.common);
    CLI::Option* sweep =
        sub->add_flag("--sweep", o.sweep,
                      "every attack at every epsilon: clean and adversarial accuracy, success "
                      "rate, targeted hit rate, mean/max Linf and mean L2");
    CLI::Option* matrix =
        sub->add_flag("--matrix", o.matrix, "attacks x defences score table in the competition's style");
    CLI::Option* minEps = sub->add_flag(
        "--min-eps", o.minEps,
        "minimal integer epsilon per image and attack (1..--max-eps; 0 = misclassified already), and the "
        "robust accuracy as a function of epsilon from the same search");
    sweep->excludes(matrix);
    minEps->excludes(sweep)->excludes(matrix);
    addInt(*sub, "--max-eps", o.maxEps, 1, 255,
           "with --min-eps: the largest epsilon searched, 1..255 (default 64)")
        ->needs(minEps);
    addList(*sub, "--attacks", o.attacks,
            "fgsm,ifgsm,mifgsm,pgd (default all four) or the presets difgsm, tifgsm, nifgsm, sinifgsm, "
            "vmifgsm, vnifgsm, ditimifgsm; with --matrix or --min-eps, NAME-t is the targeted variant "
            "(e.g. ifgsm,ifgsm-t)")
        ->check(attackKey(true));
    addList(*sub, "--eps", o.eps,
            "epsilons in 0..255 pixels (default 1,2,4,8,12,16,24,32 for --sweep, 16 for --matrix)")
        ->check(decimalNumber())
        ->check(inRange(0, 255));
    addInt(*sub, "--iters", o.iters, 1, 10000, "iterations for ifgsm, mifgsm and pgd, 1..10000 (default 10)");
    addNumber(*sub, "--momentum", o.momentum, 0, 100, "MI-FGSM decay, 0..100 (default 1.0)");
    addInt(*sub, "--seed", o.seed, 0, 1 << 30,
           "seed of PGD's random start, DI's draws and VT's neighbours (default 0)");
    addTransformOptions(*sub, o.transforms);
    sub->add_flag("--targeted", o.targeted,
                  "targeted attacks towards the dataset's TargetClass (or --target-class)");
    addInt(*sub, "--target-class", o.targetClass, 1, 1000,
           "with --targeted or NAME-t attacks: this 1-based class for every image");
    CLI::Option* defence =
        sub->add_option("--defence", o.defence,
                        "with --sweep or --min-eps: score through this defence (default none: the attacked "
                        "model); with --min-eps, model:FILE.pt gives the minimal epsilon that transfers to "
                        "another classifier")
            ->type_name("KEY")
            ->check(defenceKey());
    CLI::Option* defences =
        addList(
            *sub, "--defences", o.defences,
            "with --matrix (default none,jpeg75,bits4,median3,blur1,randpad331 and model:<transfer model> "
            "when $ADVLAB_TRANSFER_MODEL or the default data has one). Keys: none | jpegQ (quality 1..100) | "
            "bitsB (1..7) | medianK (odd 3..15) | blurS (Gaussian sigma >= 0.5 px) | randpadN (random resize "
            "+ "
            "pad to N x N, 300..4096) | model:FILE.pt (transfer to another classifier) | KEY+model:FILE.pt")
            ->check(defenceKey())
            ->needs(matrix);
    defence->excludes(defences);
    addList(*sub, "--ids", o.ids,
            "evaluate only these ImageIds, in this order, e.g. a selection from the GUI; --shard splits "
            "this selection");
    addShardOption(*sub, o.shard);
    CLI::Option* eps = sub->get_option("--eps");
    eps->excludes(minEps);
    sub->add_option(
           "--csv", o.csv,
           "also write the results as CSV (atomically; never inside the dataset); with --min-eps one "
           "row per image and attack")
        ->type_name("FILE")
        ->check(nonEmptyPath());
    sub->add_option("--curve-csv", o.curveCsv,
                    "with --min-eps: write success rate and robust accuracy for every epsilon 0..--max-eps")
        ->type_name("FILE")
        ->check(nonEmptyPath())
        ->needs(minEps);
    // Checks that span options, at parse time, so they exit 2 like every usage error.
    sub->callback([&o] {
        if (!o.sweep && !o.matrix && !o.minEps)
            throw CLI::ValidationError("needs --sweep, --matrix or --min-eps");
        if (!o.defence.empty() && !o.sweep && !o.minEps)
            throw CLI::ValidationError("--defence",
                                       "is for --sweep or --min-eps (--matrix takes --defences)");
        bool anyTargeted = o.targeted;
        for (const auto& a : o.attacks) {
            const bool suffix = a.size() > 2 && a.compare(a.size() - 2, 2, "-t") == 0;
            if (suffix && o.sweep)
                throw CLI::ValidationError(
                    "--attacks", "'" + a + "': the -t suffix is for --matrix; use --targeted with --sweep");
            anyTargeted = anyTargeted || suffix;
        }
        refuseDuplicateAttacks("--attacks", o.attacks);
        refuseDuplicateDefences("--defences", o.defences);
        if (o.targetClass > 0 && !anyTargeted)
            throw CLI::ValidationError("--target-class", "needs --targeted or a NAME-t attack");
        // A repeated ImageId would select one image twice (and once moved
        // the same image twice); say which instead of guessing what was meant.
        std::set<std::string> seen;
        for (const auto& id : o.ids)
            if (!seen.insert(id).second)
                throw CLI::ValidationError("--ids", "ImageId '" + id + "' is listed more than once");
    });
    sub->footer(
        "See docs/SCORING.md for how scores are computed.\n"
        "examples: advlab eval --sweep --attacks fgsm,ifgsm --eps 2,4,8,16 --limit 20 --csv sweep.csv\n"
        "          advlab eval --matrix --attacks fgsm,mifgsm,mifgsm-t --defences "
        "none,jpeg75,model:other.pt\n"
        "          advlab eval --min-eps --attacks ifgsm,mifgsm-t --csv minEps.csv --curve-csv robust.csv\n"
        "          advlab eval --min-eps --attacks ifgsm --defence model:other.pt   (transfer)");
    return sub;
}

} // namespace advlab::cli
