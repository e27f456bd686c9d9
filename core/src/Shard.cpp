// SPDX-License-Identifier: GPL-3.0-or-later
#include "advlab/Shard.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace advlab {

namespace {

bool parsePositive(const std::string& s, int& out) {
    if (s.empty() || s.size() > 5 ||
        !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return false;
    out = std::stoi(s);
    return out >= 1;
}

} // namespace

Shard parseShard(const std::string& text) {
    const auto slash = text.find('/');
    Shard s;
    if (slash == std::string::npos || !parsePositive(text.substr(0, slash), s.index) ||
        !parsePositive(text.substr(slash + 1), s.count) || s.count > 10000)
        throw std::invalid_argument("--shard '" + text +
                                    "': expected K/N with 1 <= K <= N <= 10000, e.g. 2/4");
    if (s.index > s.count)
        throw std::invalid_argument("--shard '" + text + "': K must be at most N");
    return s;
}

std::vector<std::size_t> shardPositions(const std::vector<std::string>& imageIds, const Shard& shard) {
    std::vector<std::size_t> order(imageIds.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return imageIds[a] < imageIds[b]; });
    std::vector<std::size_t> keep;
    for (std::size_t rank = 0; rank < order.size(); ++rank)
        if (static_cast<int>(rank % static_cast<std::size_t>(shard.count)) == shard.index - 1)
            keep.push_back(order[rank]);
    std::sort(keep.begin(), keep.end()); // back to the dataset's order
    return keep;
}

} // namespace advlab
