// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <vector>

namespace advlab {

// Where a default file or folder came from. The order is the lookup order;
// the first match wins:
//   1. Flag: an explicit --dataset/--model (or a file the user opened);
//   2. Environment: ADVLAB_DATASET / ADVLAB_MODEL / ADVLAB_TRANSFER_MODEL, or
//      ADVLAB_RESOURCES for a folder laid out like resources/ (data/,
//      models/, imagenet/); ADVLAB_SHARED is its old name and still works;
//   3. Settings: what the GUI remembered from the last session;
//   4. Installed: <prefix>/share/adversarial-lab, found relative to the
//      running executable (<prefix>/bin), so an installed or unpacked
//      package works from any folder without configuration;
//   5. SourceTree: the source tree's resources/, only for executables that
//      live in the build tree they were built in.
// A flag or variable that points nowhere is an error listing what was
// tried; nothing silently falls back past an explicit choice. A remembered
// setting that no longer exists is skipped, because a moved file must not
// stop the GUI from starting.
enum class PathOrigin { None, Flag, Environment, Settings, Installed, SourceTree };

const char* pathOriginName(PathOrigin origin); // "flag", "environment", ...

struct PathResolution {
    std::string path;               // absolute; empty when nothing was found
    PathOrigin origin = PathOrigin::None;
    std::vector<std::string> tried; // every candidate with its origin, for the error message
    // True when a flag or variable named a path that is not usable: an error
    // for every caller, even one that treats "no default" as optional.
    bool explicitMiss = false;
    bool found() const { return !path.empty(); }
    std::string errorMessage() const; // "not found; tried: ..."
};

// A folder laid out like resources/: data/nips17_dev, models/*.pt,
// imagenet/categories.csv.
struct ResourceRoot {
    std::string path;
    PathOrigin origin = PathOrigin::None;
    std::string description; // "$ADVLAB_RESOURCES", "installed", "source tree"
};

// What the lookup sees of the process; the defaults come from the running
// executable and the build. Tests replace them to check each rule.
struct PathContext {
    std::string executableDir;   // folder of the running executable
    std::string buildDir;        // the build tree this binary was built in
    std::string sourceResources; // <source>/resources of that build
    std::string shareFromBin;    // relative path bin -> share/adversarial-lab
    static PathContext current();
};

// Resource roots in lookup order (environment, installed, source tree). A
// variable that names a missing folder yields an entry whose path does not
// exist; resolve* turn that into an error.
std::vector<ResourceRoot> resourceRoots(const PathContext& context = PathContext::current());

PathResolution resolveDataset(const std::string& explicitPath = {}, const std::string& remembered = {},
                              const PathContext& context = PathContext::current());
PathResolution resolveModel(const std::string& explicitPath = {}, const std::string& remembered = {},
                            const PathContext& context = PathContext::current());
PathResolution resolveTransferModel(const std::string& explicitPath = {}, const std::string& remembered = {},
                                    const PathContext& context = PathContext::current());
// The 1000 ImageNet class names (CategoryId, CategoryName), for datasets
// without their own categories.csv.
PathResolution resolveClassNames(const PathContext& context = PathContext::current());

} // namespace advlab
