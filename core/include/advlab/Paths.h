// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <vector>

namespace advlab {

// Where the defaults come from, in order: explicit flag or setting, then the
// environment (ADVLAB_DATASET, ADVLAB_MODEL, ADVLAB_TRANSFER_MODEL, or
// ADVLAB_SHARED for the folder holding data/ and models/), then ../shared
// beside the working directory, then ../shared beside the source tree the
// program was built from.
struct PathResolution {
    std::string path;                  // empty when nothing was found
    std::vector<std::string> tried;    // every candidate, for the error message
    std::string errorMessage() const;  // "no X found; tried: ..."
};

PathResolution resolveDataset(const std::string& explicitPath = {});
PathResolution resolveModel(const std::string& explicitPath = {});
PathResolution resolveTransferModel(const std::string& explicitPath = {});
std::vector<std::string> sharedDirCandidates();

} // namespace advlab
