// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace advlab {

// Part K of N of a dataset (--shard K/N), for running one long command on
// several machines or processes and merging the outputs (advlab merge).
struct Shard {
    int index = 1; // K, 1-based
    int count = 1; // N

    bool isWhole() const { return count == 1; }
    std::string text() const { return std::to_string(index) + "/" + std::to_string(count); }
};

// Parses "K/N" with 1 <= K <= N <= 10000. Throws std::invalid_argument with
// a message naming the text.
Shard parseShard(const std::string& text);

// Positions (into `imageIds`) of the images in `shard`, in their given
// order. The split is deterministic by ImageId alone: the ids are sorted, and
// the i-th in that order goes to shard (i mod N) + 1. So shards are balanced
// (sizes differ by at most one), disjoint, cover every image, and do not
// depend on the order of images.csv.
std::vector<std::size_t> shardPositions(const std::vector<std::string>& imageIds, const Shard& shard);

} // namespace advlab
