// SPDX-License-Identifier: GPL-3.0-or-later
// advlab: the command-line front end of Adversarial Lab.
#include "CliContext.h"
#include "Commands.h"

#include <advlab/Errors.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

const char* kUsage = R"(usage: advlab <command> [options]

commands:
  classify  classify a dataset and print per-image predictions (CSV) and accuracy
  attack    write adversarial PNGs, one <ImageId>.png per input image, and print a summary
  eval      epsilon sweeps (--sweep) and the attacks x defences score matrix (--matrix), as tables and CSV

common options:
  --dataset DIR     competition layout (images.csv, categories.csv, images/) or a folder of images
                    (default: $ADVLAB_DATASET, else ../shared/data/nips17_dev)
  --model FILE.pt   TorchScript classifier: [0,1] RGB NCHW in, 1000 logits out
                    (default: $ADVLAB_MODEL, else ../shared/models/mobilenet_v2_imagenet.pt)
  --limit N         first N images only
  --batch N         batch size (default 16)
  --threads N       LibTorch intra-op threads (default: all cores)
  --device D        auto, cpu or cuda (default auto)

attack options:
  --out DIR         output folder (never inside the dataset)
  --attack NAME     fgsm | ifgsm | mifgsm | pgd (default ifgsm)
  --eps E           L-infinity budget in 0..255 pixel units (default 16)
  --iters N         iterations for ifgsm/mifgsm/pgd (default 10)
  --step S          step size in pixels (default: eps for FGSM, eps/N for I-FGSM and MI-FGSM, 2.5 eps/N for PGD)
  --targeted        move towards the dataset's TargetClass instead of away from the TrueLabel
  --target-class N  with --targeted: this 1-based class for every image
  --momentum M      MI-FGSM decay (default 1.0)
  --seed N          PGD random start seed (default 0)
  The competition's --input_dir, --output_dir and --max_epsilon are accepted too.

eval options (see docs/SCORING.md for how scores are computed):
  --sweep           every attack at every epsilon: clean and adversarial accuracy, success rate,
                    targeted hit rate, mean/max Linf and mean L2
  --matrix          attacks x defences score table in the competition's style
  --attacks LIST    fgsm,ifgsm,mifgsm,pgd (default all four); with --matrix, NAME-t is the targeted
                    variant (e.g. ifgsm,ifgsm-t)
  --eps LIST        epsilons in pixels (default 1,2,4,8,12,16,24,32 for --sweep, 16 for --matrix)
  --targeted        targeted attacks towards the dataset's TargetClass (or --target-class N)
  --iters N, --momentum M, --seed N   as for attack
  --defence KEY     --sweep only: score through this defence (default none: the attacked model)
  --defences LIST   --matrix only (default none,jpeg75,bits4,median3,blur1,randpad331 and
                    model:<transfer model> when $ADVLAB_TRANSFER_MODEL or ../shared has one)
                    keys: none | jpegQ (quality 1..100) | bitsB (1..8) | medianK (odd 3..15) |
                    blurS (Gaussian sigma, px) | randpadN (random resize + pad to N x N) |
                    model:FILE.pt (transfer to another classifier) | KEY+model:FILE.pt
  --ids LIST        evaluate only these ImageIds (comma-separated), e.g. a selection from the GUI
  --csv FILE        also write the results as CSV (atomically; never inside the dataset)
  example: advlab eval --sweep --attacks fgsm,ifgsm --eps 2,4,8,16 --limit 20 --csv sweep.csv
           advlab eval --matrix --attacks fgsm,mifgsm,mifgsm-t --defences none,jpeg75,model:other.pt --csv m.csv

exit codes: 0 ok, 1 error or skipped images, 2 usage error, 130 interrupted
)";

} // namespace

int main(int argc, char** argv) {
    using namespace advlab::cli;
    if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "help")) {
        std::fputs(kUsage, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const std::map<std::string, std::function<int(const std::vector<std::string>&)>> commands = {
        {"classify", runClassify},
        {"attack", runAttack},
        {"eval", runEval},
    };
    const auto it = commands.find(argv[1]);
    if (it == commands.end()) {
        std::fprintf(stderr, "advlab: unknown command '%s'\n\n%s", argv[1], kUsage);
        return 2;
    }
    installInterruptHandler();
    // OpenCV lets a tiny crafted header ask for 2^30 pixels (gigabytes); no
    // image this program works on needs more than 16 M. A user's own
    // setting wins (overwrite = 0).
    ::setenv("OPENCV_IO_MAX_IMAGE_PIXELS", "16777216", 0);
    try {
        return it->second(std::vector<std::string>(argv + 2, argv + argc));
    } catch (const std::invalid_argument& e) {
        std::fprintf(stderr, "advlab %s: %s\n(see advlab --help)\n", argv[1], e.what());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "advlab %s: error: %s\n", argv[1], e.what());
        return 1;
    }
}
