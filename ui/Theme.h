// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "advlab/AttackConfig.h"

#include <QColor>
#include <QString>

class QApplication;

namespace advlab::ui::theme {

// The one palette: every colour the widgets, plots and exported figures use
// is named here. The style sheet (resources/style/adversarial-lab.qss)
// refers to these by @name@, so widget styling and painting code cannot
// drift apart.
inline const QColor ink{30, 30, 34};          // text in figures
inline const QColor muted{105, 105, 112};     // secondary text in figures
inline const QColor note{110, 110, 118};      // plot annotations
inline const QColor good{27, 135, 63};        // correct, target hit
inline const QColor bad{198, 40, 40};         // wrong, fooled, missed
inline const QColor errorText{138, 28, 28};   // error banner text
inline const QColor errorFill{253, 236, 234}; // error banner background
inline const QColor errorEdge{245, 194, 192}; // error banner border
inline const QColor unusable{170, 30, 30};    // an unusable image in the browser
inline const QColor unusableFill{250, 222, 222};
inline const QColor placeholder{236, 236, 239}; // an empty image cell
inline const QColor placeholderText{120, 120, 128};
inline const QColor thumbnailFill{225, 225, 228};
inline const QColor sourceCurve{40, 110, 200}; // p(true label) curves
inline const QColor targetCurve{205, 60, 50};  // p(target) curve and bars
inline const QColor trueBar{46, 150, 80};
inline const QColor otherBar{120, 135, 160};
inline const QColor axis{160, 160, 160};
inline const QColor barText{60, 60, 60};
inline const QColor captionBox{40, 44, 52, 210};
inline const QColor attackScore{214, 39, 40};  // score matrix: the attack wins
inline const QColor defenceScore{44, 160, 44}; // score matrix: the defence holds

// Okabe–Ito colours for the sweep's attack curves: distinguishable with
// colour-blindness and in greyscale print.
inline const QColor fgsm{0, 114, 178};
inline const QColor ifgsm{213, 94, 0};
inline const QColor mifgsm{0, 158, 115};
inline const QColor pgd{204, 121, 167};

// `c` as "#rrggbb" for rich text.
inline QString css(const QColor& c) {
    return c.name(QColor::HexRgb);
}

// Loads the style sheet from the resources, fills in the palette, and
// applies it to the whole application.
void applyStyle(QApplication& app);
// The style sheet text with the palette filled in (for tests).
QString styleSheet();

// Colour-blind-safe (Okabe–Ito) colour of an attack method in the sweep and
// robust-accuracy plots; the transfer presets (issue 11) share one neutral
// colour until the sweep window offers them.
QColor methodColour(AttackMethod m);

} // namespace advlab::ui::theme
