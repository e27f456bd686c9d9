// SPDX-License-Identifier: GPL-3.0-or-later
#include "advlab/SubmissionOutput.h"

#include "advlab/Errors.h"
#include "advlab/ImageIo.h"
#include "advlab/InputFile.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <sys/stat.h>

namespace advlab {

long long clipToEpsilonBox(Image8& adv, const Image8& original, float epsilon, int* maxExcess) {
    const int eps = static_cast<int>(std::floor(std::max(0.0f, epsilon)));
    long long clipped = 0;
    int worst = 0;
    const std::size_t pixels = adv.rgb.size() / 3;
    for (std::size_t p = 0; p < pixels; ++p) {
        bool any = false;
        for (std::size_t c = 0; c < 3; ++c) {
            const int o = original.rgb[p * 3 + c];
            const int v = adv.rgb[p * 3 + c];
            const int lo = std::max(0, o - eps), hi = std::min(255, o + eps);
            if (v < lo || v > hi) {
                worst = std::max(worst, v < lo ? lo - v : v - hi);
                adv.rgb[p * 3 + c] = static_cast<std::uint8_t>(std::clamp(v, lo, hi));
                any = true;
            }
        }
        clipped += any ? 1 : 0;
    }
    if (maxExcess)
        *maxExcess = worst;
    return clipped;
}

AttackImageCheck checkAttackImage(const std::string& path, const Image8& original, float epsilon) {
    AttackImageCheck r;
    auto replace = [&](AttackImageCheck::Status s, const std::string& why) {
        r.status = s;
        r.problem = path + ": " + why;
        r.image = original;
        return r;
    };
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0)
        return replace(AttackImageCheck::Status::Missing, "missing");
    Image8 img;
    std::vector<std::string> notes;
    try {
        // targetSize 0: no resizing, so a wrong size is seen, not repaired.
        img = readImage(path, 0, &notes);
    } catch (const DataError& e) {
        return replace(AttackImageCheck::Status::Broken, e.problem());
    }
    if (img.width != kCompetitionImageSize || img.height != kCompetitionImageSize)
        return replace(AttackImageCheck::Status::Broken,
                       std::to_string(img.width) + "x" + std::to_string(img.height) + ", not 299x299");
    if (!notes.empty())
        return replace(AttackImageCheck::Status::Broken, "not 8-bit RGB (" + notes.front() + ")");
    r.clippedPixels = clipToEpsilonBox(img, original, epsilon, &r.maxExcess);
    r.image = std::move(img);
    return r;
}

namespace {

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos)
        return {};
    const auto e = s.find_last_not_of(" \t\r");
    return s.substr(b, e - b + 1);
}

bool parseInt(const std::string& s, long long& out) {
    if (s.empty() || s.size() > 18)
        return false;
    std::size_t i = s[0] == '-' || s[0] == '+' ? 1 : 0;
    if (i == s.size())
        return false;
    for (std::size_t j = i; j < s.size(); ++j)
        if (s[j] < '0' || s[j] > '9')
            return false;
    out = std::stoll(s);
    return true;
}

} // namespace

DefenceLabels readDefenceLabels(const std::string& path, const std::vector<std::string>& names) {
    DefenceLabels r;
    r.labels.assign(names.size(), 0);
    auto problem = [&](int line, const std::string& what) {
        if (r.problems.size() < 20)
            r.problems.push_back(path + (line > 0 ? ":" + std::to_string(line) : std::string()) + ": " +
                                 what);
    };
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < names.size(); ++i)
        index.emplace(names[i], i);
    std::string text;
    try {
        text = readInputFile(path, std::size_t(64) << 20);
    } catch (const DataError& e) {
        r.missing = static_cast<int>(names.size());
        problem(0, e.problem() + "; every label counts as wrong");
        return r;
    }
    std::vector<int> seen(names.size(), 0);
    std::vector<int> value(names.size(), 0);
    std::size_t pos = 0;
    int line = 0;
    while (pos < text.size()) {
        const auto nl = text.find('\n', pos);
        const std::string raw = text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
        pos = nl == std::string::npos ? text.size() : nl + 1;
        ++line;
        const std::string l = trim(raw);
        if (l.empty())
            continue;
        const auto comma = l.find(',');
        long long label = 0;
        if (comma == std::string::npos || !parseInt(trim(l.substr(comma + 1)), label)) {
            const bool header = line == 1 && comma != std::string::npos;
            if (!header) {
                ++r.malformed;
                problem(line, "not \"filename,label\"");
            }
            continue;
        }
        std::string name = trim(l.substr(0, comma));
        for (const char* ext : {".png", ".jpg", ".PNG", ".JPG"}) {
            const std::string e(ext);
            if (name.size() > e.size() && name.compare(name.size() - e.size(), e.size(), e) == 0) {
                name.resize(name.size() - e.size());
                break;
            }
        }
        const auto it = index.find(name);
        if (it == index.end()) {
            ++r.unknownId;
            problem(line, "no input image is named '" + name + "'");
            continue;
        }
        const std::size_t i = it->second;
        if (++seen[i] == 2) {
            ++r.duplicate;
            problem(line, "a second label for '" + name + "'; both count as wrong");
        }
        if (label < 1 || label > 1000) {
            ++r.outOfRange;
            problem(line,
                    "label " + std::to_string(label) + " for '" + name + "' is not a CategoryId 1..1000");
            value[i] = -1;
        } else if (value[i] == 0) {
            value[i] = static_cast<int>(label);
        }
    }
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (seen[i] == 0) {
            ++r.missing;
            problem(0, "no label for '" + names[i] + "'");
        }
        r.labels[i] = seen[i] == 1 && value[i] > 0 ? value[i] : 0;
    }
    return r;
}

} // namespace advlab
