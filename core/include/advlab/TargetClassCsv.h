// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "advlab/Dataset.h"

#include <string>
#include <vector>

namespace advlab {

// The NIPS 2017 dev toolkit's target_class.csv, which a targeted attack finds
// in its INPUT_DIR: one `filename,target` line per image, the target a
// 1-based CategoryId (1..1000), no header (a first line `filename,target` is
// skipped). A filename names an image of `dataset` by its file name
// (`<ImageId>.png`) or its ImageId.
//
// Returns the 0-based target of every dataset entry, in entry order. Throws
// DataError naming the file and line for a malformed line, a target that is
// not an integer in 1..1000, a filename that names no image of the dataset,
// or a second line for the same image, and naming the file and the image
// when an image of the dataset has no line.
std::vector<int> readTargetClassCsv(const std::string& path, const Dataset& dataset);

} // namespace advlab
