// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <string_view>

namespace advlab {

// `text` safe to print on a terminal: C0 control bytes, DEL and UTF-8
// encoded C1 controls (U+0080..U+009F) become visible escapes (\n, \t, \r,
// \x1b, \u009b). Field values from a CSV, file names and model messages go
// through this before they reach an error message, so a hostile file cannot
// move the cursor, recolour or retitle a user's terminal.
// `keepNewlines` leaves '\n' as is, for multi-line messages we trust the
// layout of (a model's error report).
std::string printable(std::string_view text, bool keepNewlines = false);

} // namespace advlab
