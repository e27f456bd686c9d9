// SPDX-License-Identifier: GPL-3.0-or-later
#include "ExportSubmissionOptions.h"

#include "OptionChecks.h"

namespace advlab::cli {

CLI::App* setupExportSubmission(CLI::App& app, ExportSubmissionOptions& o) {
    CLI::App* sub = app.add_subcommand("export-submission",
                                       "write a built-in attack as a NIPS 2017 submission folder "
                                       "(metadata.json and an entry point that runs "
                                       "this advlab), for the dev toolkit or another user's advlab compete");
    sub->add_option("--attack", o.attack, "fgsm, ifgsm, mifgsm or pgd (non-targeted)")
        ->required()
        ->check(attackKey(false));
    sub->add_option("--eps", o.eps,
                    "the attack's budget in pixels, capped at the MAX_EPSILON the toolkit passes (default: "
                    "MAX_EPSILON)")
        ->check(decimalNumber())
        ->check(inRange(0, 255));
    addInt(*sub, "--iters", o.iters, 1, 10000, "iterations for ifgsm, mifgsm and pgd (default 10)");
    sub->add_option("--model", o.model, "the attacked TorchScript classifier (default: the default model)")
        ->type_name("FILE.pt")
        ->check(nonEmptyPath());
    addInt(*sub, "--threads", o.threads, 0, 1024,
           "LibTorch threads in the entry point (default 0: all cores)");
    sub->add_option("dir", o.dir, "the submission folder to write (created; must not hold a submission yet)")
        ->required()
        ->type_name("DIR")
        ->check(nonEmptyPath());
    sub->footer("example: advlab export-submission --attack mifgsm --iters 10 my_mifgsm/");
    return sub;
}

} // namespace advlab::cli
