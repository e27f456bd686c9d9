// SPDX-License-Identifier: GPL-3.0-or-later
#include "TextOutput.h"

#include <cctype>
#include <cstdio>
#include <sstream>
#include <vector>

namespace advlab::cli {

namespace {

std::string hexEscape(unsigned char c) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\x%02x", c);
    return buf;
}

bool startsWith(const std::string& s, const char* prefix) {
    return s.rfind(prefix, 0) == 0;
}

// "RuntimeError: ...", "torch.jit.Error: ...": the line TorchScript ends its
// traceback with.
bool isErrorLine(const std::string& line) {
    const auto colon = line.find(": ");
    if (colon == std::string::npos || colon < 5 || line.compare(colon - 5, 5, "Error") != 0)
        return false;
    for (std::size_t i = 0; i < colon; ++i)
        if (!(std::isalnum(static_cast<unsigned char>(line[i])) || line[i] == '.' || line[i] == '_'))
            return false;
    return true;
}

} // namespace

std::string printable(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
            out += hexEscape(c);
        } else if (c == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                   static_cast<unsigned char>(text[i + 1]) <= 0x9f) {
            // U+0080..U+009F: C1 controls (CSI is U+009B) in a UTF-8 terminal.
            out += hexEscape(c) + hexEscape(static_cast<unsigned char>(text[++i]));
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

std::string conciseError(const std::string& what, bool verbose) {
    if (verbose)
        return what;
    std::vector<std::string> kept;
    bool dropped = false, inCppTrace = false, inScriptTrace = false;
    std::string scriptError;
    std::istringstream in(what);
    for (std::string line; std::getline(in, line);) {
        if (startsWith(line, "Exception raised from ")) {
            inCppTrace = dropped = true;
            continue;
        }
        if (inCppTrace && (startsWith(line, "frame #") || line.empty()))
            continue;
        inCppTrace = false;
        if (line.find("Traceback of TorchScript") != std::string::npos) {
            inScriptTrace = dropped = true;
            continue;
        }
        if (inScriptTrace) {
            if (isErrorLine(line) && scriptError.empty())
                scriptError = line;
            continue;
        }
        kept.push_back(line);
    }
    // "The following operation failed in the TorchScript interpreter." says
    // less than the error line that closes the traceback.
    if (!scriptError.empty()) {
        if (!kept.empty() && kept.back().find("failed in the TorchScript interpreter") != std::string::npos)
            kept.pop_back();
        kept.push_back(scriptError);
    }
    std::string out;
    for (const auto& line : kept)
        if (!line.empty())
            out += (out.empty() ? "" : "\n") + line;
    if (dropped)
        out += " (--verbose shows the backtrace)";
    return out;
}

} // namespace advlab::cli
