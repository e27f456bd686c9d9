// SPDX-License-Identifier: GPL-3.0-or-later
#include "TransformOptions.h"

#include "OptionChecks.h"

namespace advlab::cli {

void addTransformOptions(CLI::App& app, TransformOptions& o) {
    const char* group = "Transfer transforms (combine freely; each overrides the --attack preset)";
    app.add_flag(
           "--di", o.di,
           "input diversity (Xie et al. 2019): random resize to [299,330) and pad to 330, p=0.5 per step")
        ->group(group);
    addNumber(app, "--di-prob", o.diProb, 0, 1, "DI probability per step, 0..1 (default 0.5; 0 turns DI off)")
        ->group(group);
    addInt(app, "--ti", o.ti, 1, 99,
           "translation invariance (Dong et al. 2019): smooth the gradient with a KxK Gaussian, odd K "
           "(7 usual, 15 against defended models, 1 = off)")
        ->type_name("K")
        ->check(CLI::Validator(
            [](std::string& s) -> std::string {
                return !s.empty() && ((s.back() - '0') % 2 == 1) ? std::string() : "K must be odd, got " + s;
            },
            "", "ODD"))
        ->group(group);
    app.add_flag("--ni", o.ni, "Nesterov look-ahead (Lin et al. 2020); implies momentum")->group(group);
    addInt(app, "--si", o.si, 1, 16,
           "scale invariance (Lin et al. 2020): average the gradients of x/2^i, i < M (5 usual, 1 = off)")
        ->type_name("M")
        ->group(group);
    addInt(app, "--vt", o.vt, 0, 1000,
           "variance tuning (Wang & He 2021) over N neighbours (20 usual, 0 = off)")
        ->type_name("N")
        ->group(group);
    addNumber(app, "--vt-beta", o.vtBeta, 0, 100, "VT neighbourhood radius in units of eps (default 1.5)")
        ->group(group);
}

void applyTransformOptions(const TransformOptions& o, AttackTransforms& t) {
    if (o.diProb >= 0.0f)
        t.diversityProb = o.diProb;
    else if (o.di)
        t.diversityProb = 0.5f;
    if (o.ti > 0)
        t.tiKernel = o.ti;
    if (o.ni)
        t.nesterov = true;
    if (o.si > 0)
        t.siScales = o.si;
    if (o.vt >= 0)
        t.vtNeighbours = o.vt;
    t.vtBeta = o.vtBeta;
}

} // namespace advlab::cli
