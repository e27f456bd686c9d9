// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMetaType>
#include <QString>
#include <advlab/Image8.h>

namespace advlab::ui {

// One cell of a competition run opened on one image: what the main window's
// triptych shows (the attack's validated image and the defence's label).
struct CompetitionPair {
    QString runDir;
    QString imageId;
    QString attack;
    QString defence;
    float epsilon = 0;
    Image8 original;
    Image8 adversarial;
    int defenceLabel = 0; // 1-based CategoryId, 0: none (missing or invalid)
    int trueLabel = -1;   // 0-based
    int targetClass = -1; // 0-based, -1 unknown
    bool targetedAttack = false;
};

} // namespace advlab::ui

Q_DECLARE_METATYPE(advlab::ui::CompetitionPair)
