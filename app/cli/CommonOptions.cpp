// SPDX-License-Identifier: GPL-3.0-or-later
#include "CommonOptions.h"

#include "OptionChecks.h"

namespace advlab::cli {

void addCommonOptions(CLI::App& sub, CommonOptions& o) {
    // --input_dir is the competition's name for the dataset folder.
    sub.add_option("--dataset,--input_dir,--input-dir", o.dataset,
                   "competition layout (images.csv, categories.csv, images/) or a folder of images "
                   "(default: $ADVLAB_DATASET, else the dev set)")
        ->type_name("DIR")
        ->check(nonEmptyPath())
        ->group("Data and model");
    sub.add_option("--model", o.model,
                   "TorchScript classifier: [0,1] RGB NCHW in, 1000 logits out "
                   "(default: $ADVLAB_MODEL, else mobilenet_v2_imagenet.pt). A comma-separated list "
                   "a.pt,b.pt is an ensemble attacked as one model by logit fusion (Dong et al. 2018)")
        ->type_name("FILE.pt[,FILE.pt...]")
        ->check(nonEmptyPath())
        ->group("Data and model");
    addList(sub, "--model-weights", o.modelWeights,
            "with an ensemble --model: one weight per model, >= 0, normalised to sum 1 (default equal)")
        ->check(decimalNumber())
        ->check(inRange(0, 1e6))
        ->group("Data and model");
    addInt(sub, "--limit", o.limit, 0, 1 << 30, "first N images only (0: all)")->group("Data and model");
    addInt(sub, "--batch", o.batch, 1, 1024, "images per forward pass, 1..1024 (default 16)")
        ->group("Machine");
    addInt(sub, "--threads", o.threads, 0, 1024,
           "LibTorch intra-op threads, 0..1024 (default 0: $ADVLAB_THREADS, else all cores)")
        ->group("Machine");
    sub.add_option("--device", o.device, "auto, cpu or cuda (default auto)")
        ->type_name("DEV")
        ->check(CLI::IsMember({"auto", "cpu", "cuda"}))
        ->group("Machine");
}

} // namespace advlab::cli
