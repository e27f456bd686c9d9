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

// Whether `a` and `b` name the same file: another spelling ("./x", "d/../x"),
// a symlink or a hard link of it. Outputs are compared with the run's inputs
// and with each other by this, so an output never replaces an input and two
// outputs never land in one file.
inline bool isSameFile(const std::string& a, const std::string& b) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (fs::equivalent(a, b, ec))
        return true;
    // Not both existing yet: compare where they would be.
    std::error_code ea, eb;
    const fs::path pa = fs::weakly_canonical(fs::absolute(a, ea), ea);
    const fs::path pb = fs::weakly_canonical(fs::absolute(b, eb), eb);
    return !ea && !eb && !pa.empty() && pa == pb;
}

} // namespace advlab
