// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "AttackSettings.h"

#include <QRect>

class QMainWindow;
class QScreen;
class QSettings;
class QWidget;

namespace advlab::ui {

// What the explorer remembers between runs (QSettings, as cmake-gui does):
// the window's geometry and dock layout, and the last attack settings.

// A first-launch window: `preferred`, but never more than about 90 % of the
// screen's available area (a 1366x768 laptop, or 1920x1080 at 200 % = 960x540
// logical), centred on it. Without a screen, `preferred` at the origin.
QRect initialWindowGeometry(const QScreen* screen, QSize preferred);
// Moves and resizes a top-level window to initialWindowGeometry.
void placeOnScreen(QWidget* window, QSize preferred);

void saveWindowGeometry(const QMainWindow* window, QSettings& settings);
// Restores what was saved, then pulls the window back onto the screen it is
// on now (a monitor may have been unplugged, or the resolution or scale
// changed); one that no longer fits gets initialWindowGeometry.
void restoreWindowGeometry(QMainWindow* window, QSettings& settings);

void saveAttackSettings(QSettings& settings, const AttackSettings& attack);
// Values out of range or unreadable fall back to `fallback`'s.
AttackSettings loadAttackSettings(QSettings& settings, const AttackSettings& fallback);

} // namespace advlab::ui
