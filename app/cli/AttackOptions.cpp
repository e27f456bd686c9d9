// SPDX-License-Identifier: GPL-3.0-or-later
#include "AttackOptions.h"

#include "OptionChecks.h"

namespace advlab::cli {

CLI::App* setupAttack(CLI::App& app, AttackOptions& o) {
    CLI::App* sub = app.add_subcommand(
        "attack", "write adversarial PNGs, one <ImageId>.png per input image, and print a summary");
    addCommonOptions(*sub, o.common);
    // The competition's attack interface spelled these --output_dir and --max_epsilon.
    sub->add_option("--out,--output_dir,--output-dir", o.out,
                    "output folder for <ImageId>.png (created; never inside the dataset)")
        ->type_name("DIR")
        ->check(nonEmptyPath())
        ->required();
    sub->add_option(
           "--attack", o.attack,
           "fgsm | ifgsm | mifgsm | pgd, or a transfer preset: difgsm | tifgsm | nifgsm | sinifgsm | "
           "vmifgsm | vnifgsm | ditimifgsm (default ifgsm)")
        ->type_name("NAME")
        ->check(attackKey(false));
    addNumber(*sub, "--eps,--max_epsilon,--max-epsilon", o.eps, 0, 255,
              "L-infinity budget in 0..255 pixel units (default 16)")
        ->type_name("PX");
    addInt(*sub, "--iters", o.iters, 1, 10000, "iterations for ifgsm, mifgsm and pgd, 1..10000 (default 10)");
    addNumber(*sub, "--step", o.step, 0, 255,
              "step size in pixels, 0..255 (default 0: eps for fgsm, eps/iters for ifgsm and mifgsm, "
              "2.5 eps/iters for pgd)")
        ->type_name("PX");
    addNumber(*sub, "--momentum", o.momentum, 0, 100, "MI-FGSM decay, 0..100 (default 1.0)");
    addInt(*sub, "--seed", o.seed, 0, 1 << 30,
           "seed of PGD's random start, DI's draws and VT's neighbours (default 0)");
    CLI::Option* targeted =
        sub->add_flag("--targeted", o.targeted,
                      "move towards the dataset's TargetClass instead of away from the TrueLabel");
    CLI::Option* targetClass = addInt(*sub, "--target-class", o.targetClass, 1, 1000,
                                      "with --targeted: this 1-based class for every image")
                                   ->needs(targeted);
    // The dev toolkit hands a targeted attack its targets this way, for a
    // plain folder of <ImageId>.png without images.csv.
    sub->add_option("--targets-csv", o.targetsCsv,
                    "targeted, towards the targets in FILE: the dev toolkit's target_class.csv, one "
                    "'filename,target' line per image (1-based CategoryId)")
        ->type_name("FILE")
        ->check(nonEmptyPath())
        ->excludes(targetClass);
    addShardOption(*sub, o.shard);
    addTransformOptions(*sub, o.transforms);
    sub->add_flag("--no-clobber", o.noClobber,
                  "keep existing <ImageId>.png files in --out and skip those images");
    sub->footer("The competition's --input_dir, --output_dir and --max_epsilon are accepted too.\n"
                "example: advlab attack --out out/ifgsm16 --attack ifgsm --eps 16 --iters 10 --targeted\n"
                "example: advlab attack --out out/dimi16 --attack mifgsm --di --ti 7   (= ditimifgsm)");
    return sub;
}

} // namespace advlab::cli
