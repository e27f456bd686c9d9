// SPDX-License-Identifier: GPL-3.0-or-later
#include "ExportSubmissionOptions.h"

#include "OptionChecks.h"

namespace advlab::cli {

CLI::App* setupExportSubmission(CLI::App& app, ExportSubmissionOptions& o) {
    CLI::App* sub = app.add_subcommand("export-submission",
                                       "write a built-in attack or defence as a NIPS 2017 submission folder "
                                       "(metadata.json and an entry point that runs "
                                       "this advlab), for the dev toolkit or another user's advlab compete");
    CLI::Option* attack =
        sub->add_option("--attack", o.attack,
                        "fgsm, ifgsm, mifgsm or pgd; NAME-t (or --targeted) for a targeted_attack submission "
                        "that reads the toolkit's INPUT_DIR/target_class.csv")
            ->check(attackKey(true));
    sub->add_flag("--targeted", o.targeted, "with --attack: the targeted variant (as NAME-t)")->needs(attack);
    CLI::Option* defence = sub->add_option("--defence", o.defence,
                                           "a defence instead (keys as in eval --defences): the entry point "
                                           "writes the toolkit's filename,label lines")
                               ->type_name("KEY")
                               ->check(defenceKey());
    attack->excludes(defence);
    sub->callback([&o] {
        if (o.attack.empty() && o.defence.empty())
            throw CLI::ValidationError("needs --attack or --defence");
    });
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
    sub->footer("examples: advlab export-submission --attack mifgsm --iters 10 my_mifgsm/\n"
                "          advlab export-submission --attack mifgsm-t my_targeted_mifgsm/\n"
                "          advlab export-submission --defence jpeg75 my_jpeg/");
    return sub;
}

} // namespace advlab::cli
