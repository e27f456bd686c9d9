// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace advlab {

// The L∞ gradient-sign family. All run through one projected loop
// (runAttack); a method only chooses step count, step size, momentum, random
// start and which transforms are on by default (the design of Foolbox 3).
// The first four are the base methods; the rest are named presets of the
// transforms below (torchattacks' names), each a combination of options, not
// a loop of its own.
enum class AttackMethod {
    Fgsm,   // Goodfellow, Shlens, Szegedy 2015, "Explaining and Harnessing Adversarial Examples"
    Ifgsm,  // Kurakin, Goodfellow, Bengio 2017, "Adversarial Examples in the Physical World" (BIM)
    MiFgsm, // Dong et al. 2018, "Boosting Adversarial Attacks with Momentum" (NIPS 2017 winner)
    Pgd,    // Madry et al. 2018, "Towards Deep Learning Models Resistant to Adversarial Attacks"
    // I-FGSM + DI: Xie et al., CVPR 2019, "Improving Transferability of
    // Adversarial Examples with Input Diversity" (their DI²-FGSM)
    DiFgsm,
    // I-FGSM + TI: Dong et al., CVPR 2019, "Evading Defenses to Transferable
    // Adversarial Examples by Translation-Invariant Attacks"
    TiFgsm,
    // MI-FGSM + Nesterov look-ahead: Lin et al., ICLR 2020, "Nesterov
    // Accelerated Gradient and Scale Invariance for Adversarial Attacks"
    NiFgsm,
    SiNiFgsm, // NI-FGSM + scale invariance, the same paper
    // MI-FGSM + variance tuning: Wang & He, CVPR 2021, "Enhancing the
    // Transferability of Adversarial Attacks through Variance Tuning"
    VmiFgsm,
    VniFgsm,    // NI-FGSM + variance tuning, the same paper
    DiTiMiFgsm, // MI-FGSM + DI + TI: Dong et al. 2019's TI-DIM
};

// Every method, base methods first, in the order menus list them.
const std::vector<AttackMethod>& allMethods();
// "FGSM", "I-FGSM", "MI-FGSM", "PGD", "DI-FGSM", ..., "DI-TI-MI-FGSM"
std::string methodName(AttackMethod m);
// "fgsm", "ifgsm", "mifgsm", "pgd", "difgsm", "tifgsm", "nifgsm", "sinifgsm",
// "vmifgsm", "vnifgsm", "ditimifgsm"
std::string methodKey(AttackMethod m);
// The paper a method comes from, "Authors Year, Title" (for help texts and tooltips).
std::string methodPaper(AttackMethod m);
std::optional<AttackMethod> parseMethod(const std::string& key); // accepts key or name, any case

// Input and gradient transforms, orthogonal options of the one loop: any
// combination is valid. A negative (DI, VT) or zero (TI, SI) value means
// "the method's default": on, with its paper's default, for the presets that
// name it, off otherwise. A value set here overrides the preset.
struct AttackTransforms {
    // DI (Xie et al. 2019): with this probability per step, resize the batch
    // to a random size in [S, S·330/299) and zero-pad it at random to
    // S·330/299 (299 → [299, 330) → 330, the paper's numbers); the model gets
    // the padded image (the contract is any H×W). Default 0.5.
    float diversityProb = -1.0f;
    // TI (Dong et al. 2019): convolve the gradient per channel with a
    // normalised k×k Gaussian (σ = (k-1)/6, the paper's 3σ window), before the
    // momentum normalisation. Odd k; 1 = off; default 7 (the paper uses 15
    // against defended models).
    int tiKernel = 0;
    // NI (Lin et al. 2020): take the gradient at the look-ahead x + α·µ·g.
    // Implies momentum. Always on for nifgsm, sinifgsm and vnifgsm.
    bool nesterov = false;
    // SI (Lin et al. 2020): average the gradients of x / 2^i, i = 0..m-1.
    // 1 = off; default 5.
    int siScales = 0;
    // VT (Wang & He 2021): add the variance of the gradient over N points
    // uniform in the β·ε box around the iterate. 0 = off; default N = 20.
    int vtNeighbours = -1;
    float vtBeta = 1.5f;

    bool operator==(const AttackTransforms& o) const {
        return diversityProb == o.diversityProb && tiKernel == o.tiKernel && nesterov == o.nesterov &&
               siScales == o.siScales && vtNeighbours == o.vtNeighbours && vtBeta == o.vtBeta;
    }
    bool operator!=(const AttackTransforms& o) const { return !(*this == o); }
};

struct AttackConfig {
    AttackMethod method = AttackMethod::Ifgsm;
    bool targeted = false;  // targeted attacks descend the loss of the target class
    float epsilon = 16.0f;  // L∞ budget in 0..255 pixel units
    int iterations = 10;    // steps for iterative methods; FGSM always takes 1
    float stepSize = 0.0f;  // pixels per step; <= 0 picks the method's default
    float momentum = 1.0f;  // MI-FGSM decay factor µ (Dong et al. use 1.0)
    std::uint64_t seed = 0; // PGD random start, DI draws and VT neighbours; same seed, same result
    int batchSize = 16;

    // DI, TI, NI, SI and VT; any combination (see AttackTransforms).
    AttackTransforms transforms;

    // FGSM = 1 step of size ε; I-FGSM = N steps of ε/N; MI-FGSM = I-FGSM with
    // momentum; PGD = N steps of 2.5·ε/N from a uniform random start.
    int effectiveIterations() const;
    float effectiveStepSize() const;
    bool usesMomentum() const;
    bool usesRandomStart() const { return method == AttackMethod::Pgd; }
    bool usesNesterov() const;
    float effectiveDiversityProb() const;
    int effectiveTiKernel() const;
    int effectiveSiScales() const;
    int effectiveVtNeighbours() const;
    // Forward and backward passes per step: SI scales × (1 + VT neighbours).
    int passesPerStep() const;
    // The name of the effective combination, e.g. "DI-TI-MI-FGSM",
    // "SI-NI-FGSM", "VMI-FGSM" (a preset's own name when nothing is added).
    std::string attackName() const;

    // The method's key plus every transform set explicitly, e.g. "mifgsm" or
    // "mifgsm+di0.5+ti7" (the attack column of the CSV files).
    std::string attackKey() const;

    // Human-readable, e.g. "I-FGSM targeted ε=16 10 steps"
    std::string describe() const;
    // Stable key for caches, covering every field that changes the result.
    std::string cacheKey() const;

    // Every field, compared as stored (the cache key rounds floats for display).
    bool operator==(const AttackConfig& o) const;
    bool operator!=(const AttackConfig& o) const { return !(*this == o); }
};

} // namespace advlab
