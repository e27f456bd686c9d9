// SPDX-License-Identifier: GPL-3.0-or-later
#include "advlab/Paths.h"

#include <cstdlib>
#include <filesystem>

#ifndef ADVLAB_DEFAULT_SHARED_DIR
#define ADVLAB_DEFAULT_SHARED_DIR ""
#endif

namespace fs = std::filesystem;

namespace advlab {

namespace {

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? std::string(v) : std::string();
}

PathResolution resolve(const std::string& explicitPath, const char* envVar, const std::string& relative,
                       bool wantDirectory) {
    PathResolution r;
    auto accept = [&](const std::string& candidate, const std::string& origin) {
        if (candidate.empty())
            return false;
        r.tried.push_back(candidate + " (" + origin + ")");
        std::error_code ec;
        const bool ok = wantDirectory ? fs::is_directory(candidate, ec) : fs::is_regular_file(candidate, ec);
        if (ok)
            r.path = fs::absolute(candidate, ec).lexically_normal().string();
        return ok;
    };
    // An explicit choice that does not exist is an error, not a reason to
    // silently use something else.
    if (!explicitPath.empty()) {
        accept(explicitPath, "given");
        return r;
    }
    const std::string fromEnv = env(envVar);
    if (!fromEnv.empty()) {
        accept(fromEnv, std::string("$") + envVar);
        return r;
    }
    for (const auto& shared : sharedDirCandidates())
        if (accept((fs::path(shared) / relative).string(), "shared folder"))
            return r;
    return r;
}

} // namespace

std::string PathResolution::errorMessage() const {
    std::string m = "not found; tried:";
    for (const auto& t : tried)
        m += "\n  " + t;
    return m;
}

std::vector<std::string> sharedDirCandidates() {
    std::vector<std::string> out;
    const std::string fromEnv = env("ADVLAB_SHARED");
    if (!fromEnv.empty())
        out.push_back(fromEnv);
    std::error_code ec;
    const fs::path cwd = fs::current_path(ec);
    if (!ec) {
        out.push_back((cwd / "../shared").lexically_normal().string());
        out.push_back((cwd / "shared").lexically_normal().string());
        // From a build folder inside the checkout (build/ or build/tests/).
        out.push_back((cwd / "../../shared").lexically_normal().string());
        out.push_back((cwd / "../../../shared").lexically_normal().string());
    }
    const std::string baked = ADVLAB_DEFAULT_SHARED_DIR;
    if (!baked.empty())
        out.push_back(baked);
    return out;
}

PathResolution resolveDataset(const std::string& explicitPath) {
    return resolve(explicitPath, "ADVLAB_DATASET", "data/nips17_dev", true);
}

PathResolution resolveModel(const std::string& explicitPath) {
    return resolve(explicitPath, "ADVLAB_MODEL", "models/mobilenet_v2_imagenet.pt", false);
}

PathResolution resolveTransferModel(const std::string& explicitPath) {
    return resolve(explicitPath, "ADVLAB_TRANSFER_MODEL", "models/tf_mobilenet_v2_imagenet.pt", false);
}

} // namespace advlab
