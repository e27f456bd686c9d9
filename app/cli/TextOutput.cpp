// SPDX-License-Identifier: GPL-3.0-or-later
#include "TextOutput.h"

#include <cctype>
#include <cstdio>
#include <sstream>
#include <vector>

namespace advlab::cli {

namespace {

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
