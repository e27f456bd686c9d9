// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <filesystem>
#include <string>
#include <system_error>

namespace advlab {

// Whether `path` is `folder` itself or lies anywhere below it, after
// resolving symlinks and `..` of the parts that exist. The one check every
// writer (CLI and GUI) uses to keep its promise that nothing is ever written
// into an input dataset folder.
inline bool isInsideFolder(const std::string& path, const std::string& folder) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path inner = fs::weakly_canonical(fs::absolute(path, ec), ec);
    const fs::path outer = fs::weakly_canonical(fs::absolute(folder, ec), ec);
    if (inner.empty() || outer.empty())
        return false;
    auto in = inner.begin();
    for (auto out = outer.begin(); out != outer.end(); ++out) {
        if (out->empty())
            continue; // a trailing separator
        if (in == inner.end() || *in != *out)
            return false;
        ++in;
    }
    return true;
}

} // namespace advlab
