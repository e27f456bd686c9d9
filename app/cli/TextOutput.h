// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <advlab/Text.h>

#include <string>

namespace advlab::cli {

// Terminal-safe text is core's advlab::printable(text, true): one escaping
// of control characters for every message the programs print.
using advlab::printable;

// An exception message as the user sees it. LibTorch's errors carry a C++
// backtrace ("Exception raised from ... frame #0: ...") and TorchScript's a
// Python-like traceback; unless `verbose`, both are dropped and only the
// message and, for TorchScript, the error line at its end are kept, with a
// hint that --verbose shows the rest.
std::string conciseError(const std::string& what, bool verbose);

} // namespace advlab::cli
