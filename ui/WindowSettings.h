// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "AttackSettings.h"

class QMainWindow;
class QSettings;

namespace advlab::ui {

// What the explorer remembers between runs (QSettings, as cmake-gui does):
// the window's geometry and dock layout, and the last attack settings.

void saveWindowGeometry(const QMainWindow* window, QSettings& settings);
// Restores what was saved, then pulls the window back onto the screen it is
// on now (a monitor may have been unplugged, or the resolution lowered).
void restoreWindowGeometry(QMainWindow* window, QSettings& settings);

void saveAttackSettings(QSettings& settings, const AttackSettings& attack);
// Values out of range or unreadable fall back to `fallback`'s.
AttackSettings loadAttackSettings(QSettings& settings, const AttackSettings& fallback);

} // namespace advlab::ui
