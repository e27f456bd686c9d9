// SPDX-License-Identifier: GPL-3.0-or-later
#include "advlab/AttackConfig.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace advlab {

namespace {

struct MethodInfo {
    AttackMethod method;
    const char* name;
    const char* key;
    const char* paper;
};

const MethodInfo kMethods[] = {
    {AttackMethod::Fgsm, "FGSM", "fgsm",
     "Goodfellow, Shlens, Szegedy 2015, Explaining and Harnessing Adversarial Examples"},
    {AttackMethod::Ifgsm, "I-FGSM", "ifgsm",
     "Kurakin, Goodfellow, Bengio 2017, Adversarial Examples in the Physical World"},
    {AttackMethod::MiFgsm, "MI-FGSM", "mifgsm",
     "Dong et al. 2018, Boosting Adversarial Attacks with Momentum"},
    {AttackMethod::Pgd, "PGD", "pgd",
     "Madry et al. 2018, Towards Deep Learning Models Resistant to Adversarial Attacks"},
    {AttackMethod::DiFgsm, "DI-FGSM", "difgsm",
     "Xie et al. 2019, Improving Transferability of Adversarial Examples with Input Diversity"},
    {AttackMethod::TiFgsm, "TI-FGSM", "tifgsm",
     "Dong et al. 2019, Evading Defenses to Transferable Adversarial Examples by Translation-Invariant "
     "Attacks"},
    {AttackMethod::NiFgsm, "NI-FGSM", "nifgsm",
     "Lin et al. 2020, Nesterov Accelerated Gradient and Scale Invariance for Adversarial Attacks"},
    {AttackMethod::SiNiFgsm, "SI-NI-FGSM", "sinifgsm",
     "Lin et al. 2020, Nesterov Accelerated Gradient and Scale Invariance for Adversarial Attacks"},
    {AttackMethod::VmiFgsm, "VMI-FGSM", "vmifgsm",
     "Wang & He 2021, Enhancing the Transferability of Adversarial Attacks through Variance Tuning"},
    {AttackMethod::VniFgsm, "VNI-FGSM", "vnifgsm",
     "Wang & He 2021, Enhancing the Transferability of Adversarial Attacks through Variance Tuning"},
    {AttackMethod::DiTiMiFgsm, "DI-TI-MI-FGSM", "ditimifgsm",
     "Dong et al. 2019 (TI-DIM), with Xie et al. 2019's input diversity"},
};

const MethodInfo& info(AttackMethod m) {
    for (const auto& i : kMethods)
        if (i.method == m)
            return i;
    return kMethods[0];
}

bool isOneOf(AttackMethod m, std::initializer_list<AttackMethod> list) {
    return std::find(list.begin(), list.end(), m) != list.end();
}

// The papers' defaults for the presets (section comments in AttackConfig.h).
constexpr float kDefaultDiversityProb = 0.5f;
constexpr int kDefaultTiKernel = 7;
constexpr int kDefaultSiScales = 5;
constexpr int kDefaultVtNeighbours = 20;

} // namespace

const std::vector<AttackMethod>& allMethods() {
    static const std::vector<AttackMethod> all = [] {
        std::vector<AttackMethod> v;
        for (const auto& i : kMethods)
            v.push_back(i.method);
        return v;
    }();
    return all;
}

std::string methodName(AttackMethod m) {
    return info(m).name;
}
std::string methodKey(AttackMethod m) {
    return info(m).key;
}
std::string methodPaper(AttackMethod m) {
    return info(m).paper;
}

std::optional<AttackMethod> parseMethod(const std::string& key) {
    std::string k;
    for (char c : key)
        if (std::isalnum(static_cast<unsigned char>(c)))
            k += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (k == "bim")
        return AttackMethod::Ifgsm;
    if (k == "mim")
        return AttackMethod::MiFgsm;
    if (k == "tidim")
        return AttackMethod::DiTiMiFgsm;
    for (const auto& i : kMethods)
        if (k == i.key)
            return i.method;
    return std::nullopt;
}

bool AttackConfig::usesMomentum() const {
    return usesNesterov() ||
           isOneOf(method, {AttackMethod::MiFgsm, AttackMethod::VmiFgsm, AttackMethod::DiTiMiFgsm});
}

bool AttackConfig::usesNesterov() const {
    return transforms.nesterov ||
           isOneOf(method, {AttackMethod::NiFgsm, AttackMethod::SiNiFgsm, AttackMethod::VniFgsm});
}

float AttackConfig::effectiveDiversityProb() const {
    if (transforms.diversityProb >= 0.0f)
        return transforms.diversityProb;
    return isOneOf(method, {AttackMethod::DiFgsm, AttackMethod::DiTiMiFgsm}) ? kDefaultDiversityProb : 0.0f;
}

int AttackConfig::effectiveTiKernel() const {
    if (transforms.tiKernel > 0)
        return transforms.tiKernel;
    return isOneOf(method, {AttackMethod::TiFgsm, AttackMethod::DiTiMiFgsm}) ? kDefaultTiKernel : 1;
}

