// SPDX-License-Identifier: GPL-3.0-or-later
#include "advlab/Paths.h"

#include "advlab/OutputGuard.h"

#include <cstdlib>
#include <filesystem>

// Set by core/CMakeLists.txt. Empty defaults keep the engine usable when
// compiled some other way: then only flags, environment and the
// executable-relative share folder are consulted.
#ifndef ADVLAB_BUILD_DIR
#define ADVLAB_BUILD_DIR ""
#endif
#ifndef ADVLAB_SOURCE_RESOURCES_DIR
#define ADVLAB_SOURCE_RESOURCES_DIR ""
#endif
#ifndef ADVLAB_SHARE_FROM_BIN
#define ADVLAB_SHARE_FROM_BIN "../share/adversarial-lab"
#endif

namespace fs = std::filesystem;

namespace advlab {

namespace {

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? std::string(v) : std::string();
}

fs::path normalised(const fs::path& p) {
    std::error_code ec;
    const fs::path abs = fs::absolute(p, ec);
    return (ec ? p : abs).lexically_normal();
}

// Why a candidate is not usable, or empty when it is.
std::string problemWith(const fs::path& candidate, bool wantDirectory) {
    std::error_code ec;
    const fs::file_status st = fs::status(candidate, ec);
    if (!fs::exists(st))
        return "does not exist";
    if (wantDirectory && !fs::is_directory(st))
        return "is not a folder";
    if (!wantDirectory && fs::is_directory(st))
        return "is a folder, not a file";
    if (!wantDirectory && !fs::is_regular_file(st))
        return "is not a regular file";
    return {};
}

struct Item {
    const char* envVar;       // nullptr when there is no variable for this item
    const char* relative;     // below a resource root
    bool wantDirectory;
};

PathResolution resolve(const Item& item, const std::string& explicitPath, const std::string& remembered,
                       const PathContext& context) {
    PathResolution r;
    auto accept = [&](const fs::path& candidate, const std::string& label, PathOrigin origin) {
        const std::string problem = problemWith(candidate, item.wantDirectory);
        r.tried.push_back(candidate.string() + " (" + label + (problem.empty() ? "" : ": " + problem) + ")");
        if (!problem.empty())
            return false;
        r.path = normalised(candidate).string();
        r.origin = origin;
        return true;
    };
    if (!explicitPath.empty()) {
        r.explicitMiss = !accept(explicitPath, "given", PathOrigin::Flag);
        return r;
    }
    if (item.envVar) {
        const std::string fromEnv = env(item.envVar);
        if (!fromEnv.empty()) {
            r.explicitMiss = !accept(fromEnv, std::string("$") + item.envVar, PathOrigin::Environment);
            return r;
        }
    }
    const std::vector<ResourceRoot> roots = resourceRoots(context);
    // A resource folder named in the environment is an explicit choice too.
    if (!roots.empty() && roots.front().origin == PathOrigin::Environment) {
        r.explicitMiss =
            !accept(fs::path(roots.front().path) / item.relative, roots.front().description, PathOrigin::Environment);
        return r;
    }
    if (!remembered.empty() && accept(remembered, "remembered from the last session", PathOrigin::Settings))
        return r;
    for (const ResourceRoot& root : roots)
        if (accept(fs::path(root.path) / item.relative, root.description, root.origin))
            return r;
    return r;
}

} // namespace

const char* pathOriginName(PathOrigin origin) {
    switch (origin) {
    case PathOrigin::Flag:
        return "given";
    case PathOrigin::Environment:
        return "environment";
    case PathOrigin::Settings:
        return "remembered";
    case PathOrigin::Installed:
        return "installed";
    case PathOrigin::SourceTree:
        return "source tree";
    case PathOrigin::None:
        break;
    }
    return "none";
}

std::string PathResolution::errorMessage() const {
    std::string m = "not found; tried:";
    for (const auto& t : tried)
        m += "\n  " + t;
    return m;
}

PathContext PathContext::current() {
    PathContext c;
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec)
        c.executableDir = exe.parent_path().string();
    c.buildDir = ADVLAB_BUILD_DIR;
    c.sourceResources = ADVLAB_SOURCE_RESOURCES_DIR;
    c.shareFromBin = ADVLAB_SHARE_FROM_BIN;
    return c;
}

std::vector<ResourceRoot> resourceRoots(const PathContext& context) {
    std::vector<ResourceRoot> roots;
    for (const char* var : {"ADVLAB_RESOURCES", "ADVLAB_SHARED"}) {
        const std::string fromEnv = env(var);
        if (!fromEnv.empty()) {
            roots.push_back({normalised(fromEnv).string(), PathOrigin::Environment, std::string("$") + var});
            break;
        }
    }
    if (!context.executableDir.empty() && !context.shareFromBin.empty())
        roots.push_back({normalised(fs::path(context.executableDir) / context.shareFromBin).string(),
                         PathOrigin::Installed, "installed beside the executable"});
    // The source tree is a fallback for developers running from their build
    // tree only: an installed copy must never pick up a checkout that
    // happens to still exist on the machine.
    if (!context.sourceResources.empty() && !context.buildDir.empty() && !context.executableDir.empty() &&
        isInsideFolder(context.executableDir, context.buildDir))
        roots.push_back({context.sourceResources, PathOrigin::SourceTree, "source tree"});
    return roots;
}

PathResolution resolveDataset(const std::string& explicitPath, const std::string& remembered,
                              const PathContext& context) {
    return resolve({"ADVLAB_DATASET", "data/nips17_dev", true}, explicitPath, remembered, context);
}

PathResolution resolveModel(const std::string& explicitPath, const std::string& remembered,
                            const PathContext& context) {
    return resolve({"ADVLAB_MODEL", "models/mobilenet_v2_imagenet.pt", false}, explicitPath, remembered, context);
}

PathResolution resolveTransferModel(const std::string& explicitPath, const std::string& remembered,
                                    const PathContext& context) {
    return resolve({"ADVLAB_TRANSFER_MODEL", "models/tf_mobilenet_v2_imagenet.pt", false}, explicitPath,
                   remembered, context);
}

PathResolution resolveClassNames(const PathContext& context) {
    return resolve({nullptr, "imagenet/categories.csv", false}, {}, {}, context);
}

} // namespace advlab
