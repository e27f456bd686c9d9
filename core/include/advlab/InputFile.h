// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <string>

namespace advlab {

// Why `path` cannot be read as an input file, or "" when it can. Distinct
// answers for each case a user must fix differently: "not found", "is a
// directory", "is not a regular file (a FIFO, socket or device)", "permission
// denied", "symbolic link loop", else the system's reason. Checked with
// stat(), so it never opens (and never blocks on) a FIFO.
std::string inputFileProblem(const std::string& path);

// Reads a whole regular file. The file is opened non-blocking and checked
// with fstat() on the open descriptor before any read, so a FIFO or device
// swapped in after a check is refused too. Throws DataError naming the file
// for every problem above, for files larger than `maxBytes`, and for read
// errors.
std::string readInputFile(const std::string& path, std::size_t maxBytes);

} // namespace advlab
