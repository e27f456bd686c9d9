// SPDX-License-Identifier: GPL-3.0-or-later
// Triptych requests on synthetic images for the engine-level GUI tests
// (tst_computeengine, tst_replay), which need no dataset on disk. Free of
// Torch and of Qt's keywords, so tests of either kind can include it.
#pragma once

#include "TriptychResult.h"

#include <QString>
#include <advlab/Image8.h>
#include <cstdint>

namespace advlab::ui::test {

// A deterministic noise image (xorshift), different for each seed.
inline Image8 noiseImage(int seed, int size = 64) {
    Image8 img(size, size);
    std::uint32_t x = 2463534242u + static_cast<std::uint32_t>(seed) * 7919u;
    for (auto& v : img.rgb) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        v = static_cast<std::uint8_t>(x & 0xff);
    }
    return img;
}

// I-FGSM on noiseImage(index) of a dataset "/tiny" that exists only by name.
inline TriptychRequest tinyRequest(int index, float epsilon = 8.0f, int iterations = 3, int target = 5) {
    TriptychRequest r;
    r.datasetRoot = QStringLiteral("/tiny");
    r.imageIndex = index;
    r.imageId = QStringLiteral("img%1").arg(index);
    r.original = noiseImage(index);
    r.trueLabel = 1;
    r.targetClass = target;
    r.config.method = AttackMethod::Ifgsm;
    r.config.epsilon = epsilon;
    r.config.iterations = iterations;
    return r;
}

} // namespace advlab::ui::test
