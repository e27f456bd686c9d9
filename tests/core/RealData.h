// SPDX-License-Identifier: GPL-3.0-or-later
// Locating the shared dev set and models for integration tests. CTest sets
// the source tree's resources/; a missing folder fails loudly instead of silently passing.
#pragma once

#include <advlab/Paths.h>

#include <QtTest>

#include <string>

namespace advlab::test {

inline std::string requireDataset() {
    const auto r = advlab::resolveDataset();
    if (r.path.empty())
        QTest::qFail(("shared dev set " + r.errorMessage()).c_str(), __FILE__, __LINE__);
    return r.path;
}

inline std::string requireModel() {
    const auto r = advlab::resolveModel();
    if (r.path.empty())
        QTest::qFail(("shared model " + r.errorMessage()).c_str(), __FILE__, __LINE__);
    return r.path;
}

} // namespace advlab::test
