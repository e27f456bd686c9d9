// SPDX-License-Identifier: GPL-3.0-or-later
#include "ColourMap.h"

#include <algorithm>
#include <cmath>

namespace advlab::ui {

namespace {
// c0 + t·(c1 + t·(c2 + …)), one polynomial per channel.
constexpr double kViridis[7][3] = {
    {0.2777273272234177, 0.005407344544966578, 0.3340998053353061},
    {0.1050930431085774, 1.404613529898575, 1.384590162594685},
    {-0.3308618287255563, 0.214847559468213, 0.09509516302823659},
    {-4.634230498983486, -5.799100973351585, -19.33244095627987},
    {6.228269936347081, 14.17993336680509, 56.69055260068105},
    {4.776384997670288, -13.74514537774601, -65.35303263337234},
    {-5.435455855934631, 4.645852612178535, 26.3124352495832},
};
} // namespace

ColourMap::ColourMap() {
    for (int i = 0; i < kSize; ++i) {
        const double t = i / double(kSize - 1);
        int rgb[3];
        for (int c = 0; c < 3; ++c) {
            double v = kViridis[6][c];
            for (int k = 5; k >= 0; --k)
                v = kViridis[k][c] + t * v;
            rgb[c] = static_cast<int>(std::lround(255.0 * std::clamp(v, 0.0, 1.0)));
        }
        m_table[static_cast<std::size_t>(i)] = qRgb(rgb[0], rgb[1], rgb[2]);
    }
}

const ColourMap& ColourMap::viridis() {
    static const ColourMap map;
    return map;
}

QRgb ColourMap::map(double t) const {
    if (!(t > 0.0))
        return bottom();
    return at(static_cast<int>(std::lround(std::min(t, 1.0) * (kSize - 1))));
}

} // namespace advlab::ui