int AttackConfig::effectiveSiScales() const {
    if (transforms.siScales > 0)
        return transforms.siScales;
    return method == AttackMethod::SiNiFgsm ? kDefaultSiScales : 1;
}

int AttackConfig::effectiveVtNeighbours() const {
    if (transforms.vtNeighbours >= 0)
        return transforms.vtNeighbours;
    return isOneOf(method, {AttackMethod::VmiFgsm, AttackMethod::VniFgsm}) ? kDefaultVtNeighbours : 0;
}

int AttackConfig::passesPerStep() const {
    return effectiveSiScales() * (1 + effectiveVtNeighbours());
}

int AttackConfig::effectiveIterations() const {
    return method == AttackMethod::Fgsm ? 1 : std::max(1, iterations);
}

float AttackConfig::effectiveStepSize() const {
    if (stepSize > 0.0f)
        return stepSize;
    const float n = static_cast<float>(effectiveIterations());
    switch (method) {
    case AttackMethod::Fgsm:
        return epsilon;
    case AttackMethod::Pgd:
        return 2.5f * epsilon / n; // Madry et al.: α·N > ε so the random start can be left
    default:
        return epsilon / n; // α = ε/T as in Kurakin et al., Dong et al. and their successors
    }
}

std::string AttackConfig::attackName() const {
    std::string prefix;
    if (effectiveDiversityProb() > 0.0f)
        prefix += "DI-";
    if (effectiveTiKernel() > 1)
        prefix += "TI-";
    if (effectiveSiScales() > 1)
        prefix += "SI-";
    const bool vt = effectiveVtNeighbours() > 0;
    std::string core;
    if (usesNesterov())
        core = vt ? "VNI-FGSM" : "NI-FGSM";
    else if (usesMomentum())
        core = vt ? "VMI-FGSM" : "MI-FGSM";
    else if (method == AttackMethod::Pgd)
        core = vt ? "VT-PGD" : "PGD";
    else if (method == AttackMethod::Fgsm)
        core = vt ? "VT-FGSM" : "FGSM";
    else // I-FGSM; with a transform in front the papers drop the I (DI-FGSM, TI-FGSM)
        core = vt ? "VT-FGSM" : (prefix.empty() ? "I-FGSM" : "FGSM");
    return prefix + core;
}

std::string AttackConfig::attackKey() const {
    std::string key = methodKey(method);
    char buf[32];
    if (transforms.diversityProb >= 0.0f) {
        std::snprintf(buf, sizeof buf, "+di%g", static_cast<double>(transforms.diversityProb));
        key += buf;
    }
    if (transforms.tiKernel > 0)
        key += "+ti" + std::to_string(transforms.tiKernel);
    if (transforms.nesterov)
        key += "+ni";
    if (transforms.siScales > 0)
        key += "+si" + std::to_string(transforms.siScales);
    if (transforms.vtNeighbours >= 0)
        key += "+vt" + std::to_string(transforms.vtNeighbours);
    if (transforms.vtBeta != 1.5f) {
        std::snprintf(buf, sizeof buf, "+beta%g", static_cast<double>(transforms.vtBeta));
        key += buf;
    }
    return key;
}

std::string AttackConfig::describe() const {
    char buf[200];
    const int n = effectiveIterations();
    std::snprintf(buf, sizeof buf, "%s%s \xCE\xB5=%g%s", attackName().c_str(), targeted ? " targeted" : "",
                  static_cast<double>(epsilon), n > 1 ? (" " + std::to_string(n) + " steps").c_str() : "");
    return buf;
}

std::string AttackConfig::cacheKey() const {
    const float di = effectiveDiversityProb();
    const int vt = effectiveVtNeighbours();
    const bool seeded = usesRandomStart() || di > 0.0f || vt > 0;
    char buf[300];
    std::snprintf(buf, sizeof buf, "%s|%d|%.4f|%d|%.4f|%.4f|%llu|di%.4f|ti%d|ni%d|si%d|vt%d|%.4f",
                  methodKey(method).c_str(), targeted ? 1 : 0, static_cast<double>(epsilon),
                  effectiveIterations(), static_cast<double>(effectiveStepSize()),
                  usesMomentum() ? static_cast<double>(momentum) : 0.0,
                  seeded ? static_cast<unsigned long long>(seed) : 0ULL, static_cast<double>(di),
                  effectiveTiKernel(), usesNesterov() ? 1 : 0, effectiveSiScales(), vt,
                  vt > 0 ? static_cast<double>(transforms.vtBeta) : 0.0);
    return buf;
}

bool AttackConfig::operator==(const AttackConfig& o) const {
    return method == o.method && targeted == o.targeted && epsilon == o.epsilon &&
           iterations == o.iterations && stepSize == o.stepSize && momentum == o.momentum && seed == o.seed &&
           batchSize == o.batchSize && transforms == o.transforms;
}

} // namespace advlab
