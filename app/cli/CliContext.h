// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CommonOptions.h"

#include <advlab/Classifier.h>
#include <advlab/Dataset.h>
#include <advlab/Image8.h>
#include <string>
#include <vector>

namespace advlab::cli {

Dataset openDataset(const CommonOptions& o);
// Opens --model with the thread and device options of `o`, warning when
// --threads oversubscribes the machine.
// --model a.pt,b.pt (with --model-weights) opens an ensemble
// (Classifier::ensemble); a load error names the file that failed.
Classifier openModel(const CommonOptions& o);
// "FILE" or "ensemble a.pt×0.5 + b.pt×0.5 (FILE,FILE)" for the status line.
std::string describeModel(const Classifier& model);

// Images of a dataset loaded as 299x299 RGB. Unreadable images are reported on
// stderr (file + reason) and skipped, so one bad file does not stop a batch.
struct LoadedImages {
    std::vector<Image8> images;
    std::vector<std::size_t> entryIndex; // index into the dataset
    std::vector<int> labels;             // 0-based, -1 unknown
    std::vector<int> targets;            // 0-based, -1 unknown
    int skipped = 0;
};
LoadedImages loadImages(const Dataset& dataset, int limit);
// Keeps only the images at `keep` (indices into `loaded`), in that order.
LoadedImages selectImages(LoadedImages loaded, const std::vector<std::size_t>& keep);

// --shard K/N (empty: all): keeps the images of that shard, split by ImageId
// (advlab/Shard.h), and says how many on stderr.
LoadedImages applyShard(LoadedImages loaded, const Dataset& dataset, const std::string& shard);

// True when `inner` is `outer` or lies inside it, after resolving symlinks
// and "..": commands must never write into their input dataset.

// Creates `dir` when needed and proves that a file can be created in it,
// before any minutes of work: throws std::invalid_argument when it lies in
// the dataset, std::runtime_error naming the folder and errno otherwise.
void prepareOutputFolder(const std::string& flag, const std::string& dir, const Dataset& dataset);

// A line on stderr (control characters escaped).
void warn(const std::string& message);

// Fraction as "87.0%".
std::string percent(double fraction);

} // namespace advlab::cli
