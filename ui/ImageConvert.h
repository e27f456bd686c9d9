// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QImage>
#include <advlab/Image8.h>

namespace advlab::ui {

// Deep copies between core's Image8 and QImage (RGB888), so no buffer is
// shared between the compute thread and widgets.
QImage toQImage(const Image8& image);
Image8 fromQImage(const QImage& image);

// The perturbation adv − orig made visible: mid-grey is "unchanged" and ±ε
// maps to the full 0..255 range, i.e. an amplification of 127/ε.
QImage perturbationImage(const Image8& original, const Image8& adversarial, float epsilon);
double perturbationGain(float epsilon);

} // namespace advlab::ui
