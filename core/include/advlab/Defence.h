// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "advlab/Image8.h"

#include <cstdint>
#include <string>
#include <vector>

namespace advlab {

// Input-transformation defences: each is a preprocessing step applied to the
// (possibly adversarial) 8-bit image before the classifier sees it. This is
// the competition's third track. None of them is adaptive: the attacks in this
// program never differentiate through a defence, so scores against them
// measure how well the perturbation survives the transformation (the setting
// of the NIPS 2017 competition, where attackers did not know the defences).
enum class DefenceKind {
    None,         // the classifier alone (white-box baseline)
    Jpeg,         // JPEG re-encoding; parameter = quality 1..100
    BitDepth,     // colour bit-depth reduction; parameter = bits 1..7
    Median,       // median filter; parameter = odd kernel size 3..15
    GaussianBlur, // Gaussian blur; parameter = sigma in pixels (0.5..10)
    ResizePad,    // random resize and random zero padding; parameter = output side 300..4096
    Model,        // no preprocessing, a different classifier (modelPath) defends
};

struct DefenceConfig {
    DefenceKind kind = DefenceKind::None;
    float parameter = 0.0f;
    // A second TorchScript classifier that replaces the attacked model when
    // scoring (transfer). Required for Model; optional for the others, so
    // "jpeg75+model:other.pt" scores JPEG in front of another classifier.
    std::string modelPath;
    // ResizePad's randomness. The draw also depends on the image's bytes, so a
    // given image is always transformed the same way (reproducible scores).
    std::uint64_t seed = 0;

    bool usesOwnModel() const { return !modelPath.empty(); }
    // No preprocessing and no other classifier: the attacked model itself
    // ("none"), whose own predictions are the scores.
    bool isAttackedModelAlone() const { return kind == DefenceKind::None && !usesOwnModel(); }
    // Stable short key, the inverse of parseDefence: "none", "jpeg75", "bits4",
    // "median3", "blur1", "randpad331", "model:/path/x.pt", "jpeg75+model:x.pt".
    std::string key() const;
    // Human-readable label for tables and plots, e.g. "JPEG q75", "model tf_mobilenet_v2_imagenet".
    std::string describe() const;

    bool operator==(const DefenceConfig& o) const { return key() == o.key() && seed == o.seed; }
};

// Parses a key as written by DefenceConfig::key(). Parameters may be omitted
// for the defaults ("jpeg" = jpeg75, "bits" = bits4, "median" = median3,
// "blur" = blur1, "randpad" = randpad331). Throws std::invalid_argument with a
// message naming the key and the valid range. Ranges exclude parameters that
// would leave a 299 x 299 image unchanged (bits8, blur below 0.5, randpad299
// and below), so every accepted key is a defence that does something.
DefenceConfig parseDefence(const std::string& key);
// A comma-separated list of keys; model paths may not contain commas.
std::vector<DefenceConfig> parseDefenceList(const std::string& keys);

// The default set shown by the GUI and used by `advlab eval --matrix`
// without --defences: none, jpeg75, bits4, median3, blur1, randpad331.
std::vector<DefenceConfig> standardDefences();

// Applies the preprocessing of `config` (identity for None and Model).
// Any non-null 8-bit RGB image is valid input; the output is 8-bit RGB of the
// same size, except ResizePad, whose output is square with side
// max(parameter, the image's longer side).
// Throws std::invalid_argument for a null or malformed image or a parameter
// out of range.
Image8 applyDefence(const Image8& image, const DefenceConfig& config);
std::vector<Image8> applyDefence(const std::vector<Image8>& images, const DefenceConfig& config);

} // namespace advlab
