// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace advlab::ui {

// What a user sees as a class id: the competition's 1-based CategoryId (the
// number in categories.csv, images.csv and --target-class), never the
// 0-based index the code uses. Empty for "no class" (-1).
inline QString categoryId(int index) {
    return index >= 0 ? QString::number(index + 1) : QString();
}

} // namespace advlab::ui
