// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CliOptions.h"

#include <advlab/CancelToken.h>
#include <advlab/Classifier.h>
#include <advlab/Dataset.h>
#include <advlab/Image8.h>

#include <string>
#include <vector>

namespace advlab::cli {

// Cancelled by Ctrl-C (SIGINT/SIGTERM). A second Ctrl-C kills the process the
// usual way, for a user who really wants out.
const CancelToken& interruptToken();
void installInterruptHandler();

// Options every command shares.
extern const std::vector<std::string> kCommonValued; // dataset, model, threads, device, limit, batch

Dataset openDataset(const CliOptions& o);
Classifier openModel(const CliOptions& o, const std::string& key = "model");

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

// True when `inner` is `outer` or lies inside it, after resolving symlinks
// and "..": commands must never write into their input dataset.
bool isWithin(const std::string& inner, const std::string& outer);

// Fraction as "87.0%".
std::string percent(double fraction);

} // namespace advlab::cli
