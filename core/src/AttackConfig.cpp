// SPDX-License-Identifier: GPL-3.0-or-later
#include "advlab/AttackConfig.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace advlab {

std::string methodName(AttackMethod m) {
    switch (m) {
    case AttackMethod::Fgsm: return "FGSM";
    case AttackMethod::Ifgsm: return "I-FGSM";
    case AttackMethod::MiFgsm: return "MI-FGSM";
    case AttackMethod::Pgd: return "PGD";
    }
    return "?";
}

std::string methodKey(AttackMethod m) {
    switch (m) {
    case AttackMethod::Fgsm: return "fgsm";
    case AttackMethod::Ifgsm: return "ifgsm";
    case AttackMethod::MiFgsm: return "mifgsm";
    case AttackMethod::Pgd: return "pgd";
    }
    return "?";
}

std::optional<AttackMethod> parseMethod(const std::string& key) {
    std::string k;
    for (char c : key)
        if (std::isalnum(static_cast<unsigned char>(c)))
            k += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (k == "fgsm")
        return AttackMethod::Fgsm;
    if (k == "ifgsm" || k == "bim")
        return AttackMethod::Ifgsm;
    if (k == "mifgsm" || k == "mim")
        return AttackMethod::MiFgsm;
    if (k == "pgd")
        return AttackMethod::Pgd;
    return std::nullopt;
}

int AttackConfig::effectiveIterations() const {
    return method == AttackMethod::Fgsm ? 1 : std::max(1, iterations);
}

float AttackConfig::effectiveStepSize() const {
    if (stepSize > 0.0f)
        return stepSize;
    const float n = static_cast<float>(effectiveIterations());
    switch (method) {
    case AttackMethod::Fgsm: return epsilon;
    case AttackMethod::Ifgsm:
    case AttackMethod::MiFgsm: return epsilon / n; // α = ε/T as in Kurakin et al. and Dong et al.
    case AttackMethod::Pgd: return 2.5f * epsilon / n; // Madry et al.: α·N > ε so the random start can be left
    }
    return epsilon;
}

std::string AttackConfig::describe() const {
    char buf[160];
    const int n = effectiveIterations();
    std::snprintf(buf, sizeof buf, "%s%s \xCE\xB5=%g%s", methodName(method).c_str(), targeted ? " targeted" : "",
                  static_cast<double>(epsilon),
                  n > 1 ? (" " + std::to_string(n) + " steps").c_str() : "");
    return buf;
}

std::string AttackConfig::cacheKey() const {
    char buf[200];
    std::snprintf(buf, sizeof buf, "%s|%d|%.4f|%d|%.4f|%.4f|%llu", methodKey(method).c_str(), targeted ? 1 : 0,
                  static_cast<double>(epsilon), effectiveIterations(), static_cast<double>(effectiveStepSize()),
                  usesMomentum() ? static_cast<double>(momentum) : 0.0,
                  usesRandomStart() ? static_cast<unsigned long long>(seed) : 0ULL);
    return buf;
}

bool AttackConfig::operator==(const AttackConfig& o) const {
    return method == o.method && targeted == o.targeted && epsilon == o.epsilon && iterations == o.iterations &&
           stepSize == o.stepSize && momentum == o.momentum && seed == o.seed && batchSize == o.batchSize;
}

} // namespace advlab
