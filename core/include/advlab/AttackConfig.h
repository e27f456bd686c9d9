// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace advlab {

// The L∞ gradient-sign family. All run through one projected loop
// (runAttack); a method only chooses step count, step size, momentum and
// random start (the design of Foolbox 3).
enum class AttackMethod {
    Fgsm,   // Goodfellow, Shlens, Szegedy 2015, "Explaining and Harnessing Adversarial Examples"
    Ifgsm,  // Kurakin, Goodfellow, Bengio 2017, "Adversarial Examples in the Physical World" (BIM)
    MiFgsm, // Dong et al. 2018, "Boosting Adversarial Attacks with Momentum" (NIPS 2017 winner)
    Pgd,    // Madry et al. 2018, "Towards Deep Learning Models Resistant to Adversarial Attacks"
};

std::string methodName(AttackMethod m);   // "FGSM", "I-FGSM", "MI-FGSM", "PGD"
std::string methodKey(AttackMethod m);    // "fgsm", "ifgsm", "mifgsm", "pgd"
std::optional<AttackMethod> parseMethod(const std::string& key); // accepts key or name, any case

struct AttackConfig {
    AttackMethod method = AttackMethod::Ifgsm;
    bool targeted = false;   // targeted attacks descend the loss of the target class
    float epsilon = 16.0f;   // L∞ budget in 0..255 pixel units
    int iterations = 10;     // steps for iterative methods; FGSM always takes 1
    float stepSize = 0.0f;   // pixels per step; <= 0 picks the method's default
    float momentum = 1.0f;   // MI-FGSM decay factor µ (Dong et al. use 1.0)
    std::uint64_t seed = 0;  // PGD random start; same seed, same result
    int batchSize = 16;

    // FGSM = 1 step of size ε; I-FGSM = N steps of ε/N; MI-FGSM = I-FGSM with
    // momentum; PGD = N steps of 2.5·ε/N from a uniform random start.
    int effectiveIterations() const;
    float effectiveStepSize() const;
    bool usesMomentum() const { return method == AttackMethod::MiFgsm; }
    bool usesRandomStart() const { return method == AttackMethod::Pgd; }

    // Human-readable, e.g. "I-FGSM targeted ε=16 10 steps"
    std::string describe() const;
    // Stable key for caches, covering every field that changes the result.
    std::string cacheKey() const;

    // Every field, compared as stored (the cache key rounds floats for display).
    bool operator==(const AttackConfig& o) const;
    bool operator!=(const AttackConfig& o) const { return !(*this == o); }
};

} // namespace advlab
