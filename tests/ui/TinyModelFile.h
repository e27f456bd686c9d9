// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>

namespace advlab::test {

// tests/core/TinyModel.h's saveTinyClassifier, without Torch's headers.
void writeTinyClassifier(const std::string& path);

} // namespace advlab::test
