// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <map>
#include <string>

namespace advlab {

// One top-level member of a JSON object. Nested objects and arrays are
// checked for syntax but kept only as their kind: the submission metadata
// this reads (metadata.json of the NIPS 2017 dev toolkit) has flat members.
struct JsonMember {
    enum class Kind { String, Number, Bool, Null, Object, Array };
    Kind kind = Kind::Null;
    std::string text; // the decoded string, the number as written, "true"/"false"
};

// A strict RFC 8259 parser for a document whose top level is an object:
// no trailing commas, no comments, no duplicate keys, no control characters
// in strings, nesting at most 64 deep, nothing after the closing brace.
// Throws DataError naming `nameForErrors` and the line of the problem.
std::map<std::string, JsonMember> parseJsonObject(const std::string& text, const std::string& nameForErrors);

} // namespace advlab
