// SPDX-License-Identifier: GPL-3.0-or-later
#include "advlab/TargetClassCsv.h"

#include "advlab/Errors.h"
#include "advlab/InputFile.h"

#include <algorithm>
#include <filesystem>
#include <map>

namespace advlab {

namespace {

std::string trimmed(std::string s) {
    const auto notSpace = [](unsigned char c) { return c != ' ' && c != '\t' && c != '\r'; };
    s.erase(s.begin(), std::find_if(s.begin(), s.end(), notSpace));
    s.erase(std::find_if(s.rbegin(), s.rend(), notSpace).base(), s.end());
    return s;
}

// A quoted name, shortened: the message must stay readable for any garbage.
std::string quoted(const std::string& s) {
    std::string out;
    for (char c : s.substr(0, 80))
        out += static_cast<unsigned char>(c) < 0x20 ? '?' : c;
    return "'" + out + (s.size() > 80 ? "...'" : "'");
}

} // namespace

std::vector<int> readTargetClassCsv(const std::string& path, const Dataset& dataset) {
    // 100,000 images at ~30 bytes a line fit easily; a bigger file is not this one.
    const std::string text = readInputFile(path, std::size_t(64) << 20);
    std::map<std::string, std::size_t> byName;
    for (std::size_t i = 0; i < dataset.size(); ++i) {
        const DatasetEntry& e = dataset.entry(i);
        byName.emplace(std::filesystem::path(e.imagePath).filename().string(), i);
        byName.emplace(e.imageId, i);
    }
    std::vector<int> targets(dataset.size(), -1);
    std::vector<int> lineOf(dataset.size(), 0);
    int lineNo = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t end = std::min(text.find('\n', pos), text.size());
        const std::string line = trimmed(text.substr(pos, end - pos));
        pos = end + 1;
        ++lineNo;
        if (line.empty())
            continue;
        const std::size_t comma = line.find(',');
        if (comma == std::string::npos || line.find(',', comma + 1) != std::string::npos)
            throw DataError(path, lineNo, "expected 'filename,target', got " + quoted(line));
        const std::string name = trimmed(line.substr(0, comma));
        const std::string target = trimmed(line.substr(comma + 1));
        if (lineNo == 1 && name == "filename" && target == "target")
            continue;
        const bool digits =
            !target.empty() && target.size() <= 4 &&
            std::all_of(target.begin(), target.end(), [](char c) { return c >= '0' && c <= '9'; });
        const int value = digits ? std::stoi(target) : 0;
        if (value < 1 || value > 1000)
            throw DataError(path, lineNo,
                            "target " + quoted(target) + " for " + quoted(name) +
                                " is not a 1-based CategoryId in 1..1000");
        const auto it = byName.find(name);
        if (it == byName.end())
            throw DataError(path, lineNo, "no image " + quoted(name) + " in " + dataset.root());
        if (lineOf[it->second] != 0)
            throw DataError(path, lineNo,
                            quoted(name) + " already has a target on line " +
                                std::to_string(lineOf[it->second]));
        lineOf[it->second] = lineNo;
        targets[it->second] = value - 1;
    }
    for (std::size_t i = 0; i < dataset.size(); ++i)
        if (targets[i] < 0)
            throw DataError(path, 0,
                            "no target for image " +
                                std::filesystem::path(dataset.entry(i).imagePath).filename().string() +
                                " (every image of " + dataset.root() + " needs a 'filename,target' line)");
    return targets;
}

} // namespace advlab
