// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>

namespace advlab::cli {

// `text` safe to show on a terminal: control characters (C0 except newline
// and tab, DEL, and C1 encoded as UTF-8) become \xNN, so an ImageId or
// category name from a hostile dataset cannot move the cursor, recolour or
// retitle the user's terminal. Newlines stay: messages use them.
std::string printable(const std::string& text);

// An exception message as the user sees it. LibTorch's errors carry a C++
// backtrace ("Exception raised from ... frame #0: ...") and TorchScript's a
// Python-like traceback; unless `verbose`, both are dropped and only the
// message and, for TorchScript, the error line at its end are kept, with a
// hint that --verbose shows the rest.
std::string conciseError(const std::string& what, bool verbose);

} // namespace advlab::cli
