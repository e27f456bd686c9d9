// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "advlab/Image8.h"

#include <string>
#include <vector>

namespace advlab {

// Checks of what a submission wrote, stricter than the competition's
// validator (which only clipped, silently).

// Clips `adversarial` into the ε-box around `original` (every channel within
// floor(ε) of the original, and 0..255) as the competition did. Returns the
// number of pixels that had at least one channel outside the box; `maxExcess`
// receives the largest distance beyond the box, in 0..255 units.
long long clipToEpsilonBox(Image8& adversarial, const Image8& original, float epsilon,
                           int* maxExcess = nullptr);

struct AttackImageCheck {
    enum class Status { Ok, Missing, Broken };
    Status status = Status::Ok;
    std::string problem; // why it was replaced, naming the file
    Image8 image;        // the validated image: the output clipped, or the original
    long long clippedPixels = 0;
    int maxExcess = 0;
};

// Validates one attack output: it must exist, decode, and be 299 x 299 8-bit
// RGB exactly (no conversions). A missing or broken output is replaced by the
// original; a good one is clipped into the ε-box.
AttackImageCheck checkAttackImage(const std::string& path, const Image8& original, float epsilon);

struct DefenceLabels {
    // One per expected name: the 1-based CategoryId, or 0 where the label is
    // missing, duplicated or out of range (all count as wrong).
    std::vector<int> labels;
    int missing = 0;
    int duplicate = 0;
    int unknownId = 0;
    int outOfRange = 0;
    int malformed = 0;                 // lines that are not "filename,integer"
    std::vector<std::string> problems; // the first 20, naming the file and line
    int problemCount() const { return missing + duplicate + unknownId + outOfRange + malformed; }
};

// Reads a defence's output file: "filename,label" lines (filename with or
// without .png/.jpg; one header line whose label is not a number is allowed).
// Labels are 1-based CategoryIds 1..1000. A file that is missing or larger
// than 64 MiB leaves every label missing.
DefenceLabels readDefenceLabels(const std::string& path, const std::vector<std::string>& expectedNames);

} // namespace advlab
