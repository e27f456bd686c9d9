// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <advlab/Errors.h>

#include <QtTest>

namespace advlab::test {

// Runs `f`, expects a DataError and returns it so the test can check the
// file, line and problem it names.
template <typename F>
DataError expectDataError(F f) {
    try {
        f();
    } catch (const DataError& e) {
        return e;
    }
    QTest::qFail("expected a DataError", __FILE__, __LINE__);
    return DataError("", 0, "");
}

} // namespace advlab::test
