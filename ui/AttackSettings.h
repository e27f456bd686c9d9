// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMetaType>
#include <advlab/AttackConfig.h>

namespace advlab::ui {

// Everything the attack panel decides, as one value: the attack itself and
// which class the targeted half aims at.
struct AttackSettings {
    AttackConfig config;     // `targeted` is false: the triptych runs both variants
    int targetOverride = -1; // 0-based class; -1: each image's own TargetClass

    // The class the targeted attack aims at for an image whose dataset target
    // is `datasetTarget` (-1 there and here: the least likely class).
    int targetFor(int datasetTarget) const { return targetOverride >= 0 ? targetOverride : datasetTarget; }

    bool operator==(const AttackSettings& o) const {
        return config == o.config && targetOverride == o.targetOverride;
    }
    bool operator!=(const AttackSettings& o) const { return !(*this == o); }
};

} // namespace advlab::ui

Q_DECLARE_METATYPE(advlab::ui::AttackSettings)
// Here, before any moc output uses it (all of ui's moc files share one
// translation unit): a score-matrix cell's attack travels in a signal.
Q_DECLARE_METATYPE(advlab::AttackConfig)
